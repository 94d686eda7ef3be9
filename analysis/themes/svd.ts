// Truncated SVD (LSA) of a sparse matrix by seeded randomized range finding (Halko et al. 2011).
import { mulberry32 } from "../random.js";
import { selectRows, type Csr } from "./vectorize.js";

/**
 * out[oo..oo+l) += sum over the entries p in [p0, p1) of data[p] * src[col(p) * l ..], each
 * element's terms added one by one in the entries' order (the same sums as one entry at a time),
 * but four entries per pass over out: each element is loaded and stored once per four terms
 * instead of once per term. `colOf` maps a column to its row of src (-1: a zero row,
 * skipped); null is the identity.
 */
function addRows(out: Float64Array, oo: number, indices: Int32Array, data: Float32Array, p0: number, p1: number, colOf: Int32Array | null, src: Float64Array, l: number): void {
  let p = p0;
  for (;;) {
    // the next four entries that have a row in src
    let w0 = 0, w1 = 0, w2 = 0, w3 = 0;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let m = 0;
    for (; p < p1 && m < 4; p++) {
      const c = colOf ? colOf[indices[p]] : indices[p];
      if (c < 0) continue;
      if (m === 0) (w0 = data[p]), (s0 = c * l);
      else if (m === 1) (w1 = data[p]), (s1 = c * l);
      else if (m === 2) (w2 = data[p]), (s2 = c * l);
      else (w3 = data[p]), (s3 = c * l);
      m++;
    }
    if (m === 4) {
      for (let t = 0; t < l; t++) {
        let a = out[oo + t];
        a += w0 * src[s0 + t];
        a += w1 * src[s1 + t];
        a += w2 * src[s2 + t];
        a += w3 * src[s3 + t];
        out[oo + t] = a;
      }
      continue;
    }
    if (m === 3) for (let t = 0; t < l; t++) out[oo + t] = out[oo + t] + w0 * src[s0 + t] + w1 * src[s1 + t] + w2 * src[s2 + t];
    else if (m === 2) for (let t = 0; t < l; t++) out[oo + t] = out[oo + t] + w0 * src[s0 + t] + w1 * src[s1 + t];
    else if (m === 1) for (let t = 0; t < l; t++) out[oo + t] += w0 * src[s0 + t];
    return;
  }
}

/** Y (n x l, row-major) = A X, with X (nCols x l, row-major); into `out` (zeroed first) if given. */
export function csrTimesDense(a: Csr, x: Float64Array, l: number, out?: Float64Array): Float64Array {
  const y = out ? out.fill(0) : new Float64Array(a.nRows * l);
  const { indptr, indices, data } = a;
  for (let i = 0; i < a.nRows; i++) addRows(y, i * l, indices, data, indptr[i], indptr[i + 1], null, x, l);
  return y;
}

/** The transpose as CSR (the columns of `a` as rows; each lists its rows in ascending order). */
export function transposeCsr(a: Csr): Csr {
  const nnz = a.indptr[a.nRows];
  const indptr = new Int32Array(a.nCols + 1);
  for (let p = 0; p < nnz; p++) indptr[a.indices[p] + 1]++;
  for (let c = 0; c < a.nCols; c++) indptr[c + 1] += indptr[c];
  const fill = indptr.slice(0, a.nCols);
  const indices = new Int32Array(nnz);
  const data = new Float32Array(nnz);
  for (let i = 0; i < a.nRows; i++)
    for (let p = a.indptr[i]; p < a.indptr[i + 1]; p++) {
      const q = fill[a.indices[p]]++;
      indices[q] = i;
      data[q] = a.data[p];
    }
  return { nRows: a.nCols, nCols: a.nRows, indptr, indices, data };
}

/**
 * Z (nCols x l) = A^T Y, with Y (nRows x l): each row of Z gathered from its column's rows in
 * ascending order, which is the order the row-by-row scatter added them in (same sums), but the
 * wide Z is written once in sequence instead of hit at random. `at`: transposeCsr(a), if known;
 * into `out` (zeroed first) if given.
 */
export function csrTransposeTimesDense(a: Csr, y: Float64Array, l: number, at: Csr = transposeCsr(a), out?: Float64Array): Float64Array {
  return csrTimesDense(at, y, l, out);
}

/**
 * M += Q^T Z (l x l) for Q, Z both n x l row-major; `upper`: the upper triangle only (Q = Z). Two
 * rows per pass over M: each element still gets the rows' terms one by one in row order (a zero
 * term adds +-0, which changes no sum here: M starts at +0 and a sum of finite terms is never -0),
 * but M is loaded and stored half as often.
 */
function addTransposeTimes(m: Float64Array, q: Float64Array, z: Float64Array, l: number, upper: boolean): void {
  const n = q.length / l;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o0 = i * l;
    const o1 = o0 + l;
    for (let r = 0; r < l; r++) {
      const v0 = q[o0 + r];
      const v1 = q[o1 + r];
      const mo = r * l;
      for (let c = upper ? r : 0; c < l; c++) m[mo + c] = m[mo + c] + v0 * z[o0 + c] + v1 * z[o1 + c];
    }
  }
  for (; i < n; i++) {
    const o = i * l;
    for (let r = 0; r < l; r++) {
      const v = q[o + r];
      const mo = r * l;
      for (let c = upper ? r : 0; c < l; c++) m[mo + c] += v * z[o + c];
    }
  }
}

