// The speed-ups of discovery (Elkan bounds in k-means, pruned k-means++, silhouette from cluster
// sums, each kNN pair visited once) must give what the plain algorithms give: checked against
// straightforward reference versions on seeded data with cluster structure.
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../analysis/random.js";
import { silhouette } from "../../analysis/themes/discover.js";
import { knnSparse, knnSparseCapped } from "../../analysis/themes/graph.js";
import { truncatedSvd, truncatedSvdFitOn } from "../../analysis/themes/svd.js";
import { countDocs, fitTfidf, fitTfidfCounted, selectRows } from "../../analysis/themes/vectorize.js";
import { nearestCentres, sphericalKMeans } from "../../analysis/themes/kmeans.js";
import { normalizedAdjacency, smoothDense, type Knn } from "../../analysis/themes/graph.js";
import { csrTimesDense, csrTransposeTimesDense, gram, project, rayleigh, timesUpper } from "../../analysis/themes/svd.js";
import { addCharFeatures, addWordFeatures, BIGRAM_SALT, CHAR_SALT, hashTerm, WORD_SALT } from "../../analysis/themes/terms.js";
import type { Csr } from "../../analysis/themes/vectorize.js";
import { blobs, sameBits } from "../support/arrays.js";

function dot(x: Float32Array, i: number, c: Float32Array, m: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s += x[i * d + t] * c[m * d + t];
  return s;
}

/** Lloyd without bounds: every item against every centre each pass, the same stopping rule. */
function plainLloyd(x: Float32Array, d: number, c0: Float32Array, k: number): number[] {
  const n = x.length / d;
  const c = c0.slice();
  const labels = new Int32Array(n).fill(-1);
  for (let it = 0; it < 50; it++) {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = -Infinity;
      let bl = 0;
      for (let m = 0; m < k; m++) {
        const s = dot(x, i, c, m, d);
        if (s > best) [best, bl] = [s, m];
      }
      if (labels[i] !== bl) changed++;
      labels[i] = bl;
    }
    if (changed <= Math.floor(n / 2000)) break;
    c.fill(0);
    for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) c[labels[i] * d + t] += x[i * d + t];
    for (let m = 0; m < k; m++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += c[m * d + t] ** 2;
      for (let t = 0; t < d; t++) c[m * d + t] /= Math.sqrt(s) || 1;
    }
  }
  return Array.from(labels);
}

