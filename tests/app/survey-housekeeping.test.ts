import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { createTestSurvey, insertUser, PASSWORD } from "../support/fixtures";

// Survey housekeeping over real HTTP: duplicate, archive, delete, preview, templates.
let app: TestApp;
let analystId: string;

beforeAll(async () => {
  app = await startTestApp();
  analystId = (await insertUser(app.db, "analyst")).id;
  await insertUser(app.db, "manager");
});
afterAll(async () => app?.close());

async function as(role: "analyst" | "manager", lang = "en") {
  const c = new Client(app.url);
  await c.signIn(`${role}@example.test`, PASSWORD);
  const get = c.get.bind(c);
  const post = c.post.bind(c);
  c.get = (path, init = {}) => get(path, { ...init, headers: { "Accept-Language": lang, ...(init.headers ?? {}) } });
  c.post = (path, form, init = {}) => post(path, form, { ...init, headers: { "Accept-Language": lang, ...(init.headers ?? {}) } });
  return c;
}

const text = async (res: Response) => (await res.text()).replace(/<!-- -->/g, "");
const n = async (table: "surveys" | "questions" | "links" | "responses" | "audit_events") =>
  Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);

async function respond(token: string, nps: string, score = "9") {
  const res = await new Client(app.url).post(`/s/${token}`, { _key: crypto.randomUUID(), _page: "1", [`q_${nps}`]: score });
  expect(res.status).toBe(302);
}

describe("duplicate", () => {
  it("makes a draft copy with the same questions, a fresh public link, no responses; audited", async () => {
    const s = await createTestSurvey(app.db);
    await respond(s.token, s.nps);
    const c = await as("analyst");
    const res = await c.post(`/app/surveys/${s.id}/manage`, { intent: "duplicate" });
    expect(res.status).toBe(302);
    const copyId = /\/app\/surveys\/([0-9a-f-]{36})\/edit\?duplicated=1$/.exec(res.headers.get("location")!)![1];
    const copy = await app.db.selectFrom("surveys").selectAll().where("id", "=", copyId).executeTakeFirstOrThrow();
    expect(copy.title).toEqual({ ko: "테스트 설문 (사본)", en: "Test survey (copy)" });
    expect(copy.status).toBe("draft");
    const qs = (id: string) => app.db.selectFrom("questions").select(["position", "page", "type", "required", "prompt", "options", "why_prompt"]).where("survey_id", "=", id).orderBy("position").execute();
    expect(await qs(copyId)).toEqual(await qs(s.id));
    const links = await app.db.selectFrom("links").select(["kind", "token"]).where("survey_id", "=", copyId).execute();
    expect(links.map((l) => l.kind)).toEqual(["public"]);
    expect(links[0].token).not.toBe(s.token);
    expect(await app.db.selectFrom("responses").select("id").where("survey_id", "=", copyId).execute()).toEqual([]);
    const audit = await app.db.selectFrom("audit_events").selectAll().where("target_id", "=", copyId).execute();
    expect(audit.map((a) => [a.action, a.user_id, a.detail])).toEqual([["survey.duplicate", analystId, { from: s.id }]]);
    const edit = await text(await c.get(`/app/surveys/${copyId}/edit?duplicated=1`));
    expect(edit).toContain("This is a draft copy. Responses and account links were not copied.");
  });

  it("refuses managers with 403 and copies nothing", async () => {
    const s = await createTestSurvey(app.db);
    const before = await n("surveys");
    expect((await (await as("manager")).post(`/app/surveys/${s.id}/manage`, { intent: "duplicate" })).status).toBe(403);
    expect(await n("surveys")).toBe(before);
  });
});

