// scikit-learn as the line to beat, run in the same `npm run eval` as ours: Debian's
// python3-sklearn under /usr/bin/python3 (dev-only). Absent -> the eval says so and goes on.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PY = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./sklearn_baseline.py", import.meta.url));

export type SkTask =
  | { kind: "cluster"; texts: string[]; k: number; seed: number }
  | { kind: "classify"; train: string[]; y: number[]; test: string[]; analyzer?: "word" | "char"; C?: number };

export function sklearnVersion(): string | null {
  const p = spawnSync(PY, ["-c", "import sklearn; print(sklearn.__version__)"], { encoding: "utf8" });
  return p.status === 0 ? p.stdout.trim() : null;
}

/** Runs every task in one Python process; predicted labels per task. */
export function runSklearn(tasks: SkTask[]): { labels: number[]; seconds: number }[] {
  if (tasks.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), "eval-sk-"));
  try {
    writeFileSync(join(dir, "tasks.json"), JSON.stringify(tasks));
    const p = spawnSync(PY, [SCRIPT, join(dir, "tasks.json")], { encoding: "utf8", maxBuffer: 1 << 28 });
    if (p.status !== 0) throw new Error(`scikit-learn run failed: ${p.stderr.trim().split("\n").pop()}`);
    return JSON.parse(p.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
