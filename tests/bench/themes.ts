// `npm run bench:themes`: a discovery run over BENCH_N (10,000) feedback items through the job
// queue (pg-boss worker, lease, paged reads with progress, analysis/themes/discover.ts, candidates
// stored), against the same discoverThemesByGroup call on the same texts in memory; and the cost of
// assignThemesToItems for a batch of new items (what intake calls after inserting).
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres; BENCH_DB=pglite for the
// embedded database in a temporary directory). BANKING77 texts from ../shared/data when present,
// else synthetic. Prints figures; asserts nothing.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { mulberry32 } from "../../analysis/random.js";
import { discoverThemesByGroup } from "../../analysis/themes/discover.js";
import { loadBanking } from "../eval/themes.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dataDir = process.env.SHARED_DATA ?? [resolve(root, "../shared/data"), resolve(root, "../../shared/data")].find(existsSync) ?? resolve(root, "../shared/data");
const N = Number(process.env.BENCH_N ?? 10_000);
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
// TEST_DB_PREFIX keeps helpers sharing one PostgreSQL apart
const dbName = `${process.env.TEST_DB_PREFIX ?? "tl_"}bench_themes`;

function texts(): { texts: string[]; source: string } {
  if (existsSync(join(dataDir, "banking77"))) {
    const all = loadBanking(dataDir).texts;
    return { texts: Array.from({ length: N }, (_, i) => all[i % all.length]), source: "BANKING77" };
  }
  const rng = mulberry32(5);
  const vocab = Array.from({ length: 4000 }, (_, i) => `w${i}`);
  return {
    texts: Array.from({ length: N }, () => {
      const topic = Math.floor(rng() * 40);
      return Array.from({ length: 8 }, () => vocab[(topic * 100 + Math.floor(rng() * 100)) % 4000]).join(" ");
    }),
    source: "synthetic",
  };
}

async function database(): Promise<string> {
  if (process.env.BENCH_DB === "pglite") {
    process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "tl-bench-themes-"));
    delete process.env.DATABASE_URL;
    return `embedded PGlite (${process.env.DATA_DIR})`;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  process.env.DATABASE_URL = u.toString();
  return `PostgreSQL (${dbName})`;
}

async function main() {
  const where = await database();
  const { dbHandle } = await import("../../app/db.server");
  const { prepareDatabase } = await import("../../db/setup");
  const themes = await import("../../app/models/theme.server");
  const queue = await import("../../app/jobs/queue.server");
  const { DISCOVERY_JOB, discoveryJobHandler } = await import("../../app/jobs/discovery.server");
  const handle = dbHandle();
  await prepareDatabase(handle.db);
  const { texts: all, source } = texts();
  console.log(`themes bench: ${N} items (${source}) on ${where}`);

  let t = performance.now();
  for (let i = 0; i < all.length; i += 1000) {
    await handle.db
      .insertInto("feedback_items")
      .values(all.slice(i, i + 1000).map((text, j) => ({ source: "import" as const, text, language: "en", sentiment_score: ((i + j) % 7) / 3 - 1 })))
      .execute();
  }
  console.log(`seeded ${N} items in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  await queue.registerWorker(DISCOVERY_JOB, discoveryJobHandler, { pollingIntervalSeconds: 0.5 });
  await queue.startQueue(handle.db);
  t = performance.now();
  // The worker runs in this process: CPU time over the run says what the run costs on a quiet machine.
  const cpu0 = process.cpuUsage();
  const runId = await themes.startDiscoveryRun(null, {});
  const progress: string[] = [];
  let row;
  for (;;) {
    row = await handle.db.selectFrom("discovery_runs").select(["status", "progress_done", "progress_total", "started_at", "finished_at", "candidates"]).where("id", "=", runId).executeTakeFirstOrThrow();
    const line = `${row.status} ${row.progress_done}/${row.progress_total}`;
    if (progress[progress.length - 1] !== line) progress.push(line);
    if (row.status !== "queued" && row.status !== "running") break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const jobWall = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const inJob = (row.finished_at!.getTime() - row.started_at!.getTime()) / 1000;
  console.log(`progress seen: ${progress.join(" -> ")}`);
  console.log(`discovery run through the job: ${row.status}, ${row.candidates.length} candidates; ${jobWall.toFixed(2)} s from request to done (${inJob.toFixed(2)} s in the worker, ${cpuS.toFixed(2)} s CPU of this process)`);
  await queue.stopQueue();

  // The same analysis call on the same texts in memory (the order the job reads: by id).
  if (process.env.BENCH_COMPARE === "0") return handle.close();
  const ordered = await handle.db.selectFrom("feedback_items").select(["text", "sentiment_score", "language"]).orderBy("id").execute();
  t = performance.now();
  const pureCpu0 = process.cpuUsage();
  const pure = discoverThemesByGroup(
    ordered.map((r) => r.text),
    ordered.map((r) => r.language),
    { seed: 1, sentiment: ordered.map((r) => r.sentiment_score) },
  );
  const pureS = (performance.now() - t) / 1000;
  const pc = process.cpuUsage(pureCpu0);
  const pureCpu = (pc.user + pc.system) / 1e6;
  console.log(`discoverThemesByGroup alone: ${pureS.toFixed(2)} s (${pureCpu.toFixed(2)} s CPU), ${pure.themes.length} candidates; the job's CPU beyond it ${(cpuS - pureCpu).toFixed(2)} s`);

  // Intake's hook: four seeded themes (the first four candidates accepted), then 100 new items.
  for (const c of row.candidates.slice(0, 4)) await themes.actOnDiscoveryRun(null, runId, { intent: "accept", candidate: c.id }).catch(() => undefined);
  const fresh = await handle.db
    .insertInto("feedback_items")
    .values(all.slice(0, 100).map((text) => ({ source: "import" as const, text: `${text} again`, language: "en" })))
    .returning("id")
    .execute();
  t = performance.now();
  const r = await themes.assignThemesToItems(fresh.map((f) => f.id));
  console.log(`assignThemesToItems(100 new items, ${Math.min(4, row.candidates.length)} themes): ${((performance.now() - t) / 1000).toFixed(2)} s, ${r.assigned} assigned, ${r.unassigned} unassigned`);
  await handle.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
