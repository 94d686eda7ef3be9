// Function words kept out of theme labels (labels must read as topics). English only:
// Korean particles stay attached to words, and Korean function words are rare as whole tokens.
const EN = new Set(
  ("a about above after again against all am an and any are as at be because been before being below between both but by can " +
    "could did do does doing down during each few for from further had has have having he her here hers him his how i if in " +
    "into is it its itself just me more most my myself no nor not now of off on once only or other our ours out over own same " +
    "she should so some such than that the their theirs them then there these they this those through to too under until up " +
    "very was we were what when where which while who whom why will with would you your yours im ive i'm i've don't can't " +
    "didn't doesn't isn't wasn't won't get got also still even much many one way yet could've should've let us every please help really again today").split(" "),
);

export function isStopword(w: string): boolean {
  return EN.has(w);
}
