// k-nearest-neighbour graphs (cosine) and smoothing over them. Exact search for seeded themes;
// discovery proposes candidates through the rarer features only, so it stays linear in n.
import type { Csr } from "./vectorize.js";

export interface Knn {
  k: number;
  /** n x k neighbour ids, row-major (-1 when fewer than k exist) */
  ids: Int32Array;
  /** n x k cosine similarities, descending per row */
  sims: Float32Array;
}

function pushTop(ids: Int32Array, sims: Float32Array, o: number, k: number, id: number, s: number) {
  if (s <= sims[o + k - 1]) return;
  let p = k - 1;
  while (p > 0 && sims[o + p - 1] < s) {
    sims[o + p] = sims[o + p - 1];
    ids[o + p] = ids[o + p - 1];
    p--;
  }
  sims[o + p] = s;
  ids[o + p] = id;
}

/**
 * Exact kNN among sparse rows (unit length) through an inverted index. With `maxDf`, features in
 * more rows than that are skipped: the similarities are then partial sums, fit to propose
 * candidates only (knnSparseCapped).
 */
export function knnSparse(x: Csr, k: number, opts: { maxDf?: number } = {}): Knn {
  const n = x.nRows;
  const maxDf = opts.maxDf ?? Infinity;
  // inverted index (CSC)
  const colCount = new Int32Array(x.nCols + 1);
  for (let p = 0; p < x.indptr[n]; p++) colCount[x.indices[p] + 1]++;
  for (let c = 0; c < x.nCols; c++) colCount[c + 1] += colCount[c];
  const rowOf = new Int32Array(x.indptr[n]);
  const valOf = new Float32Array(x.indptr[n]);
  const fill = colCount.slice(0, x.nCols);
  for (let i = 0; i < n; i++)
    for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) {
      const c = x.indices[p];
      rowOf[fill[c]] = i;
      valOf[fill[c]] = x.data[p];
      fill[c]++;
    }
  const ids = new Int32Array(n * k).fill(-1);
  const sims = new Float32Array(n * k).fill(-Infinity);
  const acc = new Float32Array(n);
  const touched = new Int32Array(n);
  // Each pair once: row i meets only rows after it (postings are in row order, so each column's
  // start moves past i), and the similarity goes to both lists. Half the postings walked; the
  // sums are the same, added in the same column order.
  const start = colCount.slice(0, x.nCols);
  for (let i = 0; i < n; i++) {
    let nt = 0;
    for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) {
      const c = x.indices[p];
      const v = x.data[p];
      const end = colCount[c + 1];
      if (end - colCount[c] > maxDf) continue; // a capped feature: its pairs' sums stay partial
      let q = start[c];
      if (q < end && rowOf[q] === i) start[c] = ++q;
      for (; q < end; q++) {
        const j = rowOf[q];
        if (acc[j] === 0) touched[nt++] = j;
        acc[j] += v * valOf[q];
      }
    }
    for (let t = 0; t < nt; t++) {
      const j = touched[t];
      pushTop(ids, sims, i * k, k, j, acc[j]);
      pushTop(ids, sims, j * k, k, i, acc[j]);
      acc[j] = 0;
    }
  }
  for (let i = 0; i < sims.length; i++) if (ids[i] < 0) sims[i] = 0;
  return { k, ids, sims };
}

/** Exact kNN among dense unit rows (n x d), blocked for cache reuse. */
export function knnDense(x: Float32Array, d: number, k: number): Knn {
  const n = x.length / d;
  const ids = new Int32Array(n * k).fill(-1);
  const sims = new Float32Array(n * k).fill(-Infinity);
  const B = 64;
  const block = new Float32Array(B * B);
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let j0 = i0; j0 < n; j0 += B) {
      const j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) {
        const io = i * d;
        for (let j = Math.max(j0, i + 1); j < j1; j++) {
          const jo = j * d;
          let s = 0;
          for (let t = 0; t < d; t++) s += x[io + t] * x[jo + t];
          block[(i - i0) * B + (j - j0)] = s;
        }
      }
      for (let i = i0; i < i1; i++)
        for (let j = Math.max(j0, i + 1); j < j1; j++) {
          const s = block[(i - i0) * B + (j - j0)];
          pushTop(ids, sims, i * k, k, j, s);
          pushTop(ids, sims, j * k, k, i, s);
        }
    }
  }
  for (let i = 0; i < sims.length; i++) if (ids[i] < 0) sims[i] = 0;
  return { k, ids, sims };
}

