import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { assignSeededThemes, type SeededOptions, type SeededResult, type SeedTheme } from "../../analysis/themes";

/*
 * The seeded classifier off the server's thread: one long-lived worker (started on first use,
 * never keeping the process alive), one message per batch. Its entry is plain JS that registers
 * tsx's loader (seeded-classifier.worker.mjs). Without the entry file (a build copied elsewhere)
 * the classifier runs on the server's thread, as before, and says so.
 */

let worker: Worker | null = null;
let broken = false;
let nextId = 0;
const waiting = new Map<number, { resolve: (r: SeededResult) => void; reject: (e: Error) => void }>();

function entry(): string | null {
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL("./seeded-classifier.worker.mjs", import.meta.url)));
  } catch {
    // bundled: no module URL
  }
  candidates.push(join(process.cwd(), "app", "jobs", "seeded-classifier.worker.mjs"));
  return candidates.find((f) => existsSync(f)) ?? null;
}

function start(): Worker | null {
  if (worker || broken) return worker;
  const file = entry();
  if (!file) {
    broken = true;
    return null;
  }
  const w = new Worker(file);
  w.unref();
  w.on("message", (m: { id: number; result?: SeededResult; error?: string }) => {
    const p = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.result!);
  });
  const fail = (error: Error) => {
    worker = null;
    for (const p of waiting.values()) p.reject(error);
    waiting.clear();
  };
  w.on("error", fail);
  w.on("exit", (code) => fail(new Error(`seeded classifier worker exited (${code})`)));
  worker = w;
  return w;
}

/** assignSeededThemes on a worker thread; the same result as calling it here. */
export async function classifySeeded(texts: string[], themes: SeedTheme[], opts: SeededOptions): Promise<SeededResult> {
  const w = start();
  if (!w) {
    console.error("seeded classifier: no worker entry found; classifying on the server's thread");
    return assignSeededThemes(texts, themes, opts);
  }
  const id = nextId++;
  return new Promise<SeededResult>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    w.postMessage({ id, texts, themes, opts });
  });
}
