/** A run of text in a diff: kept in both, only in the new text ("add") or only in the old ("del"). */
export type DiffPart = { op: "same" | "add" | "del"; text: string };

/** Words and the spaces between them, so joining the tokens gives the text back exactly. */
export function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

// Above this many LCS cells the texts are shown as one removal and one addition, to keep
// memory bounded (a 2,000 x 2,000-token table is 16 MB).
const MAX_CELLS = 4_000_000;

/**
 * Word-level diff by longest common subsequence. Whitespace tokens take part too, so the
 * result concatenates back to `before` (same + del) and to `after` (same + add).
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ op: "same", text: before }] : [];
  const a = tokens(before);
  const b = tokens(after);
  // Common prefix and suffix need no table.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length, endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const out: DiffPart[] = [];
  const push = (op: DiffPart["op"], text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  push("same", a.slice(0, start).join(""));
  const ma = a.slice(start, endA), mb = b.slice(start, endB);
  const n = ma.length, m = mb.length;
  if (n * m > MAX_CELLS) {
    push("del", ma.join(""));
    push("add", mb.join(""));
  } else {
    // lcs[i][j] = LCS length of ma[i..] and mb[j..], in one flat array.
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = ma[i] === mb[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0, j = 0;
    while (i < n && j < m) {
      if (ma[i] === mb[j]) {
        push("same", ma[i]);
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) push("del", ma[i++]);
      else push("add", mb[j++]);
    }
    while (i < n) push("del", ma[i++]);
    while (j < m) push("add", mb[j++]);
  }
  push("same", a.slice(endA).join(""));
  return out;
}