/**
 * Neighbour weights as CSR, symmetrised, self loops included: "sym" is D^-1/2 (W + I) D^-1/2
 * (feature smoothing), "rw" is D^-1 (W + I), a weighted average that keeps the scale of
 * what it smooths (score smoothing, so thresholds still mean the same).
 */
export function normalizedAdjacency(g: Knn, n: number, mode: "sym" | "rw" = "sym"): Csr {
  const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  for (let i = 0; i < n; i++) {
    rows[i].set(i, 1);
    for (let t = 0; t < g.k; t++) {
      const j = g.ids[i * g.k + t];
      if (j < 0) continue;
      const w = Math.max(0, g.sims[i * g.k + t]);
      if (w === 0) continue;
      rows[i].set(j, Math.max(rows[i].get(j) ?? 0, w));
      rows[j].set(i, Math.max(rows[j].get(i) ?? 0, w));
    }
  }
  const deg = new Float64Array(n);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    for (const w of rows[i].values()) deg[i] += w;
    nnz += rows[i].size;
  }
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(nnz);
  const data = new Float32Array(nnz);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const entries = [...rows[i].entries()].sort((a, b) => a[0] - b[0]);
    for (const [j, w] of entries) {
      indices[p] = j;
      data[p] = mode === "sym" ? w / Math.sqrt(deg[i] * deg[j]) : w / deg[i];
      p++;
    }
    indptr[i + 1] = p;
  }
  return { nRows: n, nCols: n, indptr, indices, data };
}

/** X <- S^steps X for dense rows (n x d): neighbours pull each other's vectors together. */
export function smoothDense(s: Csr, x: Float32Array, d: number, steps: number): Float32Array {
  let cur = x;
  for (let t = 0; t < steps; t++) {
    const next = new Float32Array(cur.length);
    for (let i = 0; i < s.nRows; i++) {
      const o = i * d;
      for (let p = s.indptr[i]; p < s.indptr[i + 1]; p++) {
        const w = s.data[p];
        const jo = s.indices[p] * d;
        for (let q = 0; q < d; q++) next[o + q] += w * cur[jo + q];
      }
    }
    cur = next;
  }
  return cur;
}

/**
 * The k most similar of each row's candidates by the sparse rows' own cosine (unit rows): the
 * candidates come cheaply from a dense space, the order from the features themselves.
 */
export function rerankSparse(x: Csr, cand: Knn, k: number): Knn {
  const n = x.nRows;
  const ids = new Int32Array(n * k).fill(-1);
  const sims = new Float32Array(n * k).fill(-Infinity);
  const row = new Float32Array(x.nCols);
  for (let i = 0; i < n; i++) {
    for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) row[x.indices[p]] = x.data[p];
    for (let a = 0; a < cand.k; a++) {
      const j = cand.ids[i * cand.k + a];
      if (j < 0) continue;
      let s = 0;
      for (let p = x.indptr[j]; p < x.indptr[j + 1]; p++) s += row[x.indices[p]] * x.data[p];
      pushTop(ids, sims, i * k, k, j, s);
    }
    for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) row[x.indices[p]] = 0;
  }
  for (let i = 0; i < sims.length; i++) if (ids[i] < 0) sims[i] = 0;
  return { k, ids, sims };
}

/**
 * kNN among sparse unit rows in time linear in the rows: candidates from the inverted index
 * walked only through features held by at most `maxDf` rows (the frequent ones cost the most
 * postings and name the fewest neighbours), then the best k of each row's candidates by the full
 * cosine. Under maxDf rows every feature counts and the graph is the exact one.
 */
export function knnSparseCapped(x: Csr, k: number, opts: { maxDf?: number; candidates?: number } = {}): Knn {
  const cand = Math.min(x.nRows - 1, opts.candidates ?? 2 * k);
  return rerankSparse(x, knnSparse(x, cand, { maxDf: opts.maxDf ?? 300 }), k);
}
