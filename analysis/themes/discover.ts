// Discovery: cluster items no theme covers into candidate themes.
// Pipeline (measured on BANKING77, see README): TF-IDF words + char n-grams -> LSA (100 dims)
// -> feature smoothing over the sparse 10-NN graph (4 steps; pulls paraphrases together,
// NMI 0.54 -> 0.66) -> spherical k-means (k-means++, best of restarts).
import { mulberry32, permutation } from "../random.js";
import { knnSparseCappedBegun, normalizedAdjacency, smoothDense } from "./graph.js";
import { kMeansRuns, nearestCentres } from "./kmeans.js";
import { f32, Pool, sharedCsr } from "./parallel.js";
import { ari } from "./quality.js";
import { buildThemeSpace, type SpaceOptions } from "./space.js";
import { truncatedSvd, truncatedSvdFitOn } from "./svd.js";
import { normalizeRows } from "./vectorize.js";
import { isLabelStopword } from "./stopwords.js";
import { koreanLabelForm, labelStem } from "../text/stem.js";
import { hasHangulSyllable } from "../text/chars.js";

export interface DiscoverOptions extends SpaceOptions {
  /** number of clusters, or "auto" (default): best mean silhouette over a grid from 3, on a sample */
  k?: number | "auto";
  seed?: number;
  /** clusters smaller than this are dropped; their items stay unassigned (default max(3, 1 % of n)) */
  minSize?: number;
  /** LSA dimensions (default 100) */
  dims?: number;
  /** graph smoothing steps (default 4; 0 = plain LSA) */
  smoothSteps?: number;
  restarts?: number;
  /** per-item sentiment in -1..1 (null = unknown), averaged per theme */
  sentiment?: readonly (number | null)[];
  /** largest k tried by "auto" (default min(60, n / minSize)) */
  maxK?: number;
  /** the LSA basis and k-means fit on a seeded sample of at most this many items; the rest are projected and join their nearest centre (default 10,000) */
  sampleLimit?: number;
  /** run the two extra seeds for the stability figure (default true) */
  stability?: boolean;
  /** cores the caller gives discovery (default 1): from 3,000 items it runs on that many threads, at most 4 (worker_threads, parallel.ts) for the kNN graph, the smoothing, k-means and the assignment; the output is the same for any number. The caller counts the machine's cores: analysis/ does not look at its environment */
  cores?: number;
  /** exactly this many threads, whatever the size (tests pin them); overrides `cores` */
  threads?: number;
}

export interface CandidateTheme {
  /** stable within a run: "d1", "d2", ... by decreasing size */
  id: string;
  label: string;
  terms: string[];
  size: number;
  share: number;
  quotes: string[];
  quoteIndices: number[];
  meanSentiment: number | null;
  /** discoverThemesByGroup only: the group (language) the theme was discovered in */
  group?: string;
}

export interface DiscoveryResult {
  themes: CandidateTheme[];
  /** per item: index into `themes`, or -1 (cluster below the minimum size) */
  assignments: Int32Array;
  /** per item: cosine to its cluster centre in the clustering space */
  similarity: Float32Array;
  k: number;
  /** how k was chosen, with the silhouette per k tried */
  kScores: { k: number; silhouette: number }[];
  /** mean pairwise ARI of the partitions from seeds seed, seed+1, seed+2 (null when not run) */
  stability: number | null;
}

/**
 * Mean silhouette (cosine distance) of a sample of unit rows. The mean distance of row i to
 * cluster c is 1 - x_i . (sum of c's rows) / |c| (own cluster: without i itself), so one pass
 * over the cluster sums gives what the pairwise form did in O(n^2 d): 2,000 rows, 17 values of
 * k, from several seconds to milliseconds.
 */
