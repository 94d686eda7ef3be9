import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { createTestSurvey, insertUser, PASSWORD } from "../support/fixtures";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

describe("responses list", () => {
  it("offers to open a case for a detractor's response only", async () => {
    const survey = await createTestSurvey(app.db);
    const respondent = new Client(app.url);
    for (const score of ["2", "10"]) {
      const res = await respondent.post(`/s/${survey.token}`, { _key: crypto.randomUUID(), _page: "1", [`q_${survey.nps}`]: score });
      expect(res.status).toBe(302);
    }
    const rows = await app.db
      .selectFrom("answers")
      .select(["response_id", "value_int"])
      .where("question_id", "=", survey.nps)
      .execute();
    const detractor = rows.find((r) => r.value_int === 2)!.response_id;
    const promoter = rows.find((r) => r.value_int === 10)!.response_id;
    await insertUser(app.db, "analyst", "analyst@example.test");
    const analyst = new Client(app.url);
    await analyst.signIn("analyst@example.test", PASSWORD);
    const html = await (await analyst.get(`/app/responses?survey=${survey.id}`, { headers: { "Accept-Language": "en" } })).text();
    expect(html).toContain(`/app/cases/new?response=${detractor}`);
    expect(html).not.toContain(`/app/cases/new?response=${promoter}`);
    // Once a case is open for it, the list links to that case instead of offering another.
    const account = await app.db.insertInto("accounts").values({ name: "Acme", tier: "gold", region: "kr", plan: "annual" }).returning("id").executeTakeFirstOrThrow();
    const opened = await analyst.post("/app/cases/new", { source: "response", responseId: detractor, accountId: account.id, priority: "p2", ownerId: "", title: "Detractor", description: "" });
    expect(opened.status).toBe(302);
    const caseId = opened.headers.get("location")!.split("/").pop()!;
    const after = await (await analyst.get(`/app/responses?survey=${survey.id}`, { headers: { "Accept-Language": "en" } })).text();
    expect(after).not.toContain(`/app/cases/new?response=${detractor}`);
    expect(after).toMatch(new RegExp(`href="/app/cases/${caseId}"[^>]*>View its case</a>`));
  });
});
