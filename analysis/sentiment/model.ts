import type { ResolvedFeatureOptions } from "../text/features";
import type { Dataset } from "./linear";
import type { SentimentLabel } from "./types";

/**
 * A trained logistic regression over hashed text features. With two classes the file and
 * memory hold one weight per bucket (the logit of classes[1] over classes[0], the exact
 * reparametrisation of two-class softmax); with K > 2, K weights per bucket, bucket-major.
 */
export type LinearModel = {
  id: string;
  classes: SentimentLabel[];
  features: ResolvedFeatureOptions;
  /** dim * R values, R = 1 for two classes else K; `weights[bucket * R + r]`. */
  weights: Float32Array;
  bias: Float32Array;
  /**
   * Weak-evidence rule. Two classes (negative, positive): neutral when |P(pos) - P(neg)| < margin.
   * Three classes: neutral also when the winning probability is below it.
   */
  neutralMargin: number;
  /** English texts also get one feature per AFINN word class ("afinn:-2"), so sentiment words unseen in training still count. */
  lexicon: boolean;
  /** Where the model came from (data, split, seed, command): kept in the file. */
  meta: Record<string, string | number>;
};

export function rowsPerBucket(m: { classes: unknown[] }): number {
  return m.classes.length === 2 ? 1 : m.classes.length;
}

/** Turn trained K-class weights (bucket-major) into a model, folding a per-bucket feature scale (NB ratios) into the weights. */
export function makeModel(
  base: Omit<LinearModel, "weights" | "bias">,
  trained: { weights: Float32Array; bias: Float32Array },
  scale: Float64Array | null,
): LinearModel {
  const K = base.classes.length;
  const dim = 1 << base.features.bits;
  if (K === 2) {
    const w = new Float32Array(dim);
    for (let j = 0; j < dim; j++) w[j] = (trained.weights[2 * j + 1] - trained.weights[2 * j]) * (scale ? scale[j] : 1);
    return { ...base, weights: w, bias: Float32Array.of(trained.bias[1] - trained.bias[0]) };
  }
  const w = new Float32Array(dim * K);
  for (let j = 0; j < dim; j++) for (let k = 0; k < K; k++) w[j * K + k] = trained.weights[j * K + k] * (scale ? scale[j] : 1);
  return { ...base, weights: w, bias: Float32Array.from(trained.bias) };
}

/** Class probabilities (in `m.classes` order) of one feature vector into `out`. */
export function predictInto(m: LinearModel, idx: Int32Array, val: Float32Array, n: number, out: Float64Array): void {
  const W = m.weights;
  if (m.classes.length === 2) {
    let z = m.bias[0];
    for (let p = 0; p < n; p++) z += W[idx[p]] * val[p];
    const p1 = 1 / (1 + Math.exp(-z));
    out[0] = 1 - p1;
    out[1] = p1;
    return;
  }
  const K = m.classes.length;
  if (K === 3) {
    // the common case, unrolled: this loop is most of the scoring time
    let a0 = m.bias[0];
    let a1 = m.bias[1];
    let a2 = m.bias[2];
    for (let p = 0; p < n; p++) {
      const base = idx[p] * 3;
      const v = val[p];
      a0 += W[base] * v;
      a1 += W[base + 1] * v;
      a2 += W[base + 2] * v;
    }
    out[0] = a0;
    out[1] = a1;
    out[2] = a2;
  } else {
    for (let k = 0; k < K; k++) out[k] = m.bias[k];
    for (let p = 0; p < n; p++) {
      const base = idx[p] * K;
      const v = val[p];
      for (let k = 0; k < K; k++) out[k] += W[base + k] * v;
    }
  }
  let mx = -Infinity;
  for (let k = 0; k < K; k++) if (out[k] > mx) mx = out[k];
  let z = 0;
  for (let k = 0; k < K; k++) { out[k] = Math.exp(out[k] - mx); z += out[k]; }
  for (let k = 0; k < K; k++) out[k] /= z;
}

