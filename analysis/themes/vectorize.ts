// Sparse TF-IDF over hashed feature ids, and the sparse/dense helpers the themes code shares.

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

/** Side-by-side blocks with a weight each; rows re-normalised to unit length. */
export function hstack(blocks: readonly Csr[], weights: readonly number[]): Csr {
  const nRows = blocks[0].nRows;
  let nnz = 0;
  for (const b of blocks) nnz += b.indptr[b.nRows];
  const indptr = new Int32Array(nRows + 1);
  const indices = new Int32Array(nnz);
  const data = new Float32Array(nnz);
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
