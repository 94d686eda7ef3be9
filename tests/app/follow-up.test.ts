import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";
import { insertAccountWithContacts } from "../support/amend-fixtures";

// Closing a case sends the customer a single-use link to a one-question CSAT survey through the
// outbox, unless the case (or its SLA's default) says not to.
let app: TestApp;
let analyst: Client;
let userId: string;
let accountId: string;
const en = { headers: { "Accept-Language": "en" } };

beforeAll(async () => {
  app = await startTestApp();
  userId = (await insertUser(app.db, "analyst")).id;
  analyst = new Client(app.url);
  await analyst.signIn("analyst@example.test", PASSWORD);
  const sla = await import("../../app/models/sla.server");
  const gold = await sla.createSla(userId, { name: { ko: "골드", en: "Gold" }, service: "svc-gold", tiers: ["gold"] }, sla.defaultVersionInput());
  await sla.publishVersion(userId, gold.versionId, new Date("2026-01-01T00:00:00Z"));
  const silver = await sla.createSla(userId, { name: { ko: "실버", en: "Silver" }, service: "svc-silver", tiers: ["silver"] }, sla.defaultVersionInput());
  await sla.publishVersion(userId, silver.versionId, new Date("2026-01-01T00:00:00Z"));
  await app.db.updateTable("slas").set({ follow_up_csat: false }).where("id", "=", silver.slaId).execute();
  accountId = await insertAccountWithContacts(app.db, { name: "Acme", tier: "gold", locale: "ko" }, [
    { name: "Ann", email: "ann@acme.test", locale: "en" },
    { name: "민지", email: "minji@acme.test", locale: "ko" },
  ]);
});
afterAll(async () => app?.close());

async function openCase(account = accountId) {
  const { openCase } = await import("../../app/models/case.server");
  return (await openCase(userId, { source: "manual", accountId: account, priority: "p2", title: "Exports fail", description: "" })).id;
}

async function move(caseId: string, ...statuses: string[]) {
  for (const status of statuses) {
    const res = await analyst.post(`/app/cases/${caseId}`, { intent: "status", status, body: "" }, en);
    expect(res.status, status).toBe(302);
  }
}

const followUps = (caseId: string) =>
  app.db.selectFrom("outbox").select(["to", "subject", "body"]).where("payload", "@>", JSON.stringify({ type: "case.follow_up", caseId }) as any).orderBy("to").execute();

