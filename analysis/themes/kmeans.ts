// Spherical k-means (cosine) on unit-length dense rows, k-means++ seeding, best of several restarts.
import { mulberry32, type Random } from "../random.js";
import { f32, f64, i32, kernel, shared, type Pool } from "./parallel.js";

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
  /** starting centres (k x d, unit rows) instead of k-means++; one run */
  init?: Float32Array;
}

/** Four running sums: independent additions pipeline (about 1.2x over one sum in V8). */
function dot(x: Float32Array, xo: number, c: Float32Array, co: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    s0 += x[xo + j] * c[co + j];
    s1 += x[xo + j + 1] * c[co + j + 1];
    s2 += x[xo + j + 2] * c[co + j + 2];
    s3 += x[xo + j + 3] * c[co + j + 3];
  }
  for (; j < d; j++) s0 += x[xo + j] * c[co + j];
  return s0 + s1 + (s2 + s3);
}

/** dot(x, xo, x, ao, d) and dot(x, xo, x, bo, d), each summed exactly as dot sums it, into out[t], out[t + 1]. */
function dot2(x: Float32Array, xo: number, ao: number, bo: number, d: number, out: Float64Array, t: number): void {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    const x0 = x[xo + j];
    const x1 = x[xo + j + 1];
    const x2 = x[xo + j + 2];
    const x3 = x[xo + j + 3];
    a0 += x0 * x[ao + j];
    a1 += x1 * x[ao + j + 1];
    a2 += x2 * x[ao + j + 2];
    a3 += x3 * x[ao + j + 3];
    b0 += x0 * x[bo + j];
    b1 += x1 * x[bo + j + 1];
    b2 += x2 * x[bo + j + 2];
    b3 += x3 * x[bo + j + 3];
  }
  for (; j < d; j++) {
    a0 += x[xo + j] * x[ao + j];
    b0 += x[xo + j] * x[bo + j];
  }
  out[t] = a0 + a1 + (a2 + a3);
  out[t + 1] = b0 + b1 + (b2 + b3);
}

/**
 * Greedy k-means++ (best of a few candidates by resulting potential, as scikit-learn). A
 * candidate cannot come nearer to an item than the item's nearest centre if the two centres are
 * at least twice the item's distance apart (triangle inequality), so most items skip the dot
 * product; the distances are the same as computing every one. The candidates of one step are
 * drawn first (they depend only on the distances before the step) and all of them are tried in
 * one pass over the items, so each item is read once per step, not once per candidate.
 */
function plusPlus(x: Float32Array, n: number, d: number, k: number, rng: Random): Float32Array {
  const c = new Float32Array(k * d);
  const first = Math.floor(rng() * n);
  c.set(x.subarray(first * d, first * d + d), 0);
  const dist = new Float64Array(n); // squared distance to the nearest centre so far
  const near = new Int32Array(n); // which centre that is
  for (let i = 0; i < n; i++) dist[i] = Math.max(0, 2 - 2 * dot(x, i * d, c, 0, d));
  const trials = 2 + Math.floor(Math.log(k));
  const cands = new Int32Array(trials);
  const outD = new Float64Array(trials * n); // each candidate's distances, were it chosen
  const outN = new Int32Array(trials * n);
  const apart = new Float64Array(trials * k); // candidate to each centre, Euclidean
  const pot = new Float64Array(trials);
  const need = new Int32Array(trials);
  const sim = new Float64Array(trials);
  /** tries cands[0..nt) as centre m; returns the first with the lowest potential */
  const place = (nt: number, m: number): number => {
    for (let t = 0; t < nt; t++) {
      const co = cands[t] * d;
      for (let j = 0; j < m; j++) apart[t * k + j] = Math.sqrt(Math.max(0, 2 - 2 * dot(x, co, c, j * d, d)));
    }
    pot.fill(0);
    for (let i = 0; i < n; i++) {
      const v0 = dist[i];
      const n0 = near[i];
      const reach = 2 * Math.sqrt(v0) + 1e-6;
      // the candidates this item needs, their similarities two at a time (the item read once)
      let nm = 0;
      for (let t = 0; t < nt; t++) if (apart[t * k + n0] < reach) need[nm++] = t;
      let u = 0;
      for (; u + 1 < nm; u += 2) dot2(x, i * d, cands[need[u]] * d, cands[need[u + 1]] * d, d, sim, u);
      if (u < nm) sim[u] = dot(x, i * d, x, cands[need[u]] * d, d);
      let next = 0;
      for (let t = 0; t < nt; t++) {
        let v = v0;
        let nn = n0;
        if (next < nm && need[next] === t) {
          const e = Math.max(0, 2 - 2 * sim[next++]);
          if (e < v) {
            v = e;
            nn = m;
          }
        }
        outD[t * n + i] = v;
        outN[t * n + i] = nn;
        pot[t] += v;
      }
    }
    let bestT = 0;
    for (let t = 1; t < nt; t++) if (pot[t] < pot[bestT]) bestT = t;
    dist.set(outD.subarray(bestT * n, bestT * n + n));
    near.set(outN.subarray(bestT * n, bestT * n + n));
    return bestT;
  };
  for (let m = 1; m < k; m++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += dist[i];
    let pickIdx: number;
    if (total > 0) {
      for (let t = 0; t < trials; t++) {
        let r = rng() * total;
        let cand = 0;
        for (; cand < n - 1; cand++) {
          r -= dist[cand];
          if (r <= 0) break;
        }
        cands[t] = cand;
      }
      pickIdx = cands[place(trials, m)];
    } else {
      pickIdx = Math.floor(rng() * n);
      cands[0] = pickIdx;
      place(1, m);
    }
    c.set(x.subarray(pickIdx * d, pickIdx * d + d), m * d);
  }
  return c;
}

