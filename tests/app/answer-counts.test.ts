import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npsFromScores } from "../../analysis/metrics";
import { monthRange } from "../../analysis/sla";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";
import { monthIn, monthsBefore } from "../support/months";

/*
 * The answer counts behind the dashboard and the survey cards: the figures are the same whether
 * a response has been moved into the counts by the job or not, after a zone change before and
 * after the job rebuilds them, and when two runs of the job overlap. Exact values against the
 * answers as inserted, and the dashboard page over real HTTP.
 */

let app: TestApp;
let analyst: Client;
let adminId: string;
let surveyId: string;
let npsId: string;
const now = new Date();
const SEOUL = "Asia/Seoul";
const LA = "America/Los_Angeles";


// Two months back in Seoul: answers well inside the month, and one at 01:00 Seoul on its first
// day, which is still the month before in Los Angeles (and in UTC).
const lastMonth = monthsBefore(monthIn(now, SEOUL), 2);
const inside = [10, 9, 9, 7, 3, 0];
const boundary = 2;
const recent = [10, 10, 6];

async function answer(at: Date, score: number, segment: Record<string, string>) {
  const r = await app.db
    .insertInto("responses")
    .values({ survey_id: surveyId, submission_key: crypto.randomUUID(), segment: JSON.stringify(segment), locale: "en", finished: true, started_at: at, submitted_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  await app.db.insertInto("answers").values({ response_id: r.id, question_id: npsId, value_int: score }).execute();
}

const models = async () => ({
  counts: await import("../../app/models/answer-count.server"),
  dashboard: await import("../../app/models/dashboard.server"),
  results: await import("../../app/models/results.server"),
  settings: await import("../../app/models/settings.server"),
});

/** What the page's figures come from, minus the parts that do not read answer counts. */
async function figures() {
  const { dashboard, results } = await models();
  const d = await dashboard.dashboardOverview(now);
  const cards = await results.openSurveyHeadlines(now, dashboard.RECENT_DAYS);
  return { months: d.months, nps: d.nps, segments: d.segments, cards };
}

const npsOf = (f: Awaited<ReturnType<typeof figures>>, month: string) => f.nps.find((p) => p.period === month)?.result;

beforeAll(async () => {
  app = await startTestApp();
  adminId = (await insertUser(app.db, "admin")).id;
  const user = await insertUser(app.db, "analyst");
  analyst = new Client(app.url);
  await analyst.signIn(user.email, PASSWORD);
  const { settings } = await models();
  await settings.setOrgTimeZone(adminId, SEOUL);
  const survey = await app.db
    .insertInto("surveys")
    .values({ title: JSON.stringify({ en: "Relationship", ko: "관계" }), status: "open", metric_definitions: JSON.stringify({}) })
    .returning("id")
    .executeTakeFirstOrThrow();
  surveyId = survey.id;
  npsId = (await app.db.insertInto("questions").values({ survey_id: surveyId, position: 1, type: "nps", prompt: JSON.stringify({ en: "Recommend?" }) }).returning("id").executeTakeFirstOrThrow()).id;
  const start = monthRange(lastMonth, SEOUL).start;
  for (const [i, s] of inside.entries()) await answer(new Date(start.getTime() + (10 + i) * 86_400_000), s, { tier: "enterprise", region: "kr" });
  await answer(new Date(start.getTime() + 3600_000), boundary, { tier: "standard" });
  for (const [i, s] of recent.entries()) await answer(new Date(now.getTime() - (i + 1) * 3600_000), s, { tier: "enterprise", plan: "annual" });
}, 60_000);
afterAll(async () => app?.close());

describe("answer counts", () => {
  it("give the same figures before and after the job moves responses into them", async () => {
    const before = await figures();
    expect(npsOf(before, lastMonth)).toEqual(npsFromScores([...inside, boundary]));
    expect(npsOf(before, monthIn(now, SEOUL))).toEqual(npsFromScores(recent));
    expect(before.cards[0]).toMatchObject({ finished: inside.length + 1 + recent.length, recent: recent.length });
    expect(before.cards[0].metric).toMatchObject({ kind: "nps", result: npsFromScores([...inside, boundary, ...recent]) });

    const { counts } = await models();
    expect(await counts.countNewAnswers()).toEqual({ rebuilt: true, moved: inside.length + 1 + recent.length });
    const pending = await app.db.selectFrom("responses").select((eb) => eb.fn.countAll<string>().as("n")).where("in_answer_counts", "=", false).executeTakeFirstOrThrow();
    expect(Number(pending.n)).toBe(0);
    const stored = await app.db.selectFrom("answer_counts").select((eb) => eb.fn.sum<string>("n").as("n")).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(inside.length + 1 + recent.length);
    expect(await figures()).toEqual(before);
    // Nothing left: a second run moves nothing and changes nothing.
    expect(await counts.countNewAnswers()).toEqual({ rebuilt: false, moved: 0 });
    expect(await figures()).toEqual(before);
  });

  it("add responses not yet moved to those already counted", async () => {
    await answer(new Date(now.getTime() - 30 * 60_000), 9, { tier: "business" });
    const f = await figures();
    expect(npsOf(f, monthIn(now, SEOUL))).toEqual(npsFromScores([...recent, 9]));
    expect(f.cards[0]).toMatchObject({ finished: inside.length + 1 + recent.length + 1, recent: recent.length + 1 });
    const business = f.segments.nps.find((t) => t.dimension === "tier")!.groups.find((g) => g.value === "business");
    expect(business?.outcome).toMatchObject({ n: 1 });
    const { counts } = await models();
    expect(await counts.countNewAnswers()).toEqual({ rebuilt: false, moved: 1 });
    expect(await figures()).toEqual(f);
  });

  it("count days in the new zone at once after a zone change, and the same once the job has rebuilt them", async () => {
    const { counts, settings } = await models();
    await settings.setOrgTimeZone(adminId, LA);
    const laMonth = monthIn(monthRange(lastMonth, SEOUL).start, LA);
    expect(laMonth).toBe(monthsBefore(lastMonth, 1));
    const changed = await figures();
    // The first-day answer belongs to the month before in Los Angeles.
    expect(npsOf(changed, lastMonth)).toEqual(npsFromScores(inside));
    expect(npsOf(changed, laMonth)).toEqual(npsFromScores([boundary]));
    expect(await counts.countNewAnswers()).toEqual({ rebuilt: true, moved: 0 });
    const state = await app.db.selectFrom("answer_counts_state").select("zone").executeTakeFirstOrThrow();
    expect(state.zone).toBe(LA);
    expect(await figures()).toEqual(changed);
    const res = await analyst.get("/app?lang=en");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(laMonth);
    await settings.setOrgTimeZone(adminId, SEOUL);
    expect(await counts.countNewAnswers()).toMatchObject({ rebuilt: true });
  });

  it("stay exact when runs of the job overlap, in small batches", async () => {
    for (let i = 0; i < 25; i++) await answer(new Date(now.getTime() - (2 + i) * 60_000), i % 11, { tier: "enterprise", region: "us" });
    const before = await figures();
    const { counts } = await models();
    const runs = await Promise.all([counts.countNewAnswers(4), counts.countNewAnswers(4), counts.countNewAnswers(7)]);
    expect(runs.reduce((s, r) => s + r.moved, 0)).toBe(25);
    const answers = await app.db.selectFrom("answers").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const daily = await app.db.selectFrom("answer_counts").select((eb) => eb.fn.sum<string>("n").as("n")).executeTakeFirstOrThrow();
    const bySegment = await app.db.selectFrom("segment_answer_counts").select((eb) => eb.fn.sum<string>("n").as("n")).executeTakeFirstOrThrow();
    const responses = await app.db.selectFrom("response_counts").select((eb) => eb.fn.sum<string>("n").as("n")).executeTakeFirstOrThrow();
    expect(Number(daily.n)).toBe(Number(answers.n));
    expect(Number(bySegment.n)).toBe(Number(answers.n));
    expect(Number(responses.n)).toBe(Number(answers.n));
    expect(await figures()).toEqual(before);
  });
});
