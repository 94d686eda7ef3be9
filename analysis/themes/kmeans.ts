// Spherical k-means (cosine) on unit-length dense rows, k-means++ seeding, best of several restarts.
import { mulberry32, type Random } from "../random.js";

export interface KMeansResult {
  labels: Int32Array;
  /** k x d, row-major, unit length */
  centroids: Float32Array;
  /** sum over items of cosine to own centroid (higher is better) */
  objective: number;
  k: number;
}

export interface KMeansOptions {
  seed?: number;
  restarts?: number;
  maxIter?: number;
}

function dot(x: Float32Array, xo: number, c: Float32Array, co: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += x[xo + j] * c[co + j];
  return s;
}

function plusPlus(x: Float32Array, n: number, d: number, k: number, rng: Random): Float32Array {
  const c = new Float32Array(k * d);
  const first = Math.floor(rng() * n);
  c.set(x.subarray(first * d, first * d + d), 0);
  const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) dist[i] = Math.max(0, 2 - 2 * dot(x, i * d, c, 0, d));
  for (let m = 1; m < k; m++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += dist[i];
    let pickIdx = 0;
    if (total > 0) {
      // greedy k-means++: best of a few candidates by resulting potential (as scikit-learn)
      const trials = 2 + Math.floor(Math.log(k));
      let best = Infinity;
      for (let t = 0; t < trials; t++) {
        let r = rng() * total;
        let cand = 0;
        for (; cand < n - 1; cand++) {
          r -= dist[cand];
          if (r <= 0) break;
        }
        let pot = 0;
        for (let i = 0; i < n; i++) pot += Math.min(dist[i], Math.max(0, 2 - 2 * dot(x, i * d, x, cand * d, d)));
        if (pot < best) {
          best = pot;
          pickIdx = cand;
        }
      }
    } else pickIdx = Math.floor(rng() * n);
    c.set(x.subarray(pickIdx * d, pickIdx * d + d), m * d);
    for (let i = 0; i < n; i++) dist[i] = Math.min(dist[i], Math.max(0, 2 - 2 * dot(x, i * d, c, m * d, d)));
  }
  return c;
}

function lloyd(x: Float32Array, n: number, d: number, k: number, c: Float32Array, maxIter: number, rng: Random): KMeansResult {
  const tolChanged = Math.floor(n / 2000); // a handful of items flipping back and forth is converged
  const labels = new Int32Array(n).fill(-1);
  const sims = new Float64Array(n);
  let objective = 0;
  for (let it = 0; it < maxIter; it++) {
    let changed = 0;
    objective = 0;
    for (let i = 0; i < n; i++) {
      let best = -Infinity;
      let bl = 0;
      for (let m = 0; m < k; m++) {
        const s = dot(x, i * d, c, m * d, d);
        if (s > best) {
          best = s;
          bl = m;
        }
      }
      if (labels[i] !== bl) changed++;
      labels[i] = bl;
      sims[i] = best;
      objective += best;
    }
    if (changed <= tolChanged) break;
    c.fill(0);
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const o = labels[i] * d;
      counts[labels[i]]++;
      for (let j = 0; j < d; j++) c[o + j] += x[i * d + j];
    }
    for (let m = 0; m < k; m++) {
      if (counts[m] === 0) {
        // empty cluster: move it to the worst-served item
        let worst = 0;
        for (let i = 1; i < n; i++) if (sims[i] < sims[worst]) worst = i;
        sims[worst] = Infinity;
        c.set(x.subarray(worst * d, worst * d + d), m * d);
        continue;
      }
      let s = 0;
      for (let j = m * d; j < m * d + d; j++) s += c[j] * c[j];
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let j = m * d; j < m * d + d; j++) c[j] *= inv;
    }
    void rng;
  }
  return { labels, centroids: c, objective, k };
}

/** x: n x d row-major, rows unit length. */
export function sphericalKMeans(x: Float32Array, d: number, k: number, opts: KMeansOptions = {}): KMeansResult {
  const n = x.length / d;
  if (k < 1 || k > n) throw new RangeError(`k must be in 1..${n}, got ${k}`);
  const rng = mulberry32(opts.seed ?? 0);
  let best: KMeansResult | null = null;
  for (let r = 0; r < (opts.restarts ?? 4); r++) {
    const res = lloyd(x, n, d, k, plusPlus(x, n, d, k, rng), opts.maxIter ?? 50, rng);
    if (!best || res.objective > best.objective) best = res;
  }
  return best!;
}
