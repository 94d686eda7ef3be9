// Numeric fixtures and checks shared by the discovery kernels' tests (themes-fast, themes-parallel).
import { expect } from "vitest";
import { mulberry32 } from "../../analysis/random.js";

/** n unit rows (n x d, row-major) around `centres` random directions, with noise; in shared memory when `inShared` (for worker threads). */
export function blobs(n: number, d: number, centres: number, seed: number, inShared = false): Float32Array {
  const rng = mulberry32(seed);
  const c = Array.from({ length: centres }, () => Array.from({ length: d }, () => rng() - 0.5));
  const x = inShared ? new Float32Array(new SharedArrayBuffer(4 * n * d)) : new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const m = c[Math.floor(rng() * centres)];
    let s = 0;
    for (let t = 0; t < d; t++) s += (x[i * d + t] = m[t] + (rng() - 0.5) * 0.8) ** 2;
    for (let t = 0; t < d; t++) x[i * d + t] /= Math.sqrt(s);
  }
  return x;
}

/** The same numbers to the last bit (+0 and -0 apart), naming the first element that differs. */
export function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  const fa = Float64Array.from(a);
  const fb = Float64Array.from(b);
  const ua = new Uint32Array(fa.buffer);
  const ub = new Uint32Array(fb.buffer);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) expect(`${i >> 1}: ${fa[i >> 1]}`).toBe(`${i >> 1}: ${fb[i >> 1]}`);
}
