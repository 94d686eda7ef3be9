// `npx tsx tests/bench/discovery.ts [--sizes 10000,50000,100000] [--part tune|all] [--k 100] [--no-sk] [--job]`:
// discoverThemes() timed directly on N short texts (BANKING77 among UCI and NSMC distractors, as
// the eval builds its large sizes), with peak RSS, and scikit-learn's TF-IDF -> TruncatedSVD(100)
// -> Normalizer -> MiniBatchKMeans(n_init=3) on the same texts in the same run as the line to beat.
// NMI counts the BANKING77 items only; the SHA-1 of the assignments and similarities checks that a
// speed change kept the output. Each size runs in a child process so peak RSS is its own.
// Prints figures with the load average; asserts nothing. Quality per size is `npm run eval`'s job.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32, permutation } from "../../analysis/random.js";
import { parseNsmc, parseUci } from "../../analysis/sentiment/data.js";
import { discoverThemes, discoverThemesByGroup } from "../../analysis/themes/discover.js";
import { detectLanguage } from "../../analysis/text/language.js";
import { nmi } from "../../analysis/themes/quality.js";
import { JOB_CORES } from "../../app/jobs/analysis-worker.server.js";
import { loadBanking } from "../eval/themes.js";
import { inPart, type Part } from "../eval/split.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dataDir = process.env.SHARED_DATA ?? [resolve(root, "../shared/data"), resolve(root, "../../shared/data")].find(existsSync) ?? resolve(root, "../shared/data");
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const sizes = (arg("sizes") ?? "10000,50000,100000").split(",").map(Number);
const part = (arg("part") ?? "all") as Part | "all";
const K = Number(arg("k") ?? 100);

/** BANKING77 first (labelled), then a seeded sample of distractors; n beyond the pool wraps. */
function items(n: number, seed: number): { texts: string[]; labels: number[] } {
  const b = loadBanking(dataDir);
  const bi = part === "all" ? b.texts.map((_, i) => i) : inPart("banking77", b.texts, part);
  const uci = ["amazon_cells", "imdb", "yelp"].flatMap((f) => parseUci(readFileSync(join(dataDir, `uci_sentiment/${f}_labelled.txt`), "utf8")).map((r) => r.text));
  const nsmc = ["train_balanced_100k.tsv", "by_rating_1k_each.tsv"].flatMap((f) => parseNsmc(readFileSync(join(dataDir, "nsmc", f), "utf8")));
  const ui = part === "all" ? uci.map((_, i) => i) : inPart("uci", uci, part);
  const ni = part === "all" ? nsmc.map((_, i) => i) : inPart("nsmc", nsmc.map((r) => r.id), part);
  const pool = [...ui.map((i) => uci[i]), ...ni.map((i) => nsmc[i].text)].filter((t) => t.trim());
  const bt = bi.map((i) => b.texts[i]).slice(0, n);
  const perm = permutation(pool.length, mulberry32(seed));
  const texts = [...bt];
  for (let i = 0; texts.length < n; i++) texts.push(pool[perm[i % pool.length]]);
  return { texts, labels: texts.map((_, i) => (i < bt.length ? b.labels[bi[i]] : -1)) };
}

const PY = String.raw`
import json, sys, time, resource
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import Normalizer
from sklearn.pipeline import make_pipeline
from sklearn.cluster import MiniBatchKMeans
d = json.load(open(sys.argv[1]))
t = time.time(); c = time.process_time()
lsa = make_pipeline(TfidfVectorizer(sublinear_tf=True), TruncatedSVD(100, random_state=1), Normalizer(copy=False))
x = lsa.fit_transform(d["texts"])
labels = MiniBatchKMeans(n_clusters=d["k"], random_state=1, n_init=3).fit_predict(x)
print(json.dumps({"seconds": time.time() - t, "cpu": time.process_time() - c, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "labels": labels.tolist()}))
`;

