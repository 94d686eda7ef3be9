// `npx tsx tests/bench/sentiment-intake.ts`: what scoring sentiment at write adds to each survey
// feedback item on the intake path (models/response.server.ts insertFirstPage): the shipped
// model's score of the text, and the larger JSON the one INSERT statement carries. One core,
// after warm-up, over the demo "why?" texts (Korean and English). Prints figures; asserts nothing.
import { performance } from "node:perf_hooks";
import { loadShippedModels, scoreWith } from "../../analysis/sentiment";
import { detectLanguage } from "../../analysis/text";
import { demoComments, demoWhy } from "../../app/models/demo-texts";

const N = Number(process.env.BENCH_N ?? 200_000);
const texts = [...Object.values(demoWhy.ko).flat(), ...Object.values(demoWhy.en).flat(), ...demoComments.ko, ...demoComments.en];
const models = loadShippedModels();
const langs = texts.map((t) => detectLanguage(t));

function time(label: string, fn: (i: number) => unknown): number {
  for (let i = 0; i < 20_000; i++) fn(i); // warm-up
  // CPU time of this process: on a shared machine wall time also counts other processes' turns.
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let sink = 0;
  for (let i = 0; i < N; i++) sink += fn(i) ? 1 : 0;
  const cpu = process.cpuUsage(c0);
  const wallNs = ((performance.now() - t0) * 1e6) / N;
  const ns = ((cpu.user + cpu.system) * 1e3) / N;
  console.log(`${label.padEnd(40)} ${ns.toFixed(0).padStart(6)} ns/item CPU  (wall ${wallNs.toFixed(0)} ns)${sink < 0 ? "" : ""}`);
  return ns;
}

const item = (i: number) => ({ question_id: "00000000-0000-4000-8000-000000000000", text: texts[i % texts.length], language: langs[i % texts.length], score: 7, score_scale: "nps" });
console.log(`${texts.length} texts (mean ${Math.round(texts.reduce((s, t) => s + t.length, 0) / texts.length)} chars), ${N} scores per figure, node ${process.version}`);
const score = time("scoreWith (shipped ko/en model)", (i) => scoreWith(models, texts[i % texts.length], { lang: langs[i % texts.length] }));
const before = time("JSON of one item, as before", (i) => JSON.stringify([item(i)]));
const after = time("JSON of one item with its sentiment", (i) => {
  const r = scoreWith(models, texts[i % texts.length], { lang: langs[i % texts.length] });
  return JSON.stringify([{ ...item(i), sentiment_label: r.label, sentiment_score: r.score, sentiment_confidence: r.confidence, sentiment_model: r.modelId }]);
});
console.log(`added per item on the intake path: ${((after - before) / 1000).toFixed(2)} µs (score alone ${(score / 1000).toFixed(2)} µs)`);
