/** Classification figures used by training, cross-validation and the eval script (one definition each). */

export function accuracy(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) ok++;
  return truth.length ? ok / truth.length : 0;
}

export type ClassFigures = { n: number; precision: number; recall: number; f1: number };

/** Per-class precision/recall/F1 for classes 0..K-1; a class with no true and no predicted items gets F1 0. */
export function perClassFigures(truth: ArrayLike<number>, pred: ArrayLike<number>, K: number): ClassFigures[] {
  const tp = new Array(K).fill(0), fp = new Array(K).fill(0), fn = new Array(K).fill(0), n = new Array(K).fill(0);
  for (let i = 0; i < truth.length; i++) {
    n[truth[i]]++;
    if (truth[i] === pred[i]) tp[truth[i]]++;
    else { fp[pred[i]]++; fn[truth[i]]++; }
  }
  return n.map((nk, k) => {
    const precision = tp[k] + fp[k] ? tp[k] / (tp[k] + fp[k]) : 0;
    const recall = tp[k] + fn[k] ? tp[k] / (tp[k] + fn[k]) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { n: nk, precision, recall, f1 };
  });
}

/** Unweighted mean of per-class F1 over the classes present in the truth. */
export function macroF1(truth: ArrayLike<number>, pred: ArrayLike<number>, K: number): number {
  const f = perClassFigures(truth, pred, K).filter((c) => c.n > 0);
  return f.length ? f.reduce((s, c) => s + c.f1, 0) / f.length : 0;
}

/** Seeded stratified k-fold assignment: fold[i] in 0..k-1, each class spread evenly. */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, rng: () => number): Int32Array {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (!byClass.has(l)) byClass.set(l, []);
    byClass.get(l)!.push(i);
  }
  const fold = new Int32Array(labels.length);
  let offset = 0;
  for (const key of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(key)!;
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    rows.forEach((r, i) => { fold[r] = (i + offset) % k; });
    offset += rows.length;
  }
  return fold;
}
