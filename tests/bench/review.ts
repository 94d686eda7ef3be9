/**
 * npm run bench:review — freezing a quarter's evidence pack over 1,000,000 responses, 200,000
 * feedback items and 100,000 cases on PostgreSQL (issue 9). Builds the data with set-based SQL
 * (generate_series, a fixed random seed), then opens a review meeting, which freezes the pack,
 * and prints the time and this process's peak memory. Asserts nothing.
 *   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_RESPONSES (1000000), BENCH_ITEMS (200000), BENCH_CASES (100000), BENCH_KEEP=1 reuses the data
 */
import { seedBenchData } from "./seed-data";

const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 1_000_000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 200_000);
const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const keep = process.env.BENCH_KEEP === "1";
const dbName = "tl_bench_review";
// Two quarters of data: the one under review and the one before it (for "change against the
// previous period").
const DATA_FROM = "2026-04-01T00:00:00+09:00";
const DATA_DAYS = 183;
const PERIOD = { start: "2026-07-01", end: "2026-09-30" };

async function main() {
  console.log(`bench:review — PostgreSQL ${adminUrl}, ${new Date().toISOString()}`);
  const { slaId, managerIds } = await seedBenchData({
    adminUrl,
    dbName,
    responses: RESPONSES,
    items: ITEMS,
    cases: CASES,
    keep,
    dataFrom: new Date(DATA_FROM),
    dataDays: DATA_DAYS,
    shiftFrom: PERIOD.start,
  });
  const counts = await (async () => {
    const { db } = await import("../../app/db.server");
    const n = async (t: "responses" | "answers" | "feedback_items" | "cases" | "case_events") =>
      Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    return { responses: await n("responses"), answers: await n("answers"), feedback_items: await n("feedback_items"), cases: await n("cases"), case_events: await n("case_events") };
  })();
  console.log("rows:", Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString("en")}`).join(", "));

  const review = await import("../../app/models/review.server");
  let peak = process.memoryUsage().rss;
  const base = peak;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const meetingId = await review.scheduleMeeting(managerIds[0], {
    slaId,
    periodStart: PERIOD.start,
    periodEnd: PERIOD.end,
    date: "2026-10-05",
    time: "10:00",
    attendees: managerIds,
    quorum: null,
    notes: "bench",
  });
  const t0 = performance.now();
  await review.openMeeting(managerIds[0], meetingId, new Date("2026-10-05T01:00:00Z"));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const { db, dbHandle } = await import("../../app/db.server");
  const pack = await db.selectFrom("evidence_packs").select((eb) => eb.fn("octet_length", [eb.cast("content", "text")]).as("bytes")).executeTakeFirstOrThrow();
  console.log(`\nfreeze (open the meeting, build and store the pack for ${PERIOD.start}..${PERIOD.end}): ${seconds.toFixed(2)} s`);
  console.log(`process memory: peak RSS ${(peak / 2 ** 20).toFixed(0)} MB (before ${(base / 2 ** 20).toFixed(0)} MB); pack ${(Number(pack.bytes) / 1024).toFixed(0)} KB of JSON`);
  console.log("goal: under 10 s and under 1 GB");
  await dbHandle().close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
