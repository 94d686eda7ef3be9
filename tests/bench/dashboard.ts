/**
 * npm run bench:dashboard — the dashboard and a theme page over real HTTP, signed in, the server in a process of its own
 * as `npm start` runs it (NODE_ENV=production; tests/bench/server-child.ts), against
 * 1,000,000 responses and 1,000,000 feedback items on PostgreSQL (issue 8, "Scale, measured").
 * The data is the benchmarks' set-based seed (tests/bench/seed-data.ts) spread over the twelve
 * months up to now. Prints p50/p95 of BENCH_REQUESTS requests per page, then the same SQL
 * statements each page ran (recorded from the server's pg driver during one request, SELECTs only)
 * replayed on a connection of their own: the floor a page cannot beat. Goal: p95 under 150 ms
 * and within 1.3x of the raw SQL. Asserts nothing.
 *   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_RESPONSES (1000000), BENCH_ITEMS (1000000), BENCH_CASES (20000), BENCH_REQUESTS (30)
 *   BENCH_WARMUP (100) requests before measuring (a server that has run a while: the JIT settles), BENCH_KEEP=1 reuses the seeded database
 *   BENCH_DB_NAME (tl_bench_dashboard): the database to seed or reuse; BENCH_PAGES (dashboard,theme): which pages
 */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { seedBenchData } from "./seed-data";