/** G = Y^T Y (l x l) of a row-major n x l matrix. */
export function gram(y: Float64Array, l: number): Float64Array {
  const g = new Float64Array(l * l);
  addTransposeTimes(g, y, y, l, true);
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
  // Y <- Y R^-1, with R^-1 (upper triangular) formed once so each row is a contiguous
  // vector-matrix product (the column-wise substitution strode through R and was 3x slower).
  const inv = new Float64Array(l * l);
  for (let j = l - 1; j >= 0; j--) {
    const d = r[j * l + j];
    if (d === 0) continue;
    inv[j * l + j] = 1 / d;
    for (let c = j + 1; c < l; c++) {
      let t = 0;
      for (let m = j + 1; m <= c; m++) t += r[j * l + m] * inv[m * l + c];
      inv[j * l + c] = -t / d;
    }
  }
  timesUpper(y, inv, l);
}

/**
 * In place: each row of Y (n x l) times the upper triangular U (l x l), two rows at a time with
 * each value of U loaded once for both; each element's terms in the same order as one row at a
 * time (a zero term adds +-0 to a finite sum that starts at +0: no change).
 */
export function timesUpper(y: Float64Array, u: Float64Array, l: number): void {
  const n = y.length / l;
  const row0 = new Float64Array(l);
  const row1 = new Float64Array(l);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o0 = i * l;
    const o1 = o0 + l;
    row0.fill(0);
    row1.fill(0);
    for (let m = 0; m < l; m++) {
      const v0 = y[o0 + m];
      const v1 = y[o1 + m];
      const io = m * l;
      for (let c = m; c < l; c++) {
        const r = u[io + c];
        row0[c] += v0 * r;
        row1[c] += v1 * r;
      }
    }
    y.set(row0, o0);
    y.set(row1, o1);
  }
  for (; i < n; i++) {
    const o = i * l;
    row0.fill(0);
    for (let m = 0; m < l; m++) {
      const v = y[o + m];
      const io = m * l;
      for (let c = m; c < l; c++) row0[c] += v * u[io + c];
    }
    y.set(row0, o);
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

/** M = Q^T Z (l x l, symmetrised) for Q, Z both side x l row-major, Z = C Q with C symmetric. */
export function rayleigh(q: Float64Array, z: Float64Array, l: number): Float64Array {
  const m = new Float64Array(l * l);
  addTransposeTimes(m, q, z, l, false);
  for (let r = 0; r < l; r++) for (let c = 0; c < r; c++) m[r * l + c] = m[c * l + r] = (m[r * l + c] + m[c * l + r]) / 2;
  return m;
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
  const { embedding, dims, singular } = svdWithScratch(a, k, opts);
  return { embedding, dims, singular };
}

/** truncatedSvd, also handing back its largest scratch buffer (free for the caller to reuse). */
function svdWithScratch(a: Csr, k: number, opts: SvdOptions): { embedding: Float32Array; dims: number; singular: Float64Array; scratch: Float64Array } {
  const rank = Math.max(1, Math.min(k, a.nRows - 1, a.nCols - 1));
  const l = Math.min(rank + (opts.oversample ?? 10), a.nRows, a.nCols);
  const rng = mulberry32(opts.seed ?? 0);
  // Range finding on the narrower side: the dense l x l work (Cholesky QR, Gram) scales with
  // that side's length. Wide matrices (more columns than rows) find the column space of A,
  // tall ones (many short texts, fewer distinct terms) the row space: on 100k short texts,
  // 26k columns, that cut the SVD from 9.6 s to a third.
  const tall = a.nRows > a.nCols;
  const side = tall ? a.nCols : a.nRows;
  const other = tall ? a.nRows : a.nCols;
  const omega = new Float64Array(other * l);
  for (let i = 0; i < omega.length; i += 2) {
    // Box-Muller pairs
    const u = rng() || 1e-12;
    const v = rng();
    const r = Math.sqrt(-2 * Math.log(u));
    omega[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < omega.length) omega[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  const at = transposeCsr(a);
  const toSide = (m: Float64Array) => csrTimesDense(tall ? at : a, m, l);
  // the other side's l columns are the largest arrays here (122,000 x 110 at 100,000 short
  // texts): once omega has been used, its buffer takes every product on that side
  const toOther = (m: Float64Array) => csrTimesDense(tall ? a : at, m, l, omega);
  let y = toSide(omega);
  const scaleColumns = (m: Float64Array) => {
    const norms = new Float64Array(l);
    for (let i = 0; i < m.length; i++) norms[i % l] += m[i] * m[i];
    for (let t = 0; t < l; t++) norms[t] = norms[t] > 0 ? 1 / Math.sqrt(norms[t]) : 0;
    for (let i = 0; i < m.length; i++) m[i] *= norms[i % l];
  };
  // Few power iterations: column scaling between them is enough in float64 (condition number
  // about (s1 / s_l)^5), and the twice-applied Cholesky QR below makes the basis orthonormal.
  for (let it = 0; it < (opts.iterations ?? 2); it++) {
    scaleColumns(y);
    y = toSide(toOther(y));
  }
  scaleColumns(y);
  choleskyQr(y, l);
  choleskyQr(y, l);
  // Q (side x l) orthonormal; the small matrix M = Q^T C Q with C = A A^T (wide) or A^T A (tall).
  const n = a.nRows;
  const emb = new Float32Array(n * rank);
  let values: Float64Array;
  if (!tall) {
    // M = Q^T (A (A^T Q)): the l x l work over the n rows, not over the (wider) columns
    const { values: ev, vectors } = symmetricEigen(rayleigh(y, csrTimesDense(a, csrTimesDense(at, y, l, omega), l), l), l);
    values = ev;
    // U S = Q Ub S
    const w = new Float64Array(l * rank);
    for (let kk = 0; kk < l; kk++) for (let j = 0; j < rank; j++) w[kk * rank + j] = vectors[kk * l + j] * Math.sqrt(Math.max(0, ev[j]));
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
  } else {
    // M = Q^T (A^T (A Q)): two sparse products and a side x l x l product, never n x l x l
    const { values: ev, vectors } = symmetricEigen(rayleigh(y, csrTimesDense(at, csrTimesDense(a, y, l, omega), l), l), l);
    values = ev;
    // V = Q Vb (side x rank); U S = A V, one sparse product
    const v = new Float64Array(side * rank);
    for (let i = 0; i < side; i++) {
      const o = i * l;
      for (let kk = 0; kk < l; kk++) {
        const q = y[o + kk];
        if (q === 0) continue;
        for (let j = 0; j < rank; j++) v[i * rank + j] += q * vectors[kk * l + j];
      }
    }
    const us = csrTimesDense(a, v, rank);
    for (let i = 0; i < us.length; i++) emb[i] = us[i];
  }
  const singular = new Float64Array(rank);
  for (let j = 0; j < rank; j++) singular[j] = Math.sqrt(Math.max(0, values[j]));
  return { embedding: emb, dims: rank, singular, scratch: omega };
}

/**
 * Every row's A V (n x r, float32) with V given over some columns only (`colOf`: column -> row
 * of `v`, or -1 for a zero row): the same float64 sums as csrTimesDense over the full V, rounded
 * once, without the full V or the float64 result.
 */
export function project(a: Csr, colOf: Int32Array, v: Float64Array, r: number): Float32Array {
  const out = new Float32Array(a.nRows * r);
  const acc = new Float64Array(r);
  const { indptr, indices, data } = a;
  for (let i = 0; i < a.nRows; i++) {
    acc.fill(0);
    addRows(acc, 0, indices, data, indptr[i], indptr[i + 1], colOf, v, r);
    out.set(acc, i * r);
  }
  return out;
}

/**
 * LSA of all rows of `a` with the basis found on some of them (`rows`, sorted): the SVD of the
 * sample gives U S, its right singular vectors are V = A_s^T U S^-2 (U S), and every row's
 * embedding is A V (the sample's own rows get U S back). Fitting the basis costs the sample's
 * size; projecting the rest is one sparse product.
 */
export function truncatedSvdFitOn(a: Csr, rows: readonly number[], k: number, opts: SvdOptions = {}): { embedding: Float32Array; dims: number; singular: Float64Array } {
  if (rows.length >= a.nRows) return truncatedSvd(a, k, opts);
  // the sample's own columns only: the dense side matrices are as wide as the columns
  const picked = selectRows(a, rows);
  const colOf = new Int32Array(a.nCols).fill(-1);
  let m = 0;
  for (let p = 0; p < picked.indptr[picked.nRows]; p++) {
    const c = picked.indices[p];
    if (colOf[c] < 0) colOf[c] = m++;
  }
  const s: Csr = { ...picked, nCols: m, indices: picked.indices.map((c) => colOf[c]) };
  const fit = svdWithScratch(s, k, opts);
  const r = fit.dims;
  const us = new Float64Array(fit.embedding.length);
  for (let i = 0; i < us.length; i++) {
    const sv = fit.singular[i % r];
    us[i] = sv > 0 ? fit.embedding[i] / (sv * sv) : 0;
  }
  // V over the sample's columns (the others are 0), in the SVD's spent buffer if it is big enough:
  // ~100 MB fewer to allocate at 100,000 items (each 64 MB of typed arrays is a full collection)
  const size = m * r;
  const vs = csrTransposeTimesDense(s, us, r, undefined, fit.scratch.length >= size ? fit.scratch.subarray(0, size) : undefined);
  return { embedding: project(a, colOf, vs, r), dims: r, singular: fit.singular };
}
