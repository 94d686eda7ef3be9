// `npm run eval`: goals of issue 4 measured on ../shared/data; prints one table.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import type { EvalRow } from "./types.js";
import { evaluateThemes } from "./themes.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dataDir = resolve(root, "../shared/data");

function table(rows: EvalRow[]): string {
  const head = ["task", "data", "metric", "ours", "baseline", "goal"];
  const body = rows.map((r) => [r.task, r.data, r.metric, r.ours.toFixed(3), r.baseline === null ? "-" : r.baseline.toFixed(3), r.goal ?? ""]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

async function main() {
  if (!existsSync(dataDir)) {
    console.log(`eval skipped: shared data not found at ${dataDir}`);
    return;
  }
  const only = process.argv[2]; // optional: "sentiment" or "themes"
  const rows: EvalRow[] = [];
  const log = (s: string) => console.error(`  ${s}`);
  if (!only || only === "sentiment") {
    const sentimentEval = resolve(root, "tests/eval/sentiment.ts");
    if (existsSync(sentimentEval)) {
      const mod = (await import(sentimentEval)) as { evaluateSentiment?: (dir: string) => Promise<EvalRow[]> };
      if (mod.evaluateSentiment) rows.push(...(await mod.evaluateSentiment(dataDir)));
    } else console.error("  sentiment eval not present yet (tests/eval/sentiment.ts)");
  }
  if (!only || only === "themes") rows.push(...(await evaluateThemes(dataDir, log)));
  console.log(table(rows));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