describe("archive and delete", () => {
  it("archives a survey with responses (it closes and leaves the list, responses kept); delete is refused and deletes nothing", async () => {
    const s = await createTestSurvey(app.db);
    await respond(s.token, s.nps);
    const c = await as("analyst");
    const page = await text(await c.get(`/app/surveys/${s.id}/manage`));
    expect(page).toContain("A survey with responses is never deleted.");
    expect(page).not.toContain('value="delete"');
    const before = { surveys: await n("surveys"), responses: await n("responses"), audit: await n("audit_events") };
    const del = await c.post(`/app/surveys/${s.id}/manage`, { intent: "delete", confirm: "yes" });
    expect(del.status).toBe(400);
    expect(await text(del)).toContain("A survey with responses is never deleted. Archive it");
    expect({ surveys: await n("surveys"), responses: await n("responses"), audit: await n("audit_events") }).toEqual(before);

    const arch = await c.post(`/app/surveys/${s.id}/manage`, { intent: "archive" });
    expect(arch.status).toBe(302);
    expect(arch.headers.get("location")).toBe("/app/surveys?archivedOne=1");
    const row = await app.db.selectFrom("surveys").select(["status", "archived_at"]).where("id", "=", s.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("closed");
    expect(row.archived_at).not.toBeNull();
    expect(await n("responses")).toBe(before.responses);
    const audit = await app.db.selectFrom("audit_events").select(["action", "detail"]).where("target_id", "=", s.id).where("action", "=", "survey.archive").execute();
    expect(audit).toEqual([{ action: "survey.archive", detail: { from: "open", status: "closed" } }]);
    const list = await text(await c.get("/app/surveys?archivedOne=1"));
    expect(list).toContain("Survey archived.");
    expect(list).not.toContain(`/app/surveys/${s.id}/edit`);
    expect(await text(await c.get("/app/surveys?archived=1"))).toContain(`/app/surveys/${s.id}/edit`);
    // Respondents find it closed.
    expect((await new Client(app.url).get(`/s/${s.token}`)).status).toBe(410);

    const restore = await c.post(`/app/surveys/${s.id}/manage`, { intent: "unarchive" });
    expect(restore.headers.get("location")).toBe("/app/surveys?restored=1");
    expect((await app.db.selectFrom("surveys").select("archived_at").where("id", "=", s.id).executeTakeFirstOrThrow()).archived_at).toBeNull();
  });

  it("deletes a draft nobody answered only after the confirmation box, with its questions and links; audited", async () => {
    const s = await createTestSurvey(app.db, { status: "draft" });
    const c = await as("analyst");
    const page = await text(await c.get(`/app/surveys/${s.id}/manage`));
    expect(page).toContain("Nobody has answered this draft. Deleting it removes it with its questions (3) and links, for good.");
    expect(page).toContain('<input type="checkbox" name="confirm" required="" value="yes"/>');
    const unconfirmed = await c.post(`/app/surveys/${s.id}/manage`, { intent: "delete" });
    expect(unconfirmed.status).toBe(400);
    expect(await text(unconfirmed)).toContain("Tick the box to confirm the deletion.");
    expect(await app.db.selectFrom("surveys").select("id").where("id", "=", s.id).executeTakeFirst()).toBeDefined();
    const res = await c.post(`/app/surveys/${s.id}/manage`, { intent: "delete", confirm: "yes" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/app/surveys?deleted=1");
    expect(await app.db.selectFrom("surveys").select("id").where("id", "=", s.id).executeTakeFirst()).toBeUndefined();
    expect(await app.db.selectFrom("questions").select("id").where("survey_id", "=", s.id).execute()).toEqual([]);
    expect(await app.db.selectFrom("links").select("id").where("survey_id", "=", s.id).execute()).toEqual([]);
    const audit = await app.db.selectFrom("audit_events").select(["action", "user_id", "detail"]).where("target_id", "=", s.id).where("action", "<>", "survey.create").execute();
    expect(audit).toEqual([{ action: "survey.delete", user_id: analystId, detail: { title: { ko: "테스트 설문", en: "Test survey" } } }]);
  });

  it("refuses to delete an open survey even without responses, and refuses managers", async () => {
    const s = await createTestSurvey(app.db);
    const c = await as("analyst");
    const res = await c.post(`/app/surveys/${s.id}/manage`, { intent: "delete", confirm: "yes" });
    expect(res.status).toBe(400);
    expect(await text(res)).toContain("Only a draft can be deleted. Close or archive the survey instead.");
    const d = await createTestSurvey(app.db, { status: "draft" });
    const m = await as("manager");
    expect((await m.post(`/app/surveys/${d.id}/manage`, { intent: "delete", confirm: "yes" })).status).toBe(403);
    expect((await m.post(`/app/surveys/${d.id}/manage`, { intent: "archive" })).status).toBe(403);
    expect(await app.db.selectFrom("surveys").select(["id", "archived_at"]).where("id", "in", [s.id, d.id]).orderBy("id").execute()).toHaveLength(2);
    expect((await c.post("/app/surveys/00000000-0000-4000-8000-000000000000/manage", { intent: "archive" })).status).toBe(404);
    expect((await c.post(`/app/surveys/${d.id}/manage`, { intent: "explode" })).status).toBe(400);
  });
});

describe("preview", () => {
  it("renders the respondent form with the survey's questions and options, posts nowhere and stores nothing", async () => {
    const s = await createTestSurvey(app.db, { status: "draft" });
    const manager = await as("manager");
    const before = { responses: await n("responses"), audit: await n("audit_events") };
    const res = await manager.get(`/app/surveys/${s.id}/preview?lang=ko`);
    expect(res.status).toBe(200);
    const html = await text(res);
    expect(html).toContain("응답자가 보는 화면입니다. 여기서 입력한 내용은 저장되지 않습니다.");
    expect(html).toContain("1. 추천하시겠습니까?");
    expect(html).toContain(`name="q_${s.nps}"`);
    expect(html).toContain(">가격<");
    expect(html).toMatch(/<form aria-label="설문 미리 보기">/);
    expect(html).toMatch(/<button type="submit" disabled="">/);
    expect({ responses: await n("responses"), audit: await n("audit_events") }).toEqual(before);
    expect((await (await as("analyst")).get(`/app/surveys/${s.id}/edit`)).status).toBe(200);
    expect(await text(await (await as("analyst")).get(`/app/surveys/${s.id}/edit`))).toContain(`href="/app/surveys/${s.id}/preview"`);
  });
});

describe("templates", () => {
  it.each([
    ["nps", "Relationship NPS survey", "questions.0.type", "nps"],
    ["csat", "How did we do on your ticket?", "questions.0.type", "csat"],
    ["ces", "Customer effort survey", "questions.0.type", "ces"],
  ])("starts the builder from the %s template, unsaved", async (kind, title, _field, type) => {
    const before = await n("surveys");
    const html = await text(await (await as("analyst")).get(`/app/surveys/new?template=${kind}`));
    expect(html).toContain(`value="${title}"`);
    expect(html).toMatch(new RegExp(`<option value="${type}" selected="">`));
    expect(html).toContain("Adjust it before saving.");
    expect(await n("surveys")).toBe(before);
  });

  it("falls back to the blank survey for an unknown template", async () => {
    const res = await (await as("analyst")).get("/app/surveys/new?template=bogus");
    expect(res.status).toBe(200);
    expect(await text(res)).not.toContain("Adjust it before saving.");
  });
});

describe("a survey in one language", () => {
  const form = (languages: string, over: Record<string, string> = {}) => ({
    intent: "save",
    languages,
    "title.ko": "한국어 설문",
    "title.en": "",
    "intro.ko": "",
    "intro.en": "",
    status: "open",
    closesAt: "",
    responseLimit: "",
    "questions.0.id": "",
    "questions.0.type": "single",
    "questions.0.required": "on",
    "questions.0.page": "1",
    "questions.0.prompt.ko": "무엇이 중요한가요?",
    "questions.0.prompt.en": "",
    "questions.0.whyPrompt.ko": "",
    "questions.0.whyPrompt.en": "",
    "questions.0.options.ko": "가격\n지원",
    "questions.0.options.en": "",
    ...over,
  });

  it("saves a Korean-only survey without English text; the respondent sees Korean and no language switch", async () => {
    const c = await as("analyst", "en");
    const res = await c.post("/app/surveys/new", form("ko"));
    expect(res.status).toBe(302);
    const id = /\/app\/surveys\/([0-9a-f-]{36})\/edit/.exec(res.headers.get("location")!)![1];
    const row = await app.db.selectFrom("surveys").select(["languages", "title"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.languages).toEqual(["ko"]);
    expect(row.title).toEqual({ ko: "한국어 설문", en: "" });
    const q = await app.db.selectFrom("questions").select(["prompt", "options"]).where("survey_id", "=", id).executeTakeFirstOrThrow();
    expect(q.options.map((o) => o.label.ko)).toEqual(["가격", "지원"]);
    expect(new Set(q.options.map((o) => o.value)).size).toBe(2);
    const edit = await text(await c.get(`/app/surveys/${id}/edit`));
    expect(edit).toContain('<option value="ko" selected="">Korean only</option>');

    const { token } = await app.db.selectFrom("links").select("token").where("survey_id", "=", id).executeTakeFirstOrThrow();
    const respondent = new Client(app.url);
    // An English browser, even asking for English, is sent to the survey's language.
    const first = await respondent.get(`/s/${token}?lang=en`, { headers: { "Accept-Language": "en" } });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`/s/${token}?lang=ko`);
    const page = await text(await respondent.get(`/s/${token}?lang=ko`, { headers: { "Accept-Language": "en" } }));
    expect(page).toContain('<html lang="ko"');
    expect(page).toContain("<h1>한국어 설문</h1>");
    expect(page).not.toContain('class="lang-switch"');
    // An answer in it is stored with the survey's language.
    const key = crypto.randomUUID();
    const qid = (await app.db.selectFrom("questions").select("id").where("survey_id", "=", id).executeTakeFirstOrThrow()).id;
    const sent = await respondent.post(`/s/${token}?lang=en`, { _key: key, _page: "1", [`q_${qid}`]: q.options[0].value });
    expect(sent.headers.get("location")).toBe(`/s/${token}/thanks?lang=ko`);
    expect((await app.db.selectFrom("responses").select("locale").where("submission_key", "=", key).executeTakeFirstOrThrow()).locale).toBe("ko");
  });

  it("asks only for the survey's language: a Korean-only survey with no Korean title is a 400 about Korean, nothing saved", async () => {
    const c = await as("analyst", "en");
    const before = await n("surveys");
    const res = await c.post("/app/surveys/new", form("ko", { "title.ko": "" }));
    expect(res.status).toBe(400);
    const html = await text(res);
    expect(html).toContain("Please fill this in Korean.");
    expect(html).not.toContain("Please fill this in English.");
    const en = await c.post("/app/surveys/new", form("en", { "title.en": "English survey" }));
    expect(en.status).toBe(400);
    expect(await text(en)).toContain("Please fill this in English.");
    expect(await n("surveys")).toBe(before);
  });

  it("keeps the language switch for a survey in both languages", async () => {
    const s = await createTestSurvey(app.db);
    const page = await text(await new Client(app.url).get(`/s/${s.token}`, { headers: { "Accept-Language": "en" } }));
    expect(page).toContain('class="lang-switch"');
  });
});
