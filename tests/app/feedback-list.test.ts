import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp, signedIn } from "../support/app";
import { createTestSurvey } from "../support/fixtures";

// The feedback list over real HTTP: each filter, Korean and English text search (trigram ILIKE),
// paging, and query strings the page never sends refused with a 400.
let app: TestApp;
let viewer: Client;
const ids: Record<string, string> = {};
let themeId: string;
let responseId: string;
let interviewId: string;

type Item = {
  key: string;
  source?: "survey" | "interview" | "import";
  text: string;
  language: string;
  at: string;
  segment?: Record<string, string>;
  sentiment?: "negative" | "neutral" | "positive" | null;
  score?: number | null;
};

const items: Item[] = [
  { key: "koRefund", text: "환불 처리가 너무 늦어서 실망했습니다", language: "ko", at: "2026-10-05T03:00:00Z", segment: { tier: "enterprise", region: "kr", plan: "annual" }, sentiment: "negative", score: 3 },
  { key: "koPraise", text: "상담원이 친절하고 환불도 빨랐어요", language: "ko", at: "2026-10-20T03:00:00Z", segment: { tier: "business", region: "kr", plan: "monthly" }, sentiment: "positive", score: 10 },
  { key: "enRefund", text: "The REFUND took three weeks", language: "en", at: "2026-11-02T09:00:00Z", segment: { tier: "enterprise", region: "us", plan: "annual" }, sentiment: "negative", score: 4 },
  { key: "enNeutral", text: "Billing is ok, 100% as expected", language: "en", at: "2026-11-10T09:00:00Z", segment: { tier: "standard", region: "eu", plan: "monthly" }, sentiment: "neutral", score: null },
  { key: "interview", source: "interview", text: "We need a named escalation contact", language: "en", at: "2026-11-15T00:00:00Z", segment: { tier: "enterprise", region: "kr", plan: "annual" }, sentiment: null },
  { key: "other", source: "import", text: "Très bien, merci", language: "other", at: "2026-11-18T00:00:00Z", sentiment: "positive", score: null },
];

