import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";
import { formatDate } from "../../app/utils/i18n";

/** How the page writes an instant in Seoul (the format is the app's; the instant is the test's). */
const seoul = (iso: string) => formatDate("en", new Date(iso), "Asia/Seoul");

// Cases over real HTTP: stamping, timers, pauses, the workflow, and the progress notice.
let app: TestApp;
let admin: { id: string; email: string };
let v1: string;
let v2: string;
let accountId: string;
let noEmailAccountId: string;
let surveyId: string;
let npsQuestion: string;
let textQuestion: string;

// Monday 2 November 2026, 10:00 in Seoul (UTC+9, no daylight saving).
const MON_10_KST = new Date("2026-11-02T01:00:00Z");

const models = async () => ({
  sla: await import("../../app/models/sla.server"),
  cases: await import("../../app/models/case.server"),
});

beforeAll(async () => {
  app = await startTestApp();
  admin = await insertUser(app.db, "admin");
  const { sla } = await models();
  const input = sla.defaultVersionInput();
  input.calendar = { timezone: "Asia/Seoul", slots: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })), holidays: [] };
  input.objectives = [
    { kind: "availability", priority: null, target: 99.9, unit: "percent", mode: null, window: "month" },
    { kind: "first_response", priority: "p2", target: 4, unit: "hours", mode: "business", window: "month" },
    { kind: "progress_update", priority: "p2", target: 8, unit: "hours", mode: "business", window: "month" },
    { kind: "resolution", priority: "p2", target: 24, unit: "hours", mode: "business", window: "month" },
    { kind: "first_response", priority: "p1", target: 60, unit: "minutes", mode: "calendar", window: "month" },
  ];
  const created = await sla.createSla(admin.id, { name: { ko: "지원 SLA", en: "Support SLA" }, service: "cases-svc", tiers: ["enterprise"] }, input);
  v1 = created.versionId;
  await sla.publishVersion(admin.id, v1, new Date("2026-01-01T00:00:00Z"));
  // A later version, published but not yet in force: cases opening now must not get it.
  v2 = await sla.newDraftFrom(admin.id, v1);
  await sla.publishVersion(admin.id, v2, new Date(Date.now() + 30 * 86_400_000));
  const accounts = await app.db
    .insertInto("accounts")
    .values([
      { name: "Acme", email: "ops@acme.test", tier: "enterprise", region: "kr", plan: "annual" },
      { name: "Quiet Co", email: null, tier: "enterprise", region: "kr", plan: "annual" },
    ])
    .returning("id")
    .execute();
  accountId = accounts[0].id;
  noEmailAccountId = accounts[1].id;
  const survey = await app.db
    .insertInto("surveys")
    .values({ title: JSON.stringify({ en: "NPS" }), status: "open", metric_definitions: JSON.stringify({}) })
    .returning("id")
    .executeTakeFirstOrThrow();
  surveyId = survey.id;
  const q = await app.db
    .insertInto("questions")
    .values({ survey_id: surveyId, position: 1, type: "nps", prompt: JSON.stringify({ en: "Recommend?" }) })
    .returning("id")
    .executeTakeFirstOrThrow();
  npsQuestion = q.id;
  const tq = await app.db
    .insertInto("questions")
    .values({ survey_id: surveyId, position: 2, type: "text", prompt: JSON.stringify({ en: "Anything else?" }) })
    .returning("id")
    .executeTakeFirstOrThrow();
  textQuestion = tq.id;
});
afterAll(async () => app?.close());

async function signedIn(lang = "en") {
  const c = new Client(app.url);
  await c.signIn(admin.email, PASSWORD);
  const get = c.get.bind(c);
  const post = c.post.bind(c);
  c.get = (path, init = {}) => get(path, { ...init, headers: { "Accept-Language": lang, ...(init.headers ?? {}) } });
  c.post = (path, form, init = {}) => post(path, form, { ...init, headers: { "Accept-Language": lang, ...(init.headers ?? {}) } });
  return c;
}

