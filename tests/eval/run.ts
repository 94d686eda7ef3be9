// `npm run eval`: the locked protocol of issue 11 (tests/eval/protocol.ts, split.ts) on
// ../shared/data; prints the table task x size x ours / scikit-learn / spread.
//   npm run eval                          # report part, seeds 1,2,3, everything (~15 min on the shared machine)
//   npm run eval -- discovery --write     # ... one section, its table put into analysis/README.md
//   npm run eval -- discovery --part tune --seeds 1 --sizes 1000,3000   # exploring: tuning part only
// Sections: discovery, seeded, korean, english. scikit-learn (Debian python3-sklearn, /usr/bin/python3)
// runs in the same process tree; without it the eval says so and prints ours alone.
// `--sk-only` (discovery): scikit-learn's runs alone, on the same samples.
// `--auto lang|plain` (discovery): ours with the job's k = "auto", per detected language or not.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { Collector, DISCOVERY_SIZES, type AutoK, EXAMPLES_PER_THEME, discoveryEval, englishEval, koreanEval, seededEval, type Cell } from "./protocol.js";
import { runSklearn, sklearnVersion } from "./sklearn.js";
import type { Part } from "./split.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
// ../shared/data beside the checkout (a worktree one level deeper finds it one level up)
const dataDir = process.env.SHARED_DATA ?? [resolve(root, "../shared/data"), resolve(root, "../../shared/data")].find(existsSync) ?? resolve(root, "../shared/data");

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const nums = (s: string | undefined, d: number[]) => (s ? s.split(",").map(Number) : d);

function stats(xs: number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd };
}

function table(cells: Cell[]): string {
  const f = (xs: number[] | null, metric: string) => {
    if (!xs || xs.length === 0) return "-";
    const { mean, sd } = stats(xs);
    const d = metric === "seconds" ? 1 : 3;
    return xs.length > 1 ? `${mean.toFixed(d)} ± ${sd.toFixed(d)}` : mean.toFixed(d);
  };
  const lines = [
    "| task | data | size | metric | ours (mean ± sd) | scikit-learn (mean ± sd) | ours - sk | goal |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const c of cells) {
    const diff = c.sk && c.sk.length && c.ours.length ? (stats(c.ours).mean - stats(c.sk).mean).toFixed(c.metric === "seconds" ? 1 : 3) : "-";
    lines.push(`| ${c.task} | ${c.data} | ${c.size} | ${c.metric} | ${f(c.ours, c.metric)} | ${f(c.sk, c.metric)} | ${diff} | ${c.goal ?? ""} |`);
  }
  return lines.join("\n");
}

async function main() {
  if (!existsSync(dataDir)) {
    console.log(`eval skipped: shared data not found at ${dataDir}`);
    return;
  }
  const part = (arg("part") ?? "report") as Part;
  if (part !== "tune" && part !== "report") throw new Error("--part is tune or report");
  const seeds = nums(arg("seeds"), [1, 2, 3]);
  const sizes = nums(arg("sizes"), DISCOVERY_SIZES);
  const perTheme = nums(arg("examples"), EXAMPLES_PER_THEME);
  const section = process.argv.slice(2).find((a, i, all) => !a.startsWith("--") && !(i > 0 && all[i - 1].startsWith("--")));
  const version = process.argv.includes("--no-sk") ? null : sklearnVersion();
  const log = (s: string) => console.error(`  ${s}`);
  if (!version) console.error("  scikit-learn not available (apt-get install -y python3-sklearn; /usr/bin/python3): ours only");
  const c = new Collector(version !== null);
  const t0 = Date.now();
  if (!section || section === "discovery") discoveryEval(dataDir, part, seeds, c, log, sizes, !process.argv.includes("--sk-only"), arg("auto") as AutoK | undefined);
  if (!section || section === "seeded") seededEval(dataDir, part, seeds, c, log, perTheme);
  if (!section || section === "korean") koreanEval(dataDir, part, c, log);
  if (!section || section === "english") englishEval(dataDir, part, c, log);
  const pending = c.takePending();
  if (pending.length) {
    log(`scikit-learn ${version}: ${pending.length} runs`);
    runSklearn(pending.map((p) => p.task)).forEach((r, i) => pending[i].done(r.labels, r.seconds));
  }
  const minutes = ((Date.now() - t0) / 60000).toFixed(1);
  const head =
    `Part: ${part} (split.ts), ${section === "korean" || section === "english" ? "deterministic (one trained model per row, no seeds)" : `seeds ${seeds.join(", ")}`}; scikit-learn ${version ?? "not installed: ours only"}; ` +
    `${new Date().toISOString().slice(0, 10)}, ${minutes} min on the shared 2-core machine.`;
  const out = `${head}\n\n${table(c.cells)}`;
  console.log(out);
  if (process.argv.includes("--write")) {
    const path = resolve(root, "analysis/README.md");
    const readme = readFileSync(path, "utf8");
    // one block per section ("all" without one), so a section can be re-run alone
    const tag = section ?? "all";
    const begin = `<!-- eval:${tag}:begin -->`;
    const end = `<!-- eval:${tag}:end -->`;
    const a = readme.indexOf(begin);
    const b = readme.indexOf(end);
    if (a < 0 || b < 0) throw new Error(`analysis/README.md lacks the markers ${begin} ... ${end}`);
    writeFileSync(path, `${readme.slice(0, a)}${begin}\n${out}\n${readme.slice(b)}`);
    console.error("  written to analysis/README.md");
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