const load = () => loadavg().map((x) => x.toFixed(1)).join(" ");
const score = (labels: number[], pred: ArrayLike<number>) => {
  const idx = labels.map((_, i) => i).filter((i) => labels[i] >= 0);
  return nmi(idx.map((i) => labels[i]), idx.map((i) => pred[i]));
};

if (process.argv.includes("--child")) {
  // one size, ours only: its own process, so maxRSS is this run's
  const n = Number(arg("n"));
  const { texts, labels } = items(n, 1);
  const base = process.memoryUsage().rss / 2 ** 20;
  const t = performance.now();
  const cpu = process.cpuUsage();
  // --job: what the app's discovery job runs (per language, k by silhouette, stability runs, its threads)
  const r = process.argv.includes("--job") ? discoverThemesByGroup(texts, texts.map(detectLanguage), { seed: 1, cores: JOB_CORES }) : discoverThemes(texts, { k: K, seed: 1, minSize: 1, stability: false, cores: availableParallelism() });
  const secs = (performance.now() - t) / 1000;
  const c = process.cpuUsage(cpu);
  // SHA-1 of the assignments and similarities: a bit-for-bit check of a change meant to keep the output
  const sha = createHash("sha1").update(new Uint8Array(r.assignments.buffer)).update(new Uint8Array(r.similarity.buffer)).digest("hex").slice(0, 12);
  console.log(JSON.stringify({ secs, cpu: (c.user + c.system) / 1e6, rss: process.resourceUsage().maxRSS / 1024, base, nmi: score(labels, r.assignments), sha }));
} else {
  const sk = !process.argv.includes("--no-sk") && spawnSync("/usr/bin/python3", ["-c", "import sklearn"]).status === 0;
  console.log(`discovery bench: part ${part}, k = ${K}, BANKING77 + UCI/NSMC distractors; ${new Date().toISOString()}`);
  for (const n of sizes) {
    const l0 = load();
    const p = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2), "--child", "--n", String(n)], { encoding: "utf8", maxBuffer: 1 << 26 });
    if (p.status !== 0) {
      console.log(`n=${n}: ours failed: ${p.stderr.trim().split("\n").slice(-3).join(" / ")}`);
      continue;
    }
    const o = JSON.parse(p.stdout.trim().split("\n").pop()!) as { secs: number; cpu: number; rss: number; base: number; nmi: number; sha: string };
    let line = `n=${n}: ours ${o.secs.toFixed(1)} s wall (${o.cpu.toFixed(1)} s CPU), peak RSS ${o.rss.toFixed(0)} MB (data loaded: ${o.base.toFixed(0)} MB), NMI(banking) ${o.nmi.toFixed(3)}, output SHA-1 ${o.sha} [load ${l0}]`;
    if (sk) {
      const dir = mkdtempSync(join(tmpdir(), "bench-discovery-"));
      try {
        const { texts, labels } = items(n, 1);
        writeFileSync(join(dir, "in.json"), JSON.stringify({ texts, k: K }));
        writeFileSync(join(dir, "sk.py"), PY);
        const l1 = load();
        const q = spawnSync("/usr/bin/python3", [join(dir, "sk.py"), join(dir, "in.json")], { encoding: "utf8", maxBuffer: 1 << 26 });
        if (q.status !== 0) line += `; scikit-learn failed: ${q.stderr.trim().split("\n").pop()}`;
        else {
          const s = JSON.parse(q.stdout) as { seconds: number; cpu: number; maxrss_mb: number; labels: number[] };
          line += `\n        scikit-learn ${s.seconds.toFixed(1)} s wall (${s.cpu.toFixed(1)} s CPU), peak RSS ${s.maxrss_mb.toFixed(0)} MB, NMI(banking) ${score(labels, s.labels).toFixed(3)} [load ${l1}]; ours/sk wall ${(o.secs / s.seconds).toFixed(2)}, CPU ${(o.cpu / s.cpu).toFixed(2)}`;
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    console.log(line);
  }
}