/**
 * Lloyd iterations with Elkan's bounds (cosine form): per item a lower bound on the similarity to
 * its own centre and an upper bound on the similarity to each other centre. A unit row's
 * similarity to a centre moves by at most how far that centre moved, so only the centres whose
 * bound still reaches the own one are computed. Same labels and centres as the plain loop (up to
 * exact ties). 10,000 items, k = 100, d = 100: k-means 45 s -> 13 s wall at load 16 (lloyd 26 s -> 2.7 s).
 * The per-centre bounds are kept relative to each centre's total movement (`moved`), so a pass
 * adds nothing to the n x k table (issue 11: that upkeep, not the dot products, was most of
 * Lloyd's time at 10,000 items and k = 100; a per-item bound on the best other centre, as
 * Hamerly's, let only 2 % of the items skip their k bounds there and was dropped).
 */
function lloyd(x: Float32Array, n: number, d: number, k: number, c: Float32Array, maxIter: number): KMeansResult {
  const tolChanged = Math.floor(n / 2000); // a handful of items flipping back and forth is converged
  const labels = new Int32Array(n).fill(-1);
  const lo = new Float64Array(n); // <= similarity to own centre
  const up = new Float64Array(n * k); // + moved[m]: >= similarity to centre m
  const moved = new Float64Array(k); // each centre's shifts so far, summed
  const prev = new Float32Array(k * d);
  const shift = new Float64Array(k);
  const counts = new Int32Array(k);
  const EPS = 1e-9; // float rounding of the bounds
  let rescan = true; // bounds unknown (first pass, or a centre jumped to an item)
  for (let it = 0; it < maxIter; it++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const io = i * d;
      const uo = i * k;
      const old = labels[i];
      if (rescan) {
        let bl = 0;
        let best = -Infinity;
        for (let m = 0; m < k; m++) {
          const s = dot(x, io, c, m * d, d);
          up[uo + m] = s - moved[m];
          if (s > best) {
            best = s;
            bl = m;
          }
        }
        if (old !== bl) changed++;
        labels[i] = bl;
        lo[i] = best;
        continue;
      }
      let own = old;
      let tight = false;
      for (let m = 0; m < k; m++) {
        if (m === own) continue;
        const um = up[uo + m] + moved[m];
        if (um < lo[i] || (um === lo[i] && m > own)) continue;
        if (!tight) {
          lo[i] = dot(x, io, c, own * d, d);
          up[uo + own] = lo[i] - moved[own];
          tight = true;
          if (um < lo[i] || (um === lo[i] && m > own)) continue;
        }
        const s = dot(x, io, c, m * d, d);
        up[uo + m] = s - moved[m];
        if (s > lo[i] || (s === lo[i] && m < own)) {
          own = m;
          lo[i] = s;
        }
      }
      if (own !== old) changed++;
      labels[i] = own;
    }
    rescan = false;
    if (changed <= tolChanged) break;
    prev.set(c);
    c.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const o = labels[i] * d;
      counts[labels[i]]++;
      for (let j = 0; j < d; j++) c[o + j] += x[i * d + j];
    }
    const taken = new Uint8Array(n);
    for (let m = 0; m < k; m++) {
      if (counts[m] === 0) {
        // empty cluster: move it to the worst-served item (exact similarities; rare)
        let worst = 0;
        let worstSim = Infinity;
        for (let i = 0; i < n; i++) {
          if (taken[i]) continue;
          const s = dot(x, i * d, prev, labels[i] * d, d);
          if (s < worstSim) {
            worstSim = s;
            worst = i;
          }
        }
        taken[worst] = 1;
        c.set(x.subarray(worst * d, worst * d + d), m * d);
        rescan = true;
        continue;
      }
      let s = 0;
      for (let j = m * d; j < m * d + d; j++) s += c[j] * c[j];
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let j = m * d; j < m * d + d; j++) c[j] *= inv;
    }
    if (rescan) continue;
    for (let m = 0; m < k; m++) {
      let s = 0;
      for (let j = m * d; j < m * d + d; j++) s += (c[j] - prev[j]) ** 2;
      shift[m] = Math.sqrt(s) + EPS;
      moved[m] += shift[m];
    }
    for (let i = 0; i < n; i++) lo[i] -= shift[labels[i]];
  }
  let objective = 0;
  for (let i = 0; i < n; i++) objective += dot(x, i * d, c, labels[i] * d, d);
  return { labels, centroids: c, objective, k };
}

