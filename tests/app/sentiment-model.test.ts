import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp, signedIn } from "../support/app";
import { createTestSurvey } from "../support/fixtures";

// Sentiment at write, the organisation's model, the switch and the re-score job with progress.
let app: TestApp;
let analyst: Client;
let survey: Awaited<ReturnType<typeof createTestSurvey>>;
const SHIPPED_IDS = new Set(["ko-nsmc-lr-v1", "en-uci-b77-lr-v3", "none"]);

beforeAll(async () => {
  app = await startTestApp();
  analyst = await signedIn(app, "analyst");
  survey = await createTestSurvey(app.db);
});
afterAll(async () => app?.close());

async function answer(nps: string, why: string, text?: string) {
  const key = crypto.randomUUID();
  const form: Record<string, string> = { _key: key, _page: "1", [`q_${survey.nps}`]: nps, [`q_${survey.nps}_why`]: why };
  if (text) form[`q_${survey.text}`] = text;
  const res = await new Client(app.url).post(`/s/${survey.token}`, form);
  expect(res.status).toBe(302);
  return app.db
    .selectFrom("feedback_items")
    .innerJoin("responses", "responses.id", "feedback_items.response_id")
    .select(["feedback_items.text", "feedback_items.language", "sentiment_label", "sentiment_score", "sentiment_confidence", "sentiment_model"])
    .where("responses.submission_key", "=", key)
    .orderBy("feedback_items.text")
    .execute();
}

async function settingsPage(lang = "en") {
  const res = await analyst.get("/app/settings/sentiment", { headers: { "Accept-Language": lang } });
  expect(res.status).toBe(200);
  // React separates adjacent text with comments; the reader sees one line.
  return (await res.text()).replaceAll("<!-- -->", "");
}

// A text without letters ("10/10 👍") is model 'none' under any model: no evidence to score.
const models = async () =>
  (await app.db.selectFrom("feedback_items").select("sentiment_model").execute()).map((r) => r.sentiment_model);

describe("sentiment when an item is written", () => {
  it("scores survey texts with the shipped model of their language, in the same statement", async () => {
    const rows = await answer("2", "지원 응답이 너무 늦어서 정말 실망했습니다", "Great support team, thank you!");
    expect(rows.map((r) => [r.language, r.sentiment_model, r.sentiment_label])).toEqual([
      ["en", "en-uci-b77-lr-v3", "positive"],
      ["ko", "ko-nsmc-lr-v1", "negative"],
    ]);
    for (const r of rows) {
      expect(r.sentiment_confidence).toBeGreaterThan(0.5);
      expect(Math.abs(r.sentiment_score!)).toBeGreaterThan(0.5);
    }
  });

  it("a text without letters is neutral with confidence 0 and model 'none'", async () => {
    const rows = await answer("8", "10/10 👍");
    expect(rows.map((r) => [r.sentiment_label, r.sentiment_confidence, r.sentiment_model])).toEqual([["neutral", 0, "none"]]);
  });
});

