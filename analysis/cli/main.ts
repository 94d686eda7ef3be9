// `npm run analyze -- <sentiment|themes|nps> ...`: analyse an export without the app.
// The only part of analysis/ that touches files. Bad input: one line on stderr, exit code 2.
import { availableParallelism } from "node:os";
import { npsFromScores, type NpsResult } from "../metrics/index.js";
import { assignSeededThemes } from "../themes/seeded.js";
import { discoverThemesByGroup } from "../themes/discover.js";
import { chooseModel, loadShippedModels, scoreSentiment, trainOrgModel, type LinearModel } from "../sentiment/index.js";
import { detectLanguage } from "../text/index.js";
import { InputError, readTable, requireColumn, writeTable, type Table } from "./io.js";

const USAGE = `usage:
  analyze sentiment --in FILE --text COL --out FILE [--lang auto|ko|en] [--train FILE --score COL --scale nps|csat]
  analyze themes --in FILE --text COL --out FILE [--seeds FILE] [--k auto|N] [--seed N]
  analyze nps --in FILE --score COL [--by COL] [--period month --date COL]`;

type Args = { cmd: string; opts: Map<string, string> };

export function parseArgs(argv: string[]): Args {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd.startsWith("-")) throw new InputError("missing command (sentiment, themes or nps)");
  const opts = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith("--")) throw new InputError(`unexpected argument "${a}"`);
    const v = rest[i + 1];
    if (v === undefined || v.startsWith("--")) throw new InputError(`${a} needs a value`);
    opts.set(a.slice(2), v);
    i++;
  }
  return { cmd, opts };
}

function need(opts: Map<string, string>, name: string): string {
  const v = opts.get(name);
  if (!v) throw new InputError(`missing --${name}`);
  return v;
}

function intOpt(opts: Map<string, string>, name: string, dflt: number): number {
  const v = opts.get(name);
  if (v === undefined) return dflt;
  if (!/^-?\d+$/.test(v)) throw new InputError(`--${name} must be an integer, got "${v}"`);
  return Number(v);
}

const fmt = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? "-" : x.toFixed(digits));

async function sentimentCmd(opts: Map<string, string>) {
  const input = need(opts, "in");
  const out = need(opts, "out");
  const t = readTable(input);
  const col = requireColumn(t, opts.get("text"), "--text", input);
  const lang = opts.get("lang") ?? "auto";
  if (!["auto", "ko", "en"].includes(lang)) throw new InputError(`--lang must be auto, ko or en, got "${lang}"`);
  let model: LinearModel | undefined;
  const trainFile = opts.get("train");
  if (trainFile) {
    const scale = opts.get("scale") ?? "nps";
    if (scale !== "nps" && scale !== "csat") throw new InputError(`--scale must be nps or csat, got "${scale}"`);
    const tt = readTable(trainFile);
    const tcol = requireColumn(tt, opts.get("text") , "--text", trainFile);
    const scol = requireColumn(tt, opts.get("score"), "--score", trainFile);
    const [lo, hi] = scale === "nps" ? [0, 10] : [1, 5];
    const items: { text: string; score: number; scale: "nps" | "csat" }[] = [];
    tt.rows.forEach((r, i) => {
      const raw = r[scol].trim();
      if (raw === "") return;
      const s = Number(raw);
      if (!Number.isInteger(s) || s < lo || s > hi) throw new InputError(`${trainFile}: line ${tt.lines[i]}: ${scol} "${raw}" is not an integer ${lo}..${hi}`);
      items.push({ text: r[tcol], score: s, scale });
    });
    // The organisation's model is used only where it measurably beats the shipped one (chooseModel).
    const trained = trainOrgModel(items, { seed: 1, shipped: loadShippedModels() });
    const choice = chooseModel(trained);
    if (choice.use === "org") model = trained.model;
    console.log(
      `organisation model: ${trained.n} scored texts, cross-validated macro-F1 ${trained.cvMacroF1.toFixed(3)}` +
        (trained.shippedMacroF1 !== null ? ` (shipped model on the same texts: ${trained.shippedMacroF1.toFixed(3)})` : "") +
        ` -> using the ${choice.use === "org" ? "organisation" : "shipped"} model: ${choice.reason}`,
    );
  }
  const rows = t.rows.map((r) => {
    const text = r[col];
    const l = lang === "auto" ? detectLanguage(text) : (lang as "ko" | "en");
    const s = scoreSentiment(text, { lang: l, model });
    return { ...r, language: l, sentiment: s.label, sentiment_score: +s.score.toFixed(4), sentiment_confidence: +s.confidence.toFixed(4) };
  });
  writeTable(out, [...t.columns.filter((c) => !["language", "sentiment", "sentiment_score", "sentiment_confidence"].includes(c)), "language", "sentiment", "sentiment_score", "sentiment_confidence"], rows);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.sentiment, (counts.get(r.sentiment) ?? 0) + 1);
  console.log(`${rows.length} texts: ` + [...counts].map(([k, v]) => `${k} ${v}`).join(", "));
}