/** x: n x d row-major, rows unit length. With a pool (and x in shared memory) the restarts run on its threads at once (kMeansRuns). */
export function sphericalKMeans(x: Float32Array, d: number, k: number, opts: KMeansOptions = {}, pool: Pool | null = null): KMeansResult {
  const n = x.length / d;
  if (opts.init) {
    if (k < 1 || k > n) throw new RangeError(`k must be in 1..${n}, got ${k}`);
    return lloyd(x, n, d, k, opts.init.slice(0, k * d), opts.maxIter ?? 50);
  }
  return kMeansRuns(x, d, [{ ...opts, k }], pool)[0];
}

/**
 * sphericalKMeans once per run (each its own k, seed, restarts) on the same rows, every restart
 * of every run shared out among the pool's threads at once (x in shared memory; else one after
 * the other here). k-means++ draws 1 + (k - 1) * trials numbers from the run's generator unless
 * its potential reaches 0, so restart r is started on the numbers from r times that on; a
 * restart after one that drew fewer is run again where its numbers really begin. Each run's best
 * is taken in restart order: the results are one thread's, bit for bit.
 */
export function kMeansRuns(x: Float32Array, d: number, runs: readonly (Omit<KMeansOptions, "init"> & { k: number })[], pool: Pool | null = null): KMeansResult[] {
  const n = x.length / d;
  const par = pool && x.buffer instanceof SharedArrayBuffer ? pool : null;
  const plans = runs.map(({ k, seed, restarts = 4, maxIter = 50 }) => {
    if (k < 1 || k > n) throw new RangeError(`k must be in 1..${n}, got ${k}`);
    const perRestart = 1 + (k - 1) * (2 + Math.floor(Math.log(k)));
    const rng = mulberry32(seed ?? 0);
    const draws = f64(restarts * perRestart, par);
    for (let i = 0; i < draws.length; i++) draws[i] = rng();
    const tries = Array.from({ length: restarts }, (_, r) => ({ from: r * perRestart, labels: i32(n, par), centroids: f32(k * d, par), out: f64(2, par) }));
    return { k, maxIter, draws, tries };
  });
  type Plan = (typeof plans)[number];
  const args = (p: Plan, t: Plan["tries"][number]): Parameters<typeof restart> => [x, n, d, p.k, p.draws, t.from, p.maxIter, t.labels, t.centroids, t.out];
  if (par) par.each(RESTART, plans.flatMap((p) => p.tries.map((t) => args(p, t))));
  return plans.map((p) => {
    let best: KMeansResult | null = null;
    let from = 0;
    for (const t of p.tries) {
      if (!par || t.from !== from) {
        t.from = from;
        restart(...args(p, t));
      }
      from += t.out[1];
      if (!best || t.out[0] > best.objective) best = { labels: t.labels, centroids: t.centroids, objective: t.out[0], k: p.k };
    }
    return best!;
  });
}

/**
 * One restart: k-means++ on the numbers draws[from..], then Lloyd; the result into labels and
 * centroids, out = [objective, numbers drawn]. A worker's kernel.
 */