import { forkForBench, serveForBench, type Recorded } from "./server-child";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 1_000_000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 1_000_000);
const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 100);
const keep = process.env.BENCH_KEEP === "1";
const DB_NAME = process.env.BENCH_DB_NAME ?? "tl_bench_dashboard";
const PAGES = (process.env.BENCH_PAGES ?? "dashboard,theme").split(",");
const DAYS = 365;

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function main() {
  const [load1] = os.loadavg();
  console.log(`bench:dashboard — PostgreSQL ${adminUrl}, ${new Date().toISOString()}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const now = Date.now();
  const t0 = performance.now();
  const { reused } = await seedBenchData({
    adminUrl,
    dbName: DB_NAME,
    responses: RESPONSES,
    items: ITEMS,
    cases: CASES,
    keep,
    dataFrom: new Date(now - DAYS * 86_400_000),
    dataDays: DAYS,
    shiftFrom: new Date(now - 90 * 86_400_000).toISOString(),
  });
  if (!reused) console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  process.env.TRUSTLOOP_DEMO = "0";

  const { dbHandle } = await import("../../app/db.server");
  const { prepareDatabase } = await import("../../db/setup");
  const { insertUser, PASSWORD } = await import("../support/fixtures");
  const { orgTimeZone } = await import("../../app/models/settings.server");
  const { Client } = await import("../support/app");
  const db = dbHandle().db;
  await prepareDatabase(db); // migrations added since the data was seeded
  // What the answer-counts job does within 30 s of a running server's start.
  const tc = performance.now();
  const { countNewAnswers } = await import("../../app/models/answer-count.server");
  const counted = await countNewAnswers();
  console.log(`answer counts job: ${counted.moved.toLocaleString("en")} responses moved${counted.rebuilt ? " (counts rebuilt)" : ""} in ${((performance.now() - tc) / 1000).toFixed(1)} s`);
  if (!(await db.selectFrom("users").select("id").where("email", "=", "analyst@example.test").executeTakeFirst())) await insertUser(db, "analyst");
  const n = async (t: "responses" | "answers" | "feedback_items" | "cases") => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  console.log(`rows: responses ${(await n("responses")).toLocaleString("en")}, answers ${(await n("answers")).toLocaleString("en")}, feedback items ${(await n("feedback_items")).toLocaleString("en")}, cases ${(await n("cases")).toLocaleString("en")}`);
  const theme = await db.selectFrom("themes").select(["id", "name"]).orderBy("name").executeTakeFirstOrThrow();

  const server = await forkForBench(root, "tests/bench/dashboard.ts");
  const client = new Client(server.url);
  await client.signIn("analyst@example.test", PASSWORD);

  // The app's session settings (JIT off, db/client.ts), so the ratio is the app's overhead.
  const raw = new pg.Client({ connectionString: process.env.DATABASE_URL, options: "-c jit=off" });
  await raw.connect();
  const results: { page: string; p50: number; p95: number; sqlP50: number; sqlP95: number; statements: number }[] = [];
  for (const [page, label, url] of [
    ["dashboard", "dashboard", "/app?lang=en"],
    ["theme", `theme page (${theme.name})`, `/app/themes/${theme.id}?lang=en`],
  ] as const) {
    if (!PAGES.includes(page)) continue;
    const timedGet = async () => {
      const t = performance.now();
      const res = await client.get(url);
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      await res.text();
      return performance.now() - t;
    };
    const warm: number[] = [];
    for (let i = 0; i < WARMUP; i++) warm.push(await timedGet());
    if (WARMUP) console.log(`  ${label} ${WARMUP} warm-up requests: first ${ms(warm[0])}, last ${ms(warm[warm.length - 1])}`);
    await server.ask({ op: "recordStart" });
    const first = await timedGet();
    const statements = await server.ask<Recorded[]>({ op: "recordStop" });
    console.log(`  ${label} request (statements recorded): ${ms(first)}`);
    // The same statements with the same values, one after another as the page runs them.
    const sqlTimes: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      for (const s of statements) await raw.query(s.text, s.values);
      sqlTimes.push(performance.now() - t);
    }
    console.log(`  ${label} raw SQL, ${statements.length} statements: ${sqlTimes.map(ms).join(", ")}`);
    // The slowest statements of one replay, to say where the time goes.
    const each: { ms: number; text: string }[] = [];
    for (const s of statements) {
      const t = performance.now();
      await raw.query(s.text, s.values);
      each.push({ ms: performance.now() - t, text: s.text.replace(/\s+/g, " ").slice(0, 110) });
    }
    for (const e of each.sort((a, b) => b.ms - a.ms).slice(0, 5)) console.log(`  ${ms(e.ms).padStart(10)}  ${e.text}`);
    const times: number[] = [];
    const cpu0 = await server.cpuMs();
    for (let i = 0; i < REQUESTS; i++) {
      times.push(await timedGet());
      console.log(`  ${label} request ${i + 1}/${REQUESTS}: ${ms(times[i])}`);
    }
    // The server's CPU per request: what a loaded machine stretches.
    console.log(`  ${label} server CPU per request: ${ms(((await server.cpuMs()) - cpu0) / REQUESTS)}`);
    times.sort((a, b) => a - b);
    sqlTimes.sort((a, b) => a - b);
    const r = { page: label, p50: quantile(times, 0.5), p95: quantile(times, 0.95), sqlP50: quantile(sqlTimes, 0.5), sqlP95: quantile(sqlTimes, 0.95), statements: statements.length };
    results.push(r);
    if (page === "theme") {
      // For scale: the same figures computed from the rows (feedback_items, theme_assignments, answers),
      // as the page did before the trigger-kept counts (tests/support/theme-direct.ts).
      const { directThemeFigures } = await import("../support/theme-direct");
      const zone = await orgTimeZone();
      const direct: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        await directThemeFigures(db, theme.id, zone, new Date());
        direct.push(performance.now() - t);
      }
      console.log(`  ${label} the same figures from the rows (no counts), 3 runs: ${direct.map(ms).join(", ")}`);
    }
    console.log(`\n${label}: ${REQUESTS} requests, HTTP p50 ${ms(r.p50)}, p95 ${ms(r.p95)}; its ${r.statements} SQL statements raw p50 ${ms(r.sqlP50)}, p95 ${ms(r.sqlP95)}; ratio p95 ${(r.p95 / r.sqlP95).toFixed(2)}x`);
  }
  await raw.end();
  server.child.disconnect();
  await dbHandle().close();
  console.log("\n| page | HTTP p50 | HTTP p95 | raw SQL p50 | raw SQL p95 | p95 ratio |");
  console.log("|---|---|---|---|---|---|");
  for (const r of results) console.log(`| ${r.page} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.sqlP50)} | ${ms(r.sqlP95)} | ${(r.p95 / r.sqlP95).toFixed(2)}x |`);
  console.log(`goal: p95 under 150 ms and within 1.3x of raw SQL; load average at start ${load1.toFixed(2)}, at end ${os.loadavg()[0].toFixed(2)}`);
}

(process.argv.includes("--serve") ? serveForBench(root) : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
