import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp, signedIn } from "../support/app";
import { createTestSurvey } from "../support/fixtures";
import { startTestSmtp, type ReceivedMail } from "../support/smtp";

// Survey invitations by email, delivered to a real SMTP server started here: the link in the
// mail opens the survey, one reminder after N days, and exact counts per distribution.
let app: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>> | undefined;
let received: ReceivedMail[] = [];
let analyst: Client;
let survey: Awaited<ReturnType<typeof createTestSurvey>>;
let acme: string;
let beta: string;
let empty: string;
const en = { headers: { "Accept-Language": "en" } };

beforeAll(async () => {
  smtp = await startTestSmtp();
  received = smtp.received;
  process.env.SMTP_URL = smtp.url;
  // The queue worker (pg-boss) delivers the outbox.
  app = await startTestApp({ queue: true });
  analyst = await signedIn(app, "analyst");
  survey = await createTestSurvey(app.db);
  const accounts = await app.db
    .insertInto("accounts")
    .values([
      { name: "Acme", email: null, tier: "gold", region: "kr", plan: "annual", locale: "en" },
      { name: "Beta", email: null, tier: "silver", region: "kr", plan: "monthly", locale: "ko" },
      { name: "Empty", email: null, tier: "silver", region: "kr", plan: "monthly", locale: "ko" },
    ])
    .returning("id")
    .execute();
  [acme, beta, empty] = accounts.map((a) => a.id);
  await app.db
    .insertInto("contacts")
    .values([
      { account_id: acme, name: "Ann", email: "ann@acme.test", locale: "en", position: 0 },
      { account_id: acme, name: "Bo", email: "bo@acme.test", locale: "en", position: 1 },
      { account_id: beta, name: "김민수", email: "minsu@beta.test", locale: "ko", position: 0 },
    ])
    .execute();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await app?.close();
  await smtp?.close();
});

const jobs = async () => ({ outbox: await import("../../app/jobs/outbox.server"), invitations: await import("../../app/models/invitation.server") });
/** The counts row of one distribution on the links page. */
async function counts() {
  const html = await (await analyst.get(`/app/surveys/${survey.id}/links`, en)).text();
  const row = /<tr data-distribution="[^"]+">(.*?)<\/tr>/s.exec(html)?.[1] ?? "";
  const n = (name: string) => Number(new RegExp(`data-count="${name}">(\\d+)<`).exec(row)?.[1]);
  return { invited: n("invited"), sent: n("sent"), opened: n("opened"), answered: n("answered"), row };
}
/** The single-use link in a delivered mail (quoted-printable soft breaks undone). */
const linkIn = (raw: string) => {
  const m = /(http:\/\/127\.0\.0\.1:\d+\/s\/[A-Za-z0-9_-]+)/.exec(raw.replace(/=\r?\n/g, ""));
  expect(m, "a survey link in the mail").not.toBeNull();
  return new URL(m![1]);
};

