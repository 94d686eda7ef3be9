/** 32-bit FNV-1a over UTF-16 code units, with a murmur3 finaliser so the low bits (the bucket) mix well. */

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 16777619;

export function fnvStep(h: number, c: number): number {
  return Math.imul(h ^ c, FNV_PRIME);
}

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a of a string continuing from state `seed` (not finalised). */
export function fnvString(s: string, seed: number = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Finalised 32-bit hash of a string (unsigned). */
export function hash32(s: string, seed: number = FNV_OFFSET): number {
  return fmix32(fnvString(s, seed));
}

/** Hash of an ordered pair of hashes (word bigrams). */
export function combineHash(a: number, b: number): number {
  return Math.imul(a ^ 0x9e3779b9, FNV_PRIME) ^ fmix32(b);
}
