import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { themeNpsImpact } from "../../analysis/themes";
import { meanFromStats } from "../../analysis/metrics";
import { Client, startTestApp, type TestApp, signedIn } from "../support/app";
import { createTestSurvey } from "../support/fixtures";

// The theme page's figures from a fixture whose answers are known: monthly volumes, segment
// shares (with the minimum n), mean sentiment, and NPS impact equal to the analysis function's.
let app: TestApp;
let admin: Client;
let themeId: string;
const en = { headers: { "Accept-Language": "en" } };
// per respondent, in response id order: the order the model reads them (the bootstrap depends on it)
const respondents: { id: string; score: number; inTheme: boolean }[] = [];
const themeSentiments: number[] = [];

beforeAll(async () => {
  app = await startTestApp();
  admin = await signedIn(app, "admin");
  const survey = await createTestSurvey(app.db);
  themeId = (await app.db.insertInto("themes").values({ name: "Slow replies", origin: "seeded", sla_area: "response_speed" }).returning("id").executeTakeFirstOrThrow()).id;
  // 40 enterprise respondents, each with an NPS answer and a "why?" item; 10 of them in the theme.
  for (let i = 0; i < 40; i++) {
    const within = i < 10;
    const score = within ? [2, 4, 6, 5, 3, 8, 1, 6, 7, 0][i] : [10, 9, 8, 7, 9, 10, 6, 9, 3, 10][i % 10];
    // theme items: 8 in January, 2 in March; the rest in February
    const month = within ? (i < 8 ? "2026-01-15" : "2026-03-10") : "2026-02-10";
    const r = await app.db
      .insertInto("responses")
      .values({ survey_id: survey.id, submission_key: crypto.randomUUID(), segment: JSON.stringify({ tier: "enterprise" }), locale: "en", finished: true, submitted_at: new Date(`${month}T03:00:00Z`) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await app.db.insertInto("answers").values({ response_id: r.id, question_id: survey.nps, value_int: score }).execute();
    const sentiment = within ? -0.1 * (i % 5) - 0.2 : 0.3;
    const item = await app.db
      .insertInto("feedback_items")
      .values({
        source: "survey",
        response_id: r.id,
        question_id: survey.nps,
        segment: JSON.stringify({ tier: "enterprise" }),
        language: "en",
        text: within ? `they took days to reply (${i})` : `fine service (${i})`,
        score,
        score_scale: "nps",
        occurred_at: new Date(`${month}T03:00:00Z`),
        sentiment_score: sentiment,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (within) {
      await app.db.insertInto("theme_assignments").values({ feedback_item_id: item.id, theme_id: themeId, confidence: 0.8, assigned_by: "model" }).execute();
      themeSentiments.push(sentiment);
    }
    respondents.push({ id: r.id, score, inTheme: within });
  }
  // 10 standard-tier imported items, 5 in the theme (in March): a segment under the minimum n.
  for (let i = 0; i < 10; i++) {
    const item = await app.db
      .insertInto("feedback_items")
      .values({ source: "import", segment: JSON.stringify({ tier: "standard" }), language: "en", text: `imported ${i}`, occurred_at: new Date("2026-03-20T00:00:00Z") })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (i < 5) await app.db.insertInto("theme_assignments").values({ feedback_item_id: item.id, theme_id: themeId, confidence: null, assigned_by: "hand" }).execute();
  }
});
afterAll(async () => app?.close());

describe("the theme page", () => {
  it("shows the exact monthly volumes (a month without items as 0) in the chart's table", async () => {
    const res = await admin.get(`/app/themes/${themeId}`, en);
    expect(res.status).toBe(200);
    const html = await res.text();
    const rows = [...html.matchAll(/<tr><th scope="row">(\d{4}-\d{2})<\/th><td class="num">(\d+)<\/td><\/tr>/g)].map((m) => [m[1], Number(m[2])]);
    expect(rows).toEqual([
      ["2026-01", 8],
      ["2026-02", 0],
      ["2026-03", 7],
    ]);
    expect(html).toContain('data-volume="15"');
    expect(html).toMatch(/<svg role="img" aria-labelledby="[^"]+"/);
    expect(html).toContain("<title");
    expect(html).toContain("<desc");
  });

  it("shows segment shares with the minimum n: enterprise 10 of 40, standard too few answers", async () => {
    const html = await (await admin.get(`/app/themes/${themeId}`, en)).text();
    const tier = html.slice(html.indexOf('data-segment="tier"'));
    expect(tier).toMatch(/data-value="enterprise"><th scope="row">enterprise<\/th><td class="num">10<\/td><td class="num">40<\/td><td class="num" data-share="0.25">25.0 %/);
    expect(tier).toMatch(/data-value="standard"><th scope="row">standard<\/th><td class="num">5<\/td><td class="num">10<\/td><td class="num" data-share="">.*?Too few answers/);
  });

  it("NPS impact and mean sentiment equal the analysis functions' on the same data", async () => {
    const html = await (await admin.get(`/app/themes/${themeId}`, en)).text();
    const ordered = [...respondents].sort((a, b) => (a.id < b.id ? -1 : 1));
    const expected = themeNpsImpact(
      ordered.map((r) => r.score),
      ordered.map((r) => r.inTheme),
      { seed: 1, resamples: 2000 },
    );
    expect(expected.impact).not.toBeNull();
    const m = html.match(/data-impact="([^"]+)" data-low="([^"]+)" data-high="([^"]+)"/);
    expect(m).not.toBeNull();
    expect([Number(m![1]), Number(m![2]), Number(m![3])]).toEqual([expected.impact, expected.interval!.low, expected.interval!.high]);
    const mean = themeSentiments.reduce((s, v) => s + v, 0) / themeSentiments.length;
    const sd = Math.sqrt(themeSentiments.reduce((s, v) => s + (v - mean) ** 2, 0) / (themeSentiments.length - 1));
    const sentiment = meanFromStats({ n: themeSentiments.length, mean, sd });
    const shown = Number(html.match(/data-sentiment="([^"]+)"/)![1]);
    expect(shown).toBeCloseTo(sentiment.mean!, 12);
    expect(html).toContain("estimate");
    // the list shows the same impact figure (500 resamples there: same point estimate)
    const list = await (await admin.get("/app/themes?sort=impact", en)).text();
    expect(Number(list.match(/data-impact="([^"]+)"/)![1])).toBe(expected.impact);
  });

  it("quotes link to their source and a bad page number is a 400", async () => {
    const html = await (await admin.get(`/app/themes/${themeId}`, en)).text();
    expect(html).toMatch(/href="\/app\/responses\/[0-9a-f-]{36}"/);
    expect((await admin.get(`/app/themes/${themeId}?page=x`, en)).status).toBe(400);
    expect((await admin.get(`/app/themes/${crypto.randomUUID()}`, en)).status).toBe(404);
  });

  it("a sentence many people wrote is quoted once", async () => {
    const other = (await app.db.insertInto("themes").values({ name: "Contacts change", origin: "seeded" }).returning("id").executeTakeFirstOrThrow()).id;
    for (const [text, confidence] of [["We explain everything again.", 0.9], ["We explain everything again. ", 0.8], ["We explain everything again.", 0.7], ["A new person every month.", 0.6]] as const) {
      const item = await app.db.insertInto("feedback_items").values({ source: "import", language: "en", text }).returning("id").executeTakeFirstOrThrow();
      await app.db.insertInto("theme_assignments").values({ feedback_item_id: item.id, theme_id: other, confidence, assigned_by: "model" }).execute();
    }
    const html = await (await admin.get(`/app/themes/${other}`, en)).text();
    const quotes = [...html.matchAll(/<blockquote[^>]*><p>([^<]*)<\/p>/g)].map((m) => m[1]);
    expect(quotes).toEqual(["We explain everything again.", "A new person every month."]);
  });
});