async function responseWithNps(score: number, comment?: string) {
  const r = await app.db
    .insertInto("responses")
    .values({ survey_id: surveyId, account_id: accountId, submission_key: crypto.randomUUID(), locale: "en", finished: true, submitted_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  await app.db.insertInto("answers").values({ response_id: r.id, question_id: npsQuestion, value_int: score, why_text: "Support never answers." }).execute();
  if (comment) await app.db.insertInto("answers").values({ response_id: r.id, question_id: textQuestion, value_text: comment }).execute();
  return r.id;
}

async function count(table: "case_events" | "outbox" | "cases" | "audit_events", caseId?: string) {
  let q = app.db.selectFrom(table as "case_events").select((eb) => eb.fn.countAll<string>().as("n"));
  if (caseId) q = q.where("case_id", "=", caseId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

type Step = Parameters<Awaited<ReturnType<typeof models>>["cases"]["insertCaseWithHistory"]>[1][number];
async function caseWith(steps: Step[], account = accountId) {
  const { cases } = await models();
  return cases.insertCaseWithHistory(
    { source: "manual", accountId: account, priority: "p2", title: "Slow dashboard", description: "", openedAt: MON_10_KST, slaVersionId: v1 },
    steps,
  );
}

/** The <tr> of one timer on the case page. */
function timerRow(html: string, kind: string): string {
  const m = new RegExp(`<tr[^>]*data-timer="${kind}"[^>]*>([\\s\\S]*?)</tr>`).exec(html);
  expect(m, `timer row ${kind}`).not.toBeNull();
  return m![0];
}

describe("opening a case", () => {
  it("from a detractor response: stamped with the SLA version in force at opening, not a later one", async () => {
    const c = await signedIn();
    const responseId = await responseWithNps(3, "Invoices arrive late too.");
    const form = await c.get(`/app/cases/new?response=${responseId}`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain("Opening from a survey response");
    // Everything the customer wrote, beside the score: the "why?" and the text question.
    expect(formHtml).toMatch(/<blockquote class="quote">Support never answers\.<\/blockquote><blockquote class="quote">Invoices arrive late too\.<\/blockquote>/);
    const res = await c.post("/app/cases/new", { source: "response", responseId, accountId, priority: "p2", ownerId: admin.id, title: "Detractor: support", description: "" });
    expect(res.status).toBe(302);
    const caseId = res.headers.get("location")!.split("/").pop()!;
    const row = await app.db.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(row.sla_version_id).toBe(v1);
    expect(row.sla_version_id).not.toBe(v2);
    expect(row.response_id).toBe(responseId);
    expect(row.status).toBe("open");
    const events = await app.db.selectFrom("case_events").selectAll().where("case_id", "=", caseId).execute();
    expect(events.map((e) => [e.kind, e.status])).toEqual([["status", "open"]]);
    const page = await (await c.get(`/app/cases/${caseId}`)).text();
    expect(page).toContain("SLA: Support SLA v1");
    expect(page).toContain('<blockquote class="quote">Invoices arrive late too.</blockquote>');
  });

  it("from a feedback item: the item's text is shown and the case points back at it", async () => {
    const c = await signedIn();
    const item = await app.db
      .insertInto("feedback_items")
      .values({ source: "import", account_id: accountId, text: "Invoices arrive two weeks late.", language: "en" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const form = await (await c.get(`/app/cases/new?feedbackItem=${item.id}`)).text();
    expect(form).toContain("Opening from a feedback item");
    expect(form).toContain("Invoices arrive two weeks late.");
    const res = await c.post("/app/cases/new", { source: "feedback_item", feedbackItemId: item.id, accountId, priority: "p3", title: "Late invoices" });
    expect(res.status).toBe(302);
    const row = await app.db.selectFrom("cases").selectAll().where("feedback_item_id", "=", item.id).executeTakeFirstOrThrow();
    expect(row.source).toBe("feedback_item");
    expect(row.sla_version_id).toBe(v1);
    const unknown = await (await c.get(`/app/cases/new?feedbackItem=${crypto.randomUUID()}`)).text();
    expect(unknown).toContain("That response or feedback item was not found.");
  });

  it("refuses a promoter response with a 400 and writes nothing", async () => {
    const c = await signedIn();
    const responseId = await responseWithNps(9);
    const before = await count("cases");
    const res = await c.post("/app/cases/new", { source: "response", responseId, accountId, priority: "p2", title: "Not a complaint" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Only a detractor (NPS 0-6) or low CSAT (1-2) response opens a case");
    expect(await count("cases")).toBe(before);
  });

  it("by hand: missing title and unknown priority are 400 with messages beside the fields, in Korean too", async () => {
    const c = await signedIn("ko");
    const before = await count("cases");
    const res = await c.post("/app/cases/new", { source: "manual", accountId, priority: "p9", title: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("필수 항목입니다.");
    expect(html).toContain("우선순위를 골라 주세요.");
    expect(await count("cases")).toBe(before);
  });
});

describe("timers on the case page", () => {
  it("shows every timer with its due time in the calendar's zone and the breach recorded once", async () => {
    // Nobody answered: first response due Monday 14:00 KST (10:00 + 4 business hours), long missed.
    const caseId = await caseWith([]);
    const c = await signedIn();
    const html = await (await c.get(`/app/cases/${caseId}`)).text();
    const first = timerRow(html, "first_response");
    expect(first).toContain('data-state="breached"');
    expect(first).toContain(seoul("2026-11-02T05:00:00Z"));
    expect(first).toContain("over");
    expect(timerRow(html, "resolution")).toContain('data-state="breached"');
    // Resolution: 24 business hours from Monday 10:00 = Mon 8 h + Tue 9 h + Wed 7 h -> Wednesday 16:00 KST.
    expect(timerRow(html, "resolution")).toContain(seoul("2026-11-04T07:00:00Z"));
    // Deadlines are counted in the calendar's zone; this user (no zone of their own) sees the organisation's, labelled.
    expect(html).toContain("Deadlines count working time in the SLA calendar (Asia/Seoul); times are shown in Asia/Seoul.");
    expect(first).toContain(`${seoul("2026-11-02T05:00:00Z")} (Asia/Seoul)`);
    expect(html).toContain("If the case is reopened, the resolution clock resumes");
    const breaches = await app.db.selectFrom("case_breaches").selectAll().where("case_id", "=", caseId).execute();
    expect(breaches.map((b) => b.timer).sort()).toEqual(["first_response", "progress_update", "resolution"]);
    const first1 = breaches.find((b) => b.timer === "first_response")!;
    expect(first1.breached_at.toISOString()).toBe("2026-11-02T05:00:00.000Z");
    // Recorded when the case was written; looking records nothing: each miss once.
    await c.get(`/app/cases/${caseId}`);
    expect(await app.db.selectFrom("case_breaches").select("id").where("case_id", "=", caseId).execute()).toHaveLength(3);
  });

  it("waiting on the customer pauses the clocks; the pause comes from the status history", async () => {
    const waiting = await caseWith([
      { kind: "first_response", afterMinutes: 30 },
      { kind: "status", status: "waiting_on_customer", afterMinutes: 60 },
    ]);
    const c = await signedIn();
    const html = await (await c.get(`/app/cases/${waiting}`)).text();
    expect(timerRow(html, "first_response")).toContain('data-state="met"');
    const resolution = timerRow(html, "resolution");
    expect(resolution).toContain('data-state="paused"');
    expect(resolution).toContain("Paused (waiting on customer)");
    // One business hour used before the pause (10:00-11:00): 23 h of 24 left, weeks later.
    expect(resolution).toContain("23 h left");
    // Progress interval restarted at the first response (10:30); 30 min ran before the pause.
    expect(timerRow(html, "progress_update")).toContain("7 h 30 min left");
    expect(html).toContain("Timers are paused while the case waits on the customer");

    // Resume it: the same case now runs again, and the pause is still not counted.
    const res = await c.post(`/app/cases/${waiting}`, { intent: "status", status: "in_progress", body: "" });
    expect(res.status).toBe(302);
    const after = await (await c.get(`/app/cases/${waiting}`)).text();
    expect(timerRow(after, "resolution")).toContain('data-state="running"');
    expect(timerRow(after, "resolution")).toMatch(/(2[0-3]|1\d|\d) h( \d+ min)? left|\d+ min left/);
  });
});

describe("the workflow", () => {
  it("closed -> waiting on customer is a 400 with a clear message, and no event is written", async () => {
    const caseId = await caseWith([
      { kind: "first_response", afterMinutes: 30 },
      { kind: "status", status: "in_progress", afterMinutes: 40 },
      { kind: "status", status: "resolved", afterMinutes: 120 },
      { kind: "status", status: "closed", afterMinutes: 600 },
    ]);
    const c = await signedIn();
    const events = await count("case_events", caseId);
    const audits = await count("audit_events");
    const res = await c.post(`/app/cases/${caseId}`, { intent: "status", status: "waiting_on_customer", body: "asked for logs" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("A case that is &#x27;Closed&#x27; cannot move to &#x27;Waiting on customer&#x27;. Allowed next: Reopened.");
    expect(await count("case_events", caseId)).toBe(events);
    expect(await count("audit_events")).toBe(audits);
    const row = await app.db.selectFrom("cases").select("status").where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(row.status).toBe("closed");
    // The Korean message says the same.
    const ko = await (await signedIn("ko")).post(`/app/cases/${caseId}`, { intent: "status", status: "waiting_on_customer" });
    expect(ko.status).toBe(400);
    expect(await ko.text()).toContain("&#x27;종료&#x27; 상태에서 &#x27;고객 응답 대기&#x27; 상태로는 바꿀 수 없습니다");
  });

  it("a refused action after a saved one shows only the error, not the earlier 'Saved.'", async () => {
    const caseId = await caseWith([
      { kind: "first_response", afterMinutes: 30 },
      { kind: "status", status: "in_progress", afterMinutes: 40 },
      { kind: "status", status: "resolved", afterMinutes: 120 },
      { kind: "status", status: "closed", afterMinutes: 600 },
    ]);
    const c = await signedIn();
    // Without JavaScript the form posts to the page's own URL, which still says ?done=note.
    const res = await c.post(`/app/cases/${caseId}?done=note`, { intent: "status", status: "waiting_on_customer" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Allowed next: Reopened.");
    expect(html).not.toContain("Saved.");
    // The saved notice itself still shows after a successful action.
    expect(await (await c.get(`/app/cases/${caseId}?done=note`)).text()).toContain("Saved.");
  });

  it("an unknown status is a 400 and a reopen of a closed case is allowed and stated", async () => {
    const caseId = await caseWith([
      { kind: "status", status: "resolved", afterMinutes: 120 },
      { kind: "status", status: "closed", afterMinutes: 600 },
    ]);
    const c = await signedIn();
    expect((await c.post(`/app/cases/${caseId}`, { intent: "status", status: "deleted" })).status).toBe(400);
    const res = await c.post(`/app/cases/${caseId}`, { intent: "status", status: "reopened" });
    expect(res.status).toBe(302);
    const statuses = await app.db.selectFrom("case_events").select("status").where("case_id", "=", caseId).where("kind", "=", "status").orderBy("at").orderBy("id").execute();
    expect(statuses.map((s) => s.status)).toEqual(["open", "resolved", "closed", "reopened"]);
  });
});

describe("progress notice", () => {
  it("writes the case event and the outbox email in one transaction", async () => {
    const caseId = await caseWith([{ kind: "first_response", afterMinutes: 30 }]);
    const c = await signedIn();
    const events = await count("case_events", caseId);
    const outbox = await count("outbox");
    const res = await c.post(`/app/cases/${caseId}`, { intent: "progress_update", body: "We found the slow query and are testing a fix.", to: "" });
    expect(res.status).toBe(302);
    expect(await count("case_events", caseId)).toBe(events + 1);
    expect(await count("outbox")).toBe(outbox + 1);
    const ev = await app.db.selectFrom("case_events").selectAll().where("case_id", "=", caseId).where("kind", "=", "progress_update").executeTakeFirstOrThrow();
    const mail = await app.db.selectFrom("outbox").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(mail.kind).toBe("email");
    expect(mail.to).toBe("ops@acme.test");
    expect(mail.body).toBe(ev.body);
    expect(mail.sent_at).toBeNull();
    expect(mail.payload).toMatchObject({ type: "case.progress_update", caseId });
    const page = await (await c.get(`/app/cases/${caseId}?done=progress_update`)).text();
    expect(page).toContain("Progress update recorded and queued for delivery.");
    expect(page).toContain("We found the slow query and are testing a fix.");
  });

  it("without any recipient: 400 beside the field and neither the event nor the email is written", async () => {
    const caseId = await caseWith([], noEmailAccountId);
    const c = await signedIn();
    const events = await count("case_events", caseId);
    const outbox = await count("outbox");
    const res = await c.post(`/app/cases/${caseId}`, { intent: "progress_update", body: "Update", to: "" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("The account has no email address; please enter the recipient.");
    const bad = await c.post(`/app/cases/${caseId}`, { intent: "progress_update", body: "Update", to: "not-an-email" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("This is not an email address.");
    expect(await count("case_events", caseId)).toBe(events);
    expect(await count("outbox")).toBe(outbox);
  });

  it("the first response is recorded explicitly, once", async () => {
    const caseId = await caseWith([]);
    const c = await signedIn();
    expect((await c.post(`/app/cases/${caseId}`, { intent: "first_response", body: "" })).status).toBe(400);
    expect((await c.post(`/app/cases/${caseId}`, { intent: "first_response", body: "Looking into it now." })).status).toBe(302);
    const again = await c.post(`/app/cases/${caseId}`, { intent: "first_response", body: "Again" });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("The first response is already recorded.");
    expect(await app.db.selectFrom("case_events").select("id").where("case_id", "=", caseId).where("kind", "=", "first_response").execute()).toHaveLength(1);
  });
});

describe("the case list", () => {
  it("filters breached and at-risk cases and marks them with words, not colour only", async () => {
    const c = await signedIn();
    const breached = await (await c.get("/app/cases?risk=breached")).text();
    expect(breached).toContain("✖ Breached");
    const rows = breached.match(/<tr class="breached"/g) ?? [];
    expect(rows.length).toBeGreaterThan(0);
    expect(breached).not.toMatch(/<tr class="at-risk"/);
    // Waiting cases show as paused.
    await caseWith([{ kind: "status", status: "waiting_on_customer", afterMinutes: 60 }]);
    const waiting = await (await c.get("/app/cases?status=waiting_on_customer")).text();
    expect(waiting).toContain("‖ Paused");
    expect(waiting).toContain("<td>Waiting on customer</td>");
    expect(waiting).not.toContain("<td>Closed</td>");
  });

  it("a case with under 20 % of a target left is at risk", async () => {
    const { cases } = await models();
    const id = await cases.insertCaseWithHistory(
      { source: "manual", accountId, priority: "p1", title: "Checkout down", description: "", openedAt: new Date(Date.now() - 55 * 60_000), slaVersionId: v1 },
      [],
    );
    const c = await signedIn();
    const html = await (await c.get("/app/cases?risk=at_risk")).text();
    expect(html).toContain(`/app/cases/${id}`);
    expect(html).toContain("⚠ At risk");
    expect(html).toMatch(/<tr class="at-risk"/);
    const page = await (await c.get(`/app/cases/${id}`)).text();
    expect(timerRow(page, "first_response")).toContain("At risk: under 20 % of the target left");
  });

  it("finds an old case at risk behind newer ones past the list's limit, first by due time, with the total", async () => {
    const { cases } = await models();
    const old = await cases.insertCaseWithHistory(
      { source: "manual", accountId, priority: "p1", title: "Old and nearly due", description: "", openedAt: new Date(Date.now() - 56 * 60_000), slaVersionId: v1 },
      [],
    );
    // Three newer cases, resolved, crowd it out of the two most recent.
    for (let i = 0; i < 3; i++) {
      await cases.insertCaseWithHistory(
        { source: "manual", accountId, priority: "p3", title: `Newer ${i}`, description: "", openedAt: new Date(Date.now() - (10 - i) * 60_000), slaVersionId: v1 },
        [{ kind: "status", status: "resolved", afterMinutes: 1 }],
      );
    }
    const all = await app.db.selectFrom("cases").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const atRisk = await cases.listCases({ risk: "at_risk", sort: "due" }, new Date(), 2);
    expect(atRisk.rows.map((r) => r.id)).toContain(old);
    const byDue = await cases.listCases({ sort: "due" }, new Date(), 2);
    expect(byDue.total).toBe(Number(all.n));
    const everything = await cases.listCases({ sort: "due" }, new Date(), 10_000);
    expect(everything.rows.map((r) => r.id)).toContain(old);
    expect(byDue.rows.map((r) => r.id)).toEqual(everything.rows.slice(0, 2).map((r) => r.id));
    const byOpened = await cases.listCases({ sort: "opened" }, new Date(), 2);
    const latest = await app.db.selectFrom("cases").select("id").orderBy("opened_at", "desc").limit(2).execute();
    expect(byOpened.rows.map((r) => r.id)).toEqual(latest.map((r) => r.id));
    expect(byOpened.rows.map((r) => r.id)).not.toContain(old);
  });

  it("needs a signed-in user", async () => {
    const res = await new Client(app.url).get("/app/cases");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/login");
    const post = await new Client(app.url).post(`/app/cases/${crypto.randomUUID()}`, { intent: "note", body: "x" });
    expect(post.status).toBe(302);
  });
});
