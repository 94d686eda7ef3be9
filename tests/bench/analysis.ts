// `npm run bench:analysis`: sentiment throughput, and discovery time/memory on 100,000 short
// texts against scikit-learn's TF-IDF -> LSA(100) -> MiniBatchKMeans when Debian's
// python3-sklearn is there. Prints figures; asserts nothing. Quality is `npm run eval`'s job.
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "../../analysis/random.js";
import { discoverThemes } from "../../analysis/themes/discover.js";
import { loadBanking, loadCfpb } from "../eval/themes.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
// ../shared/data beside the checkout (a worktree one level deeper finds it one level up)
const dataDir = process.env.SHARED_DATA ?? [resolve(root, "../shared/data"), resolve(root, "../../shared/data")].find(existsSync) ?? resolve(root, "../shared/data");
const N = Number(process.env.BENCH_N ?? 100_000);
const K = Number(process.env.BENCH_K ?? 50);

function shortTexts(): string[] {
  if (!existsSync(dataDir)) {
    // synthetic fallback: 40 topics of random words
    const rng = mulberry32(5);
    const vocab = Array.from({ length: 4000 }, (_, i) => `w${i}`);
    return Array.from({ length: N }, () => {
      const topic = Math.floor(rng() * 40);
      return Array.from({ length: 8 }, () => vocab[(topic * 100 + Math.floor(rng() * 100) + (rng() < 0.3 ? Math.floor(rng() * 4000) : 0)) % 4000]).join(" ");
    });
  }
  const out = [...loadBanking(dataDir).texts, ...loadCfpb(dataDir).texts.map((t) => t.split(" ").slice(0, 25).join(" "))];
  const nsmc = readFileSync(join(dataDir, "nsmc/train_balanced_100k.tsv"), "utf8").split("\n").slice(1);
  for (const line of nsmc) {
    if (out.length >= N) break;
    const text = line.split("\t")[1];
    if (text && text.trim()) out.push(text);
  }
  return out.slice(0, N);
}

async function sentimentBench() {
  const idx = join(root, "analysis/sentiment/index.ts");
  if (!existsSync(idx)) return console.log("sentiment scoring: analysis/sentiment/index.ts not present; skipped");
  const mod = (await import(idx)) as { scoreMany?: (texts: string[], o?: object) => unknown[] };
  if (!mod.scoreMany) return console.log("sentiment scoring: scoreMany not exported; skipped");
  const texts = shortTexts().slice(0, 50_000);
  mod.scoreMany(texts.slice(0, 2000));
  const t = performance.now();
  mod.scoreMany(texts);
  const s = (performance.now() - t) / 1000;
  console.log(`sentiment scoring: ${texts.length} short texts in ${s.toFixed(2)} s = ${Math.round(texts.length / s)} texts/s (goal >= 50,000)`);
}

const PY = String.raw`
import json, sys, time, resource
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import Normalizer
from sklearn.pipeline import make_pipeline
from sklearn.cluster import MiniBatchKMeans
d = json.load(open(sys.argv[1]))
def run(texts, k, seed):
    lsa = make_pipeline(TfidfVectorizer(sublinear_tf=True), TruncatedSVD(100, random_state=seed), Normalizer(copy=False))
    x = lsa.fit_transform(texts)
    return MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3).fit_predict(x)
t = time.time(); run(d["big"], d["k"], 0); big = time.time() - t
out = {"seconds": big, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
print(json.dumps(out))
`;

async function main() {
  await sentimentBench();
  const texts = shortTexts();
  console.log(`discovery: ${texts.length} short texts, k = ${K}${existsSync(dataDir) ? " (BANKING77 + CFPB + NSMC)" : " (synthetic)"}`);
  const t = performance.now();
  const r = discoverThemes(texts, { k: K, seed: 1, restarts: 1, stability: false });
  const ours = (performance.now() - t) / 1000;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`  ours: ${ours.toFixed(1)} s, peak RSS ${rss.toFixed(0)} MB, ${r.themes.length} themes`);
  const hasSk = spawnSync("/usr/bin/python3", ["-c", "import sklearn"]).status === 0;
  if (!hasSk) return console.log("  scikit-learn: not installed (apt-get install -y python3-sklearn); comparison skipped");
  const dir = mkdtempSync(join(tmpdir(), "bench-analysis-"));
  try {
    const payload = { big: texts, k: K };
    writeFileSync(join(dir, "in.json"), JSON.stringify(payload));
    writeFileSync(join(dir, "sk.py"), PY);
    const p = spawnSync("/usr/bin/python3", [join(dir, "sk.py"), join(dir, "in.json")], { encoding: "utf8", maxBuffer: 1 << 24 });
    if (p.status !== 0) return console.log(`  scikit-learn run failed: ${p.stderr.trim().split("\n").pop()}`);
    const sk = JSON.parse(p.stdout) as { seconds: number; maxrss_mb: number };
    console.log(`  scikit-learn TF-IDF -> LSA(100) -> MiniBatchKMeans: ${sk.seconds.toFixed(1)} s, peak RSS ${sk.maxrss_mb.toFixed(0)} MB`);
    console.log(`  time ratio ours / scikit-learn: ${(ours / sk.seconds).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
