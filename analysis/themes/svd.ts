// Truncated SVD (LSA) of a sparse matrix by seeded randomized range finding (Halko et al. 2011).
import { mulberry32 } from "../random.js";
import type { Csr } from "./vectorize.js";

/** Y (n x l, row-major) = A X, with X (nCols x l, row-major). */
export function csrTimesDense(a: Csr, x: Float64Array, l: number): Float64Array {
  const y = new Float64Array(a.nRows * l);
  for (let i = 0; i < a.nRows; i++) {
    const yo = i * l;
    for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) {
      const v = a.data[p];
      const xo = a.indices[p] * l;
      for (let t = 0; t < l; t++) y[yo + t] += v * x[xo + t];
    }
  }
  return y;
}

/** Z (nCols x l) = A^T Y, with Y (nRows x l). */
export function csrTransposeTimesDense(a: Csr, y: Float64Array, l: number): Float64Array {
  const z = new Float64Array(a.nCols * l);
  for (let i = 0; i < a.nRows; i++) {
    const yo = i * l;
    for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) {
      const v = a.data[p];
      const zo = a.indices[p] * l;
      for (let t = 0; t < l; t++) z[zo + t] += v * y[yo + t];
    }
  }
  return z;
}

/** G = Y^T Y (l x l) of a row-major n x l matrix. */
function gram(y: Float64Array, l: number): Float64Array {
  const g = new Float64Array(l * l);
  const n = y.length / l;
  for (let i = 0; i < n; i++) {
    const o = i * l;
    for (let a = 0; a < l; a++) {
      const va = y[o + a];
      if (va === 0) continue;
      const go = a * l;
      for (let b = a; b < l; b++) g[go + b] += va * y[o + b];
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) g[a * l + b] = g[b * l + a];
  return g;
}

/** In place: Y <- Y R^-1 where R^T R = Y^T Y (Cholesky QR); columns that vanish are zeroed. */
function choleskyQr(y: Float64Array, l: number): void {
  const g = gram(y, l);
  const r = new Float64Array(l * l);
  let maxDiag = 0;
  for (let a = 0; a < l; a++) maxDiag = Math.max(maxDiag, g[a * l + a]);
  const eps = maxDiag * 1e-13;
  for (let j = 0; j < l; j++) {
    let s = g[j * l + j];
    for (let k = 0; k < j; k++) s -= r[k * l + j] * r[k * l + j];
    const d = s > eps ? Math.sqrt(s) : 0;
    r[j * l + j] = d;
    for (let c = j + 1; c < l; c++) {
      let t = g[j * l + c];
      for (let k = 0; k < j; k++) t -= r[k * l + j] * r[k * l + c];
      r[j * l + c] = d > 0 ? t / d : 0;
    }
  }
  // Row-wise forward substitution: q R = y  =>  q_j = (y_j - sum_{k<j} q_k R_kj) / R_jj
  const n = y.length / l;
  for (let i = 0; i < n; i++) {
    const o = i * l;
    for (let j = 0; j < l; j++) {
      const d = r[j * l + j];
      if (d === 0) {
        y[o + j] = 0;
        continue;
      }
      let s = y[o + j];
      for (let k = 0; k < j; k++) s -= y[o + k] * r[k * l + j];
      y[o + j] = s / d;
    }
  }
}

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi; eigenvalues descending. */
export function symmetricEigen(m: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m);
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < l; p++) {
      diag += a[p * l + p] * a[p * l + p];
      for (let q = p + 1; q < l; q++) off += a[p * l + q] * a[p * l + q];
    }
    if (off <= 1e-22 * diag) break;
    for (let p = 0; p < l; p++)
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * l + q] - a[p * l + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k++) {
          const akp = a[k * l + p];
          const akq = a[k * l + q];
          a[k * l + p] = c * akp - s * akq;
          a[k * l + q] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const apk = a[p * l + k];
          const aqk = a[q * l + k];
          a[p * l + k] = c * apk - s * aqk;
          a[q * l + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p];
          const vkq = v[k * l + q];
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: l }, (_, i) => i).sort((x, y) => a[y * l + y] - a[x * l + x]);
  const values = new Float64Array(l);
  const vectors = new Float64Array(l * l); // column j = eigenvector j
  order.forEach((src, j) => {
    values[j] = a[src * l + src];
    for (let k = 0; k < l; k++) vectors[k * l + j] = v[k * l + src];
  });
  return { values, vectors };
}

export interface SvdOptions {
  seed?: number;
  /** Extra random directions beyond the rank asked for (default 10). */
  oversample?: number;
  /** Power iterations (default 2); each costs two sparse products. */
  iterations?: number;
}

/**
 * Rank-k LSA embedding U S (n x k, row-major Float32Array) and the singular values.
 * Power iterations are normalised per column only, then a twice-applied Cholesky QR
 * orthonormalises: cheap, and exact enough in float64 for the few iterations used here.
 */
export function truncatedSvd(a: Csr, k: number, opts: SvdOptions = {}): { embedding: Float32Array; dims: number; singular: Float64Array } {
  const rank = Math.max(1, Math.min(k, a.nRows - 1, a.nCols - 1));
  const l = Math.min(rank + (opts.oversample ?? 10), a.nRows, a.nCols);
  const rng = mulberry32(opts.seed ?? 0);
  const omega = new Float64Array(a.nCols * l);
  for (let i = 0; i < omega.length; i += 2) {
    // Box-Muller pairs
    const u = rng() || 1e-12;
    const v = rng();
    const r = Math.sqrt(-2 * Math.log(u));
    omega[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < omega.length) omega[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  let y = csrTimesDense(a, omega, l);
  const scaleColumns = (m: Float64Array) => {
    const norms = new Float64Array(l);
    for (let i = 0; i < m.length; i++) norms[i % l] += m[i] * m[i];
    for (let t = 0; t < l; t++) norms[t] = norms[t] > 0 ? 1 / Math.sqrt(norms[t]) : 0;
    for (let i = 0; i < m.length; i++) m[i] *= norms[i % l];
  };
  for (let it = 0; it < (opts.iterations ?? 2); it++) {
    scaleColumns(y);
    const z = csrTransposeTimesDense(a, y, l);
    choleskyQr(z, l); // keeps the basis from collapsing onto the top direction
    y = csrTimesDense(a, z, l);
  }
  choleskyQr(y, l);
  choleskyQr(y, l);
  // B = Q^T A; B B^T = (A^T Q)^T (A^T Q)
  const z = csrTransposeTimesDense(a, y, l);
  const { values, vectors } = symmetricEigen(gram(z, l), l);
  const n = a.nRows;
  const emb = new Float32Array(n * rank);
  // U S = Q Ub S, column j of Ub scaled by sqrt(eigenvalue)
  const w = new Float64Array(l * rank);
  for (let kk = 0; kk < l; kk++)
    for (let j = 0; j < rank; j++) w[kk * rank + j] = vectors[kk * l + j] * Math.sqrt(Math.max(0, values[j]));
  for (let i = 0; i < n; i++) {
    const yo = i * l;
    const eo = i * rank;
    for (let kk = 0; kk < l; kk++) {
      const q = y[yo + kk];
      if (q === 0) continue;
      const wo = kk * rank;
      for (let j = 0; j < rank; j++) emb[eo + j] += q * w[wo + j];
    }
  }
  const singular = new Float64Array(rank);
  for (let j = 0; j < rank; j++) singular[j] = Math.sqrt(Math.max(0, values[j]));
  return { embedding: emb, dims: rank, singular };
}
