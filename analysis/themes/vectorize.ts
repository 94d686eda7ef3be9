// Sparse TF-IDF over hashed feature ids, and the sparse/dense helpers the themes code shares.
import { typedArray } from "./parallel.js";

/** Compressed sparse rows; row i holds indices[indptr[i]..indptr[i+1]) with values in data. */
export interface Csr {
  nRows: number;
  nCols: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float32Array;
}

export interface TfidfModel {
  /** hashed feature id -> column */
  vocab: Map<number, number>;
  idf: Float32Array;
}

export interface TfidfOptions {
  /** Drop features seen in fewer documents (default 2, or 1 for fewer than 50 documents). */
  minDf?: number;
  /** Drop features seen in more than this share of documents (default 1: keep all). */
  maxDfShare?: number;
}

/** Sorted (feature, count) pairs of one document. */
function countTerms(doc: ArrayLike<number>): { ids: Float64Array; counts: Int32Array; k: number } {
  const ids = Float64Array.from(doc as ArrayLike<number>).sort();
  const counts = new Int32Array(ids.length);
  let k = -1;
  for (let i = 0; i < ids.length; i++) {
    if (k >= 0 && ids[k] === ids[i]) counts[k]++;
    else {
      k++;
      ids[k] = ids[i];
      counts[k] = 1;
    }
  }
  return { ids, counts, k: k + 1 };
}

/** Fit the vocabulary and idf, and return the l2-normalised sublinear TF-IDF matrix. */
export function fitTfidf(docs: readonly ArrayLike<number>[], opts: TfidfOptions = {}): { model: TfidfModel; matrix: Csr } {
  const n = docs.length;
  const minDf = opts.minDf ?? (n < 50 ? 1 : 2);
  const maxDf = Math.floor((opts.maxDfShare ?? 1) * n);
  const df = new Map<number, number>();
  for (const d of docs) {
    const { ids, k } = countTerms(d);
    for (let i = 0; i < k; i++) df.set(ids[i], (df.get(ids[i]) ?? 0) + 1);
  }
  const kept: number[] = [];
  for (const [id, c] of df) if (c >= minDf && c <= maxDf) kept.push(id);
  kept.sort((a, b) => a - b); // column order independent of Map insertion order
  const vocab = new Map<number, number>();
  const idf = new Float32Array(kept.length);
  kept.forEach((id, col) => {
    vocab.set(id, col);
    idf[col] = Math.log((1 + n) / (1 + df.get(id)!)) + 1; // smooth idf, as scikit-learn
  });
  const model = { vocab, idf };
  return { model, matrix: transformTfidf(model, docs) };
}

