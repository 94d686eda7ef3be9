// Themes rows of `npm run eval`: seeded themes and discovery on BANKING77 and CFPB, fixed seeds.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { mulberry32, permutation } from "../../analysis/random.js";
import { assignSeededThemes } from "../../analysis/themes/seeded.js";
import { discoverThemes } from "../../analysis/themes/discover.js";
import { nmi, ari } from "../../analysis/themes/quality.js";
import type { EvalRow } from "./types.js";

export const SPLIT_SEED = 42;

export function loadBanking(dataDir: string) {
  const rows = parse(readFileSync(join(dataDir, "banking77/train.csv")), { columns: true }) as { text: string; category: string }[];
  const cats = [...new Set(rows.map((r) => r.category))].sort();
  return { texts: rows.map((r) => r.text), labels: rows.map((r) => cats.indexOf(r.category)), cats };
}

export function loadCfpb(dataDir: string) {
  const read = (f: string) => JSON.parse(readFileSync(join(dataDir, "cfpb_ibm", f), "utf8")) as { input: string; output: string }[];
  const all = [...read("cfpb_train.json"), ...read("cfpb_test.json")];
  const cats = [...new Set(all.map((r) => r.output))].sort();
  // The narrative alone: the train file wraps it in "Narrative: ... Product:", the test file in
  // a prompt ("Including narratives choice the best match product with the items from the list:
  // 'credit_card', ... Comment: ..."). Left in, that shared prompt makes the 300 test items a
  // cluster of their own (and spells the five product names in every one of them).
  const clean = (s: string) =>
    s.replace(/^Narrative:\s*/, "").replace(/^Including narratives[\s\S]*?Comment:\s*/, "").replace(/\s*Product:\s*$/, "");
  return { texts: all.map((r) => clean(r.input)), labels: all.map((r) => cats.indexOf(r.output)), cats };
}

/** 10 examples per intent after a seeded shuffle; the rest are scored. */
export function seededSplit(texts: string[], labels: number[], cats: string[], perTheme = 10, seed = SPLIT_SEED) {
  const seeds = new Map<string, string[]>();
  const rest: number[] = [];
  for (const i of permutation(texts.length, mulberry32(seed))) {
    const l = seeds.get(cats[labels[i]]) ?? [];
    if (l.length < perTheme) {
      l.push(texts[i]);
      seeds.set(cats[labels[i]], l);
    } else rest.push(i);
  }
  return { themes: [...seeds].map(([name, examples]) => ({ name, examples })), rest };
}

export async function evaluateThemes(dataDir: string, log: (s: string) => void = () => {}): Promise<EvalRow[]> {
  const rows: EvalRow[] = [];
  const b = loadBanking(dataDir);
  {
    const { themes, rest } = seededSplit(b.texts, b.labels, b.cats);
    const t = Date.now();
    const r = assignSeededThemes(rest.map((i) => b.texts[i]), themes);
    let hit = 0;
    let cov = 0;
    let hitCov = 0;
    r.assignments.forEach((a, j) => {
      const truth = b.cats[b.labels[rest[j]]];
      if (a.best === truth) hit++;
      if (a.theme) {
        cov++;
        if (a.theme === truth) hitCov++;
      }
    });
    log(`seeded themes: ${Date.now() - t} ms, threshold ${r.threshold.toFixed(3)}`);
    rows.push({ task: "seeded themes (10/intent)", data: "banking77", metric: "accuracy", ours: hit / rest.length, baseline: 0.63, goal: ">= 0.75" });
    rows.push({ task: "seeded themes, calibrated threshold", data: "banking77", metric: "coverage", ours: cov / rest.length, baseline: null });
    rows.push({ task: "seeded themes, calibrated threshold", data: "banking77", metric: "accuracy of assigned", ours: cov ? hitCov / cov : 0, baseline: null });
  }
  {
    const runs = [1, 2, 3].map((seed) => discoverThemes(b.texts, { k: 77, seed, minSize: 1, stability: false }));
    const scores = runs.map((r) => nmi(b.labels, r.assignments));
    log(`banking77 k=77 NMI per seed: ${scores.map((s) => s.toFixed(3)).join(" ")}`);
    rows.push({ task: "discovery k=77 (mean of 3 seeds)", data: "banking77", metric: "NMI", ours: scores.reduce((a, c) => a + c, 0) / 3, baseline: 0.556, goal: ">= 0.62" });
    rows.push({ task: "discovery k=77 (mean of 3 seeds)", data: "banking77", metric: "ARI", ours: runs.reduce((a, r) => a + ari(b.labels, r.assignments), 0) / 3, baseline: 0.122 });
  }
  {
    const r = discoverThemes(b.texts, { k: "auto", seed: 1, minSize: 1, stability: false });
    log(`banking77 auto k = ${r.k}`);
    rows.push({ task: `discovery k=auto (chose ${r.k})`, data: "banking77", metric: "NMI", ours: nmi(b.labels, r.assignments), baseline: null });
  }
  const c = loadCfpb(dataDir);
  {
    const scores = [1, 2, 3].map((seed) => nmi(c.labels, discoverThemes(c.texts, { k: 5, seed, minSize: 1, stability: false }).assignments));
    log(`cfpb k=5 NMI per seed: ${scores.map((s) => s.toFixed(3)).join(" ")}`);
    rows.push({ task: "discovery k=5 (mean of 3 seeds)", data: "cfpb train+test", metric: "NMI", ours: scores.reduce((a, s) => a + s, 0) / 3, baseline: 0.25, goal: ">= 0.45" });
  }
  return rows;
}
