// Korean recipe search on the tuning part only (issue 11). The NSMC tuning part is split once
// more by a stable hash of the review id ("inner"): a model per candidate recipe is trained on
// the inner-train rows of train_balanced's tuning part (by_rating ids left out, as ko.bin leaves
// them out) and scored on
//   natural:   the inner-validation rows of train_balanced's tuning part (the natural rating mix)
//   by_rating: by_rating's tuning part, ratings 1-4 / 9-10 (as many 4/9-star as 1/10-star reviews)
// Report-part rows are never read.   npx tsx tests/eval/ko_tune.ts [candidate ...]
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseNsmc, type NsmcRow } from "../../analysis/sentiment/data.js";
import { KOREAN_SUFFIXES } from "../../analysis/text/stem.js";
import { buildDataset, trainLinear, type TrainOptions } from "../../analysis/sentiment/linear.js";
import { KO_RECIPE, nbRatios } from "../../analysis/sentiment/recipes.js";
import { FeatureExtractor, type FeatureOptions } from "../../analysis/text/features.js";
import { hash32 } from "../../analysis/text/hash.js";
import { mulberry32, shuffleInPlace } from "../../analysis/random.js";
import { partOf } from "./split.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
// ../shared/data beside the checkout, or one level further up from a worktree
const dataDir = process.env.SHARED_DATA ?? [resolve(root, "../shared/data"), resolve(root, "../../shared/data")].find(existsSync) ?? resolve(root, "../shared/data");
const read = (p: string) => parseNsmc(readFileSync(join(dataDir, p), "utf8"));

/** The inner validation share of the tuning part. */
const INNER_VAL = 0.25;
const innerVal = (id: string) => hash32(`nsmc-inner\u0000${id}`) / 2 ** 32 < INNER_VAL;

const tb = read("nsmc/train_balanced_100k.tsv").filter((r) => partOf("nsmc", r.id) === "tune");
const br = read("nsmc/by_rating_1k_each.tsv").filter((r) => partOf("nsmc", r.id) === "tune");
const brIds = new Set(br.map((r) => r.id));
const allTrain = tb.filter((r) => !brIds.has(r.id) && !innerVal(r.id));
const train = allTrain;
const natural = tb.filter((r) => !brIds.has(r.id) && innerVal(r.id));
const byRating = br.filter((r) => r.rating <= 4 || r.rating >= 9);
console.error(`train ${train.length}, natural ${natural.length}, by_rating ${byRating.length}`);

export type Candidate = {
  features: FeatureOptions;
  train: TrainOptions;
  nbAlpha: number | null;
  /** Extra word-like tokens per text. */
  extra?: (t: string) => string[];
  /** Text rewrite before features (training and scoring). */
  prep?: (t: string) => string;
  /** Score with the NB log-count ratios themselves (multinomial NB over the features), no training. */
  nbOnly?: boolean;
  /** Train on these rows only (default: all inner-train rows). */
  keep?: (r: NsmcRow) => boolean;
  /** Per-row weight from the rating. */
  weight?: (r: NsmcRow) => number;
};

const base: Candidate = { features: KO_RECIPE.features, train: KO_RECIPE.train, nbAlpha: KO_RECIPE.nbAlpha };