describe("survey invitations by email", () => {
  it("validates the form: no account, bad days, accounts without contacts; nothing written", async () => {
    const before = await app.db.selectFrom("outbox").select("id").execute();
    const none = await analyst.post(`/app/surveys/${survey.id}/links`, { intent: "invite", reminderAfterDays: "3" }, en);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Choose at least one account.");
    const days = await analyst.post(`/app/surveys/${survey.id}/links`, { intent: "invite", accountIds: acme, reminderAfterDays: "0" }, en);
    expect(days.status).toBe(400);
    expect(await days.text()).toContain("Enter a number of days from 1 to 60.");
    const empties = await analyst.post(`/app/surveys/${survey.id}/links`, { intent: "invite", accountIds: empty, reminderAfterDays: "" }, en);
    expect(empties.status).toBe(400);
    expect(await empties.text()).toContain("The chosen accounts have no contacts.");
    expect(await app.db.selectFrom("outbox").select("id").execute()).toEqual(before);
    expect(await app.db.selectFrom("distributions").select("id").execute()).toEqual([]);
  });

  it("sends each contact a single-use link through the outbox; the link opens the survey; one reminder after N days; exact counts", async () => {
    const res = await analyst.post(`/app/surveys/${survey.id}/links`, { intent: "invite", accountIds: [acme, beta, empty], reminderAfterDays: "3" }, en);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/app/surveys/${survey.id}/links?invited=3&noContacts=1#invitations`);
    const [dist] = await app.db.selectFrom("distributions").selectAll().execute();
    expect(dist).toMatchObject({ survey_id: survey.id, reminder_after_days: 3, reminder_sent_at: null });
    const invitations = await app.db.selectFrom("invitations").selectAll().where("distribution_id", "=", dist.id).orderBy("email").execute();
    expect(invitations.map((i) => i.email)).toEqual(["ann@acme.test", "bo@acme.test", "minsu@beta.test"]);
    expect(invitations.every((i) => i.outbox_id !== null && i.link_id)).toBe(true);
    // Queued with the invitations, then delivered by the worker.
    await expect.poll(async () => (await counts()).sent).toBe(3);
    expect(await counts()).toMatchObject({ invited: 3, sent: 3, opened: 0, answered: 0 });
    const { outbox, invitations: model } = await jobs();
    expect(received.map((r) => r.to[0]).sort()).toEqual(["ann@acme.test", "bo@acme.test", "minsu@beta.test"]);
    const ann = received.find((r) => r.to[0] === "ann@acme.test")!;
    expect(ann.raw).toContain("Subject: A short survey: Test survey");
    expect(ann.raw).toContain("Hello Ann,");
    expect(await counts()).toMatchObject({ invited: 3, sent: 3, opened: 0, answered: 0 });

    // The link in Ann's mail opens the survey (in her language); opening twice counts once.
    const url = linkIn(ann.raw);
    const respondent = new Client(app.url);
    const first = await respondent.get(url.pathname + "?lang=en", en);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("Would you recommend us?");
    const link = await app.db.selectFrom("links").select(["opened_at", "kind", "hidden"]).where("token", "=", url.pathname.split("/").pop()!).executeTakeFirstOrThrow();
    expect(link.kind).toBe("single");
    expect(link.hidden).toEqual({ account: acme, tier: "gold", region: "kr", plan: "annual" });
    await respondent.get(url.pathname + "?lang=en", en);
    const again = await app.db.selectFrom("links").select("opened_at").where("token", "=", url.pathname.split("/").pop()!).executeTakeFirstOrThrow();
    expect(again.opened_at).toEqual(link.opened_at);
    expect(await counts()).toMatchObject({ opened: 1, answered: 0 });

    // Ann answers.
    const answer = await respondent.post(url.pathname + "?lang=en", { _key: crypto.randomUUID(), _page: "1", [`q_${survey.nps}`]: "9" }, en);
    expect(answer.status).toBe(302);
    expect(await counts()).toMatchObject({ invited: 3, sent: 3, opened: 1, answered: 1 });

    // The reminder: not before 3 days, then once, only to those who have not answered.
    const created = dist.created_at.getTime();
    expect(await model.sendDueReminders(new Date(created + 3 * 86_400_000 - 60_000))).toEqual({ distributions: 0, reminders: 0 });
    const due = new Date(created + 3 * 86_400_000 + 60_000);
    expect(await model.sendDueReminders(due)).toEqual({ distributions: 1, reminders: 2 });
    expect(await model.sendDueReminders(new Date(created + 10 * 86_400_000))).toEqual({ distributions: 0, reminders: 0 });
    received.length = 0;
    // Queued at the reminder pass's (fake) time: each row's job starts then, and the attempt at
    // that time delivers it.
    const reminders = await app.db.selectFrom("invitations").select("reminder_outbox_id").where("reminder_outbox_id", "is not", null).execute();
    expect(reminders).toHaveLength(2);
    for (const r of reminders) {
      const { rows } = await sql<{ start_after: Date }>`SELECT start_after FROM pgboss.job WHERE name = 'outbox' AND singleton_key = ${r.reminder_outbox_id}`.execute(app.db);
      expect(rows.map((j) => j.start_after.getTime())).toEqual([due.getTime()]);
      expect(await outbox.deliverOutbox(r.reminder_outbox_id!, new Date(due.getTime() - 1000))).toBe("skipped");
      expect(await outbox.deliverOutbox(r.reminder_outbox_id!, due)).toBe("sent");
    }
    expect(received.map((r) => r.to[0]).sort()).toEqual(["bo@acme.test", "minsu@beta.test"]);
    const bo = received.find((r) => r.to[0] === "bo@acme.test")!;
    expect(bo.raw).toContain("Subject: Reminder: Test survey");
    // The reminder carries the same link as the invitation.
    const boInvitation = invitations.find((i) => i.email === "bo@acme.test")!;
    const boLink = await app.db.selectFrom("links").select("token").where("id", "=", boInvitation.link_id).executeTakeFirstOrThrow();
    expect(linkIn(bo.raw).pathname).toBe(`/s/${boLink.token}`);
    const after = await counts();
    expect(after).toMatchObject({ invited: 3, sent: 3, opened: 1, answered: 1 });
    expect(after.row).toContain(" to 2</td>");
    const audit = await app.db.selectFrom("audit_events").select(["action", "user_id"]).where("action", "like", "invitations.%").orderBy("id").execute();
    expect(audit.map((a) => [a.action, a.user_id === null])).toEqual([
      ["invitations.send", false],
      ["invitations.remind", true],
    ]);
  });
});
