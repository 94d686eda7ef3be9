// k-nearest-neighbour graphs (cosine) and smoothing over them. Exact search for seeded themes;
// discovery proposes candidates through the rarer features only, so it stays linear in n.
import { f32, i32, kernel, type Pool } from "./parallel.js";
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

function doubled<T extends Int32Array | Float32Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Exact kNN among sparse rows (unit length) through an inverted index. With `maxDf`, features in
 * more rows than that are skipped: the similarities are then partial sums, fit to propose
 * candidates only (knnSparseCapped). `ids` / `sims`: arrays (n x k) to fill, e.g. shared ones.
 */
export function knnSparse(x: Csr, k: number, opts: { maxDf?: number; block?: number; ids?: Int32Array; sims?: Float32Array } = {}): Knn {
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
  const ids = (opts.ids ?? new Int32Array(n * k)).fill(-1);
  const sims = (opts.sims ?? new Float32Array(n * k)).fill(-Infinity);
  const acc = new Float32Array(n);
  const touched = new Int32Array(n);
  // Each pair once: row i meets only rows after it (postings are in row order, so each column's
  // start moves past i), and the similarity goes to both lists. Half the postings walked; the
  // sums are the same, added in the same column order.
  const start = colCount.slice(0, x.nCols);
  // each row's k-th best so far, packed: the test that turns most pairs away reads 4 bytes per
  // row instead of a line of the n x k table (same pushes, so the same lists)
  const worst = new Float32Array(n).fill(-Infinity);
  // Pushes to rows past the current block of `block` rows wait, in the order they came, and go
  // in at the block's end sorted by row (stable): each row still gets its offers in the order it
  // always did, and before its own turn, but the n x k table is walked in order instead of hit at
  // random (a push that missed the cache was about a third of the walk at 100,000 rows). A waiting
  // row's k-th best is not raised meanwhile, so more offers wait than would have been pushed:
  // the lists are the same, since an offer at or below the k-th best never enters.
  const block = Math.max(1, opts.block ?? 2048);
  let wRow = new Int32Array(1 << 16);
  let wFrom = new Int32Array(1 << 16);
  let wSim = new Float32Array(1 << 16);
  let nw = 0;
  let sRow = new Int32Array(0);
  let sFrom = new Int32Array(0);
  let sSim = new Float32Array(0);
  const slot = new Int32Array(n + 1);
  const flush = (from: number) => {
    // counting sort by row (rows from..n-1), stable
    slot.fill(0, from, n + 1);
    for (let e = 0; e < nw; e++) slot[wRow[e] + 1]++;
    for (let r = from; r < n; r++) slot[r + 1] += slot[r];
    if (sRow.length < nw) {
      sRow = new Int32Array(wRow.length);
      sFrom = new Int32Array(wRow.length);
      sSim = new Float32Array(wRow.length);
    }
    for (let e = 0; e < nw; e++) {
      const q = slot[wRow[e]]++;
      sRow[q] = wRow[e];
      sFrom[q] = wFrom[e];
      sSim[q] = wSim[e];
    }
    for (let e = 0; e < nw; e++) {
      const j = sRow[e];
      const s = sSim[e];
      if (s > worst[j]) {
        pushTop(ids, sims, j * k, k, sFrom[e], s);
        worst[j] = sims[j * k + k - 1];
      }
    }
    nw = 0;
  };
  for (let b0 = 0; b0 < n; b0 += block) {
    const b1 = Math.min(n, b0 + block);
    for (let i = b0; i < b1; i++) {
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
      const io = i * k;
      for (let t = 0; t < nt; t++) {
        const j = touched[t];
        const s = acc[j];
        acc[j] = 0;
        if (s > worst[i]) {
          pushTop(ids, sims, io, k, j, s);
          worst[i] = sims[io + k - 1];
        }
        if (s > worst[j]) {
          if (j < b1) {
            pushTop(ids, sims, j * k, k, i, s);
            worst[j] = sims[j * k + k - 1];
          } else {
            if (nw === wRow.length) {
              wRow = doubled(wRow);
              wFrom = doubled(wFrom);
              wSim = doubled(wSim);
            }
            wRow[nw] = j;
            wFrom[nw] = i;
            wSim[nw++] = s;
          }
        }
      }
    }
    flush(b1);
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
  // Every row's entries in the order they were first set (self at the start of its own row's
  // turn, each listed pair to both rows): the degree is summed in that order, as it always was.
  const count = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    count[i + 1]++;
    for (let t = 0; t < g.k; t++) {
      const j = g.ids[i * g.k + t];
      if (j < 0 || Math.max(0, g.sims[i * g.k + t]) === 0) continue;
      count[i + 1]++;
      count[j + 1]++;
    }
  }
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  const evCol = new Int32Array(count[n]);
  const evW = new Float64Array(count[n]);
  const fill = count.slice(0, n);
  const put = (r: number, c: number, w: number) => {
    evCol[fill[r]] = c;
    evW[fill[r]++] = w;
  };
  for (let i = 0; i < n; i++) {
    put(i, i, 1);
    for (let t = 0; t < g.k; t++) {
      const j = g.ids[i * g.k + t];
      if (j < 0) continue;
      const w = Math.max(0, g.sims[i * g.k + t]);
      if (w === 0) continue;
      put(i, j, w);
      put(j, i, w);
    }
  }
  // per row: one entry per column (the largest weight), at the column's first event
  const at = new Int32Array(n).fill(-1); // column -> its entry in the current row
  const rowStart = new Int32Array(n + 1);
  const col = new Int32Array(count[n]);
  const wt = new Float64Array(count[n]);
  const deg = new Float64Array(n);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    const first = nnz;
    for (let e = count[i]; e < count[i + 1]; e++) {
      const c = evCol[e];
      const p = at[c];
      if (p >= first) wt[p] = Math.max(wt[p], evW[e]);
      else {
        at[c] = nnz;
        col[nnz] = c;
        wt[nnz++] = evW[e];
      }
    }
    for (let p = first; p < nnz; p++) deg[i] += wt[p];
    rowStart[i + 1] = nnz;
  }
  const indptr = rowStart;
  const indices = new Int32Array(nnz);
  const data = new Float32Array(nnz);
  for (let i = 0; i < n; i++) {
    const a = rowStart[i];
    const b = rowStart[i + 1];
    // by column (insertion sort: rows hold about 2k entries)
    for (let p = a + 1; p < b; p++) {
      const c = col[p];
      const w = wt[p];
      let q = p - 1;
      while (q >= a && col[q] > c) {
        col[q + 1] = col[q];
        wt[q + 1] = wt[q];
        q--;
      }
      col[q + 1] = c;
      wt[q + 1] = w;
    }
    for (let p = a; p < b; p++) {
      const j = col[p];
      indices[p] = j;
      data[p] = mode === "sym" ? wt[p] / Math.sqrt(deg[i] * deg[j]) : wt[p] / deg[i];
    }
  }
  return { nRows: n, nCols: n, indptr, indices, data };
}

