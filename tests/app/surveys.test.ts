import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";

let app: TestApp;
let analyst: Client;
let manager: Client;
beforeAll(async () => {
  app = await startTestApp();
  await insertUser(app.db, "analyst");
  await insertUser(app.db, "manager");
  analyst = new Client(app.url);
  await analyst.signIn("analyst@example.test", PASSWORD);
  manager = new Client(app.url);
  await manager.signIn("manager@example.test", PASSWORD);
});
afterAll(async () => app?.close());

type Form = Record<string, string | string[]>;

/** A two-page survey as the builder posts it: NPS with "why?", a single choice, a text. */
function surveyForm(overrides: Form = {}): Form {
  return {
    intent: "save",
    "title.ko": "분기 고객 설문",
    "title.en": "Quarterly customer survey",
    "intro.ko": "잠시만 시간을 내 주세요.",
    "intro.en": "This takes a minute.",
    status: "draft",
    closesAt: "",
    responseLimit: "",
    "questions.0.id": "",
    "questions.0.type": "nps",
    "questions.0.required": "on",
    "questions.0.page": "1",
    "questions.0.prompt.ko": "저희를 추천하시겠습니까?",
    "questions.0.prompt.en": "Would you recommend us?",
    "questions.0.why": "on",
    "questions.0.whyPrompt.ko": "이유는 무엇인가요?",
    "questions.0.whyPrompt.en": "Why?",
    "questions.0.options.ko": "",
    "questions.0.options.en": "",
    "questions.1.id": "",
    "questions.1.type": "single",
    "questions.1.page": "1",
    "questions.1.prompt.ko": "가장 중요한 것은?",
    "questions.1.prompt.en": "What matters most?",
    "questions.1.whyPrompt.ko": "",
    "questions.1.whyPrompt.en": "",
    "questions.1.options.ko": "지원\n가격\n안정성",
    "questions.1.options.en": "Support\nPrice\nReliability",
    "questions.2.id": "",
    "questions.2.type": "text",
    "questions.2.page": "2",
    "questions.2.prompt.ko": "기타 의견",
    "questions.2.prompt.en": "Anything else?",
    "questions.2.whyPrompt.ko": "",
    "questions.2.whyPrompt.en": "",
    "questions.2.options.ko": "",
    "questions.2.options.en": "",
    ...overrides,
  };
}

async function counts() {
  const n = async (table: "surveys" | "questions" | "audit_events" | "links") =>
    Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return { surveys: await n("surveys"), questions: await n("questions"), audit: await n("audit_events"), links: await n("links") };
}

async function createViaForm(overrides: Form = {}): Promise<string> {
  const res = await analyst.post("/app/surveys/new", surveyForm(overrides));
  expect(res.status).toBe(302);
  const m = /\/app\/surveys\/([0-9a-f-]{36})\/edit/.exec(res.headers.get("location") ?? "");
  expect(m).not.toBeNull();
  return m![1];
}

async function questionsOf(surveyId: string) {
  return app.db.selectFrom("questions").selectAll().where("survey_id", "=", surveyId).orderBy("position").execute();
}

/** The builder's form for a stored survey, as the edit page would post it back. */
async function editForm(surveyId: string, overrides: Form = {}): Promise<Form> {
  const qs = await questionsOf(surveyId);
  const form = surveyForm();
  qs.forEach((q, i) => (form[`questions.${i}.id`] = q.id));
  return { ...form, ...overrides };
}

