// Worker threads for discovery: the kNN walk beside the LSA, row-parallel kernels (each thread
// its own fixed rows, with the single-thread loop), and k-means restarts as separate jobs. Each
// kernel is a plain function whose source goes to the workers as text (toString), so no worker
// file, path or TypeScript loader is needed: the same under tsx, vitest and in the Remix bundle.
// Large arrays live in SharedArrayBuffers, read and written where they are. Calls block
// (Atomics.wait) until the threads are done, so the callers stay synchronous; nothing a thread
// computes depends on how many there are, so the output is the single-thread one, bit for bit.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { Csr } from "./vectorize.js";

/** A function run on a worker: `fn` and the top-level functions it calls (by the names it calls them). */
export interface Kernel {
  id: number;
  fn: (...args: never[]) => void;
  src: string;
}

let kernelCount = 0;

function declaredName(f: (...args: never[]) => unknown): string {
  // the name in the source text itself: a bundler may rename a function against a clash
  // (pushTop2), and the other functions' text then calls it by that name
  const m = /^function\s*([\w$]+)/.exec(f.toString());
  if (!m) throw new Error("a worker kernel must be a function declaration");
  return m[1];
}

/** `fn` with the top-level functions it calls: each a function declaration using nothing else outside itself. */
export function kernel<F extends (...args: never[]) => void>(fn: F, ...helpers: ((...args: never[]) => unknown)[]): Kernel {
  const src = [...helpers, fn].map((f) => f.toString()).join("\n");
  return { id: kernelCount++, fn, src: `${src}\nreturn ${declaredName(fn)};` };
}

// The worker's loop. `__name` is what tsx (esbuild's keepNames) wraps local functions in; here
// it need not name anything. (A minifier renaming __name itself would break the kernels: the
// Remix server build does not minify, serverMinify being off.)
const WORKER = `
const { workerData } = require("node:worker_threads");
const { ctl, slot, port } = workerData;
const fns = new Map();
const __name = (f) => f;
// a worker that exits mid-call (process.exit in a kernel) must not leave the caller waiting
process.on("exit", () => {
  Atomics.store(ctl, slot, 3);
  Atomics.notify(ctl, slot);
});
port.on("message", (m) => {
  try {
    if (m.src !== undefined) fns.set(m.id, new Function("__name", m.src)(__name));
    fns.get(m.id)(...m.args);
    Atomics.store(ctl, slot, 1);
  } catch (e) {
    port.postMessage(String((e && e.stack) || e));
    Atomics.store(ctl, slot, 2);
  }
  Atomics.notify(ctl, slot);
});
`;

interface Thread {
  worker: Worker;
  port: MessagePort;
  slot: number;
  known: Set<number>;
  /** what it is running (null: idle) */
  job: Job | null;
}

/** 0 while running; 1 done; 2 failed (the error waits on the port); 3 the worker exited */
interface Job {
  status: number;
  error?: string;
}

export class Pool {
  private readonly ctl: Int32Array;
  private readonly threads: Thread[] = [];