function readSeeds(file: string): { name: string; examples: string[] }[] {
  const t = readTable(file);
  const text = requireColumn(t, "text", "seed column", file);
  const theme = requireColumn(t, "theme", "seed column", file);
  const byTheme = new Map<string, string[]>();
  for (const r of t.rows) {
    const name = r[theme].trim();
    if (!name || !r[text].trim()) continue;
    byTheme.set(name, [...(byTheme.get(name) ?? []), r[text]]);
  }
  for (const [name, ex] of byTheme) if (ex.length < 5) throw new InputError(`${file}: theme "${name}" has ${ex.length} examples; give at least 5`);
  return [...byTheme].map(([name, examples]) => ({ name, examples }));
}

function themesCmd(opts: Map<string, string>) {
  const input = need(opts, "in");
  const out = need(opts, "out");
  const t = readTable(input);
  const col = requireColumn(t, opts.get("text"), "--text", input);
  const kRaw = opts.get("k") ?? "auto";
  if (kRaw !== "auto" && !/^\d+$/.test(kRaw)) throw new InputError(`--k must be auto or a positive integer, got "${kRaw}"`);
  const k = kRaw === "auto" ? ("auto" as const) : Number(kRaw);
  if (k !== "auto" && k < 1) throw new InputError("--k must be at least 1");
  const seed = intOpt(opts, "seed", 1);
  const texts = t.rows.map((r) => r[col]);
  const theme = new Array<string>(texts.length).fill("unassigned");
  const label = new Array<string>(texts.length).fill("");
  const conf = new Array<number>(texts.length).fill(0);
  const seedsFile = opts.get("seeds");
  const summary: string[] = [];
  let left = texts.map((_, i) => i);
  if (seedsFile) {
    const r = assignSeededThemes(texts, readSeeds(seedsFile));
    const counts = new Map<string, number>();
    r.assignments.forEach((a, i) => {
      conf[i] = +a.confidence.toFixed(4);
      if (a.theme) {
        theme[i] = label[i] = a.theme;
        counts.set(a.theme, (counts.get(a.theme) ?? 0) + 1);
      }
    });
    summary.push(`seeded themes (threshold ${r.threshold.toFixed(3)}):`);
    for (const name of r.themes) summary.push(`  ${name}: ${counts.get(name) ?? 0} (${fmt((100 * (counts.get(name) ?? 0)) / texts.length)} %)`);
    left = left.filter((i) => theme[i] === "unassigned");
  }
  // sentiment column from a previous `analyze sentiment` run, if present
  const sentiment = t.columns.includes("sentiment_score")
    ? t.rows.map((r) => (r.sentiment_score === "" ? null : Number(r.sentiment_score)))
    : undefined;
  // Each language is discovered apart, as the app's discovery job does (one function,
  // discoverThemesByGroup): the language column of a previous `analyze sentiment` run where it
  // has a value, else the language detected from the text, as intake stores it.
  const langCol = t.columns.includes("language") ? "language" : null;
  const language = texts.map((text, i) => (langCol && t.rows[i][langCol].trim()) || detectLanguage(text));
  if (left.length >= 6) {
    const d = discoverThemesByGroup(
      left.map((i) => texts[i]),
      left.map((i) => language[i]),
      { k: k === "auto" ? "auto" : Math.min(k, left.length), seed, sentiment: sentiment ? left.map((i) => sentiment[i]) : undefined, cores: availableParallelism() },
    );
    d.assignments.forEach((a, j) => {
      const i = left[j];
      if (a < 0) return;
      const th = d.themes[a];
      theme[i] = th.id;
      label[i] = th.label;
      conf[i] = +Math.max(0, d.similarity[j]).toFixed(4);
    });
    const perLang = new Map<string, number>();
    for (const i of left) perLang.set(language[i], (perLang.get(language[i]) ?? 0) + 1);
    const langs = [...perLang].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([l, n]) => `${l} ${n}`).join(", ");
    summary.push(
      `discovered themes among ${left.length} items, each language apart (${langs}; k = ${d.k}${k === "auto" ? ", chosen by silhouette per language" : ", shared out by language size"}; stability ARI across 3 seeds ${fmt(d.stability, 2)}):`,
    );
    for (const th of d.themes) {
      summary.push(`  ${th.id} [${th.group ?? "-"}] "${th.label}": ${th.size} (${fmt(100 * th.share)} %)${th.meanSentiment === null ? "" : `, mean sentiment ${th.meanSentiment.toFixed(2)}`}`);
      for (const q of th.quotes) summary.push(`      "${q.replace(/\s+/g, " ").slice(0, 120)}"`);
    }
  }
  const un = theme.filter((x) => x === "unassigned").length;
  summary.push(`unassigned: ${un} of ${texts.length}`);
  const extra = ["theme", "theme_label", "theme_confidence"];
  writeTable(out, [...t.columns.filter((c) => !extra.includes(c)), ...extra], t.rows.map((r, i) => ({ ...r, theme: theme[i], theme_label: label[i], theme_confidence: conf[i] })));
  console.log(summary.join("\n"));
}

