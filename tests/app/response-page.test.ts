import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { createTestSurvey, insertUser, PASSWORD } from "../support/fixtures";

// One response on its own page: question text and option labels in the viewer's language.
let app: TestApp;
let survey: Awaited<ReturnType<typeof createTestSurvey>>;
let responseId: string;

beforeAll(async () => {
  app = await startTestApp();
  await insertUser(app.db, "analyst");
  await insertUser(app.db, "manager");
  survey = await createTestSurvey(app.db);
  const respondent = new Client(app.url);
  const res = await respondent.post(`/s/${survey.token}`, {
    _key: crypto.randomUUID(),
    _page: "1",
    [`q_${survey.nps}`]: "3",
    [`q_${survey.nps}_why`]: "Support took three days to answer.",
    [`q_${survey.choice}`]: "price",
  });
  expect(res.status).toBe(302);
  responseId = (await app.db.selectFrom("responses").select("id").where("survey_id", "=", survey.id).executeTakeFirstOrThrow()).id;
  // Known timing, so the page's figures can be checked exactly.
  await app.db
    .updateTable("responses")
    .set({ started_at: new Date("2026-11-30T08:00:00Z"), submitted_at: new Date("2026-11-30T08:02:05Z"), duration_seconds: 125 })
    .where("id", "=", responseId)
    .execute();
});
afterAll(async () => app?.close());

async function as(role: "analyst" | "manager", lang: string) {
  const c = new Client(app.url);
  await c.signIn(`${role}@example.test`, PASSWORD);
  return { get: (path: string) => c.get(path, { headers: { "Accept-Language": lang } }) };
}

/** The page's HTML without React's text separators (<!-- -->), so sentences read whole. */
async function page(role: "analyst" | "manager", lang: string, path: string) {
  const res = await (await as(role, lang)).get(path);
  expect(res.status).toBe(200);
  return (await res.text()).replace(/<!-- -->/g, "");
}

const answer = (html: string, position: number) => new RegExp(`<p data-answer="${position}">([^<]*)</p>`).exec(html)?.[1] ?? null;

describe("the response page", () => {
  it("shows answers with question text and option labels in English, timing, feedback and the way to a case", async () => {
    const html = await page("manager", "en", `/app/responses/${responseId}`);
    expect(html).toContain("<h1>Response: Test survey</h1>");
    expect(html).toContain("Would you recommend us?");
    expect(answer(html, 1)).toBe("3 (scale 0–10)");
    expect(html).toContain("What matters");
    expect(answer(html, 2)).toBe("Price");
    expect(html).not.toContain(">price<");
    expect(html).toContain("Anything else");
    expect(html).toContain("Not answered");
    expect(html).toContain("2 of 3 questions answered");
    // In the viewer's zone (here the organisation's, Asia/Seoul), labelled.
    expect(html).toContain('<dd data-field="started">2026-11-30 17:00 (Asia/Seoul)</dd>');
    expect(html).toContain('<dd data-field="submitted">2026-11-30 17:02 (Asia/Seoul)</dd>');
    expect(html).toContain('<dd data-field="duration">2 min 5 s</dd>');
    expect(html).toContain("Support took three days to answer.");
    expect(html).toContain("NPS 3 · Language: en");
    expect(html).toContain("No case was opened from this response.");
    expect(html).toContain(`href="/app/cases/new?response=${responseId}"`);
  });

  it("shows the same answers in Korean for a Korean viewer", async () => {
    const html = await page("analyst", "ko", `/app/responses/${responseId}`);
    expect(html).toContain("<h1>응답: 테스트 설문</h1>");
    expect(html).toContain("추천하시겠습니까?");
    expect(answer(html, 1)).toBe("3점 (척도 0–10)");
    expect(answer(html, 2)).toBe("가격");
    expect(html).toContain('<dd data-field="duration">2분 5초</dd>');
  });

  it("names no account when the segment's account is not a uuid (a respondent can type one)", async () => {
    await app.db.updateTable("responses").set({ segment: JSON.stringify({ account: "-".repeat(36), tier: "gold" }) }).where("id", "=", responseId).execute();
    const html = await page("analyst", "en", `/app/responses/${responseId}`);
    expect(html).not.toContain("/app/accounts/");
    expect(html).toContain('<dd data-field="tier">gold</dd>');
  });

  it("links the case once one is opened, and the account when the response has one", async () => {
    const account = await app.db.insertInto("accounts").values({ name: "Resp Co", tier: "gold", region: "kr", plan: "annual" }).returning("id").executeTakeFirstOrThrow();
    await app.db.updateTable("responses").set({ account_id: account.id, segment: JSON.stringify({ account: account.id, tier: "gold", region: "kr" }) }).where("id", "=", responseId).execute();
    const cases = await import("../../app/models/case.server");
    const caseId = await cases.insertCaseWithHistory({ source: "response", responseId, accountId: account.id, priority: "p2", title: "Slow support", description: "", openedAt: new Date("2026-12-01T00:00:00Z"), slaVersionId: null }, []);
    const html = await page("analyst", "en", `/app/responses/${responseId}`);
    expect(html).toContain(`href="/app/cases/${caseId}"`);
    expect(html).not.toContain(`/app/cases/new?response=${responseId}`);
    expect(html).toContain(`<dd data-field="account"><a data-discover="true" href="/app/accounts/${account.id}">Resp Co</a></dd>`);
    expect(html).toContain('<dd data-field="tier">gold</dd>');
  });

  it("is linked from the responses list, and answers 404 for an unknown id", async () => {
    const c = await as("analyst", "en");
    const list = await (await c.get(`/app/responses?survey=${survey.id}`)).text();
    expect(list).toContain(`href="/app/responses/${responseId}"`);
    expect((await c.get("/app/responses/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await c.get("/app/responses/nope")).status).toBe(404);
  });
});
