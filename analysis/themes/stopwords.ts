// Function words kept out of theme labels (labels must read as topics) and, for long texts,
// out of the features.
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

// Korean words that name no topic, for labels only (the features keep them: the clustering's
// figures were measured with them in): adverbs of degree, demonstratives, "why", pronouns,
// negation and the bare verbs "be / not be / do / see".
const KO_LABEL = new Set(
  ("내 나 너 우리 제 저희 너무 정말 진짜 완전 그냥 좀 더 덜 많이 아주 잘 안 못 꼭 또 다시 제일 가장 매우 조금 약간 별로 " +
    "이 그 저 이런 그런 저런 이거 그거 저거 이게 그게 이걸 그걸 이건 그건 이번 그때 여기 거기 " +
    "왜 어떻게 뭐 뭔가 무슨 것 거 수 때 등 및 또는 그리고 그래서 그런데 하지만 근데 " +
    "한 할 해 된 될 있다 있는 있고 없다 없는 없고 하다 하는 한다 했다 된다 되는 됐다 보고 봤다 본 보는 같다 같은 같이").split(" "),
);

/** A word kept out of theme labels: a function word of either language. */
export function isLabelStopword(w: string): boolean {
  return EN.has(w) || KO_LABEL.has(w);
}
