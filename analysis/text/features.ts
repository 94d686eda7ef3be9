import { isApostrophe, isClauseBreak, isSpace, isSymbolStart, isWordChar } from "./chars";
import { FNV_PRIME, combineHash, fmix32, fnvString } from "./hash";
import type { Lang } from "./language";
import { detectLanguage } from "./language";
import { NEGATORS, NEG_PREFIX } from "./tokenize";

export type NgramRange = [number, number];

export type FeatureOptions = {
  /** 2^bits hash buckets (default 20). */
  bits?: number;
  /** Word n-gram lengths; [1, 2] = unigrams and bigrams (default); [0, 0] = no word features. */
  wordNgrams?: NgramRange;
  /** Character n-gram lengths, one range for all languages or one per language; [0, 0] = none. */
  charNgrams?: NgramRange | Partial<Record<Lang, NgramRange>>;
  /** NEG_ marking of English words after a negator (default: on for "en", off otherwise). */
  negation?: boolean | null;
  /** Value of a feature seen k times: "binary" 1, "count" k, "log" 1 + ln k (default). */
  weighting?: "binary" | "count" | "log";
  /** Scale the vector to unit L2 length (default true). */
  normalize?: boolean;
  /** With normalize: divide by max(L2 length, minNorm), so a text of a few features stays a short vector (weak evidence); default 0. */
  minNorm?: number;
  /** Multipliers of the word and character groups before weighting (default 1, 1). */
  wordWeight?: number;
  charWeight?: number;
  /** Longer texts are cut here (default 4000 UTF-16 units) so one huge paste cannot stall a batch. */
  maxChars?: number;
};

export const DEFAULT_CHAR_NGRAMS: Record<Lang, NgramRange> = { ko: [1, 3], en: [2, 4], other: [1, 3] };

export type ResolvedFeatureOptions = {
  bits: number;
  wordNgrams: NgramRange;
  charNgrams: Record<Lang, NgramRange>;
  negation: boolean | null;
  weighting: "binary" | "count" | "log";
  normalize: boolean;
  minNorm: number;
  wordWeight: number;
  charWeight: number;
  maxChars: number;
};

export function resolveFeatureOptions(o: FeatureOptions = {}): ResolvedFeatureOptions {
  const c = o.charNgrams;
  const charNgrams: Record<Lang, NgramRange> = Array.isArray(c)
    ? { ko: c, en: c, other: c }
    : { ...DEFAULT_CHAR_NGRAMS, ...(c ?? {}) };
  return {
    bits: o.bits ?? 20,
    wordNgrams: o.wordNgrams ?? [1, 2],
    charNgrams,
    negation: o.negation ?? null,
    weighting: o.weighting ?? "log",
    normalize: o.normalize ?? true,
    minNorm: o.minNorm ?? 0,
    wordWeight: o.wordWeight ?? 1,
    charWeight: o.charWeight ?? 1,
    maxChars: o.maxChars ?? 4000,
  };
}

/** Namespaces keep a word and a character n-gram with the same letters apart. */
export const WORD_SEED = fnvString("w\u0000");
export const CHAR_SEED = fnvString("c\u0000");
const NEG_SEED = fnvString(NEG_PREFIX, WORD_SEED);
const NEGATOR_HASHES = new Set<number>([...NEGATORS].map((w) => fnvString(w, WORD_SEED)));

/** Bucket of a word token as the tokenisers spell it (e.g. "NEG_good"): for reading a model's weights. */
export function wordFeatureIndex(token: string, bits = 20): number {
  return fmix32(fnvString(token, WORD_SEED)) & ((1 << bits) - 1);
}
export function wordBigramIndex(a: string, b: string, bits = 20): number {
  return fmix32(combineHash(fnvString(a, WORD_SEED), fnvString(b, WORD_SEED))) & ((1 << bits) - 1);
}
export function charNgramIndex(gram: string, bits = 20): number {
  return fmix32(fnvString(gram, CHAR_SEED)) & ((1 << bits) - 1);
}