beforeAll(async () => {
  app = await startTestApp();
  viewer = await signedIn(app, "manager");
  const survey = await createTestSurvey(app.db);
  responseId = (await app.db.insertInto("responses").values({ survey_id: survey.id, submission_key: "00000000-0000-4000-8000-000000000001", locale: "en" } as any).returning("id").executeTakeFirstOrThrow()).id;
  interviewId = (await app.db.insertInto("interviews").values({ held_on: "2026-11-15", interviewer: "I", body: "We need a named escalation contact", language: "en" }).returning("id").executeTakeFirstOrThrow()).id;
  for (const it of items) {
    const source = it.source ?? "survey";
    const row = await app.db
      .insertInto("feedback_items")
      .values({
        source,
        response_id: source === "survey" ? responseId : null,
        interview_id: source === "interview" ? interviewId : null,
        passage_index: source === "interview" ? 0 : null,
        text: it.text,
        language: it.language,
        occurred_at: it.at,
        segment: JSON.stringify(it.segment ?? {}),
        score: it.score ?? null,
        score_scale: it.score === undefined || it.score === null ? null : "nps",
        sentiment_label: it.sentiment ?? null,
        sentiment_score: it.sentiment ? (it.sentiment === "positive" ? 0.8 : it.sentiment === "negative" ? -0.8 : 0) : null,
        sentiment_confidence: it.sentiment ? 0.9 : null,
        sentiment_model: it.sentiment ? "test-model" : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids[it.key] = row.id;
  }
  themeId = (await app.db.insertInto("themes").values({ name: "Refunds", origin: "seeded" }).returning("id").executeTakeFirstOrThrow()).id;
  await app.db.insertInto("theme_assignments").values([
    { feedback_item_id: ids.koRefund, theme_id: themeId, assigned_by: "hand", confidence: null },
    { feedback_item_id: ids.enRefund, theme_id: themeId, assigned_by: "model", confidence: 0.7 },
  ]).execute();
});
afterAll(async () => app?.close());

/** Keys of the items on the page, in page order. */
async function shown(query: string, lang = "en"): Promise<string[]> {
  const res = await viewer.get(`/app/feedback${query}`, { headers: { "Accept-Language": lang } });
  expect(res.status).toBe(200);
  const html = await res.text();
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  return [...html.matchAll(/data-item-id="([0-9a-f-]{36})"/g)].map((m) => byId.get(m[1]) ?? m[1]);
}

describe("feedback list", () => {
  it("lists every item, newest first", async () => {
    expect(await shown("")).toEqual(["other", "interview", "enNeutral", "enRefund", "koPraise", "koRefund"]);
  });

  it("searches Korean and English text, case-insensitively, with % and _ taken literally", async () => {
    expect(await shown(`?q=${encodeURIComponent("환불")}`)).toEqual(["koPraise", "koRefund"]);
    expect(await shown(`?q=${encodeURIComponent("처리가 너무")}`)).toEqual(["koRefund"]);
    expect(await shown("?q=refund")).toEqual(["enRefund"]);
    expect(await shown("?q=escalation+contact")).toEqual(["interview"]);
    expect(await shown(`?q=${encodeURIComponent("100%")}`)).toEqual(["enNeutral"]);
    expect(await shown(`?q=${encodeURIComponent("%")}`)).toEqual(["enNeutral"]);
    expect(await shown("?q=nothing-like-this")).toEqual([]);
  });

  it("filters by source, period, segment, sentiment, theme, language, score and unassigned", async () => {
    expect(await shown("?source=interview")).toEqual(["interview"]);
    expect(await shown("?source=import")).toEqual(["other"]);
    expect(await shown("?from=2026-10-20&to=2026-11-02")).toEqual(["enRefund", "koPraise"]);
    expect(await shown("?tier=enterprise")).toEqual(["interview", "enRefund", "koRefund"]);
    expect(await shown("?tier=enterprise&region=kr")).toEqual(["interview", "koRefund"]);
    expect(await shown("?plan=monthly")).toEqual(["enNeutral", "koPraise"]);
    expect(await shown("?sentiment=negative")).toEqual(["enRefund", "koRefund"]);
    expect(await shown("?sentiment=none")).toEqual(["interview"]);
    expect(await shown(`?theme=${themeId}`)).toEqual(["enRefund", "koRefund"]);
    expect(await shown("?language=ko")).toEqual(["koPraise", "koRefund"]);
    expect(await shown("?language=other")).toEqual(["other"]);
    expect(await shown("?score=yes")).toEqual(["enRefund", "koPraise", "koRefund"]);
    expect(await shown("?score=no")).toEqual(["other", "interview", "enNeutral"]);
    expect(await shown("?unassigned=1")).toEqual(["other", "interview", "enNeutral", "koPraise"]);
    expect(await shown(`?q=${encodeURIComponent("환불")}&sentiment=positive&source=&tier=`)).toEqual(["koPraise"]);
  });

  it("counts the period's days in the reader's zone and says which", async () => {
    // The interview passage is at 2026-11-15T00:00Z: 09:00 on the 15th in Seoul (the organisation's
    // zone, the manager's by default), 19:00 on the 14th in New York.
    expect(await shown("?from=2026-11-15&to=2026-11-15")).toEqual(["interview"]);
    expect(await shown("?from=2026-11-14&to=2026-11-14")).toEqual([]);
    await app.db.updateTable("users").set({ time_zone: "America/New_York" }).where("email", "=", "manager@example.test").execute();
    try {
      expect(await shown("?from=2026-11-15&to=2026-11-15")).toEqual([]);
      expect(await shown("?from=2026-11-14&to=2026-11-14")).toEqual(["interview"]);
      const html = await (await viewer.get("/app/feedback?source=interview", { headers: { "Accept-Language": "en" } })).text();
      expect(html).toContain("From (America/New_York)");
      expect(html).toContain("2026-11-14 19:00 (America/New_York)");
    } finally {
      await app.db.updateTable("users").set({ time_zone: null }).where("email", "=", "manager@example.test").execute();
    }
  });

  it("labels sentiment as an estimate with its confidence, marks hand and model tags, and links each item to its source", async () => {
    const html = await (await viewer.get(`/app/feedback?theme=${themeId}`, { headers: { "Accept-Language": "en" } })).text();
    expect(html).toMatch(/Estimated sentiment(<!-- -->)?: <strong>Negative<\/strong>/);
    expect(html).toContain("confidence 90");
    expect(html).toMatch(/Refunds(<!-- -->)? <span class="chip-by">\((<!-- -->)?by hand(<!-- -->)?\)/);
    expect(html).toMatch(/Refunds(<!-- -->)? <span class="chip-by">\((<!-- -->)?model(<!-- -->)?\)/);
    expect(html).toContain(`href="/app/responses/${responseId}"`);
    const ko = await (await viewer.get("/app/feedback?source=interview", { headers: { "Accept-Language": "ko" } })).text();
    expect(ko).toContain(`href="/app/interviews/${interviewId}#passage-1"`);
    expect(ko).toContain("인터뷰에서 보기");
    expect(ko).toContain("감성 추정 전입니다.");
  });

  it("pages 50 at a time", async () => {
    await app.db
      .insertInto("feedback_items")
      .values(Array.from({ length: 53 }, (_, i) => ({ source: "import" as const, text: `bulk row ${String(i).padStart(2, "0")}`, language: "en", occurred_at: new Date(Date.UTC(2026, 0, 1, 0, i)), segment: "{}" })))
      .execute();
    const page1 = await shown("?q=bulk+row");
    const page2 = await shown("?q=bulk+row&page=2");
    expect(page1).toHaveLength(50);
    expect(page2).toHaveLength(3);
    const texts = async (keys: string[]) => (await app.db.selectFrom("feedback_items").select(["id", "text"]).where("id", "in", keys).execute()).sort((a, b) => keys.indexOf(a.id) - keys.indexOf(b.id)).map((r) => r.text);
    expect((await texts(page1))[0]).toBe("bulk row 52");
    expect(await texts(page2)).toEqual(["bulk row 02", "bulk row 01", "bulk row 00"]);
    const html = await (await viewer.get("/app/feedback?q=bulk+row", { headers: { "Accept-Language": "en" } })).text();
    expect(html).toContain("53 feedback items");
    expect(html).toContain('href="/app/feedback?q=bulk+row&amp;page=2"');
  });

  it("answers 400 to values the page never sends", async () => {
    for (const q of ["?source=email", "?page=0", "?page=201", "?page=abc", "?from=2026-13-01", "?from=2026-11-10&to=2026-11-01", "?theme=not-a-uuid", "?sentiment=angry", "?language=ja", "?unassigned=yes", `?q=${"x".repeat(201)}`, "?q=%00"]) {
      const res = await viewer.get(`/app/feedback${q}`, { headers: { "Accept-Language": "en" } });
      expect(res.status, q).toBe(400);
    }
  });
});