export function silhouette(x: Float32Array, d: number, labels: ArrayLike<number>, k: number): number {
  const n = x.length / d;
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const o = labels[i] * d;
    counts[labels[i]]++;
    for (let t = 0; t < d; t++) sums[o + t] += x[i * d + t];
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i];
    if (counts[own] <= 1) continue; // singleton: silhouette 0
    const io = i * d;
    let self = 0;
    for (let t = 0; t < d; t++) self += x[io + t] * x[io + t];
    let a = 0;
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue;
      let s = 0;
      for (let t = 0; t < d; t++) s += x[io + t] * sums[c * d + t];
      if (c === own) a = (counts[c] - 1 - (s - self)) / (counts[c] - 1);
      else b = Math.min(b, (counts[c] - s) / counts[c]);
    }
    if (b === Infinity) continue;
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

// k = 2 is tried only when nothing larger fits: on every labelled set where it won the silhouette
// it was the coarsest line in the data, not themes (CFPB's five products: k = 2, NMI 0.312; from
// k = 3 on, k = 4, 0.420; a Korean/English slice: the languages, README).
function kGrid(maxK: number): number[] {
  const out: number[] = [];
  for (let k = maxK >= 3 ? 3 : 2; k <= maxK; k = k < 10 ? k + 1 : Math.round(k * 1.25)) out.push(k);
  return out;
}

/**
 * c-TF-IDF over readable words: frequent in the cluster, rare across clusters. A word whose
 * label stem (analysis/text/stem.ts) a better word already has is skipped, so a label reads
 * "charge" once, not "charged / charges". (Counting English words by stem instead named
 * BANKING77's intents less often: 64.0 % of labels against 66.9 %, tests/eval/labels.ts on the
 * tuning part.)
 */
export function distinctiveTerms(words: readonly string[][], labels: ArrayLike<number>, k: number, top = 5): string[][] {
  const perCluster: Map<string, number>[] = Array.from({ length: k }, () => new Map());
  const overall = new Map<string, number>();
  const sizes = new Float64Array(k);
  // Each distinct word is judged once: the form it counts under, or null when no label may use it.
  const countAs = new Map<string, string | null>();
  for (let i = 0; i < words.length; i++) {
    const c = labels[i];
    if (c < 0) continue;
    for (const word of words[i]) {
      let w = countAs.get(word);
      if (w === undefined) {
        // Korean words count without their particle: 배송이 / 배송은 / 배송을 are one word.
        w = !readable(word) ? null : hasHangulSyllable(word) ? koreanLabelForm(word) : word;
        countAs.set(word, w);
      }
      if (w === null) continue;
      perCluster[c].set(w, (perCluster[c].get(w) ?? 0) + 1);
      overall.set(w, (overall.get(w) ?? 0) + 1);
      sizes[c]++;
    }
  }
  let avg = 0;
  for (const s of sizes) avg += s / k;
  return perCluster.map((m, c) => {
    const scored: [string, number][] = [];
    for (const [w, f] of m) {
      if (f < 2 && sizes[c] > 20) continue; // one-off words make unreadable labels
      scored.push([w, (f / (sizes[c] || 1)) * Math.log(1 + avg / overall.get(w)!)]);
    }
    scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const out: string[] = [];
    const stems = new Set<string>();
    for (const [w] of scored) {
      const st = labelStem(w);
      if (stems.has(st)) continue;
      stems.add(st);
      out.push(w);
      if (out.length === top) break;
    }
    return out;
  });
}

function readable(w: string): boolean {
  if (w.length < 2 && !hasHangulSyllable(w)) return false;
  // A letter of any script: a JavaScript \W also matches Hangul, which once kept every Korean word out.
  if (!/\p{L}/u.test(w)) return false;
  if (/^x{2,}$/.test(w)) return false; // redaction marks (CFPB "xxxx")
  if (/^[\u3131-\u318E]+$/.test(w)) return false; // jamo only: emoticons (ㅠㅠ, ㅡㅡ), not words
  return !isLabelStopword(w);
}

function medianWords(texts: readonly string[]): number {
  const step = Math.max(1, Math.floor(texts.length / 500)); // a sample is enough for a median
  const counts: number[] = [];
  for (let i = 0; i < texts.length; i += step) counts.push(texts[i].split(/\s+/).filter(Boolean).length);
  counts.sort((a, b) => a - b);
  return counts.length ? counts[counts.length >> 1] : 0;
}