function restart(x: Float32Array, n: number, d: number, k: number, draws: Float64Array, from: number, maxIter: number, labels: Int32Array, centroids: Float32Array, out: Float64Array): void {
  let p = from;
  const res = lloyd(x, n, d, k, plusPlus(x, n, d, k, () => draws[p++]), maxIter);
  labels.set(res.labels);
  centroids.set(res.centroids);
  out[0] = res.objective;
  out[1] = p - from;
}

const RESTART = kernel(restart, plusPlus, lloyd, dot, dot2);

/**
 * Each row's most similar centre (first on ties), as the plain loop finds it: four rows against
 * two centres at a time, each row's sum still added term by term in order and the centres still
 * compared in order, so the labels are the plain loop's to the last bit; each value loaded serves
 * four or two products (2x-3x over the plain loop).
 */
export function nearestCentres(x: Float32Array, d: number, centroids: Float32Array, k: number, pool: Pool | null = null): Int32Array {
  const n = x.length / d;
  const labels = i32(n, pool);
  // cut at multiples of four: every row in the same group of four as on one thread (x must be
  // shared for the workers to read it)
  if (pool && x.buffer instanceof SharedArrayBuffer) pool.rows(NEAREST_ROWS, n, [x, d, shared(centroids), k, labels], 4);
  else nearestRows(x, d, centroids, k, labels, 0, n);
  return labels;
}

/** nearestCentres for rows [r0, r1), into labels. */
function nearestRows(x: Float32Array, d: number, centroids: Float32Array, k: number, labels: Int32Array, r0: number, r1: number): void {
  let i = r0;
  for (; i + 3 < r1; i += 4) {
    const o0 = i * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    let b0 = -Infinity;
    let b1 = -Infinity;
    let b2 = -Infinity;
    let b3 = -Infinity;
    let l0 = 0;
    let l1 = 0;
    let l2 = 0;
    let l3 = 0;
    let c = 0;
    for (; c + 1 < k; c += 2) {
      const ca = c * d;
      const cb = ca + d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let u0 = 0;
      let u1 = 0;
      let u2 = 0;
      let u3 = 0;
      for (let t = 0; t < d; t++) {
        const va = centroids[ca + t];
        const vb = centroids[cb + t];
        const x0 = x[o0 + t];
        const x1 = x[o1 + t];
        const x2 = x[o2 + t];
        const x3 = x[o3 + t];
        s0 += x0 * va;
        s1 += x1 * va;
        s2 += x2 * va;
        s3 += x3 * va;
        u0 += x0 * vb;
        u1 += x1 * vb;
        u2 += x2 * vb;
        u3 += x3 * vb;
      }
      if (s0 > b0) {
        b0 = s0;
        l0 = c;
      }
      if (s1 > b1) {
        b1 = s1;
        l1 = c;
      }
      if (s2 > b2) {
        b2 = s2;
        l2 = c;
      }
      if (s3 > b3) {
        b3 = s3;
        l3 = c;
      }
      if (u0 > b0) {
        b0 = u0;
        l0 = c + 1;
      }
      if (u1 > b1) {
        b1 = u1;
        l1 = c + 1;
      }
      if (u2 > b2) {
        b2 = u2;
        l2 = c + 1;
      }
      if (u3 > b3) {
        b3 = u3;
        l3 = c + 1;
      }
    }
    for (; c < k; c++) {
      const co = c * d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let t = 0; t < d; t++) {
        const v = centroids[co + t];
        s0 += x[o0 + t] * v;
        s1 += x[o1 + t] * v;
        s2 += x[o2 + t] * v;
        s3 += x[o3 + t] * v;
      }
      if (s0 > b0) {
        b0 = s0;
        l0 = c;
      }
      if (s1 > b1) {
        b1 = s1;
        l1 = c;
      }
      if (s2 > b2) {
        b2 = s2;
        l2 = c;
      }
      if (s3 > b3) {
        b3 = s3;
        l3 = c;
      }
    }
    labels[i] = l0;
    labels[i + 1] = l1;
    labels[i + 2] = l2;
    labels[i + 3] = l3;
  }
  for (; i < r1; i++) {
    let best = -Infinity;
    for (let c = 0; c < k; c++) {
      let v = 0;
      for (let t = 0; t < d; t++) v += x[i * d + t] * centroids[c * d + t];
      if (v > best) {
        best = v;
        labels[i] = c;
      }
    }
  }
}

const NEAREST_ROWS = kernel(nearestRows);