describe("discovery speed-ups keep the plain algorithms' results", () => {
  it("k-means with Elkan's bounds ends in plain Lloyd's partition from the same centres", () => {
    const d = 16;
    const k = 12;
    const n = 3000;
    const x = blobs(n, d, 10, 3);
    for (const seed of [1, 2, 3]) {
      const rng = mulberry32(seed);
      const c0 = new Float32Array(k * d);
      for (let m = 0; m < k; m++) {
        const r = Math.floor(rng() * n);
        c0.set(x.subarray(r * d, r * d + d), m * d);
      }
      const fast = sphericalKMeans(x, d, k, { init: c0 });
      const plain = plainLloyd(x, d, c0, k);
      expect(Array.from(fast.labels)).toEqual(plain);
      // and it did move: not the seeding's assignment
      expect(new Set(plain).size).toBe(k);
    }
  });

  it("silhouette from cluster sums equals the pairwise definition", () => {
    const d = 8;
    const n = 400;
    const x = blobs(n, d, 5, 7);
    const labels = Array.from({ length: n }, (_, i) => (i === 0 ? 5 : i % 5)); // a singleton too
    let total = 0;
    for (let i = 0; i < n; i++) {
      const sums = new Float64Array(6);
      const counts = new Int32Array(6);
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        sums[labels[j]] += 1 - dot(x, i, x, j, d);
        counts[labels[j]]++;
      }
      if (counts[labels[i]] === 0) continue;
      const a = sums[labels[i]] / counts[labels[i]];
      let b = Infinity;
      for (let c = 0; c < 6; c++) if (c !== labels[i] && counts[c] > 0) b = Math.min(b, sums[c] / counts[c]);
      total += (b - a) / Math.max(a, b);
    }
    expect(silhouette(x, d, labels, 6)).toBeCloseTo(total / n, 10);
  });

  it("sparse kNN finds each row's k most similar other rows, as a full scan does", () => {
    const { x, dense, n, cols } = sparseRows(300, 40, 9);
    const k = 5;
    const g = knnSparse(x, k);
    for (let i = 0; i < n; i++) {
      const sims = Array.from({ length: n }, (_, j) => (j === i ? -Infinity : dot(dense, i, dense, j, cols)))
        .filter((s) => s > 0)
        .sort((a, b) => b - a)
        .slice(0, k);
      const got = Array.from(g.sims.subarray(i * k, i * k + sims.length));
      got.forEach((s, t) => expect(s).toBeCloseTo(sims[t], 5));
      for (let t = 0; t < sims.length; t++) expect(g.ids[i * k + t]).not.toBe(i);
    }
  });

  it("capped kNN is the exact graph when no feature is capped, and true cosines, mostly the same, when some are", () => {
    const { x, dense, n, cols } = sparseRows(600, 100, 11);
    const k = 5;
    const exact = knnSparse(x, k);
    const uncapped = knnSparseCapped(x, k, { maxDf: n });
    for (let i = 0; i < n * k; i++) expect(uncapped.sims[i]).toBeCloseTo(exact.sims[i], 5);
    // features in more than 42 rows (a few of the 100) propose no candidates; the rows they would have found still
    // come through the rarer features, and every similarity listed is the full cosine
    const capped = knnSparseCapped(x, k, { maxDf: 42 });
    let same = 0;
    for (let i = 0; i < n; i++)
      for (let t = 0; t < k; t++) {
        const j = capped.ids[i * k + t];
        if (j < 0) continue;
        expect(j).not.toBe(i);
        expect(capped.sims[i * k + t]).toBeCloseTo(dot(dense, i, dense, j, cols), 5);
        if (t > 0) expect(capped.sims[i * k + t]).toBeLessThanOrEqual(capped.sims[i * k + t - 1]);
        if (Array.from(exact.ids.subarray(i * k, i * k + k)).includes(j)) same++;
      }
    expect(same / (n * k)).toBeGreaterThan(0.8);
    expect(same / (n * k)).toBeLessThan(1); // the cap did bite
  });

  it("LSA fitted on some rows gives those rows their own SVD's geometry, and projects the others on the same basis", () => {
    // rank 6: every row is one of six sparse patterns, so the rank-6 SVD is exact
    const { x: pats } = sparseRows(6, 60, 13);
    const pick = Array.from({ length: 300 }, (_, i) => (i * 7) % 6);
    const x = selectRows(pats, pick);
    const rows = Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 3 !== 0);
    const part = truncatedSvd(selectRows(x, rows), 6, { seed: 2 });
    const all = truncatedSvdFitOn(x, rows, 6, { seed: 2 });
    const d = all.dims;
    expect(d).toBe(part.dims);
    // inner products between embedded rows do not depend on the basis' signs or rotation
    for (let i = 0; i < 12; i++)
      for (let j = 0; j < 12; j++) expect(dot(all.embedding, rows[i], all.embedding, rows[j], d)).toBeCloseTo(dot(part.embedding, i, part.embedding, j, d), 4);
    // a row outside the sample (i % 3 === 0) is projected on the same basis as its copies inside it
    for (let t = 0; t < d; t++) expect(all.embedding[0 * d + t]).toBeCloseTo(all.embedding[6 * d + t], 5);
    expect(
      truncatedSvdFitOn(
        x,
        Array.from({ length: 300 }, (_, i) => i),
        6,
        { seed: 2 }
      ).embedding
    ).toEqual(truncatedSvd(x, 6, { seed: 2 }).embedding);
  });
});