/**
 * Hashed word + character n-gram features, reusing its buffers: `extract` fills
 * `idx[0..n)` / `val[0..n)` (distinct buckets) and returns n. The arrays are only valid
 * until the next call. One extractor per thread of work (it reuses its buffers).
 */
export class FeatureExtractor {
  readonly opts: ResolvedFeatureOptions;
  readonly dim: number;
  idx: Int32Array;
  val: Float32Array;
  private readonly mask: number;
  // small open-addressing table bucket -> slot in idx/val, cleared by bumping `gen`:
  // cache-friendly where a 2^bits dense scratch array would miss on every n-gram
  private tkey = new Int32Array(1024);
  private tslot = new Int32Array(1024);
  private tgen = new Uint32Array(1024);
  private gen = 0;
  private cbuf: Uint16Array;

  constructor(opts: FeatureOptions = {}) {
    this.opts = resolveFeatureOptions(opts);
    this.dim = 1 << this.opts.bits;
    this.mask = this.dim - 1;
    this.idx = new Int32Array(1024);
    this.val = new Float32Array(1024);
    this.cbuf = new Uint16Array(1024);
  }

  private n = 0;
  /** Number of word (and emoji) tokens in the last extracted text (0 when word features are off). */
  wordCount = 0;

  private add(h: number, w: number): void {
    const b = fmix32(h) & this.mask;
    const tm = this.tkey.length - 1;
    let s = (Math.imul(b, 0x9e3779b1) >>> 0) & tm;
    for (;;) {
      if (this.tgen[s] !== this.gen) break;
      if (this.tkey[s] === b) { this.val[this.tslot[s]] += w; return; }
      s = (s + 1) & tm;
    }
    if (this.n === this.idx.length) {
      const ni = new Int32Array(this.n * 2); ni.set(this.idx); this.idx = ni;
      const nv = new Float32Array(this.n * 2); nv.set(this.val); this.val = nv;
    }
    this.tgen[s] = this.gen;
    this.tkey[s] = b;
    this.tslot[s] = this.n;
    this.idx[this.n] = b;
    this.val[this.n] = w;
    this.n++;
    if (this.n * 2 > this.tkey.length) this.growTable();
  }

  private growTable(): void {
    const size = this.tkey.length * 2;
    this.tkey = new Int32Array(size);
    this.tslot = new Int32Array(size);
    this.tgen = new Uint32Array(size);
    this.gen = 1;
    const tm = size - 1;
    for (let k = 0; k < this.n; k++) {
      const b = this.idx[k];
      let s = (Math.imul(b, 0x9e3779b1) >>> 0) & tm;
      while (this.tgen[s] === 1) s = (s + 1) & tm;
      this.tgen[s] = 1;
      this.tkey[s] = b;
      this.tslot[s] = k;
    }
  }