/**
 * next += S cur, row by row, each element's terms added one by one in the order of the row's
 * entries and rounded to float32 after each (as `next[..] += ..` on the Float32Array does), but
 * four entries per pass over the row: each element is loaded and stored once per four terms.
 * Rows [r0, r1) only (each row depends on `cur` alone: threads share the rows).
 */
function smoothStep(s: Csr, cur: Float32Array, next: Float32Array, d: number, r0: number, r1: number): void {
  const { indptr, indices, data } = s;
  const f = Math.fround;
  next.fill(0, r0 * d, r1 * d);
  for (let i = r0; i < r1; i++) {
    const o = i * d;
    let p = indptr[i];
    const end = indptr[i + 1];
    for (; p + 3 < end; p += 4) {
      const w0 = data[p];
      const w1 = data[p + 1];
      const w2 = data[p + 2];
      const w3 = data[p + 3];
      const j0 = indices[p] * d;
      const j1 = indices[p + 1] * d;
      const j2 = indices[p + 2] * d;
      const j3 = indices[p + 3] * d;
      for (let q = 0; q < d; q++) {
        let a = f(next[o + q] + w0 * cur[j0 + q]);
        a = f(a + w1 * cur[j1 + q]);
        a = f(a + w2 * cur[j2 + q]);
        next[o + q] = a + w3 * cur[j3 + q];
      }
    }
    for (; p < end; p++) {
      const w = data[p];
      const jo = indices[p] * d;
      for (let q = 0; q < d; q++) next[o + q] += w * cur[jo + q];
    }
  }
}

/**
 * X <- S^steps X for dense rows (n x d): neighbours pull each other's vectors together.
 * The rows are visited in breadth-first order of the graph, so a row's neighbours mostly sit
 * near it in memory (1.4x at 100,000 items, where the rows' own order is random); each row keeps
 * its entries in their own order, so every sum is the one the rows' own order gives, bit for bit.
 * The result goes into `out` if given (x itself is allowed). With a pool, each step's rows are
 * shared out among its threads.
 */