  /** `size` threads in all: this one and size - 1 workers. */
  constructor(size: number) {
    this.ctl = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, size - 1)));
    for (let slot = 0; slot < size - 1; slot++) {
      const { port1, port2 } = new MessageChannel();
      // no execArgv: a worker inheriting tsx's loader would load it for nothing, and keep the process alive
      const worker = new Worker(WORKER, { eval: true, execArgv: [], workerData: { ctl: this.ctl, slot, port: port2 }, transferList: [port2] });
      worker.unref();
      port1.unref();
      this.threads.push({ worker, port: port1, slot, known: new Set(), job: null });
    }
  }

  /** Workers not running anything (a finished job is set down here; its wait returns at once). */
  private idle(): Thread[] {
    for (const t of this.threads) if (t.job && Atomics.load(this.ctl, t.slot) !== 0) this.finish(t);
    return this.threads.filter((t) => !t.job);
  }

  private finish(t: Thread): void {
    const job = t.job!;
    job.status = Atomics.load(this.ctl, t.slot);
    if (job.status === 2) job.error = String(receiveMessageOnPort(t.port)?.message ?? "?");
    if (job.status === 3) {
      job.error = "the worker exited";
      this.threads.splice(this.threads.indexOf(t), 1); // gone: no more jobs for it
    }
    t.job = null;
  }

  /** Whether start() would find a worker now. */
  hasIdle(): boolean {
    return this.idle().length > 0;
  }

  /** Starts `k` on an idle worker and returns the wait for it (which rethrows the worker's error). */
  start(k: Kernel, args: unknown[]): () => void {
    const t = this.idle()[0];
    if (!t) throw new Error("no idle worker");
    for (const a of args) checkShared(a);
    const job: Job = { status: 0 };
    t.job = job;
    Atomics.store(this.ctl, t.slot, 0);
    t.port.postMessage(t.known.has(k.id) ? { id: k.id, args } : { id: k.id, src: k.src, args });
    t.known.add(k.id);
    return () => {
      if (t.job === job) {
        while (Atomics.load(this.ctl, t.slot) === 0) Atomics.wait(this.ctl, t.slot, 0);
        this.finish(t);
      }
      if (job.status >= 2) throw new Error(`worker kernel failed: ${job.error}`);
    };
  }

  /**
   * Rows [0, n) cut into one range per idle worker and this thread (which takes the first), each given to
   * `k` as its last two arguments (r0, r1); returns when all are done. `align`: each cut a
   * multiple of it.
   */
  rows(k: Kernel, n: number, args: unknown[], align = 1): void {
    const free = this.idle().length;
    const parts = Math.max(1, Math.min(free + 1, Math.floor(n / Math.max(1, align))));
    const cut = (p: number) => (p === parts ? n : Math.floor((p * n) / parts / align) * align);
    const waits: (() => void)[] = [];
    for (let p = 1; p < parts; p++) waits.push(this.start(k, [...args, cut(p), cut(p + 1)]));
    try {
      (k.fn as (...a: unknown[]) => void)(...args, 0, cut(1));
    } finally {
      for (const w of waits) w();
    }
  }

  /**
   * Every job (the arguments of one call of `k`) run once, from the front on whichever workers
   * are idle, from the back here; returns when all are done. The jobs must write apart.
   */
  each(k: Kernel, jobs: readonly unknown[][]): void {
    const waits: (() => void)[] = [];
    let front = 0;
    let back = jobs.length;
    try {
      while (front < back) {
        while (front < back && this.hasIdle()) waits.push(this.start(k, jobs[front++]));
        if (front < back) (k.fn as (...a: unknown[]) => void)(...jobs[--back]);
      }
    } finally {
      for (const w of waits) w();
    }
  }

  close(): void {
    for (const t of this.threads) void t.worker.terminate();
    this.threads.length = 0;
  }
}

/** Arrays sent to a worker must be shared: an ordinary one would be copied, and what the worker wrote lost. */
function checkShared(a: unknown): void {
  if (ArrayBuffer.isView(a)) {
    if (!(a.buffer instanceof SharedArrayBuffer)) throw new Error("a worker kernel's arrays must be in shared memory");
  } else if (a && typeof a === "object") for (const v of Object.values(a)) if (ArrayBuffer.isView(v)) checkShared(v);
}

type TypedArrayOf<T> = { new (buffer: ArrayBufferLike): T; BYTES_PER_ELEMENT: number };

/** n zeros in shared memory when `inShared` (a pool, or true: the threads read and write them where they are), else in ordinary memory. */
export function typedArray<T>(type: TypedArrayOf<T>, n: number, inShared: Pool | boolean | null): T {
  const bytes = type.BYTES_PER_ELEMENT * n;
  return new type(inShared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
}
export const f32 = (n: number, pool: Pool | null): Float32Array => typedArray(Float32Array, n, pool);
export const f64 = (n: number, pool: Pool | null): Float64Array => typedArray(Float64Array, n, pool);
export const i32 = (n: number, pool: Pool | null): Int32Array => typedArray(Int32Array, n, pool);

/** `a` if in shared memory already, else a copy there. */
export function shared<T extends Float32Array | Int32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const b = typedArray(a.constructor as TypedArrayOf<T>, a.length, true);
  b.set(a);
  return b;
}

/** The matrix in shared memory (copied where it is not). */
export function sharedCsr(m: Csr): Csr {
  return { ...m, indptr: shared(m.indptr), indices: shared(m.indices), data: shared(m.data) };
}