describe("creating a survey", () => {
  it("saves title, intro and every question in Korean and English, with pages, why-prompts and choices", async () => {
    const before = await counts();
    const id = await createViaForm({ anonymous: "on", responseLimit: "250" });
    const survey = await app.db.selectFrom("surveys").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(survey.title).toEqual({ ko: "분기 고객 설문", en: "Quarterly customer survey" });
    expect(survey.intro).toEqual({ ko: "잠시만 시간을 내 주세요.", en: "This takes a minute." });
    expect(survey.anonymous).toBe(true);
    expect(survey.response_limit).toBe(250);
    expect(survey.status).toBe("draft");
    expect(Object.keys(survey.metric_definitions)).toEqual(["nps"]);
    const qs = await questionsOf(id);
    expect(qs.map((q) => [q.type, q.page, q.required])).toEqual([
      ["nps", 1, true],
      ["single", 1, false],
      ["text", 2, false],
    ]);
    expect(qs[0].prompt).toEqual({ ko: "저희를 추천하시겠습니까?", en: "Would you recommend us?" });
    expect(qs[0].why_prompt).toEqual({ ko: "이유는 무엇인가요?", en: "Why?" });
    expect(qs[1].why_prompt).toBeNull();
    expect(qs[1].options).toEqual([
      { value: "support", label: { ko: "지원", en: "Support" } },
      { value: "price", label: { ko: "가격", en: "Price" } },
      { value: "reliability", label: { ko: "안정성", en: "Reliability" } },
    ]);
    const after = await counts();
    expect(after.surveys).toBe(before.surveys + 1);
    expect(after.audit).toBe(before.audit + 1);
  });

  it("keeps the why-prompt off when its checkbox is not ticked", async () => {
    const id = await createViaForm({ "questions.0.why": [] });
    expect((await questionsOf(id))[0].why_prompt).toBeNull();
  });

  it("the edit page shows the stored metric definition beside the NPS question", async () => {
    const id = await createViaForm();
    const html = await (await analyst.get(`/app/surveys/${id}/edit`, { headers: { "Accept-Language": "en" } })).text();
    expect(html).toContain("promoters 9-10, passives 7-8, detractors 0-6");
    expect(html).toContain('name="questions.0.prompt.ko"');
  });
});