export function smoothDense(s: Csr, x: Float32Array, d: number, steps: number, out?: Float32Array, pool: Pool | null = null): Float32Array {
  const n = s.nRows;
  if (steps <= 0) return x;
  const order = new Int32Array(n); // new place -> row
  const pos = new Int32Array(n).fill(-1); // row -> new place
  let head = 0;
  let tail = 0;
  for (let r = 0; r < n; r++) {
    if (pos[r] >= 0) continue;
    pos[r] = tail;
    order[tail++] = r;
    while (head < tail) {
      const i = order[head++];
      for (let p = s.indptr[i]; p < s.indptr[i + 1]; p++) {
        const j = s.indices[p];
        if (pos[j] < 0) {
          pos[j] = tail;
          order[tail++] = j;
        }
      }
    }
  }
  const nnz = s.indptr[n];
  const indptr = i32(n + 1, pool);
  const indices = i32(nnz, pool);
  const data = f32(nnz, pool);
  let q = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    for (let p = s.indptr[i]; p < s.indptr[i + 1]; p++) {
      indices[q] = pos[s.indices[p]];
      data[q++] = s.data[p];
    }
    indptr[r + 1] = q;
  }
  const g: Csr = { nRows: n, nCols: n, indptr, indices, data };
  let cur: Float32Array = f32(n * d, pool);
  for (let r = 0; r < n; r++) cur.set(x.subarray(order[r] * d, order[r] * d + d), r * d);
  // x's rows now live in cur: when x is also `out` and the steps are even (the result ends in
  // cur), x's buffer can take the odd steps instead of a new n x d one (if the threads can share it)
  let next = out === x && steps % 2 === 0 && (!pool || x.buffer instanceof SharedArrayBuffer) ? x : f32(n * d, pool);
  for (let t = 0; t < steps; t++) {
    if (pool) pool.rows(SMOOTH_STEP, n, [g, cur, next, d]);
    else smoothStep(g, cur, next, d, 0, n);
    [cur, next] = [next, cur];
  }
  // `out` may be x itself (read only into `cur` above): one n x d buffer fewer to allocate
  const res = out ?? next;
  for (let r = 0; r < n; r++) res.set(cur.subarray(r * d, r * d + d), order[r] * d);
  return res;
}

/**
 * The k most similar of each row's candidates by the sparse rows' own cosine (unit rows): the
 * candidates come cheaply from a dense space, the order from the features themselves. With a
 * pool, the rows are shared out among its threads (each row's list is its own).
 */
export function rerankSparse(x: Csr, cand: Knn, k: number, pool: Pool | null = null): Knn {
  const n = x.nRows;
  const ids = i32(n * k, pool).fill(-1);
  const sims = f32(n * k, pool).fill(-Infinity);
  if (pool) pool.rows(RERANK_ROWS, n, [x, cand, k, ids, sims]);
  else rerankRows(x, cand, k, ids, sims, 0, n);
  return { k, ids, sims };
}

/** rerankSparse's rows [r0, r1), into ids / sims (-1 / -Infinity there). */
function rerankRows(x: Csr, cand: Knn, k: number, ids: Int32Array, sims: Float32Array, r0: number, r1: number): void {
  const row = new Float32Array(x.nCols);
  for (let i = r0; i < r1; i++) {
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
  for (let i = r0 * k; i < r1 * k; i++) if (ids[i] < 0) sims[i] = 0;
}

/**
 * kNN among sparse unit rows in time linear in the rows: candidates from the inverted index
 * walked only through features held by at most `maxDf` rows (the frequent ones cost the most
 * postings and name the fewest neighbours), then the best k of each row's candidates by the full
 * cosine. Under maxDf rows every feature counts and the graph is the exact one.
 */
export function knnSparseCapped(x: Csr, k: number, opts: { maxDf?: number; candidates?: number } = {}): Knn {
  return knnSparseCappedBegun(x, k, opts, null)();
}

/**
 * knnSparseCapped begun on one of the pool's workers (the walk is one pass that hands each pair
 * to both rows, not a loop over rows, so it runs whole beside the caller's other work, e.g. the
 * LSA); the function returned waits for it and reranks on all the pool's threads. `x` in shared
 * memory. Without a pool, all of it runs when the function is called.
 */
export function knnSparseCappedBegun(x: Csr, k: number, opts: { maxDf?: number; candidates?: number }, pool: Pool | null): () => Knn {
  const cand = Math.min(x.nRows - 1, opts.candidates ?? 2 * k);
  const maxDf = opts.maxDf ?? 300;
  if (!pool?.hasIdle()) return () => rerankSparse(x, knnSparse(x, cand, { maxDf }), k, pool);
  const ids = i32(x.nRows * cand, pool);
  const sims = f32(x.nRows * cand, pool);
  const wait = pool.start(KNN_SPARSE, [x, cand, { maxDf, ids, sims }]);
  return () => {
    wait();
    return rerankSparse(x, { k: cand, ids, sims }, k, pool);
  };
}

const KNN_SPARSE = kernel(knnSparse, pushTop, doubled);
const RERANK_ROWS = kernel(rerankRows, pushTop);
const SMOOTH_STEP = kernel(smoothStep);
