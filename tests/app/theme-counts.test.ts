import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { createTestSurvey, insertUser } from "../support/fixtures";
import { directThemeFigures } from "../support/theme-direct";
import { monthsBetween } from "../../app/utils/dates";

// The theme figures read from the counts that triggers keep (theme_counts, theme_nps_counts,
// migration 2026_12_04_0200) against the direct aggregates over feedback_items,
// theme_assignments and answers (the queries the pages ran before), after each kind of write:
// the intake classifier, a hand reassignment, accepting, splitting and merging candidates,
// re-scoring, an answer changed, items deleted, the organisation's zone changed.
let app: TestApp;
let userId: string;
let survey: Awaited<ReturnType<typeof createTestSurvey>>;
const model = () => import("../../app/models/theme.server");
const NOW = new Date("2026-04-10T07:30:00Z");
let zone = "Asia/Seoul";

const SLOW = ["support took three days to answer my ticket", "slow first response from the support team", "waited days for a reply from support", "nobody answered my support ticket for a week", "the support response time is far too slow"];
const PRICE = ["the price went up again", "too expensive for a small team", "pricing is higher than competitors", "the plan costs too much money", "price increase was not explained"];
const TIERS = ["enterprise", "business", "standard", ""];
const REGIONS = ["kr", "us", "jp"];

