import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

type Params = { N: number; r: number; p: number };

// The OWASP Password Storage Cheat Sheet figure for scrypt: N=2^17, r=8, p=1 (128 MiB per hash).
const OWASP: Params = { N: 2 ** 17, r: 8, p: 1 };
const KEYLEN = 32;

/**
 * The parameters new hashes get. Only the test runner may lower the cost (NODE_ENV=test and
 * TRUSTLOOP_TEST_ONLY_SCRYPT_LOG2N), so a suite that signs in hundreds of times stays fast;
 * anything else, production included, always gets the OWASP cost.
 */
export function currentParams(env: Record<string, string | undefined> = process.env): Params {
  const log2 = Number(env.TRUSTLOOP_TEST_ONLY_SCRYPT_LOG2N);
  if (env.NODE_ENV === "test" && Number.isInteger(log2) && log2 >= 10 && log2 < 17) return { ...OWASP, N: 2 ** log2 };
  return OWASP;
}

// Each hash holds 128 x N x r bytes while it runs: at most two at once, so a burst of sign-ins
// cannot take the process to gigabytes, and the libuv pool keeps threads for everything else.
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function scryptAsync(password: string, salt: Buffer, keylen: number, opts: Params): Promise<Buffer> {
  // A finished hash hands its slot straight to the next in line.
  if (running < MAX_CONCURRENT) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    const options: ScryptOptions = { ...opts, maxmem: 2 * 128 * opts.N * opts.r * opts.p };
    return await new Promise<Buffer>((resolve, reject) =>
      scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
    );
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** scrypt: a deliberately slow hash in Node's standard library; the parameters are stored with it. */
export async function hashPassword(password: string, params: Params = currentParams()): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEYLEN, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64"), key.toString("base64")].join("$");
}

function parse(stored: string): (Params & { salt: Buffer; hash: Buffer }) | null {
  const [kind, N, r, p, salt, hash] = stored.split("$");
  const params = { N: Number(N), r: Number(r), p: Number(p) };
  if (kind !== "scrypt" || !salt || !hash || !Object.values(params).every((v) => Number.isInteger(v) && v > 0)) return null;
  // A stored cost above OWASP's would let a bad row make one sign-in take gigabytes.
  if (params.N > OWASP.N || params.r > OWASP.r || params.p > OWASP.p) return null;
  return { ...params, salt: Buffer.from(salt, "base64"), hash: Buffer.from(hash, "base64") };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await scryptAsync(password, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(key, parsed.hash);
}

/** True when the stored hash was made with other parameters than new hashes get: rehash it. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  const want = currentParams();
  return !parsed || parsed.N !== want.N || parsed.r !== want.r || parsed.p !== want.p;
}

const decoys = new Map<string, Promise<string>>();
/** A hash of a random password at today's cost, so an unknown email costs as much time as a known one. */
export function decoyHash(): Promise<string> {
  const params = currentParams();
  const key = `${params.N}/${params.r}/${params.p}`;
  if (!decoys.has(key)) decoys.set(key, hashPassword(randomBytes(16).toString("hex"), params));
  return decoys.get(key)!;
}
