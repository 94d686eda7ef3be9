// Theme labels, measured: do discovered themes get label words, do the words repeat one stem
// ("charged / charges"), and on BANKING77 does a label name its theme's intent?
//
//   npx tsx tests/eval/labels.ts [--part tune|report] [--seeds 1,2,3]
//
// BANKING77: 3,000 items of the part, k = 77; an intent's words are its category name's
// ("card_arrival" -> card, arrival), and a label names the intent when one of its three words
// has the stem of one of them. CFPB: the part's narratives, k = 5, the product names the same
// way. NSMC: 3,000 Korean reviews of the part, k = 20 (not topical: no category to name).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { discoverThemes } from "../../analysis/themes/discover.js";
import { labelStem } from "../../analysis/text/stem.js";
import { parseNsmc } from "../../analysis/sentiment/data.js";
import { loadBanking, loadCfpb } from "./themes.js";
import { inPart, type Part } from "./split.js";
import { pick, sub } from "./protocol.js";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const part = (arg("--part") ?? "tune") as Part;
const seeds = (arg("--seeds") ?? "1").split(",").map(Number);
const dataDir = process.env.DATA ?? join(import.meta.dirname, "../../../shared/data");

type Row = { set: string; seed: number; themes: number; withWords: number; hangul: number; repeated: number; named: number | null };

function measure(set: string, seed: number, texts: string[], labels: number[] | null, cats: string[] | null, k: number): Row {
  const r = discoverThemes(texts, { k, seed, minSize: 1, stability: false });
  let withWords = 0, hangul = 0, repeated = 0, named = 0;
  r.themes.forEach((t, i) => {
    const top = t.terms.slice(0, 3);
    if (top.length) withWords++;
    if (top.some((w) => /^[\uAC00-\uD7A3]+$/.test(w))) hangul++;
    if (new Set(top.map(labelStem)).size < top.length) repeated++;
    if (labels && cats) {
      const votes = new Map<number, number>();
      r.assignments.forEach((a, j) => a === i && votes.set(labels[j], (votes.get(labels[j]) ?? 0) + 1));
      const major = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
      const intent = new Set((cats[major] ?? "").split(/[_\s]+/).map(labelStem));
      if (top.some((w) => intent.has(labelStem(w)))) named++;
    }
  });
  if (seed === seeds[0]) for (const t of r.themes.slice(0, 6)) console.log(`  ${set} d: ${t.size} items, label "${t.label}"`);
  return { set, seed, themes: r.themes.length, withWords, hangul, repeated, named: labels ? named : null };
}

const rows: Row[] = [];
const b = loadBanking(dataDir);
const bi = inPart("banking77", b.texts, part);
const cf = loadCfpb(dataDir);
const ci = inPart("cfpb", cf.texts, part);
const ns = parseNsmc(readFileSync(join(dataDir, "nsmc/train_balanced_100k.tsv"), "utf8"));
const ni = inPart("nsmc", ns.map((r) => r.id), part);
for (const seed of seeds) {
  const idx = sub(bi.length, 3000, seed).map((i) => bi[i]);
  rows.push(measure("banking77 3,000", seed, pick(b.texts, idx), pick(b.labels, idx), b.cats, 77));
  rows.push(measure("cfpb", seed, pick(cf.texts, ci), pick(cf.labels, ci), cf.cats, 5));
  const kIdx = sub(ni.length, 3000, seed).map((i) => ni[i]);
  rows.push(measure("nsmc 3,000 (ko)", seed, pick(ns.map((r) => r.text), kIdx), null, null, 20));
}
console.log(`\npart ${part}, seeds ${seeds.join(",")}\n\n| data | themes | with label words | a Hangul word in the label | a stem twice in the label | label names the majority's category |\n|---|---|---|---|---|---|`);
for (const set of [...new Set(rows.map((r) => r.set))]) {
  const rs = rows.filter((r) => r.set === set);
  const sum = (f: (r: Row) => number) => rs.reduce((s, r) => s + f(r), 0);
  const n = sum((r) => r.themes);
  const share = (x: number) => `${((100 * x) / n).toFixed(1)} %`;
  console.log(`| ${set} | ${n} | ${share(sum((r) => r.withWords))} | ${share(sum((r) => r.hangul))} | ${share(sum((r) => r.repeated))} | ${rs[0].named === null ? "-" : share(sum((r) => r.named!))} |`);
}