export function transformTfidf(model: TfidfModel, docs: readonly ArrayLike<number>[]): Csr {
  const indptr = new Int32Array(docs.length + 1);
  let cap = 1024;
  let indices = new Int32Array(cap);
  let data = new Float32Array(cap);
  let nnz = 0;
  const cols: number[] = [];
  const vals: number[] = [];
  for (let r = 0; r < docs.length; r++) {
    const { ids, counts, k } = countTerms(docs[r]);
    cols.length = 0;
    vals.length = 0;
    let norm = 0;
    for (let i = 0; i < k; i++) {
      const c = model.vocab.get(ids[i]);
      if (c === undefined) continue;
      const w = (1 + Math.log(counts[i])) * model.idf[c]; // sublinear tf
      cols.push(c);
      vals.push(w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    if (nnz + cols.length > cap) {
      while (nnz + cols.length > cap) cap *= 2;
      const ni = new Int32Array(cap);
      ni.set(indices.subarray(0, nnz));
      indices = ni;
      const nd = new Float32Array(cap);
      nd.set(data.subarray(0, nnz));
      data = nd;
    }
    const order = cols.map((_, i) => i).sort((a, b) => cols[a] - cols[b]);
    for (const i of order) {
      indices[nnz] = cols[i];
      data[nnz] = vals[i] / norm;
      nnz++;
    }
    indptr[r + 1] = nnz;
  }
  return { nRows: docs.length, nCols: model.idf.length, indptr, indices: indices.slice(0, nnz), data: data.slice(0, nnz) };
}

/** A growable buffer of one document's hashed feature ids (reused from document to document). */
export class TermBag {
  ids = new Uint32Array(256);
  len = 0;
  add(id: number): void {
    if (this.len === this.ids.length) {
      const next = new Uint32Array(this.ids.length * 2);
      next.set(this.ids);
      this.ids = next;
    }
    this.ids[this.len++] = id;
  }
}

/** Documents as sorted distinct feature ids with their counts: doc i holds [offsets[i], offsets[i + 1]). */
export interface CountedDocs {
  ids: Uint32Array;
  counts: Int32Array;
  offsets: Int32Array;
}

/** Each document's ids (from `fill`) sorted and counted once, into flat typed arrays. */
export function countDocs(n: number, fill: (doc: number, bag: TermBag) => void): CountedDocs {
  const bag = new TermBag();
  const offsets = new Int32Array(n + 1);
  let ids = new Uint32Array(1 << 16);
  let counts = new Int32Array(1 << 16);
  let m = 0;
  for (let d = 0; d < n; d++) {
    bag.len = 0;
    fill(d, bag);
    const doc = bag.ids.subarray(0, bag.len).sort();
    if (m + doc.length > ids.length) {
      // grow to the size the documents so far predict for all n (plus a tenth), not by doubling:
      // at 100,000 items the doublings and the final copy were ~400 MB of typed arrays, each
      // 64 MB of them a full garbage collection
      const cap = Math.max(ids.length + (ids.length >> 2), Math.ceil(((m + doc.length) / (d + 1)) * n * 1.1));
      const ni = new Uint32Array(cap);
      ni.set(ids.subarray(0, m));
      ids = ni;
      const nc = new Int32Array(cap);
      nc.set(counts.subarray(0, m));
      counts = nc;
    }
    for (let i = 0; i < doc.length; i++) {
      if (i > 0 && doc[i] === doc[i - 1]) counts[m - 1]++;
      else {
        ids[m] = doc[i];
        counts[m++] = 1;
      }
    }
    offsets[d + 1] = m;
  }
  return { ids: ids.subarray(0, m), counts: counts.subarray(0, m), offsets };
}

/**
 * Open addressing over uint32 keys (feature id -> non-zero value), for counting without a Map.
 * Key and value sit side by side in one array (a value of 0 marks a free slot), so a probe
 * touches one cache line, not one per array: the tables of the character block are tens of MB.
 */
class IdTable {
  slots: Int32Array; // [key, value] pairs
  size = 0;
  private shift: number;
  constructor(bits = 16) {
    this.slots = new Int32Array(2 << bits);
    this.shift = 32 - bits;
  }
  /** value of `key` += by (inserted at 0 if absent); by must not leave it at 0 */
  add(key: number, by: number): void {
    if (2 * (this.size + 1) > this.slots.length >> 1) this.grow();
    const t = this.slots;
    const mask = (t.length >> 1) - 1;
    const k = key | 0;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (t[2 * s + 1] !== 0) {
      if (t[2 * s] === k) {
        t[2 * s + 1] += by;
        return;
      }
      s = (s + 1) & mask;
    }
    t[2 * s] = k;
    t[2 * s + 1] = by;
    this.size++;
  }
  /** value of `key`, or 0 if absent */
  get(key: number): number {
    const t = this.slots;
    const mask = (t.length >> 1) - 1;
    const k = key | 0;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (t[2 * s + 1] !== 0) {
      if (t[2 * s] === k) return t[2 * s + 1];
      s = (s + 1) & mask;
    }
    return 0;
  }
  private grow(): void {
    const old = this.slots;
    const bits = 33 - this.shift;
    this.slots = new Int32Array(2 << bits);
    this.shift = 32 - bits;
    this.size = 0;
    for (let s = 0; s < old.length; s += 2) if (old[s + 1] !== 0) this.add(old[s] >>> 0, old[s + 1]);
  }
}

/**
 * fitTfidf on counted documents: the same matrix (same columns, in the order of the sorted
 * feature ids, the same values to the last bit), with typed arrays instead of Maps and one
 * sort per document instead of two.
 */
export function fitTfidfCounted(docs: CountedDocs, opts: TfidfOptions = {}): Csr {
  const n = docs.offsets.length - 1;
  const minDf = opts.minDf ?? (n < 50 ? 1 : 2);
  const maxDf = Math.floor((opts.maxDfShare ?? 1) * n);
  const m = docs.offsets[n];
  // sized for m / 4 distinct ids from the start (at most the size of docs.ids itself): at 100,000
  // items growing from 2^16 rehashed the table 11 times and allocated ~100 MB on the way
  const table = new IdTable(Math.max(16, Math.ceil(Math.log2(m + 1)) - 2));
  for (let p = 0; p < m; p++) table.add(docs.ids[p], 1);
  const t = table.slots;
  let nk = 0;
  for (let s = 1; s < t.length; s += 2) if (t[s] >= minDf && t[s] <= maxDf) nk++;
  const kept = new Uint32Array(nk);
  nk = 0;
  for (let s = 1; s < t.length; s += 2) if (t[s] >= minDf && t[s] <= maxDf) kept[nk++] = t[s - 1];
  kept.sort();
  const idf = new Float32Array(nk);
  const colOf = new IdTable(Math.max(4, Math.ceil(Math.log2(2 * nk + 2))));
  for (let col = 0; col < nk; col++) {
    idf[col] = Math.log((1 + n) / (1 + table.get(kept[col]))) + 1; // smooth idf, as scikit-learn
    colOf.add(kept[col], col + 1);
  }
  // columns of every entry, and the matrix's size
  const cols = new Int32Array(m);
  let nnz = 0;
  for (let p = 0; p < m; p++) {
    cols[p] = colOf.get(docs.ids[p]) - 1;
    if (cols[p] >= 0) nnz++;
  }
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(nnz);
  const data = new Float32Array(nnz);
  let maxLen = 0;
  for (let d = 0; d < n; d++) maxLen = Math.max(maxLen, docs.offsets[d + 1] - docs.offsets[d]);
  const vals = new Float64Array(maxLen); // a row's weights before scaling, in float64 as fitTfidf
  let q = 0;
  for (let d = 0; d < n; d++) {
    let norm = 0;
    let k = 0;
    for (let p = docs.offsets[d]; p < docs.offsets[d + 1]; p++) {
      const c = cols[p];
      if (c < 0) continue;
      const f = docs.counts[p];
      const w = (f === 1 ? 1 : 1 + Math.log(f)) * idf[c]; // sublinear tf (log(1) is 0 exactly: most entries skip the log)
      vals[k] = w;
      indices[q + k] = c;
      k++;
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let t = 0; t < k; t++) data[q + t] = vals[t] / norm;
    q += k;
    indptr[d + 1] = q;
  }
  return { nRows: n, nCols: nk, indptr, indices, data };
}

/** Side-by-side blocks with a weight each; rows re-normalised to unit length. `sharedMemory`: in SharedArrayBuffers (for worker threads). */
export function hstack(blocks: readonly Csr[], weights: readonly number[], sharedMemory = false): Csr {
  const nRows = blocks[0].nRows;
  let nnz = 0;
  for (const b of blocks) nnz += b.indptr[b.nRows];
  const indptr = typedArray(Int32Array, nRows + 1, sharedMemory);
  const indices = typedArray(Int32Array, nnz, sharedMemory);
  const data = typedArray(Float32Array, nnz, sharedMemory);
  let p = 0;
  for (let r = 0; r < nRows; r++) {
    const start = p;
    let off = 0;
    let norm = 0;
    blocks.forEach((b, k) => {
      for (let q = b.indptr[r]; q < b.indptr[r + 1]; q++) {
        indices[p] = b.indices[q] + off;
        data[p] = b.data[q] * weights[k];
        norm += data[p] * data[p];
        p++;
      }
      off += b.nCols;
    });
    norm = Math.sqrt(norm) || 1;
    for (let q = start; q < p; q++) data[q] /= norm;
    indptr[r + 1] = p;
  }
  let nCols = 0;
  for (const b of blocks) nCols += b.nCols;
  return { nRows, nCols, indptr, indices, data };
}

/** Rows picked by index, as a new matrix. */
export function selectRows(m: Csr, rows: readonly number[]): Csr {
  let nnz = 0;
  for (const r of rows) nnz += m.indptr[r + 1] - m.indptr[r];
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nnz);
  const data = new Float32Array(nnz);
  let p = 0;
  rows.forEach((r, i) => {
    const a = m.indptr[r];
    const b = m.indptr[r + 1];
    indices.set(m.indices.subarray(a, b), p);
    data.set(m.data.subarray(a, b), p);
    p += b - a;
    indptr[i + 1] = p;
  });
  return { nRows: rows.length, nCols: m.nCols, indptr, indices, data };
}

/** Scale each row of a dense row-major matrix to unit length (zero rows stay zero). */
export function normalizeRows(x: Float32Array, d: number): Float32Array {
  const n = x.length / d;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * d; j < i * d + d; j++) s += x[j] * x[j];
    if (s > 0) {
      const inv = 1 / Math.sqrt(s);
      for (let j = i * d; j < i * d + d; j++) x[j] *= inv;
    }
  }
  return x;
}