// Issue 11 ("Speed stays"): the same matrices, graphs and labels as the straightforward versions, to the last bit.
describe("discovery speed-ups of issue 11 give the straightforward versions' results bit for bit", () => {
  it("character and word n-grams hashed from the character codes are the hashes of the cut strings", () => {
    const docs = [["refund", "card", "is", "x"], ["환불", "카드가", "안", "돼요"], ["don't", "a"], []];
    for (const ws of docs) {
      const ref: number[] = [];
      for (const w of ws) {
        const s = " " + w + " ";
        const lo = /[\uAC00-\uD7A3]/.test(w) ? 2 : 3;
        for (let n = lo; n <= 5; n++) for (let i = 0; i + n <= s.length; i++) ref.push(hashTerm(s.slice(i, i + n), CHAR_SALT));
      }
      const wref = ws.flatMap((w, i) => (i + 1 < ws.length ? [hashTerm(w, WORD_SALT), hashTerm(w + " " + ws[i + 1], BIGRAM_SALT)] : [hashTerm(w, WORD_SALT)]));
      const docsC = countDocs(1, (_, bag) => addCharFeatures(bag, ws, 3, 5));
      const docsW = countDocs(1, (_, bag) => addWordFeatures(bag, ws, true));
      const expand = (c: typeof docsC) => Array.from(c.ids).flatMap((id, p) => Array(c.counts[p]).fill(id));
      expect(expand(docsC)).toEqual([...ref].sort((a, b) => a - b));
      expect(expand(docsW)).toEqual([...wref].sort((a, b) => a - b));
    }
  });

  it("TF-IDF from counted documents is fitTfidf's matrix, past the id table's first growth", () => {
    const rng = mulberry32(5);
    // 8,000 documents over 60,000 possible ids (more distinct ids than the table's first size holds), repeats within documents
    const docs = Array.from({ length: 8000 }, () => Array.from({ length: 5 + Math.floor(rng() * 40) }, () => (rng() < 0.5 ? Math.floor(rng() * 200) : Math.floor(rng() * 60000) * 65537) >>> 0));
    for (const minDf of [1, 2, 3]) {
      const ref = fitTfidf(docs, { minDf, maxDfShare: 0.2 }).matrix;
      const got = fitTfidfCounted(countDocs(docs.length, (d, bag) => docs[d].forEach((id) => bag.add(id))), { minDf, maxDfShare: 0.2 });
      expect(got.nCols).toBe(ref.nCols);
      sameBits(got.indptr, ref.indptr);
      sameBits(got.indices, ref.indices);
      sameBits(got.data, ref.data);
    }
  });

  it("the normalised adjacency is the Map-built one", () => {
    const n = 500;
    const k = 8;
    const rng = mulberry32(9);
    const ids = new Int32Array(n * k);
    const sims = new Float32Array(n * k);
    for (let i = 0; i < n; i++)
      for (let t = 0; t < k; t++) {
        ids[i * k + t] = t === k - 1 && i % 7 === 0 ? -1 : (i + 1 + Math.floor(rng() * 40)) % n; // near rows: many mutual pairs
        sims[i * k + t] = t === 3 && i % 5 === 0 ? 0 : rng();
      }
    const g: Knn = { k, ids, sims };
    for (const mode of ["sym", "rw"] as const) {
      const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
      for (let i = 0; i < n; i++) {
        rows[i].set(i, 1);
        for (let t = 0; t < k; t++) {
          const j = ids[i * k + t];
          const w = Math.max(0, sims[i * k + t]);
          if (j < 0 || w === 0) continue;
          rows[i].set(j, Math.max(rows[i].get(j) ?? 0, w));
          rows[j].set(i, Math.max(rows[j].get(i) ?? 0, w));
        }
      }
      const deg = rows.map((r) => [...r.values()].reduce((s, w) => s + w, 0));
      const ref = rows.map((r, i) => [...r].sort((a, b) => a[0] - b[0]).map(([j, w]) => [j, Math.fround(mode === "sym" ? w / Math.sqrt(deg[i] * deg[j]) : w / deg[i])]));
      const got = normalizedAdjacency(g, n, mode);
      for (let i = 0; i < n; i++) {
        const row = [];
        for (let p = got.indptr[i]; p < got.indptr[i + 1]; p++) row.push([got.indices[p], got.data[p]]);
        expect(row).toEqual(ref[i]);
      }
    }
  });

  it("A^T Y through the transpose adds the terms in the scatter's order", () => {
    const { x } = sparseRows(400, 90, 21);
    const l = 7;
    const rng = mulberry32(4);
    const y = Float64Array.from({ length: x.nRows * l }, () => rng() - 0.5);
    const ref = new Float64Array(x.nCols * l);
    for (let i = 0; i < x.nRows; i++)
      for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) for (let t = 0; t < l; t++) ref[x.indices[p] * l + t] += x.data[p] * y[i * l + t];
    sameBits(csrTransposeTimesDense(x, y, l), ref);
    const z = Float64Array.from({ length: x.nCols * l }, () => rng() - 0.5);
    const ref2 = new Float64Array(x.nRows * l);
    for (let i = 0; i < x.nRows; i++)
      for (let p = x.indptr[i]; p < x.indptr[i + 1]; p++) for (let t = 0; t < l; t++) ref2[i * l + t] += x.data[p] * z[x.indices[p] * l + t];
    sameBits(csrTimesDense(x, z, l), ref2);
  });

  it("sparse times dense four entries per pass adds each element's terms one by one, as one entry at a time does", () => {
    // rows of 0 to 11 entries: every remainder after the groups of four, and widths off the unroll
    const rng = mulberry32(41);
    const n = 300;
    const cols = 50;
    const indptr = new Int32Array(n + 1);
    const indices: number[] = [];
    const data: number[] = [];
    for (let i = 0; i < n; i++) {
      const row = [...new Set(Array.from({ length: i % 12 }, () => Math.floor(rng() * cols)))].sort((a, b) => a - b);
      for (const c of row) {
        indices.push(c);
        data.push(Math.fround(rng() * 2 - 0.5));
      }
      indptr[i + 1] = indices.length;
    }
    const x: Csr = { nRows: n, nCols: cols, indptr, indices: Int32Array.from(indices), data: Float32Array.from(data) };
    for (const l of [1, 3, 7, 100]) {
      const z = Float64Array.from({ length: cols * l }, () => rng() - 0.5);
      const ref = new Float64Array(n * l);
      for (let i = 0; i < n; i++) for (let p = indptr[i]; p < indptr[i + 1]; p++) for (let t = 0; t < l; t++) ref[i * l + t] += x.data[p] * z[x.indices[p] * l + t];
      sameBits(csrTimesDense(x, z, l), ref);
      // the projection: only the columns with a row of V (about half), float64 sums rounded once
      const colOf = new Int32Array(cols).fill(-1);
      let m = 0;
      for (let c = 0; c < cols; c++) if (rng() < 0.5) colOf[c] = m++;
      const v = Float64Array.from({ length: m * l }, () => rng() - 0.5);
      const ref2 = new Float64Array(n * l);
      for (let i = 0; i < n; i++)
        for (let p = indptr[i]; p < indptr[i + 1]; p++) {
          const c = colOf[x.indices[p]];
          if (c >= 0) for (let t = 0; t < l; t++) ref2[i * l + t] += x.data[p] * v[c * l + t];
        }
      sameBits(project(x, colOf, v, l), Float32Array.from(ref2));
    }
  });

  it("sparse kNN with offers to later rows held to the block's end gives the immediate pushes' lists, ties included", () => {
    // every base row three times over: many exact ties, which only the order of offers settles
    const { x: base } = sparseRows(150, 25, 51);
    const rng = mulberry32(52);
    const x = selectRows(base, Array.from({ length: 450 }, () => Math.floor(rng() * 150)));
    for (const maxDf of [Infinity, 20]) {
      const immediate = knnSparse(x, 7, { maxDf, block: x.nRows }); // no row waits
      for (const block of [1, 5, 64]) {
        const held = knnSparse(x, 7, { maxDf, block });
        sameBits(held.ids, immediate.ids);
        sameBits(held.sims, immediate.sims);
      }
    }
  });

  it("the SVD's dense steps two rows at a time (Gram, Y R^-1, Rayleigh-Ritz) are the one-row loops' sums", () => {
    const rng = mulberry32(61);
    const l = 11;
    for (const n of [1, 8, 37]) {
      // exact zeros (the one-row loops skip them) and signs both ways
      const y = Float64Array.from({ length: n * l }, () => (rng() < 0.2 ? 0 : rng() - 0.5));
      const z = Float64Array.from({ length: n * l }, () => (rng() < 0.2 ? 0 : rng() - 0.5));
      const g = new Float64Array(l * l);
      const m = new Float64Array(l * l);
      for (let i = 0; i < n; i++)
        for (let a = 0; a < l; a++) {
          const va = y[i * l + a];
          if (va === 0) continue;
          for (let b = a; b < l; b++) g[a * l + b] += va * y[i * l + b];
          for (let c = 0; c < l; c++) m[a * l + c] += va * z[i * l + c];
        }
      for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) g[a * l + b] = g[b * l + a];
      for (let r = 0; r < l; r++) for (let c = 0; c < r; c++) m[r * l + c] = m[c * l + r] = (m[r * l + c] + m[c * l + r]) / 2;
      sameBits(gram(y, l), g);
      sameBits(rayleigh(y, z, l), m);
      const u = Float64Array.from({ length: l * l }, (_, e) => (e % l >= Math.floor(e / l) && rng() < 0.9 ? rng() - 0.5 : 0));
      const ref = new Float64Array(n * l);
      for (let i = 0; i < n; i++)
        for (let a = 0; a < l; a++) {
          const v = y[i * l + a];
          if (v === 0) continue;
          for (let c = a; c < l; c++) ref[i * l + c] += v * u[a * l + c];
        }
      const got = y.slice();
      timesUpper(got, u, l);
      sameBits(got, ref);
    }
  });

  it("nearest centres four rows at a time are the plain loop's (first centre on ties)", () => {
    const d = 13;
    const x = blobs(1003, d, 6, 17);
    const k = 9;
    const c = blobs(k, d, 9, 18);
    c.set(c.subarray(0, d), 4 * d); // centre 4 repeats centre 0: ties go to 0
    const got = nearestCentres(x, d, c, k);
    for (let i = 0; i < 1003; i++) {
      let best = -Infinity;
      let bl = -1;
      for (let m = 0; m < k; m++) {
        const s = dot(x, i, c, m, d);
        if (s > best) [best, bl] = [s, m];
      }
      expect(got[i]).toBe(bl);
    }
  });

  it("smoothing in the graph's breadth-first order is S^t X in the rows' own order", () => {
    const n = 700;
    const k = 6;
    const rng = mulberry32(31);
    const ids = Int32Array.from({ length: n * k }, () => Math.floor(rng() * n));
    const sims = Float32Array.from({ length: n * k }, () => rng());
    for (let i = 0; i < 50; i++) ids.fill(-1, i * k, i * k + k); // rows with no neighbours of their own
    const s = normalizedAdjacency({ k, ids, sims }, n, "sym");
    // rows of 1 to about 20 entries (every remainder after the groups of four); d off the unroll and at discovery's 100
    // odd and even steps: with out = x and even steps, x's own buffer takes the odd steps
    for (const d of [9, 100])
      for (const steps of [3, 4]) {
        const x = blobs(n, d, 4, 32);
        let ref = x;
        for (let t = 0; t < steps; t++) {
          const next = new Float32Array(n * d);
          for (let i = 0; i < n; i++)
            for (let p = s.indptr[i]; p < s.indptr[i + 1]; p++) for (let q = 0; q < d; q++) next[i * d + q] += s.data[p] * ref[s.indices[p] * d + q];
          ref = next;
        }
        sameBits(smoothDense(s, x, d, steps), ref);
        const inPlace = x.slice();
        expect(smoothDense(s, inPlace, d, steps, inPlace)).toBe(inPlace);
        sameBits(inPlace, ref);
      }
  });
});

/** n sparse unit rows of six random features among `cols`, and the same rows dense. */
function sparseRows(n: number, cols: number, seed: number): { x: Csr; dense: Float32Array; n: number; cols: number } {
  const rng = mulberry32(seed);
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Map<number, number>();
    for (let t = 0; t < 6; t++) row.set(Math.floor(rng() * cols), rng() + 0.1);
    const entries = [...row].sort((a, b) => a[0] - b[0]);
    const norm = Math.sqrt(entries.reduce((s, [, v]) => s + v * v, 0));
    for (const [c, v] of entries) {
      indices.push(c);
      data.push(v / norm);
    }
    indptr[i + 1] = indices.length;
  }
  const x: Csr = {
    nRows: n,
    nCols: cols,
    indptr,
    indices: Int32Array.from(indices),
    data: Float32Array.from(data),
  };
  const dense = new Float32Array(n * cols);
  for (let i = 0; i < n; i++) for (let p = indptr[i]; p < indptr[i + 1]; p++) dense[i * cols + indices[p]] = data[p];
  return { x, dense, n, cols };
}
