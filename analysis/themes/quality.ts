// Agreement between two partitions (labels are any integers; -1 is just another label).
// Used by the eval scripts and by discovery's stability figure.

function contingency(a: ArrayLike<number>, b: ArrayLike<number>) {
  if (a.length !== b.length) throw new Error("partitions differ in length");
  const ia = new Map<number, number>();
  const ib = new Map<number, number>();
  const ra = new Int32Array(a.length);
  const rb = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    let x = ia.get(a[i]);
    if (x === undefined) ia.set(a[i], (x = ia.size));
    let y = ib.get(b[i]);
    if (y === undefined) ib.set(b[i], (y = ib.size));
    ra[i] = x;
    rb[i] = y;
  }
  const ka = ia.size;
  const kb = ib.size;
  const table = new Float64Array(ka * kb);
  for (let i = 0; i < a.length; i++) table[ra[i] * kb + rb[i]]++;
  const rowSum = new Float64Array(ka);
  const colSum = new Float64Array(kb);
  for (let r = 0; r < ka; r++)
    for (let c = 0; c < kb; c++) {
      rowSum[r] += table[r * kb + c];
      colSum[c] += table[r * kb + c];
    }
  return { table, ka, kb, rowSum, colSum, n: a.length };
}

function entropy(counts: Float64Array, n: number): number {
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / n) * Math.log(c / n);
  return h;
}

/** Normalised mutual information, arithmetic-mean normalisation (scikit-learn's default). */
export function nmi(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { table, ka, kb, rowSum, colSum, n } = contingency(a, b);
  if (n === 0) return 1;
  let mi = 0;
  for (let r = 0; r < ka; r++)
    for (let c = 0; c < kb; c++) {
      const v = table[r * kb + c];
      if (v > 0) mi += (v / n) * Math.log((v * n) / (rowSum[r] * colSum[c]));
    }
  const ha = entropy(rowSum, n);
  const hb = entropy(colSum, n);
  if (ha === 0 && hb === 0) return 1;
  const denom = (ha + hb) / 2;
  return denom === 0 ? 0 : Math.max(0, mi / denom);
}

const choose2 = (x: number) => (x * (x - 1)) / 2;

/** Adjusted Rand index (Hubert & Arabie). */
export function ari(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { table, rowSum, colSum, n } = contingency(a, b);
  let sumIj = 0;
  for (const v of table) sumIj += choose2(v);
  let sumA = 0;
  for (const v of rowSum) sumA += choose2(v);
  let sumB = 0;
  for (const v of colSum) sumB += choose2(v);
  const expected = (sumA * sumB) / choose2(n);
  const max = (sumA + sumB) / 2;
  if (max === expected) return 1;
  return (sumIj - expected) / (max - expected);
}

/** Hungarian algorithm (Jonker-Volgenant style, O(n^3)) minimising cost; returns column per row. */
export function hungarian(cost: number[][]): number[] {
  const n = cost.length;
  const m = Math.max(n, ...cost.map((r) => r.length));
  const size = Math.max(n, m);
  const c = (i: number, j: number) => (i < n && j < cost[i].length ? cost[i][j] : 0);
  const u = new Float64Array(size + 1);
  const v = new Float64Array(size + 1);
  const p = new Int32Array(size + 1);
  const way = new Int32Array(size + 1);
  for (let i = 1; i <= size; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(size + 1).fill(Infinity);
    const used = new Uint8Array(size + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= size; j++) {
        if (used[j]) continue;
        const cur = c(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= size; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const assign = new Array<number>(n).fill(-1);
  for (let j = 1; j <= size; j++) if (p[j] > 0 && p[j] <= n) assign[p[j] - 1] = j - 1;
  return assign;
}

/** Clustering accuracy: share of items right under the best one-to-one cluster->class mapping. */
export function matchedAccuracy(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  const { table, ka, kb, n } = contingency(pred, truth);
  if (n === 0) return 1;
  const cost: number[][] = [];
  for (let r = 0; r < ka; r++) {
    const row: number[] = [];
    for (let c = 0; c < kb; c++) row.push(-table[r * kb + c]);
    cost.push(row);
  }
  const assign = hungarian(cost);
  let hit = 0;
  for (let r = 0; r < ka; r++) if (assign[r] >= 0 && assign[r] < kb) hit += table[r * kb + assign[r]];
  return hit / n;
}