function logits(c: Candidate) {
  const train = c.keep ? allTrain.filter(c.keep) : allTrain;
  const fx = new FeatureExtractor(c.features);
  const prep = c.prep ?? ((t: string) => t);
  const ds = buildDataset(train.map((r) => prep(r.text)), fx, "auto", c.extra);
  const y = Int32Array.from(train, (r) => (r.label === 1 ? 1 : 0));
  let scale: Float64Array | null = null;
  if (c.nbAlpha !== null) {
    scale = nbRatios(ds, y, fx.dim, c.nbAlpha);
    for (let p = 0; p < ds.idx.length; p++) ds.val[p] *= scale[ds.idx[p]];
  }
  if (c.nbOnly && scale) {
    for (let p = 0; p < ds.idx.length; p++) ds.val[p] = 0;
  }
  const sw = c.weight ? Float32Array.from(train, c.weight) : undefined;
  const t = trainLinear(ds, y, 2, fx.dim, { ...c.train, sampleWeight: sw });
  const w = new Float64Array(fx.dim);
  for (let j = 0; j < fx.dim; j++) w[j] = c.nbOnly ? scale![j] : (t.weights[2 * j + 1] - t.weights[2 * j]) * (scale ? scale[j] : 1);
  const b = t.bias[1] - t.bias[0];
  const score = (rows: NsmcRow[]) =>
    rows.map((r) => {
      const t = prep(r.text);
      const n = fx.extract(t, "auto", c.extra?.(t));
      let z = b;
      for (let p = 0; p < n; p++) z += w[fx.idx[p]] * fx.val[p];
      return z;
    });
  return { natural: score(natural), byRating: score(byRating) };
}

/** Probe: one hidden ReLU layer over the same hashed features (Adagrad, seeded init), to see whether a non-linear model gains. */
function mlpLogits(c: Candidate, H: number, epochs: number, lr: number) {
  const fx = new FeatureExtractor(c.features);
  const ds = buildDataset(train.map((r) => r.text), fx, "auto");
  const y = Int32Array.from(train, (r) => (r.label === 1 ? 1 : 0));
  const rng = mulberry32(7);
  const E = new Float32Array(fx.dim * H);
  for (let i = 0; i < E.length; i++) E[i] = (rng() - 0.5) * 0.2;
  const GE = new Float32Array(fx.dim * H);
  const b1 = new Float64Array(H);
  const Gb1 = new Float64Array(H);
  const v = new Float64Array(H);
  for (let k = 0; k < H; k++) v[k] = (rng() - 0.5) * 0.2;
  const Gv = new Float64Array(H);
  let b0 = 0;
  let Gb0 = 0;
  const h = new Float64Array(H);
  const gh = new Float64Array(H);
  const fwd = (idx: Int32Array, val: Float32Array | Float64Array, a: number, b: number) => {
    for (let k = 0; k < H; k++) h[k] = b1[k];
    for (let p = a; p < b; p++) {
      const base = idx[p] * H;
      const x = val[p];
      for (let k = 0; k < H; k++) h[k] += E[base + k] * x;
    }
    let z = b0;
    for (let k = 0; k < H; k++) {
      if (h[k] < 0) h[k] = 0;
      z += v[k] * h[k];
    }
    return z;
  };
  const order = Array.from({ length: ds.n }, (_, i) => i);
  for (let ep = 0; ep < epochs; ep++) {
    shuffleInPlace(order, rng);
    for (const i of order) {
      const a = ds.indptr[i];
      const b = ds.indptr[i + 1];
      const z = fwd(ds.idx, ds.val, a, b);
      const g = 1 / (1 + Math.exp(-z)) - y[i];
      Gb0 += g * g;
      b0 -= (lr * g) / Math.sqrt(Gb0 + 1e-8);
      for (let k = 0; k < H; k++) {
        gh[k] = h[k] > 0 ? g * v[k] : 0;
        const gv = g * h[k];
        Gv[k] += gv * gv;
        v[k] -= (lr * gv) / Math.sqrt(Gv[k] + 1e-8);
        Gb1[k] += gh[k] * gh[k];
        b1[k] -= (lr * gh[k]) / Math.sqrt(Gb1[k] + 1e-8);
      }
      for (let p = a; p < b; p++) {
        const base = ds.idx[p] * H;
        const x = ds.val[p];
        for (let k = 0; k < H; k++) {
          const ge = gh[k] * x;
          if (ge === 0) continue;
          GE[base + k] += ge * ge;
          E[base + k] -= (lr * ge) / Math.sqrt(GE[base + k] + 1e-8);
        }
      }
    }
  }
  const score = (rows: NsmcRow[]) =>
    rows.map((r) => {
      const n = fx.extract(r.text, "auto");
      return fwd(fx.idx, fx.val, 0, n);
    });
  return { natural: score(natural), byRating: score(byRating) };
}

