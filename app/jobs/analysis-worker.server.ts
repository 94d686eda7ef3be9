import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { assignSeededThemes, discoverThemesByGroup, type DiscoverOptions, type DiscoveryResult, type SeededOptions, type SeededResult, type SeedTheme } from "../../analysis/themes";
import type { AnalysisTask } from "./analysis.worker";

/*
 * Analysis off the server's thread: one long-lived worker (started on first use, never keeping the
 * process alive), one message per call, results as the functions return them. Its entry is plain
 * JS that registers tsx's loader (analysis.worker.mjs). Without the entry file (a build copied
 * elsewhere) the work runs on the server's thread, as before, and says so.
 */

let worker: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
let nextId = 0;
/** An idle worker is stopped after this long: even unref'd, a worker whose thread registered tsx's loader keeps the process from exiting. */
const IDLE_MS = 5_000;
const waiting = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();

function entry(): string | null {
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL("./analysis.worker.mjs", import.meta.url)));
  } catch {
    // bundled: no module URL
  }
  candidates.push(join(process.cwd(), "app", "jobs", "analysis.worker.mjs"));
  return candidates.find((f) => existsSync(f)) ?? null;
}

function start(): Worker | null {
  if (worker) return worker;
  const file = entry();
  if (!file) return null;
  const w = new Worker(file);
  w.unref();
  w.on("message", (m: { id: number; result?: unknown; error?: string }) => {
    const p = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.result);
    if (waiting.size === 0) {
      idle = setTimeout(() => {
        if (worker === w && waiting.size === 0) {
          worker = null;
          void w.terminate();
        }
      }, IDLE_MS);
      idle.unref();
    }
  });
  // A worker that dies fails what it was doing; the next call starts a new one.
  const fail = (error: Error) => {
    if (worker === w) worker = null;
    for (const p of waiting.values()) p.reject(error);
    waiting.clear();
  };
  w.on("error", fail);
  w.on("exit", (code) => fail(new Error(`analysis worker exited (${code})`)));
  worker = w;
  return w;
}

function run<T>(task: AnalysisTask, args: unknown[], inline: () => T): Promise<T> {
  const w = start();
  if (!w) {
    console.error(`analysis worker: no entry file found; ${task} runs on the server's thread`);
    return Promise.resolve(inline());
  }
  if (idle) clearTimeout(idle);
  idle = null;
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (r: unknown) => void, reject });
    w.postMessage({ id, task, args });
  });
}

/** assignSeededThemes on the worker thread. */
export function classifySeeded(texts: string[], themes: SeedTheme[], opts: SeededOptions): Promise<SeededResult> {
  return run("assignSeededThemes", [texts, themes, opts], () => assignSeededThemes(texts, themes, opts));
}

// A discovery job leaves one core to the server's requests and to PostgreSQL: on two cores it runs
// on one thread, as before discovery could use more (the output is the same for any number).
export const JOB_CORES = Math.max(1, availableParallelism() - 1);

/** discoverThemesByGroup (each group, such as a language, clustered on its own) on the worker thread. */
export function discoverInWorker(texts: string[], groups: string[], opts: DiscoverOptions): Promise<DiscoveryResult> {
  const withThreads: DiscoverOptions = { cores: JOB_CORES, ...opts };
  return run("discoverThemesByGroup", [texts, groups, withThreads], () => discoverThemesByGroup(texts, groups, withThreads));
}
