import { mulberry32, shuffleInPlace } from "../random";
import { FeatureExtractor } from "../text/features";
import type { Lang } from "../text/language";

/** Feature vectors of many texts in compressed-row form. */
export type Dataset = { n: number; indptr: Int32Array; idx: Int32Array; val: Float32Array };

export function buildDataset(
  texts: readonly string[],
  fx: FeatureExtractor,
  lang: Lang | "auto" = "auto",
  extra?: (text: string) => readonly string[] | undefined,
): Dataset {
  const n = texts.length;
  const indptr = new Int32Array(n + 1);
  let cap = Math.max(1024, n * 64);
  let idx = new Int32Array(cap);
  let val = new Float32Array(cap);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const m = fx.extract(texts[i], lang, extra?.(texts[i]));
    if (p + m > cap) {
      cap = Math.max(cap * 2, p + m);
      const ni = new Int32Array(cap); ni.set(idx.subarray(0, p)); idx = ni;
      const nv = new Float32Array(cap); nv.set(val.subarray(0, p)); val = nv;
    }
    idx.set(fx.idx.subarray(0, m), p);
    val.set(fx.val.subarray(0, m), p);
    p += m;
    indptr[i + 1] = p;
  }
  return { n, indptr, idx: idx.slice(0, p), val: val.slice(0, p) };
}

/** Rows `rows` of a dataset, in that order (for cross-validation folds). */
export function subset(ds: Dataset, rows: readonly number[]): Dataset {
  let total = 0;
  for (const r of rows) total += ds.indptr[r + 1] - ds.indptr[r];
  const indptr = new Int32Array(rows.length + 1);
  const idx = new Int32Array(total);
  const val = new Float32Array(total);
  let p = 0;
  rows.forEach((r, i) => {
    const a = ds.indptr[r];
    const b = ds.indptr[r + 1];
    idx.set(ds.idx.subarray(a, b), p);
    val.set(ds.val.subarray(a, b), p);
    p += b - a;
    indptr[i + 1] = p;
  });
  return { n: rows.length, indptr, idx, val };
}

export type TrainOptions = {
  epochs: number;
  /** Adagrad base step. */
  lr: number;
  /** L2 penalty, applied to the weights an example touches. */
  l2: number;
  seed: number;
  /** "balanced": each class weighs n / (K * n_k), so a rare class is not ignored. */
  classWeight?: "balanced" | null;
  /** Per-example weights (multiply the class weight). */
  sampleWeight?: Float32Array;
};

/**
 * Multinomial logistic regression by Adagrad SGD over seeded shuffles. Plain double
 * arithmetic in a fixed order, so the same data, options and seed give the same bytes.
 */
export function trainLinear(ds: Dataset, y: Int32Array, K: number, dim: number, o: TrainOptions): { weights: Float32Array; bias: Float32Array } {
  const W = new Float64Array(dim * K);
  const G = new Float64Array(dim * K);
  const B = new Float64Array(K);
  const GB = new Float64Array(K);
  const cw = new Float64Array(K).fill(1);
  if (o.classWeight === "balanced") {
    const cnt = new Float64Array(K);
    for (let i = 0; i < ds.n; i++) cnt[y[i]]++;
    for (let k = 0; k < K; k++) cw[k] = cnt[k] > 0 ? ds.n / (K * cnt[k]) : 0;
  }
  const rng = mulberry32(o.seed);
  const order = Array.from({ length: ds.n }, (_, i) => i);
  const s = new Float64Array(K);
  const g = new Float64Array(K);
  const eps = 1e-8;
  for (let ep = 0; ep < o.epochs; ep++) {
    shuffleInPlace(order, rng);
    for (const i of order) {
      const a = ds.indptr[i];
      const b = ds.indptr[i + 1];
      for (let k = 0; k < K; k++) s[k] = B[k];
      for (let p = a; p < b; p++) {
        const base = ds.idx[p] * K;
        const v = ds.val[p];
        for (let k = 0; k < K; k++) s[k] += W[base + k] * v;
      }
      let mx = -Infinity;
      for (let k = 0; k < K; k++) if (s[k] > mx) mx = s[k];
      let z = 0;
      for (let k = 0; k < K; k++) { s[k] = Math.exp(s[k] - mx); z += s[k]; }
      const w = cw[y[i]] * (o.sampleWeight ? o.sampleWeight[i] : 1);
      for (let k = 0; k < K; k++) g[k] = (s[k] / z - (k === y[i] ? 1 : 0)) * w;
      for (let k = 0; k < K; k++) {
        GB[k] += g[k] * g[k];
        B[k] -= (o.lr * g[k]) / Math.sqrt(GB[k] + eps);
      }
      for (let p = a; p < b; p++) {
        const base = ds.idx[p] * K;
        const v = ds.val[p];
        for (let k = 0; k < K; k++) {
          const j = base + k;
          const gr = g[k] * v + o.l2 * W[j];
          G[j] += gr * gr;
          W[j] -= (o.lr * gr) / Math.sqrt(G[j] + eps);
        }
      }
    }
  }
  return { weights: Float32Array.from(W), bias: Float32Array.from(B) };
}

