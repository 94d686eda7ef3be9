// Multinomial logistic regression on sparse rows, L2-regularised, full-batch Adam. Sized for
// seeded themes: a few hundred to a few thousand examples, so weights live only on the
// columns the training rows use (a column no example has would get weight 0 under L2 anyway).
import type { Csr } from "./vectorize.js";

export interface SoftmaxModel {
  k: number;
  /** matrix column -> compact weight row, or -1 */
  colMap: Int32Array;
  /** compact columns x k, row-major */
  w: Float64Array;
  bias: Float64Array;
}

export interface SoftmaxOptions {
  /** L2 strength per example (scikit-learn's C = 1 / (lambda * n)); default 1 / (10 n) */
  lambda?: number;
  iterations?: number;
  learningRate?: number;
}

export function trainSoftmax(x: Csr, y: ArrayLike<number>, k: number, opts: SoftmaxOptions = {}): SoftmaxModel {
  const n = x.nRows;
  const colMap = new Int32Array(x.nCols).fill(-1);
  let m = 0;
  for (let p = 0; p < x.indptr[n]; p++) if (colMap[x.indices[p]] < 0) colMap[x.indices[p]] = m++;
  const cols = Int32Array.from(x.indices.subarray(0, x.indptr[n]), (c) => colMap[c]);
  const lambda = opts.lambda ?? 1 / (10 * n);
  const iters = opts.iterations ?? 60;
  const lr = opts.learningRate ?? 0.1;
  const size = (m + 1) * k; // weights, then the bias row
  const w = new Float64Array(size);
  const g = new Float64Array(size);
  const m1 = new Float64Array(size);
  const m2 = new Float64Array(size);
  const z = new Float64Array(k);
  const b1 = 0.9;
  const b2 = 0.999;
  for (let it = 1; it <= iters; it++) {
    g.fill(0);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) z[c] = w[m * k + c];
      for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) {
        const v = x.data[p];
        const o = cols[p] * k;
        for (let c = 0; c < k; c++) z[c] += v * w[o + c];
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) if (z[c] > max) max = z[c];
      let s = 0;
      for (let c = 0; c < k; c++) s += z[c] = Math.exp(z[c] - max);
      for (let c = 0; c < k; c++) z[c] = z[c] / s / n;
      z[y[i]] -= 1 / n;
      for (let c = 0; c < k; c++) g[m * k + c] += z[c];
      for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) {
        const v = x.data[p];
        const o = cols[p] * k;
        for (let c = 0; c < k; c++) g[o + c] += v * z[c];
      }
    }
    const c1 = 1 - Math.pow(b1, it);
    const c2 = 1 - Math.pow(b2, it);
    for (let j = 0; j < size; j++) {
      const gj = j < m * k ? g[j] + lambda * w[j] : g[j];
      m1[j] = b1 * m1[j] + (1 - b1) * gj;
      m2[j] = b2 * m2[j] + (1 - b2) * gj * gj;
      w[j] -= (lr * (m1[j] / c1)) / (Math.sqrt(m2[j] / c2) + 1e-8);
    }
  }
  return { k, colMap, w: w.subarray(0, m * k), bias: w.slice(m * k) };
}

/** Linear scores X W (n x k, row-major), without the bias. */
export function linearScores(model: SoftmaxModel, x: Csr): Float64Array {
  const { k, colMap, w } = model;
  const out = new Float64Array(x.nRows * k);
  for (let i = 0; i < x.nRows; i++) {
    const o = i * k;
    for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) {
      const col = x.indices[p] < colMap.length ? colMap[x.indices[p]] : -1;
      if (col < 0) continue;
      const v = x.data[p];
      const wo = col * k;
      for (let c = 0; c < k; c++) out[o + c] += v * w[wo + c];
    }
  }
  return out;
}