  /** `extra`: tokens from outside the text (e.g. lexicon classes) hashed like words, before weighting and normalisation. */
  extract(text: string, lang: Lang | "auto" = "auto", extra?: readonly string[]): number {
    const o = this.opts;
    const l: Lang = lang === "auto" ? detectLanguage(text) : lang;
    let s = text.length > o.maxChars ? text.slice(0, o.maxChars) : text;
    s = s.toLowerCase();
    const len = s.length;
    this.n = 0;
    this.wordCount = 0;
    this.gen = (this.gen + 1) >>> 0;
    if (this.gen === 0) { this.tgen.fill(0); this.gen = 1; }

    const [wmin, wmax] = o.wordNgrams;
    if (wmax >= 1) {
      const neg = o.negation ?? l === "en";
      const ww = o.wordWeight;
      let clause = 0;
      let negClause = -1;
      let prev = 0;
      let havePrev = false;
      let i = 0;
      while (i < len) {
        const c = s.charCodeAt(i);
        let h: number;
        if (isWordChar(c)) {
          h = WORD_SEED;
          let hn = NEG_SEED;
          let j = i;
          while (j < len) {
            let d = s.charCodeAt(j);
            if (!isWordChar(d)) {
              if (isApostrophe(d) && j + 1 < len && isWordChar(s.charCodeAt(j + 1))) d = 0x27;
              else break;
            }
            h = Math.imul(h ^ d, FNV_PRIME);
            hn = Math.imul(hn ^ d, FNV_PRIME);
            j++;
          }
          if (neg) {
            const nt = j - i >= 3 && s.charCodeAt(j - 1) === 0x74 && isApostrophe(s.charCodeAt(j - 2)) && s.charCodeAt(j - 3) === 0x6e;
            if (nt || NEGATOR_HASHES.has(h)) negClause = clause;
            else if (clause === negClause) h = hn;
          }
          i = j;
        } else if (isSymbolStart(c)) {
          h = Math.imul(WORD_SEED ^ c, FNV_PRIME);
          if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) { h = Math.imul(h ^ s.charCodeAt(i + 1), FNV_PRIME); i += 2; } else i++;
        } else {
          if (isClauseBreak(c)) clause++;
          i++;
          continue;
        }
        this.wordCount++;
        if (wmin <= 1) this.add(h, ww);
        if (wmax >= 2 && havePrev) this.add(combineHash(prev, h), ww);
        prev = h;
        havePrev = true;
      }
    }

    if (extra) for (const t of extra) this.add(fnvString(t, WORD_SEED), o.wordWeight);

    const [cmin, cmax] = o.charNgrams[l];
    if (cmax >= 1) {
      // the character stream: white space runs -> one space, padded with a space each side
      if (this.cbuf.length < len + 2) this.cbuf = new Uint16Array(len * 2 + 2);
      const cb = this.cbuf;
      let m = 0;
      cb[m++] = 0x20;
      for (let i = 0; i < len; i++) {
        const c = s.charCodeAt(i);
        if (isSpace(c)) { if (cb[m - 1] !== 0x20) cb[m++] = 0x20; } else cb[m++] = c;
      }
      if (cb[m - 1] !== 0x20) cb[m++] = 0x20;
      const cw = o.charWeight;
      for (let a = 0; a < m; a++) {
        let h = CHAR_SEED;
        const end = Math.min(m, a + cmax);
        for (let b = a; b < end; b++) {
          h = Math.imul(h ^ cb[b], FNV_PRIME);
          const k = b - a + 1;
          if (k >= cmin && !(k === 1 && cb[b] === 0x20)) this.add(h, cw);
        }
      }
    }

    // weighting and normalisation
    const n = this.n;
    const val = this.val;
    let ss = 0;
    for (let k = 0; k < n; k++) {
      const a = val[k];
      const v = o.weighting === "binary" ? 1 : o.weighting === "log" ? (a > 1 ? 1 + Math.log(a) : a) : a;
      val[k] = v;
      ss += v * v;
    }
    if (o.normalize && ss > 0) {
      const inv = 1 / Math.max(Math.sqrt(ss), o.minNorm);
      for (let k = 0; k < n; k++) val[k] *= inv;
    }
    return n;
  }
}

export type SparseVector = { indices: Int32Array; values: Float32Array; dim: number };

const cache = new Map<string, FeatureExtractor>();

/** Convenience form of FeatureExtractor.extract returning fresh arrays (hot loops should hold an extractor). */
export function textFeatures(text: string, lang: Lang | "auto" = "auto", opts: FeatureOptions = {}): SparseVector {
  const key = JSON.stringify(resolveFeatureOptions(opts));
  let fx = cache.get(key);
  if (!fx) {
    if (cache.size > 8) cache.clear();
    fx = new FeatureExtractor(opts);
    cache.set(key, fx);
  }
  const n = fx.extract(text, lang);
  return { indices: fx.idx.slice(0, n), values: fx.val.slice(0, n), dim: fx.dim };
}