export function discoverThemes(texts: readonly string[], opts: DiscoverOptions = {}): DiscoveryResult {
  // Workers pay from about 3,000 items (speed-up of two threads over one in a warm process,
  // k = n / 30, README: 2,000 items 0.9x, 3,000 1.0-1.7x, 5,000 and 10,000 1.5x): below, their
  // start and their cold JIT cost more than they save.
  const threads = opts.threads ?? (texts.length >= 3000 ? Math.max(1, Math.min(4, opts.cores ?? 1)) : 1);
  const pool = threads > 1 && texts.length > 10 ? new Pool(threads) : null;
  try {
    return discover(texts, opts, pool);
  } finally {
    pool?.close();
  }
}

function discover(texts: readonly string[], opts: DiscoverOptions, pool: Pool | null): DiscoveryResult {
  const n = texts.length;
  const seed = opts.seed ?? 1;
  const minSize = opts.minSize ?? Math.max(3, Math.ceil(n * 0.01));
  if (n === 0) return { themes: [], assignments: new Int32Array(0), similarity: new Float32Array(0), k: 0, kScores: [], stability: null };
  // Long texts (median of 40 words or more, e.g. complaint narratives) carry enough words on
  // their own: character n-grams then mostly add shared morphology, and their themes are few
  // and broad, so fewer LSA dimensions, a rarer-term cut (0.5 % of items) and less smoothing.
  // CFPB k = 5: NMI 0.38 -> 0.42; short texts (BANKING77, NSMC) keep the defaults.
  // Function words and bigrams out as well (bigrams across the dropped words are noise), and one
  // smoothing step: CFPB 0.433 -> 0.451 (seeds 1-3), 0.424 -> 0.453 (seeds 1-6).
  const long = medianWords(texts) >= 40;
  let { matrix, words } = buildThemeSpace(texts, {
    contentWords: true,
    dropStopwords: long,
    bigrams: !long,
    ...opts,
    charWeight: opts.charWeight ?? (long ? 0 : 0.5),
    minDf: opts.minDf ?? (long && n >= 50 ? Math.max(2, Math.ceil(n * 0.005)) : undefined),
  }, pool !== null);
  // workers read the matrix where it is (words only: a copy replaces it)
  if (pool) matrix = sharedCsr(matrix);
  const steps = opts.smoothSteps ?? (long ? 1 : 4);
  // Neighbours come from the features themselves (words and characters; the LSA space's
  // neighbours lost 0.66 -> 0.59 NMI at 10,000 items); features in more than 300 items
  // propose none, so the search stays linear in n (exact below 300 items; tuning part: 300 and
  // 1,000 equal at 10,000 items, 0.586 vs 0.570 at 30,000, half the time; README). With a pool
  // the graph's walk runs on a worker beside the LSA.
  const graph = steps > 0 && n > 10 ? knnSparseCappedBegun(matrix, Math.min(10, n - 1), { maxDf: 300 }, pool) : null;
  // The models (LSA basis, k-means centres) are fitted on a seeded sample of at most 10,000
  // items, as scikit-learn's mini-batch k-means does; every item is then projected and assigned.
  // Up to the limit the sample is every item. The graph and the smoothing always cover all items.
  const limit = opts.sampleLimit ?? 10_000;
  const fitRows = n > limit ? permutation(n, mulberry32(seed + 7)).slice(0, limit).sort((a, b) => a - b) : null;
  const dims = opts.dims ?? (long ? 20 : 100);
  const { embedding, dims: d } = fitRows ? truncatedSvdFitOn(matrix, fitRows, dims, { seed }) : truncatedSvd(matrix, dims, { seed });
  normalizeRows(embedding, d);
  let x = embedding;
  if (graph) {
    const g = normalizedAdjacency(graph(), n, "sym");
    // the unsmoothed rows are not needed after (with a pool, the result is in shared memory)
    x = normalizeRows(smoothDense(g, embedding, d, steps, pool ? undefined : embedding, pool), d);
  }
  const restarts = opts.restarts ?? (n <= 5000 ? 10 : 3); // restarts are cheap on small inputs
  const kScores: { k: number; silhouette: number }[] = [];
  let k: number;
  if (opts.k === undefined || opts.k === "auto") {
    const maxK = Math.max(2, Math.min(opts.maxK ?? 60, Math.floor(n / minSize), n - 1));
    // choose k on a sample: silhouette is quadratic in the items it looks at
    const sampleN = Math.min(n, 2000);
    const rows = permutation(n, mulberry32(seed)).slice(0, sampleN);
    const sx = f32(sampleN * d, pool);
    rows.forEach((r, i) => sx.set(x.subarray(r * d, r * d + d), i * d));
    let best = -Infinity;
    k = 2;
    const grid = kGrid(Math.min(maxK, sampleN - 1));
    const fits = kMeansRuns(sx, d, grid.map((kk) => ({ k: kk, seed, restarts: 1 })), pool);
    for (const [i, kk] of grid.entries()) {
      const s = silhouette(sx, d, fits[i].labels, kk);
      kScores.push({ k: kk, silhouette: s });
      if (s > best) {
        best = s;
        k = kk;
      }
    }
  } else k = Math.max(1, Math.min(opts.k, n));
  const fitX = fitRows ? f32(fitRows.length * d, pool) : x;
  if (fitRows) fitRows.forEach((r, i) => fitX.set(x.subarray(r * d, r * d + d), i * d));
  k = Math.min(k, fitX.length / d);
  // the stability runs' restarts go to the threads with the main run's
  const seeds = opts.stability ?? true ? [seed, seed + 1, seed + 2] : [seed];
  const runs = kMeansRuns(fitX, d, seeds.map((s) => ({ k, seed: s, restarts })), pool).map((res) =>
    fitRows ? { ...res, labels: nearestCentres(x, d, res.centroids, res.k, pool) } : res,
  );
  let stability: number | null = null;
  if (runs.length === 3) stability = (ari(runs[0].labels, runs[1].labels) + ari(runs[0].labels, runs[2].labels) + ari(runs[1].labels, runs[2].labels)) / 3;
  const main = runs[0];

  const similarity = new Float32Array(n);
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const c = main.labels[i];
    sizes[c]++;
    let s = 0;
    for (let t = 0; t < d; t++) s += x[i * d + t] * main.centroids[c * d + t];
    similarity[i] = s;
  }
  const kept = Array.from({ length: k }, (_, c) => c)
    .filter((c) => sizes[c] >= minSize)
    .sort((a, b) => sizes[b] - sizes[a] || a - b);
  const newIndex = new Int32Array(k).fill(-1);
  kept.forEach((c, i) => (newIndex[c] = i));
  const assignments = Int32Array.from(main.labels, (c) => newIndex[c]);
  const terms = distinctiveTerms(words, assignments, kept.length, 5);
  const themes: CandidateTheme[] = kept.map((c, i) => {
    const members: number[] = [];
    for (let j = 0; j < n; j++) if (assignments[j] === i) members.push(j);
    members.sort((a, b) => similarity[b] - similarity[a] || a - b);
    const quoteIndices: number[] = [];
    const seen = new Set<string>();
    for (const j of members) {
      const t = texts[j].trim();
      if (seen.has(t)) continue;
      seen.add(t);
      quoteIndices.push(j);
      if (quoteIndices.length === 3) break;
    }
    let sSum = 0;
    let sN = 0;
    if (opts.sentiment)
      for (const j of members) {
        const v = opts.sentiment[j];
        if (v !== null && v !== undefined && Number.isFinite(v)) {
          sSum += v;
          sN++;
        }
      }
    // Labels come from distinctive words; where there are none (a small cluster of one-off
    // words), the most central quote stands in, cut short.
    const central = quoteIndices.length ? texts[quoteIndices[0]].trim().replace(/\s+/g, " ") : "";
    return {
      id: `d${i + 1}`,
      label: terms[i].slice(0, 3).join(" / ") || (central.length > 40 ? `${central.slice(0, 40)}…` : central) || `cluster ${i + 1}`,
      terms: terms[i],
      size: members.length,
      share: members.length / n,
      quotes: quoteIndices.map((j) => texts[j]),
      quoteIndices,
      meanSentiment: sN > 0 ? sSum / sN : null,
    };
  });
  return { themes, assignments, similarity, k, kScores, stability };
}