describe("the builder without JavaScript: add, remove and move are round trips that keep typed text", () => {
  it("adds a question of the chosen type and saves nothing", async () => {
    const before = await counts();
    const res = await analyst.post("/app/surveys/new", surveyForm({ intent: "add", addType: "csat", "title.ko": "입력 중인 제목" }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("입력 중인 제목");
    expect(html).toContain('name="questions.3.type"');
    expect(html).toMatch(/<select[^>]*name="questions\.3\.type"[^>]*>.*?<option value="csat" selected/s);
    expect(await counts()).toEqual(before);
  });

  it("moves a question down and removes one", async () => {
    const moved = await (await analyst.post("/app/surveys/new", surveyForm({ intent: "down:0" }))).text();
    expect(moved.indexOf("가장 중요한 것은?")).toBeLessThan(moved.indexOf("저희를 추천하시겠습니까?"));
    expect(moved).toMatch(/name="questions\.1\.prompt\.ko"[^>]*>저희를 추천하시겠습니까\?/);
    const removed = await (await analyst.post("/app/surveys/new", surveyForm({ intent: "remove:1" }))).text();
    expect(removed).not.toContain("가장 중요한 것은?");
    expect(removed).toContain("기타 의견");
    expect(removed).not.toContain('name="questions.2.type"');
  });
});

describe("bad input: 400, a message beside the field, nothing written", () => {
  let before: Awaited<ReturnType<typeof counts>>;
  beforeEach(async () => {
    before = await counts();
  });

  const cases: [string, Form, string, string][] = [
    ["a missing Korean title", { "title.ko": " " }, "title-ko-error", "Please fill this in Korean."],
    ["a missing English title", { "title.en": "" }, "title-en-error", "Please fill this in English."],
    ["a question without a Korean prompt", { "questions.1.prompt.ko": "" }, "questions-1-prompt-ko-error", "Please fill this in Korean."],
    ["a question without an English prompt", { "questions.2.prompt.en": "" }, "questions-2-prompt-en-error", "Please fill this in English."],
    ["choices whose counts differ", { "questions.1.options.en": "Support\nPrice" }, "questions-1-options-en-error", "Korean and English need the same number of choices."],
    ["empty choices", { "questions.1.options.ko": "\n \n" }, "questions-1-options-ko-error", "Please write the choices, one per line."],
    ["duplicate choices", { "questions.1.options.ko": "지원\n가격\n지원" }, "questions-1-options-ko-error", "A choice appears twice."],
    ["a response limit of 0", { responseLimit: "0" }, "responseLimit-error", "The response limit must be a whole number of 1 or more."],
    ["a response limit of 2.5", { responseLimit: "2.5" }, "responseLimit-error", "The response limit must be a whole number of 1 or more."],
    ["a response limit of -3", { responseLimit: "-3" }, "responseLimit-error", "The response limit must be a whole number of 1 or more."],
    ["a close date in the past", { closesAt: "2020-01-01" }, "closesAt-error", "This close date is in the past."],
    ["a close date that is not a date", { closesAt: "2030-02-30" }, "closesAt-error", "This is not a date."],
    ["a page number of 0", { "questions.2.page": "0" }, "questions-2-page-error", "The page number must be a whole number of 1 or more."],
    ["a page number of 1.5", { "questions.2.page": "1.5" }, "questions-2-page-error", "The page number must be a whole number of 1 or more."],
    ["a why-question switched on without its prompt", { "questions.0.whyPrompt.en": "" }, "questions-0-whyPrompt-en-error", "Please fill this in English."],
  ];
  for (const [name, overrides, errorId, message] of cases) {
    it(name, async () => {
      const res = await analyst.post("/app/surveys/new", surveyForm(overrides), { headers: { "Accept-Language": "en" } });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(`id="${errorId}"`);
      expect(html).toContain(message);
      // What was typed comes back.
      expect(html).toContain("What matters most?");
      expect(await counts()).toEqual(before);
    });
  }

  it("reports every problem at once, not only the first", async () => {
    const res = await analyst.post(
      "/app/surveys/new",
      surveyForm({ "title.en": "", "questions.1.options.en": "Support", responseLimit: "0", "questions.2.page": "x" }),
      { headers: { "Accept-Language": "en" } },
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const id of ["title-en-error", "questions-1-options-en-error", "responseLimit-error", "questions-2-page-error"]) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(await counts()).toEqual(before);
  });

  it("answers in Korean for a Korean user", async () => {
    const res = await analyst.post("/app/surveys/new", surveyForm({ "title.ko": "" }), { headers: { "Accept-Language": "ko" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("한국어로 입력해 주세요.");
    expect(await counts()).toEqual(before);
  });

  it("the same checks on the edit action", async () => {
    const id = await createViaForm();
    before = await counts();
    const res = await analyst.post(`/app/surveys/${id}/edit`, await editForm(id, { responseLimit: "abc" }), { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("The response limit must be a whole number of 1 or more.");
    expect(await counts()).toEqual(before);
  });
});

describe("editing a survey", () => {
  it("keeps question ids and choice values, reorders, and adds new questions", async () => {
    const id = await createViaForm();
    const [nps, single, text] = await questionsOf(id);
    const form = await editForm(id, {
      // The single choice moves to the top, a typo is fixed in one language, a choice is added.
      "questions.0.id": single.id,
      "questions.0.type": "single",
      "questions.0.prompt.ko": "가장 중요한 것은 무엇인가요?",
      "questions.0.prompt.en": "What matters most?",
      "questions.0.options.ko": "지원\n가격\n안정성\n속도",
      "questions.0.options.en": "Customer support\nPrice\nReliability\nSpeed",
      "questions.1.id": nps.id,
      "questions.1.type": "nps",
      "questions.1.prompt.ko": "저희를 추천하시겠습니까?",
      "questions.1.prompt.en": "Would you recommend us?",
      "questions.1.options.ko": "",
      "questions.1.options.en": "",
      "questions.3.id": "",
      "questions.3.type": "csat",
      "questions.3.page": "2",
      "questions.3.prompt.ko": "만족하셨나요?",
      "questions.3.prompt.en": "Were you satisfied?",
      anonymous: "on",
      status: "open",
    });
    const res = await analyst.post(`/app/surveys/${id}/edit`, form);
    expect(res.status).toBe(302);
    const qs = await questionsOf(id);
    expect(qs.map((q) => q.id).slice(0, 3)).toEqual([single.id, nps.id, text.id]);
    expect(qs).toHaveLength(4);
    expect(qs[0].options.map((o) => o.value)).toEqual(["support", "price", "reliability", "speed"]);
    expect(qs[0].options[0].label).toEqual({ ko: "지원", en: "Customer support" });
    const survey = await app.db.selectFrom("surveys").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(survey.anonymous).toBe(true);
    expect(survey.status).toBe("open");
    expect(Object.keys(survey.metric_definitions).sort()).toEqual(["csat", "nps"]);
  });

  it("refuses to remove a question that already has answers, with a form message, and changes nothing", async () => {
    const id = await createViaForm();
    const [nps, single, text] = await questionsOf(id);
    const { id: responseId } = await app.db
      .insertInto("responses")
      .values({ survey_id: id, submission_key: crypto.randomUUID(), locale: "ko", finished: true })
      .returning("id")
      .executeTakeFirstOrThrow();
    await app.db.insertInto("answers").values({ response_id: responseId, question_id: single.id, choices: JSON.stringify(["price"]) }).execute();
    const before = await counts();
    // The form without the answered question (as if "remove" had been pressed on it).
    const form = await editForm(id, { "title.en": "Changed title" });
    form["questions.1.id"] = text.id;
    form["questions.1.type"] = "text";
    form["questions.1.prompt.ko"] = "기타 의견";
    form["questions.1.prompt.en"] = "Anything else?";
    for (const k of Object.keys(form)) if (k.startsWith("questions.2.")) delete form[k];
    const res = await analyst.post(`/app/surveys/${id}/edit`, form, { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("A question that already has answers cannot be removed.");
    expect(await counts()).toEqual(before);
    expect((await questionsOf(id)).map((q) => q.id)).toEqual([nps.id, single.id, text.id]);
    const survey = await app.db.selectFrom("surveys").select("title").where("id", "=", id).executeTakeFirstOrThrow();
    expect(survey.title.en).toBe("Quarterly customer survey");

    // ...and such a survey cannot go back to draft.
    await app.db.updateTable("surveys").set({ status: "open" }).where("id", "=", id).execute();
    const draft = await analyst.post("/app/surveys", { surveyId: id, status: "draft" }, { headers: { "Accept-Language": "en" } });
    expect(draft.status).toBe(400);
    expect(await draft.text()).toContain("cannot go back to draft");
    expect((await app.db.selectFrom("surveys").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("open");
  });
});

describe("status from the list", () => {
  it("opens and closes a survey, writing an audit row each time", async () => {
    const id = await createViaForm();
    const before = await counts();
    expect((await analyst.post("/app/surveys", { surveyId: id, status: "open" })).status).toBe(302);
    expect((await app.db.selectFrom("surveys").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("open");
    expect((await analyst.post("/app/surveys", { surveyId: id, status: "closed", confirm: "yes" })).status).toBe(302);
    expect((await app.db.selectFrom("surveys").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status).toBe("closed");
    expect((await counts()).audit).toBe(before.audit + 2);
    const list = await (await analyst.get("/app/surveys", { headers: { "Accept-Language": "en" } })).text();
    expect(list).toContain("Quarterly customer survey");
    expect(list).toContain("New survey");
  });

  it("an unknown status is a 400", async () => {
    const id = await createViaForm();
    expect((await analyst.post("/app/surveys", { surveyId: id, status: "archived" })).status).toBe(400);
  });
});

describe("roles", () => {
  it("an unauthenticated request is sent to sign-in, for pages and actions", async () => {
    const anon = new Client(app.url);
    const page = await anon.get("/app/surveys");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    const before = await counts();
    const post = await anon.post("/app/surveys/new", surveyForm());
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toMatch(/^\/login/);
    expect(await counts()).toEqual(before);
  });

  it("a manager may view the builder read-only but gets 403 on the edit action", async () => {
    const id = await createViaForm();
    const view = await manager.get(`/app/surveys/${id}/edit`, { headers: { "Accept-Language": "en" } });
    expect(view.status).toBe(200);
    const html = await view.text();
    expect(html).toContain("Managers can view this survey");
    expect(html).toMatch(/<fieldset disabled=""/);
    const before = await counts();
    const res = await manager.post(`/app/surveys/${id}/edit`, await editForm(id, { "title.en": "Manager was here" }));
    expect(res.status).toBe(403);
    expect((await manager.post("/app/surveys/new", surveyForm())).status).toBe(403);
    expect((await manager.post("/app/surveys", { surveyId: id, status: "open" })).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it("an unknown survey is a 404", async () => {
    expect((await analyst.get("/app/surveys/not-a-uuid/edit")).status).toBe(404);
    expect((await analyst.get("/app/surveys/00000000-0000-4000-8000-000000000000/edit")).status).toBe(404);
  });
});