describe("the organisation's model, the switch and re-scoring", () => {
  // Words the shipped models never saw carry the label: only a model trained here can learn them.
  const words = { negative: "blorf", neutral: "quibble", positive: "zangy" } as const;
  const nps = { negative: 2, neutral: 7, positive: 10 } as const;
  let orgId: string;

  beforeAll(async () => {
    const rows = (["negative", "neutral", "positive"] as const).flatMap((label) =>
      Array.from({ length: 150 }, (_, i) => ({
        source: "survey" as const,
        text: `ticket ${i} was handled ${words[label]} by the team`,
        language: "en",
        score: nps[label],
        score_scale: "nps" as const,
        segment: "{}",
      })),
    );
    await app.db.insertInto("feedback_items").values(rows).execute();
  });

  it("trains on scored texts, shows chooseModel's figures, and switches because it beats the shipped model", async () => {
    const res = await analyst.post("/app/settings/sentiment", { intent: "train" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/app/settings/sentiment?trained=org");
    const html = await settingsPage();
    orgId = /Organisation model (org-[0-9a-f]{8}-n\d+)/.exec(html)![1];
    expect(orgId).toMatch(/-n452$/);
    const org = Number(/data-testid="org-f1">([\d.]+)</.exec(html)![1]);
    const shipped = Number(/data-testid="shipped-f1">([\d.]+)</.exec(html)![1]);
    expect(org).toBeGreaterThan(0.9);
    expect(shipped).toBeLessThan(org);
    expect(html).toContain("Verdict: the organisation model does better.");
    const total = (await models()).length;
    expect(html).toMatch(new RegExp(`Queued: 0 of ${total} items`));
    const audit = await app.db.selectFrom("audit_events").select("action").where("action", "like", "sentiment.%").orderBy("at").execute();
    expect(audit.map((a) => a.action)).toEqual(["sentiment.train", "sentiment.switch"]);
  });

  it("new items are scored with the organisation model at once", async () => {
    const rows = await answer("9", "everything was zangy");
    expect(rows.map((r) => [r.sentiment_model, r.sentiment_label])).toEqual([[orgId, "positive"]]);
  });

  it("the re-score job works in batches with progress, resumes after a crash, and ends with every item re-scored", async () => {
    const { runRescore } = await import("../../app/jobs/rescore.server");
    const total = (await models()).length;
    // Two batches of 100, then the worker "dies" (its lease is left to run out).
    const first = await runRescore({ maxBatches: 2, batch: 100 });
    expect(first.batches).toBe(2);
    const run = await app.db.selectFrom("sentiment_rescores").selectAll().where("id", "=", first.runId!).executeTakeFirstOrThrow();
    expect([run.status, run.done, run.total]).toEqual(["running", 200, total - 1]);
    expect(await settingsPage()).toMatch(new RegExp(`Running: 200 of ${total - 1} items`));
    // Another worker cannot take it while the lease holds.
    expect((await runRescore({ batch: 100 })).runId).toBeNull();
    // After the lease, the next claim resumes from the cursor.
    const later = new Date(Date.now() + 120_000);
    const second = await runRescore({ now: () => later, batch: 100 });
    expect(second.runId).toBe(first.runId);
    expect(second.batches).toBe(Math.floor((total - 200) / 100) + 1);
    const done = await app.db.selectFrom("sentiment_rescores").selectAll().where("id", "=", first.runId!).executeTakeFirstOrThrow();
    expect([done.status, done.done, done.total]).toEqual(["done", total, total]);
    expect(new Set(await models())).toEqual(new Set([orgId, "none"]));
    const labelled = await app.db.selectFrom("feedback_items").select(["text", "sentiment_label"]).where("text", "like", "ticket 1 was%").orderBy("text").execute();
    expect(labelled.map((r) => r.sentiment_label)).toEqual(["negative", "neutral", "positive"]);
    expect(await settingsPage()).toMatch(new RegExp(`Done: ${total} of ${total} items`));
  });

  it("is reversible: back to the shipped models, and every item is re-scored with them", async () => {
    const again = await analyst.post("/app/settings/sentiment", { intent: "useOrg" }, { headers: { "Accept-Language": "en" } });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("This model is already in use.");
    const res = await analyst.post("/app/settings/sentiment", { intent: "useShipped" });
    expect(res.status).toBe(302);
    const html = await settingsPage("ko");
    expect(html).toContain("기본 모델 (ko-nsmc-lr-v1, en-uci-b77-lr-v3)");
    const { runRescore } = await import("../../app/jobs/rescore.server");
    await runRescore();
    expect(new Set(await models()).size).toBeGreaterThan(0);
    for (const m of await models()) expect(SHIPPED_IDS.has(m!)).toBe(true);
    const back = await analyst.post("/app/settings/sentiment", { intent: "useOrg" });
    expect(back.status).toBe(302);
    await runRescore();
    expect(new Set(await models())).toEqual(new Set([orgId, "none"]));
  });

  it("refuses an unknown intent with a 400 and writes nothing", async () => {
    const before = await app.db.selectFrom("sentiment_rescores").select("id").execute();
    const res = await analyst.post("/app/settings/sentiment", { intent: "useSomethingElse" });
    expect(res.status).toBe(400);
    expect(await app.db.selectFrom("sentiment_rescores").select("id").execute()).toEqual(before);
  });
});
