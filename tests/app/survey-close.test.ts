import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { createTestSurvey, insertUser, PASSWORD } from "../support/fixtures";

// "Close" on a survey asks first, on a page of its own (works without JavaScript).
let app: TestApp;
let analyst: Client;
const en = { headers: { "Accept-Language": "en" } };

beforeAll(async () => {
  app = await startTestApp();
  await insertUser(app.db, "analyst");
  await insertUser(app.db, "manager");
  analyst = new Client(app.url);
  await analyst.signIn("analyst@example.test", PASSWORD);
});
afterAll(async () => app?.close());

const statusOf = async (id: string) => (await app.db.selectFrom("surveys").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
const auditCount = async () => (await app.db.selectFrom("audit_events").select("id").execute()).length;

describe("closing a survey", () => {
  it("the list's Close button only opens the confirmation; a post without the confirmation changes nothing", async () => {
    const s = await createTestSurvey(app.db);
    await app.db.insertInto("responses").values({ survey_id: s.id, submission_key: crypto.randomUUID(), segment: "{}", locale: "en", finished: true, submitted_at: new Date() }).execute();
    const list = await (await analyst.get("/app/surveys", en)).text();
    expect(list).toMatch(new RegExp(`<form method="get"[^>]*><input type="hidden" name="confirmClose" value="${s.id}"/><button type="submit" class="secondary small" aria-label="Close survey Test survey">Close</button></form>`));
    expect(list).not.toContain("data-confirm-close");

    const before = await auditCount();
    const unconfirmed = await analyst.post("/app/surveys", { surveyId: s.id, status: "closed" }, en);
    expect(unconfirmed.status).toBe(302);
    expect(unconfirmed.headers.get("location")).toBe(`/app/surveys?confirmClose=${s.id}`);
    expect(await statusOf(s.id)).toBe("open");
    expect(await auditCount()).toBe(before);

    const page = await (await analyst.get(`/app/surveys?confirmClose=${s.id}`, en)).text();
    expect(page).toContain(`data-confirm-close="${s.id}"`);
    expect(page).toContain("Close the survey Test survey?");
    expect(page).toContain("1 response so far. Once closed, no link takes answers; you can open it again later.");
    expect(page).toContain('<input type="hidden" name="confirm" value="yes"/><button type="submit" class="danger">Yes, close it</button>');
    expect(await statusOf(s.id)).toBe("open");

    const confirmed = await analyst.post("/app/surveys", { surveyId: s.id, status: "closed", confirm: "yes" }, en);
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toBe("/app/surveys?changed=1");
    expect(await statusOf(s.id)).toBe("closed");
    expect(await app.db.selectFrom("audit_events").select("action").where("target_id", "=", s.id).where("action", "=", "survey.status").execute()).toHaveLength(1);
  });

  it("no confirmation for a survey that is not open, nor for a reader who cannot close it", async () => {
    const draft = await createTestSurvey(app.db, { status: "draft" });
    expect(await (await analyst.get(`/app/surveys?confirmClose=${draft.id}`, en)).text()).not.toContain("data-confirm-close");
    const open = await createTestSurvey(app.db);
    const manager = new Client(app.url);
    await manager.signIn("manager@example.test", PASSWORD);
    expect(await (await manager.get(`/app/surveys?confirmClose=${open.id}`, en)).text()).not.toContain("data-confirm-close");
    expect(await (await analyst.get("/app/surveys?confirmClose=not-a-uuid", en)).text()).not.toContain("data-confirm-close");
  });
});