const acc = (z: number[], rows: NsmcRow[]) => z.filter((v, i) => (v > 0 ? 1 : 0) === (rows[i].rating >= 9 ? 1 : 0)).length / rows.length;

export function run(name: string, c: Candidate) {
  const t0 = Date.now();
  const z = logits(c);
  const a = acc(z.natural, natural);
  const b = acc(z.byRating, byRating);
  const per = [1, 2, 3, 4, 9, 10].map((k) => {
    const i = byRating.map((r, j) => j).filter((j) => byRating[j].rating === k);
    return `${k}:${(i.filter((j) => (z.byRating[j] > 0 ? 1 : 0) === (k >= 9 ? 1 : 0)).length / i.length).toFixed(2)}`;
  });
  // by_rating's per-rating accuracies weighted by train_balanced's rating mix: an estimate of the natural-mix accuracy
  const mix: Record<number, number> = {};
  for (const r of tb) mix[r.rating] = (mix[r.rating] ?? 0) + 1 / tb.length;
  const rw = [1, 2, 3, 4, 9, 10].reduce((s, k) => {
    const i = byRating.map((r, j) => j).filter((j) => byRating[j].rating === k);
    return s + mix[k] * (i.filter((j) => (z.byRating[j] > 0 ? 1 : 0) === (k >= 9 ? 1 : 0)).length / i.length);
  }, 0);
  console.log(`${name.padEnd(40)} natural ${a.toFixed(4)}  by_rating ${b.toFixed(4)} (reweighted ${rw.toFixed(4)})  [${per.join(" ")}] (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  return z;
}

// Korean particles and endings, longest first (the labels' list): a word's stem is what is left after the longest match.
const SUFFIXES = KOREAN_SUFFIXES;
const isHangul = (c: number) => c >= 0xac00 && c <= 0xd7a3;
export function koStems(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().split(/\s+/)) {
    let a = 0;
    let b = raw.length;
    while (a < b && !isHangul(raw.charCodeAt(a))) a++;
    while (b > a && !isHangul(raw.charCodeAt(b - 1))) b--;
    if (b - a < 2) continue;
    const w = raw.slice(a, b);
    for (const s of SUFFIXES)
      if (w.length > s.length && w.endsWith(s)) {
        out.push("s:" + w.slice(0, w.length - s.length));
        break;
      }
  }
  return out;
}

/** Character n-grams of the text with its spaces taken out that span a removed space (spacing varies in Korean reviews). */
function despaced(t: string, lo = 2, hi = 4): string[] {
  const out: string[] = [];
  const s = t.toLowerCase();
  const chars: string[] = [];
  const gapBefore: boolean[] = [];
  let gap = false;
  for (const ch of s) {
    if (/\s/.test(ch)) { gap = chars.length > 0; continue; }
    chars.push(ch);
    gapBefore.push(gap);
    gap = false;
  }
  for (let a = 0; a < chars.length; a++)
    for (let k = lo; k <= hi && a + k <= chars.length; k++) {
      let spans = false;
      for (let j = a + 1; j < a + k; j++) if (gapBefore[j]) spans = true;
      if (spans) out.push("d:" + chars.slice(a, a + k).join(""));
    }
  return out;
}
/** Runs of one repeated character cut to two (ㅋㅋㅋㅋ, ㅠㅠㅠ, !!!!, ....). */
const squeeze = (t: string) => t.replace(/(.)\1{2,}/gu, "$1$1");

const candidates: Record<string, () => Candidate> = {
  seed2: () => ({ ...base, train: { ...base.train, seed: 2 } }),
  seed3: () => ({ ...base, train: { ...base.train, seed: 3 } }),
  half: () => ({ ...base, keep: (r) => (hash32(`half\u0000${r.id}`) & 1) === 1 }),
  despace: () => ({ ...base, extra: despaced }),
  despace3: () => ({ ...base, extra: (t) => despaced(t, 3, 3) }),
  squeeze: () => ({ ...base, prep: squeeze }),
  mnb: () => ({ ...base, nbOnly: true, train: { ...base.train, epochs: 0 } }),
  stems: () => ({ ...base, extra: koStems }),
  "w49": () => ({ ...base, weight: (r) => (r.rating === 4 || r.rating === 9 ? 2 : 1) }),
  "w-uniform": () => {
    const cnt: Record<number, number> = {};
    for (const r of train) cnt[r.rating] = (cnt[r.rating] ?? 0) + 1;
    return { ...base, weight: (r) => train.length / 6 / cnt[r.rating] };
  },
  charOnly: () => ({ ...base, features: { ...base.features, wordNgrams: [0, 0] } }),
  wordOnly: () => ({ ...base, features: { ...base.features, charNgrams: [0, 0] as [number, number] } }),
  wordStems: () => ({ ...base, features: { ...base.features, charNgrams: [0, 0] as [number, number] }, extra: koStems }),
  base: () => base,
  "ep8": () => ({ ...base, train: { ...base.train, epochs: 8 } }),
  "ep2": () => ({ ...base, train: { ...base.train, epochs: 2 } }),
  "lr0.05": () => ({ ...base, train: { ...base.train, lr: 0.05 } }),
  "lr0.2": () => ({ ...base, train: { ...base.train, lr: 0.2 } }),
  "l2-1e-5": () => ({ ...base, train: { ...base.train, l2: 1e-5 } }),
  "l2-1e-7": () => ({ ...base, train: { ...base.train, l2: 1e-7 } }),
  "nb0.5": () => ({ ...base, nbAlpha: 0.5 }),
  "nbOff": () => ({ ...base, nbAlpha: null }),
  "bits24": () => ({ ...base, features: { ...base.features, bits: 24 } }),
  "char1-6": () => ({ ...base, features: { ...base.features, charNgrams: { ko: [1, 6], en: [2, 5], other: [1, 4] } } }),
  "char2-5": () => ({ ...base, features: { ...base.features, charNgrams: { ko: [2, 5], en: [2, 5], other: [1, 4] } } }),
  "word1-3": () => ({ ...base, features: { ...base.features, wordNgrams: [1, 3] } }),
  "ww2": () => ({ ...base, features: { ...base.features, wordWeight: 2 } }),
  "binary": () => ({ ...base, features: { ...base.features, weighting: "binary" } }),
};

const names = process.argv.slice(2);
const zs = new Map<string, { natural: number[]; byRating: number[] }>();
for (const n of names.length ? names : ["base"]) {
  if (n.includes("+")) {
    // average of the named candidates' log-odds (each run earlier on the command line)
    const parts = n.split("+").map((p) => ({ z: zs.get(p.split("*")[0])!, f: Number(p.split("*")[1] ?? 1) }));
    const avg = (k: "natural" | "byRating") => parts[0].z[k].map((_, i) => parts.reduce((s, p) => s + p.f * p.z[k][i], 0) / parts.length);
    const z = { natural: avg("natural"), byRating: avg("byRating") };
    console.log(`${n.padEnd(40)} natural ${acc(z.natural, natural).toFixed(4)}  by_rating ${acc(z.byRating, byRating).toFixed(4)}`);
    continue;
  }
  const mlp = /^mlp(\d+)-(\d+)-([\d.]+)$/.exec(n);
  if (mlp) {
    const t0 = Date.now();
    const z = mlpLogits({ ...base, features: { ...base.features, bits: 20 } }, Number(mlp[1]), Number(mlp[2]), Number(mlp[3]));
    zs.set(n, z);
    console.log(`${n.padEnd(40)} natural ${acc(z.natural, natural).toFixed(4)}  by_rating ${acc(z.byRating, byRating).toFixed(4)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    continue;
  }
  const c = candidates[n];
  if (!c) throw new Error(`unknown candidate ${n}`);
  zs.set(n, run(n, c()));
}