describe("follow-up CSAT when a case closes", () => {
  it("closing queues one email per contact, in the contact's language, with a single-use link to the CSAT survey", async () => {
    const caseId = await openCase();
    await move(caseId, "resolved");
    expect(await followUps(caseId)).toEqual([]);
    await move(caseId, "closed");
    const mails = await followUps(caseId);
    expect(mails.map((m) => m.to)).toEqual(["ann@acme.test", "minji@acme.test"]);
    const c = await app.db.selectFrom("cases").select(["number", "follow_up_link_id"]).where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(mails[0].subject).toBe(`[Case #${c.number}] How did we handle your complaint?`);
    expect(mails[1].subject).toBe(`[케이스 #${c.number}] 처리에 만족하셨나요?`);
    const link = await app.db.selectFrom("links").selectAll().where("id", "=", c.follow_up_link_id!).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ kind: "single", account_id: accountId, locale: "ko", used_at: null });
    expect(link.hidden).toMatchObject({ account: accountId, tier: "gold", ticket: `case-${c.number}` });
    const url = mails[0].body.match(/https?:\/\/\S+\/s\/([\w-]+)/)!;
    expect(url[1]).toBe(link.token);
    expect(mails[1].body).toContain(`/s/${link.token}`);
    const questions = await app.db.selectFrom("questions").select(["type", "prompt"]).where("survey_id", "=", link.survey_id).execute();
    expect(questions).toEqual([{ type: "csat", prompt: { ko: "불만 처리에 얼마나 만족하셨나요?", en: "How satisfied are you with how we handled your complaint?" } }]);
    // The respondent's page opens in the account's language.
    const respondent = new Client(app.url);
    const first = await respondent.get(`/s/${link.token}`, en);
    expect(first.headers.get("location")).toBe(`/s/${link.token}?lang=ko`);
    const page = (await (await respondent.get(`/s/${link.token}?lang=ko`)).text()).replaceAll("<!-- -->", "");
    expect(page).toContain("불만 처리에 얼마나 만족하셨나요?");
    // Reopened and closed again: the customer is asked once.
    await move(caseId, "reopened", "resolved", "closed");
    expect(await followUps(caseId)).toHaveLength(2);
    // A second case reuses the one follow-up survey.
    const second = await openCase();
    await move(second, "resolved", "closed");
    const links = await app.db.selectFrom("cases").innerJoin("links", "links.id", "cases.follow_up_link_id").select("links.survey_id").execute();
    expect(new Set(links.map((l) => l.survey_id)).size).toBe(1);
  });

  it("the case's checkbox off: closing sends nothing", async () => {
    const caseId = await openCase();
    const page = (await (await analyst.get(`/app/cases/${caseId}`, en)).text()).replaceAll("<!-- -->", "");
    expect(page.match(/<input[^>]*name="followUp"[^>]*>/)?.[0]).toContain('checked=""');
    const res = await analyst.post(`/app/cases/${caseId}`, { intent: "follow_up" }, en);
    expect(res.status).toBe(302);
    const row = await app.db.selectFrom("cases").select("follow_up").where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(row.follow_up).toBe(false);
    const audit = await app.db.selectFrom("audit_events").select(["action", "detail"]).where("target_id", "=", caseId).where("action", "=", "case.follow_up").execute();
    expect(audit).toEqual([{ action: "case.follow_up", detail: { on: false } }]);
    await move(caseId, "resolved", "closed");
    expect(await followUps(caseId)).toEqual([]);
    const c = await app.db.selectFrom("cases").select("follow_up_link_id").where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(c.follow_up_link_id).toBeNull();
  });

  it("the SLA page's checkbox sets the default for new cases (analysts and up, audited)", async () => {
    const sla = await app.db.selectFrom("slas").select("id").where("service", "=", "svc-gold").executeTakeFirstOrThrow();
    const res = await analyst.post(`/app/slas/${sla.id}`, { _intent: "followUp" }, en);
    expect(res.status).toBe(302);
    expect((await app.db.selectFrom("slas").select("follow_up_csat").where("id", "=", sla.id).executeTakeFirstOrThrow()).follow_up_csat).toBe(false);
    const off = await openCase();
    expect((await app.db.selectFrom("cases").select("follow_up").where("id", "=", off).executeTakeFirstOrThrow()).follow_up).toBe(false);
    expect((await analyst.post(`/app/slas/${sla.id}`, { _intent: "followUp", followUpCsat: "on" }, en)).status).toBe(302);
    const on = await openCase();
    expect((await app.db.selectFrom("cases").select("follow_up").where("id", "=", on).executeTakeFirstOrThrow()).follow_up).toBe(true);
    const audit = await app.db.selectFrom("audit_events").select("detail").where("action", "=", "sla.follow_up").orderBy("id").execute();
    expect(audit.map((a) => a.detail)).toEqual([{ on: false }, { on: true }]);
  });

  it("an SLA with follow-ups off: new cases default to off", async () => {
    const silverAccount = await insertAccountWithContacts(app.db, { name: "Beta", tier: "silver", locale: "en" }, [{ name: "Bo", email: "bo@beta.test", locale: "en" }]);
    const caseId = await openCase(silverAccount);
    const row = await app.db.selectFrom("cases").select("follow_up").where("id", "=", caseId).executeTakeFirstOrThrow();
    expect(row.follow_up).toBe(false);
    await move(caseId, "resolved", "closed");
    expect(await followUps(caseId)).toEqual([]);
    // Switched on for this case: it is sent.
    const other = await openCase(silverAccount);
    expect((await analyst.post(`/app/cases/${other}`, { intent: "follow_up", followUp: "on" }, en)).status).toBe(302);
    await move(other, "resolved", "closed");
    expect((await followUps(other)).map((m) => m.to)).toEqual(["bo@beta.test"]);
  });
});