/** Probabilities for every row of a dataset (n x K, row-major). */
export function predictDataset(m: LinearModel, ds: Dataset): Float64Array {
  const K = m.classes.length;
  const out = new Float64Array(ds.n * K);
  const tmp = new Float64Array(K);
  for (let i = 0; i < ds.n; i++) {
    const a = ds.indptr[i];
    const b = ds.indptr[i + 1];
    predictInto(m, ds.idx.subarray(a, b), ds.val.subarray(a, b), b - a, tmp);
    out.set(tmp, i * K);
  }
  return out;
}

// ---- file format -------------------------------------------------------------------------
// "TLSM" | u8 version | u32 header length | header JSON (utf-8) | f32 bias[R] |
// bitmap of buckets with any non-zero weight (dim / 8 bytes) | i8 weights, R per present bucket.
// Weights are companded to 8 bits (q = round(127 * sign(w) * sqrt(|w| / max))): fine steps
// near zero where most weights are, and a 4x smaller file than float32.

const MAGIC = [0x54, 0x4c, 0x53, 0x4d];
const VERSION = 1;

function quantize(w: number, max: number): number {
  if (max === 0 || w === 0) return 0;
  const q = Math.round(127 * Math.sqrt(Math.abs(w) / max));
  return w < 0 ? -q : q;
}
function dequantize(q: number, max: number): number {
  const a = (q / 127) * (q / 127) * max;
  return q < 0 ? -a : a;
}

export function encodeModel(m: LinearModel): Uint8Array {
  const R = rowsPerBucket(m);
  const dim = 1 << m.features.bits;
  let max = 0;
  for (let i = 0; i < m.weights.length; i++) max = Math.max(max, Math.abs(m.weights[i]));
  max = Math.fround(max);
  const q = new Int8Array(m.weights.length);
  for (let i = 0; i < q.length; i++) q[i] = quantize(m.weights[i], max);
  const bitmap = new Uint8Array(dim >>> 3);
  let present = 0;
  for (let j = 0; j < dim; j++) {
    let any = false;
    for (let r = 0; r < R; r++) if (q[j * R + r] !== 0) any = true;
    if (any) { bitmap[j >>> 3] |= 1 << (j & 7); present++; }
  }
  const header = new TextEncoder().encode(
    JSON.stringify({ id: m.id, classes: m.classes, features: m.features, neutralMargin: m.neutralMargin, lexicon: m.lexicon, meta: m.meta, max, quant: "i8-sqrt" }),
  );
  const size = 4 + 1 + 4 + header.length + 4 * R + bitmap.length + present * R;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = VERSION;
  dv.setUint32(5, header.length, true);
  out.set(header, 9);
  let p = 9 + header.length;
  for (let r = 0; r < R; r++) { dv.setFloat32(p, m.bias[r], true); p += 4; }
  out.set(bitmap, p);
  p += bitmap.length;
  for (let j = 0; j < dim; j++) {
    if (bitmap[j >>> 3] & (1 << (j & 7))) for (let r = 0; r < R; r++) out[p++] = q[j * R + r] & 0xff;
  }
  return out;
}

export function decodeModel(bytes: Uint8Array): LinearModel {
  if (bytes.length < 9 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error("not a Trustloop sentiment model file");
  if (bytes[4] !== VERSION) throw new Error(`unsupported model file version ${bytes[4]}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hl = dv.getUint32(5, true);
  const h = JSON.parse(new TextDecoder().decode(bytes.subarray(9, 9 + hl)));
  const classes = h.classes as SentimentLabel[];
  const R = rowsPerBucket({ classes });
  const dim = 1 << h.features.bits;
  let p = 9 + hl;
  const bias = new Float32Array(R);
  for (let r = 0; r < R; r++) { bias[r] = dv.getFloat32(p, true); p += 4; }
  const bitmap = bytes.subarray(p, p + (dim >>> 3));
  p += dim >>> 3;
  const weights = new Float32Array(dim * R);
  const table = new Float32Array(256);
  for (let q = -128; q < 128; q++) table[q & 0xff] = dequantize(q, h.max);
  for (let j = 0; j < dim; j++) {
    if (bitmap[j >>> 3] & (1 << (j & 7))) for (let r = 0; r < R; r++) weights[j * R + r] = table[bytes[p++]];
  }
  return { id: h.id, classes, features: h.features, weights, bias, neutralMargin: h.neutralMargin, lexicon: h.lexicon === true, meta: h.meta };
}