function monthOf(raw: string, file: string, line: number): string {
  const m = /^(\d{4})-(\d{2})/.exec(raw.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new InputError(`${file}: line ${line}: date "${raw}" is not YYYY-MM-DD`);
  return `${m[1]}-${m[2]}`;
}

function npsCmd(opts: Map<string, string>) {
  const input = need(opts, "in");
  const t: Table = readTable(input);
  const scol = requireColumn(t, opts.get("score"), "--score", input);
  const by = opts.get("by") ? requireColumn(t, opts.get("by"), "--by", input) : null;
  const period = opts.get("period");
  if (period !== undefined && period !== "month") throw new InputError(`--period must be month, got "${period}"`);
  const dcol = period ? requireColumn(t, opts.get("date"), "--date", input) : null;
  const groups = new Map<string, (number | null)[]>();
  t.rows.forEach((r, i) => {
    const raw = r[scol].trim();
    let s: number | null = null;
    if (raw !== "") {
      s = Number(raw);
      if (!Number.isInteger(s) || s < 0 || s > 10) throw new InputError(`${input}: line ${t.lines[i]}: ${scol} "${raw}" is not an integer 0..10`);
    }
    const keys = [by ? r[by] || "(blank)" : null, dcol ? monthOf(r[dcol], input, t.lines[i]) : null].filter((x) => x !== null);
    const key = keys.length ? keys.join(" | ") : "all";
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(s);
  });
  const res: [string, NpsResult][] = [...groups].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k, v]) => [k, npsFromScores(v)]);
  if (groups.size > 1) res.push(["all", npsFromScores([...groups.values()].flat())]);
  const head = [by && dcol ? `${by} | month` : by ?? (dcol ? "month" : "group"), "n", "NPS", "95% low", "95% high", "promoters", "passives", "detractors"];
  const body = res.map(([k, r]) => [k, String(r.n), fmt(r.nps), fmt(r.interval?.low), fmt(r.interval?.high), String(r.promoters), String(r.passives), String(r.detractors)]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(w[i]) : x.padStart(w[i]))).join("  ");
  console.log([line(head), ...body.map(line)].join("\n"));
  console.log("interval: adjusted Wald (n + 3, P + 3/4, D + 3/4), 95 %");
}

async function main(argv: string[]) {
  const { cmd, opts } = parseArgs(argv);
  if (cmd === "sentiment") await sentimentCmd(opts);
  else if (cmd === "themes") themesCmd(opts);
  else if (cmd === "nps") npsCmd(opts);
  else throw new InputError(`unknown command "${cmd}" (sentiment, themes or nps)`);
}

main(process.argv.slice(2)).catch((e) => {
  if (e instanceof InputError) {
    console.error(`error: ${e.message}`);
    if (/missing command|unknown command/.test(e.message)) console.error(USAGE);
    process.exit(2);
  }
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
