// Discovery on worker threads (analysis/themes/parallel.ts) must give, to the last bit, what one
// thread gives: whole runs with 1, 2 and 3 threads, and each threaded kernel against its
// single-thread path, on seeded data.
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../analysis/random.js";
import { discoverThemes } from "../../analysis/themes/discover.js";
import { knnSparseCapped, knnSparseCappedBegun, normalizedAdjacency, smoothDense } from "../../analysis/themes/graph.js";
import { nearestCentres, sphericalKMeans } from "../../analysis/themes/kmeans.js";
import { kernel, Pool, shared, sharedCsr } from "../../analysis/themes/parallel.js";
import { buildThemeSpace } from "../../analysis/themes/space.js";
import { blobs, sameBits } from "../support/arrays.js";

/** Short texts on `topics` topics, each of words made of random syllables, with shared filler words. */
function texts(n: number, topics: number, seed: number): string[] {
  const rng = mulberry32(seed);
  const syl = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "pu", "den", "mar"];
  const word = () => Array.from({ length: 2 + Math.floor(rng() * 3) }, () => syl[Math.floor(rng() * syl.length)]).join("");
  const vocab = Array.from({ length: topics }, () => Array.from({ length: 25 }, word));
  const filler = Array.from({ length: 40 }, word);
  return Array.from({ length: n }, () => {
    const v = vocab[Math.floor(rng() * topics)];
    const w = Array.from({ length: 3 + Math.floor(rng() * 6) }, () => (rng() < 0.7 ? v : filler)[Math.floor(rng() * 25)]);
    return w.join(" ");
  });
}

describe("discovery on worker threads", () => {
  it("gives the single-thread output bit for bit, with any number of threads", () => {
    // 3,000 items, models fitted on a 1,000 sample (so every item is also assigned on the pool), 10 restarts, stability runs
    const t = texts(3000, 12, 5);
    const opts = { k: 12, seed: 3, sampleLimit: 1000 };
    const one = discoverThemes(t, { ...opts, threads: 1 });
    for (const threads of [2, 3]) {
      const par = discoverThemes(t, { ...opts, threads });
      sameBits(par.assignments, one.assignments);
      sameBits(par.similarity, one.similarity);
      expect(par.themes).toEqual(one.themes);
      expect(par.stability).toBe(one.stability);
    }
  });

  it("chooses k by silhouette as one thread does (every k's fit on the threads at once)", () => {
    const t = texts(2500, 9, 11);
    const one = discoverThemes(t, { seed: 2, stability: false, threads: 1 });
    const par = discoverThemes(t, { seed: 2, stability: false, threads: 2 });
    expect(par.kScores).toEqual(one.kScores);
    expect(par.k).toBe(one.k);
    sameBits(par.assignments, one.assignments);
    sameBits(par.similarity, one.similarity);
  });

  it("each threaded kernel is its single-thread path", () => {
    const { matrix } = buildThemeSpace(texts(2500, 8, 6));
    const x = sharedCsr(matrix);
    const n = x.nRows;
    const ref = knnSparseCapped(matrix, 10, { maxDf: 100 });
    for (const size of [2, 3]) {
      const pool = new Pool(size);
      try {
        const g = knnSparseCappedBegun(x, 10, { maxDf: 100 }, pool)();
        sameBits(g.ids, ref.ids);
        sameBits(g.sims, ref.sims);
        const s = normalizedAdjacency(ref, n, "sym");
        const d = 20;
        const e = blobs(n, d, 5, 7, true);
        sameBits(smoothDense(s, e, d, 3, undefined, pool), smoothDense(s, e, d, 3));
        // rows not a multiple of four: cuts at multiples of four, a tail of three
        const y = blobs(1003, d, 6, 8, true);
        const c = blobs(9, d, 9, 9, true);
        sameBits(nearestCentres(y, d, c, 9, pool), nearestCentres(y, d, c, 9));
        sameBits(sphericalKMeans(y, d, 9, { seed: 2, restarts: 5 }, pool).centroids, sphericalKMeans(y, d, 9, { seed: 2, restarts: 5 }).centroids);
      } finally {
        pool.close();
      }
    }
  });

  it("refuses arrays a worker would only get a copy of, passes on a worker's error, and does not wait on a worker that exited", () => {
    const pool = new Pool(2);
    try {
      const k = kernel(fail);
      expect(() => pool.start(k, [new Int32Array(4)])).toThrow(/shared memory/);
      const wait = pool.start(k, [shared(new Int32Array(4))]);
      expect(wait).toThrow(/no rows/);
      // the worker is still there for the next call; one that exits fails the call instead of hanging it
      expect(pool.start(k, [shared(new Int32Array(0))])).not.toThrow();
      expect(pool.start(kernel(exit), [])).toThrow(/worker exited/);
      expect(pool.hasIdle()).toBe(false);
    } finally {
      pool.close();
    }
  });
});

function fail(rows: Int32Array): void {
  if (rows.length) throw new Error("no rows wanted");
}

function exit(): void {
  process.exit(1);
}