/** Survey responses with an NPS answer and a "why?" item each, and imported items without a response. */
async function addFeedback(n: number, texts: string[], seed: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = seed + i;
    // spread over Jan-Apr, some at the month boundary in Seoul (UTC day before)
    const at = new Date(Date.UTC(2026, k % 4, k % 3 === 0 ? 1 : 10 + (k % 15), k % 3 === 0 ? 16 : 3));
    const segment = JSON.stringify({ tier: TIERS[k % 4], region: REGIONS[k % 3], ...(k % 5 ? { plan: k % 2 ? "annual" : "monthly" } : {}) });
    const sentiment = k % 7 === 0 ? null : Math.round(Math.sin(k) * 1000) / 1000;
    const label = sentiment === null ? null : sentiment < -0.2 ? ("negative" as const) : sentiment > 0.2 ? ("positive" as const) : ("neutral" as const);
    let responseId: string | null = null;
    if (k % 4 !== 3) {
      const r = await app.db
        .insertInto("responses")
        .values({ survey_id: survey.id, submission_key: crypto.randomUUID(), segment, locale: "en", finished: true, submitted_at: at })
        .returning("id")
        .executeTakeFirstOrThrow();
      responseId = r.id;
      await app.db.insertInto("answers").values({ response_id: r.id, question_id: survey.nps, value_int: (k * 7) % 11 }).execute();
    }
    const item = await app.db
      .insertInto("feedback_items")
      .values({
        source: responseId ? "survey" : "import",
        response_id: responseId,
        question_id: responseId ? survey.nps : null,
        segment,
        language: "en",
        text: `${texts[k % texts.length]} (${k})`,
        occurred_at: at,
        sentiment_score: sentiment,
        sentiment_label: label,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(item.id);
  }
  return ids;
}

/** Floats from exact sums against avg()/stddev_samp() in float8: equal to 12 digits. */
function expectSameMean(got: { n: number; mean: number | null; sd: number | null; interval: unknown }, want: typeof got) {
  expect(got.n).toBe(want.n);
  for (const k of ["mean", "sd"] as const) {
    if (want[k] === null) expect(got[k]).toBeNull();
    else expect(got[k]).toBeCloseTo(want[k]!, 12);
  }
  expect(JSON.stringify(got.interval, (_, v) => (typeof v === "number" ? Number(v.toPrecision(10)) : v))).toBe(
    JSON.stringify(want.interval, (_, v) => (typeof v === "number" ? Number(v.toPrecision(10)) : v)),
  );
}

/** Every active theme's page and list row, the item total and the sentiment mix, against the direct aggregates. */
async function expectCountsExact() {
  const { getThemePage, listThemes, sentimentMix } = await model();
  const themes = await app.db.selectFrom("themes").select("id").where("status", "=", "active").execute();
  const list = await listThemes(NOW);
  const total = Number((await app.db.selectFrom("feedback_items").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  expect(list.totalItems).toBe(total);
  for (const { id } of themes) {
    const want = await directThemeFigures(app.db, id, zone, NOW);
    const page = (await getThemePage(id, zone))!;
    const months = want.months.length ? monthsBetween(String(want.months[0][0]), String(want.months[want.months.length - 1][0])) : [];
    expect(page.months).toEqual(months.map((m) => ({ month: m, n: Number(want.months.find((x) => x[0] === m)?.[1] ?? 0) })));
    expect(page.segments).toEqual(want.segments);
    expect(page.volume).toBe(want.volume);
    expectSameMean(page.sentiment, want.sentiment);
    expect(page.impact).toEqual(want.impact);
    expect(page.items.map((i) => i.id)).toEqual(want.items);
    expect(page.quotes.map((i) => i.id)).toEqual(want.quotes);
    const row = list.themes.find((t) => t.id === id)!;
    expect([row.volume, row.recent, row.previous, row.share]).toEqual([want.volume, want.recent, want.previous, total ? want.volume / total : null]);
    expectSameMean(row.sentiment, want.sentiment);
    expect(row.impact).toEqual(want.impact);
  }
  const mix = await sql<{ label: string; n: string }>`SELECT sentiment_label AS label, count(*) AS n FROM feedback_items WHERE sentiment_label IS NOT NULL GROUP BY 1 ORDER BY 1`.execute(app.db);
  expect((await sentimentMix()).sort((a, b) => a.label.localeCompare(b.label))).toEqual(mix.rows.map((r) => ({ label: r.label, n: Number(r.n) })));
  return themes.length;
}

let slowId: string;
let priceId: string;

beforeAll(async () => {
  app = await startTestApp();
  userId = (await insertUser(app.db, "admin")).id;
  survey = await createTestSurvey(app.db);
  await addFeedback(60, [...SLOW, ...PRICE], 0);
});
afterAll(async () => app?.close());

describe("theme counts kept by triggers equal the direct aggregates", () => {
  it("after the intake classifier assigns new items", async () => {
    const { createSeededTheme, assignNewItems } = await model();
    slowId = await createSeededTheme(userId, { name: "Slow replies", slaArea: "response_speed", examples: SLOW, itemIds: [] });
    priceId = await createSeededTheme(userId, { name: "Price", slaArea: null, examples: PRICE, itemIds: [] });
    await assignNewItems();
    const assigned = Number((await app.db.selectFrom("theme_assignments").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    expect(assigned).toBeGreaterThan(20);
    expect(await expectCountsExact()).toBe(2);
  });

  it("after hand reassignments, into a theme, to another and out of every theme", async () => {
    const { reassignItems } = await model();
    const inSlow = await app.db.selectFrom("theme_assignments").select("feedback_item_id").where("theme_id", "=", slowId).orderBy("feedback_item_id").execute();
    await reassignItems(userId, [inSlow[0].feedback_item_id], priceId);
    await reassignItems(userId, [inSlow[1].feedback_item_id], null);
    const free = await sql<{ id: string }>`SELECT id FROM feedback_items f WHERE NOT EXISTS (SELECT 1 FROM theme_assignments ta WHERE ta.feedback_item_id = f.id) ORDER BY id LIMIT 1`.execute(app.db);
    await reassignItems(userId, [free.rows[0].id], slowId);
    await expectCountsExact();
  });

  it("after accepting, splitting and merging discovery candidates", async () => {
    const { startDiscoveryRun, runQueuedDiscoveryRuns, actOnDiscoveryRun } = await model();
    await addFeedback(54, [
      "app crashes on login", "invoice sent to the wrong address", "dashboard export to csv is broken",
      "the app crashes when I log in", "wrong billing address on the invoice", "csv export from the dashboard fails",
      "login crash on the mobile app", "invoice address is wrong", "cannot export dashboard data to csv",
      "crash at login screen again", "the invoice shows an old billing address", "the csv export button does nothing",
      "mobile app crashes during login", "billing invoice went to wrong address", "dashboard csv export error",
      "login makes the app crash", "invoice billing address error", "export csv from dashboard broken",
    ], 100);
    const runId = await startDiscoveryRun(userId, { unassignedOnly: true });
    expect(await runQueuedDiscoveryRuns()).toBe(1);
    const run = await app.db.selectFrom("discovery_runs").select(["status", "candidates"]).where("id", "=", runId).executeTakeFirstOrThrow();
    expect(run.status).toBe("done");
    expect(run.candidates.length).toBeGreaterThanOrEqual(3);
    // the first candidate that splits in two is split; two others are accepted and merged
    const bySize = [...run.candidates].sort((a, b) => b.size - a.size || a.id.localeCompare(b.id));
    let split: string | null = null;
    for (const c of bySize) {
      const done = await actOnDiscoveryRun(userId, runId, { intent: "split", candidate: c.id }).then(() => true, () => false);
      if (done) {
        split = c.id;
        break;
      }
    }
    expect(split).not.toBeNull();
    const [c1, c3] = bySize.filter((c) => c.id !== split);
    const { themeId } = await actOnDiscoveryRun(userId, runId, { intent: "accept", candidate: c1.id });
    await expectCountsExact();
    const parts = (await app.db.selectFrom("discovery_runs").select("candidates").where("id", "=", runId).executeTakeFirstOrThrow()).candidates.filter((c) => c.id.startsWith(split!));
    expect(parts.length).toBe(2);
    await actOnDiscoveryRun(userId, runId, { intent: "rename", candidate: parts[0].id, label: "First half" });
    await actOnDiscoveryRun(userId, runId, { intent: "accept", candidate: parts[0].id });
    await actOnDiscoveryRun(userId, runId, { intent: "merge", candidate: c3.id, into: `theme:${themeId}` });
    expect(await expectCountsExact()).toBe(4);
  });

  it("after re-scoring every item's sentiment", async () => {
    const { queueRescore } = await import("../../app/models/sentiment.server");
    const { runRescore } = await import("../../app/jobs/rescore.server");
    await queueRescore(app.db as never, "shipped", userId);
    const tick = await runRescore({ batch: 7 });
    expect(tick.batches).toBeGreaterThan(1);
    expect(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM feedback_items WHERE sentiment_model IS NULL`.execute(app.db)).rows[0].n)).toBe(0);
    await expectCountsExact();
  });

  it("after NPS answers change and items and responses are deleted", async () => {
    // A response's answer changes bucket; another loses its NPS answer; a third is deleted with its items.
    const rs = await sql<{ id: string }>`
      SELECT DISTINCT f.response_id AS id FROM feedback_items f JOIN theme_assignments ta ON ta.feedback_item_id = f.id
      WHERE f.response_id IS NOT NULL ORDER BY 1 LIMIT 3`.execute(app.db);
    await app.db.updateTable("answers").set({ value_int: 10 }).where("response_id", "=", rs.rows[0].id).execute();
    await app.db.deleteFrom("answers").where("response_id", "=", rs.rows[1].id).execute();
    await app.db.deleteFrom("responses").where("id", "=", rs.rows[2].id).execute();
    const item = await sql<{ id: string }>`SELECT ta.feedback_item_id AS id FROM theme_assignments ta JOIN feedback_items f ON f.id = ta.feedback_item_id WHERE f.response_id IS NULL LIMIT 1`.execute(app.db);
    await app.db.deleteFrom("feedback_items").where("id", "=", item.rows[0].id).execute();
    // An item moves in time and segment (an interview re-saved), which moves it between months and segments.
    const moved = await sql<{ id: string }>`SELECT feedback_item_id AS id FROM theme_assignments ORDER BY feedback_item_id LIMIT 1`.execute(app.db);
    await app.db.updateTable("feedback_items").set({ occurred_at: new Date("2026-03-31T20:00:00Z"), segment: JSON.stringify({ tier: "business", region: "eu" }) }).where("id", "=", moved.rows[0].id).execute();
    await expectCountsExact();
  });

  it("after the organisation's time zone changes", async () => {
    const { setOrgTimeZone } = await import("../../app/models/settings.server");
    zone = "America/Los_Angeles";
    await setOrgTimeZone(userId, zone);
    await expectCountsExact();
  });

  it("after a restore that left them counted in another zone: the next theme page counts again", async () => {
    // Every item by month, as counted (the all-items row) and straight from feedback_items.
    const counted = async () => (await sql<{ month: string; n: number }>`SELECT month, sum(n)::int AS n FROM theme_counts WHERE theme_id = '00000000-0000-0000-0000-000000000000' GROUP BY month HAVING sum(n) > 0 ORDER BY month`.execute(app.db)).rows;
    const direct = (await sql<{ month: string; n: number }>`SELECT to_char(occurred_at AT TIME ZONE ${zone}, 'YYYY-MM') AS month, count(*)::int AS n FROM feedback_items GROUP BY 1 ORDER BY 1`.execute(app.db)).rows;
    await sql`SELECT theme_counts_rebuild('Asia/Seoul')`.execute(app.db);
    // The item moved to 2026-03-31 20:00 UTC above is April's in Seoul, March's in Los Angeles.
    expect(await counted()).not.toEqual(direct);
    await (await model()).getThemePage(slowId, zone);
    expect(await counted()).toEqual(direct);
    expect((await sql<{ zone: string }>`SELECT zone FROM theme_counts_zone`.execute(app.db)).rows[0].zone).toBe(zone);
    await expectCountsExact();
  });
});