/**
 * Discovery per group (the job passes each item's language): every group with room for two
 * themes is clustered on its own (its own space, LSA, graph and k) and the themes are pooled,
 * numbered by decreasing size. Languages share no words or characters, so on a mixed slice the
 * silhouette's best split is the language line: 50,000 BANKING77 + UCI + NSMC items gave k = 2
 * (Korean vs English, NMI 0.000); per language, k comes from the topics (README). Each group is
 * discovered as if it were the slice: "auto" and the default minimum size (1 % of the group) are
 * its own; a number k is shared out by group size. Groups below twice the slice's minimum size
 * (e.g. a few items of another script) join the largest group. Each theme says its `group`:
 * the group it was discovered in (for a part that took in small groups, the largest one's).
 */
export function discoverThemesByGroup(texts: readonly string[], groups: readonly string[], opts: DiscoverOptions = {}): DiscoveryResult {
  const n = texts.length;
  if (groups.length !== n) throw new Error("one group per text");
  const poolBelow = 2 * (opts.minSize ?? Math.max(3, Math.ceil(n * 0.01)));
  const members = new Map<string, number[]>();
  groups.forEach((g, i) => (members.get(g) ?? members.set(g, []).get(g)!).push(i));
  const all = [...members.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const parts = all.filter(([, idx], i) => i === 0 || idx.length >= poolBelow).map(([, idx]) => idx);
  if (!parts.length) return discoverThemes(texts, opts);
  for (const [, idx] of all) if (!parts.includes(idx)) parts[0].push(...idx);
  parts[0].sort((a, b) => a - b);
  // each part is named by its largest group (the one the smaller groups joined)
  const names = all.filter(([, idx]) => parts.includes(idx)).map(([g]) => g);
  if (parts.length === 1) {
    const r = discoverThemes(texts, opts);
    return { ...r, themes: r.themes.map((t) => ({ ...t, group: names[0] })) };
  }

  const assignments = new Int32Array(n).fill(-1);
  const similarity = new Float32Array(n);
  const pooled: { theme: CandidateTheme; part: number; local: number; idx: number[] }[] = [];
  const kScores: DiscoveryResult["kScores"] = [];
  let k = 0;
  let stabilitySum = 0;
  let stabilityN = 0;
  const locals: Int32Array[] = [];
  parts.forEach((idx, p) => {
    const share = typeof opts.k === "number" ? Math.max(1, Math.round((opts.k * idx.length) / n)) : "auto";
    const r = discoverThemes(
      idx.map((i) => texts[i]),
      { ...opts, k: share, sentiment: opts.sentiment ? idx.map((i) => opts.sentiment![i]) : undefined },
    );
    k += r.k;
    kScores.push(...r.kScores);
    if (r.stability !== null) {
      stabilitySum += r.stability * idx.length;
      stabilityN += idx.length;
    }
    idx.forEach((i, j) => (similarity[i] = r.similarity[j]));
    locals.push(r.assignments);
    r.themes.forEach((theme, local) => pooled.push({ theme, part: p, local, idx }));
  });
  pooled.sort((a, b) => b.theme.size - a.theme.size || a.part - b.part || a.local - b.local);
  const themes = pooled.map(({ theme, part, local, idx }, t) => {
    locals[part].forEach((c, j) => {
      if (c === local) assignments[idx[j]] = t;
    });
    const quoteIndices = theme.quoteIndices.map((j) => idx[j]);
    return { ...theme, id: `d${t + 1}`, share: theme.size / n, quoteIndices, group: names[part] };
  });
  return { themes, assignments, similarity, k, kScores, stability: stabilityN ? stabilitySum / stabilityN : null };
}
