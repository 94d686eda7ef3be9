/**
 * An interview note split into passages, the unit that becomes a feedback item: paragraphs
 * (separated by one or more blank lines), and a paragraph longer than LONG_PASSAGE characters
 * into its sentences. Sentences end at . ? ! … (and their full-width forms) followed by white
 * space or the end, which covers Korean endings too ("다.", "요.", "까?"); a closing quote or
 * bracket stays with its sentence. Each sentence of a long paragraph is one passage, so a
 * highlight can pick the one sentence that says it. Lines inside a paragraph are joined with a
 * space; white space is collapsed.
 */
export const LONG_PASSAGE = 400;

const SENTENCE_END = /[.?!…。？！]+["'”’)\]」』]*(?=\s|$)/gu;

/** Sentences of one paragraph, trimmed, in order; text without an ending is one sentence. */
export function splitSentences(paragraph: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const m of paragraph.matchAll(SENTENCE_END)) {
    const end = m.index! + m[0].length;
    const s = paragraph.slice(start, end).trim();
    if (s) out.push(s);
    start = end;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

export function splitPassages(body: string, maxLength = LONG_PASSAGE): string[] {
  const paragraphs = body
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t\u3000]*\n/)
    .map((p) => p.replace(/\s+/gu, " ").trim())
    .filter((p) => p.length > 0);
  const out: string[] = [];
  for (const p of paragraphs) {
    if (p.length <= maxLength) out.push(p);
    else out.push(...splitSentences(p));
  }
  return out;
}
