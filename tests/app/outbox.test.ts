import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";

// The outbox delivered over real SMTP: a server started here receives what the worker sends.
let app: TestApp;
let smtp: SMTPServer;
let smtpUrl: string;
const received: { to: string[]; raw: string }[] = [];
/** Recipients the server refuses for now (a temporary failure). */
const refuse = new Set<string>();
let caseId: string;
let analyst: Client;

const jobs = () => import("../../app/jobs/outbox.server");

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address)) return callback(Object.assign(new Error("mailbox busy, try later"), { responseCode: 450 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

  app = await startTestApp();
  const user = await insertUser(app.db, "analyst");
  const account = await app.db
    .insertInto("accounts")
    .values({ name: "Acme", email: "ops@acme.test", tier: "gold", region: "eu", plan: "annual", locale: "en" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { insertCaseWithHistory } = await import("../../app/models/case.server");
  caseId = await insertCaseWithHistory(
    { source: "manual", accountId: account.id, priority: "p2", title: "Exports fail", description: "", openedAt: new Date(Date.now() - 3600_000), slaVersionId: null, userId: user.id },
    [],
  );
  analyst = new Client(app.url);
  await analyst.signIn("analyst@example.test", PASSWORD);
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await app?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});
beforeEach(() => {
  received.length = 0;
  refuse.clear();
  process.env.SMTP_URL = smtpUrl;
});

const en = { headers: { "Accept-Language": "en" } };
const outbox = () => app.db.selectFrom("outbox").selectAll().orderBy("id").execute();

async function progressUpdate(body: string, to?: string) {
  const res = await analyst.post(`/app/cases/${caseId}`, { intent: "progress_update", body, to: to ?? "" }, en);
  expect(res.status).toBe(302);
}

describe("delivering the outbox", () => {
  it("a progress update reaches the customer's mailbox once, and the case page says it was sent", async () => {
    await progressUpdate("We found the cause and are deploying a fix.");
    const { deliverDueOutbox } = await jobs();
    expect(await deliverDueOutbox()).toEqual({ claimed: 1, sent: 1, failed: 0 });
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual(["ops@acme.test"]);
    expect(received[0].raw).toContain("Subject: [Case #");
    expect(received[0].raw).toContain("Progress update: Exports fail");
    expect(received[0].raw).toContain("We found the cause and are deploying a fix.");
    // Nothing is due any more: a second pass sends nothing.
    expect(await deliverDueOutbox()).toEqual({ claimed: 0, sent: 0, failed: 0 });
    const [row] = await outbox();
    expect(row.sent_at).not.toBeNull();
    expect(row.attempts).toBe(1);
    const page = await (await analyst.get(`/app/cases/${caseId}`, en)).text();
    expect(page.replaceAll("<!-- -->", "")).toMatch(/data-delivery="sent">ops@acme.test · sent \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });

  it("a refused message is retried with backoff and sent when the server takes it", async () => {
    await progressUpdate("Still working on it.", "busy@acme.test");
    refuse.add("busy@acme.test");
    const { deliverDueOutbox, retryMinutes } = await jobs();
    const t0 = new Date();
    expect(await deliverDueOutbox({ now: t0 })).toEqual({ claimed: 1, sent: 0, failed: 1 });
    let row = (await outbox()).at(-1)!;
    expect(row).toMatchObject({ attempts: 1, sent_at: null, failed_at: null });
    expect(row.last_error).toContain("mailbox busy");
    expect(row.next_attempt_at.getTime()).toBe(t0.getTime() + retryMinutes[0] * 60_000);
    // Not due before its time.
    expect(await deliverDueOutbox({ now: new Date(t0.getTime() + 30_000) })).toEqual({ claimed: 0, sent: 0, failed: 0 });
    refuse.clear();
    expect(await deliverDueOutbox({ now: new Date(t0.getTime() + 61_000) })).toEqual({ claimed: 1, sent: 1, failed: 0 });
    row = (await outbox()).at(-1)!;
    expect(row.attempts).toBe(2);
    expect(received.map((r) => r.to[0])).toEqual(["busy@acme.test"]);
  });

  it("gives up after the last retry and says so on the case page", async () => {
    await progressUpdate("Update for a dead mailbox.", "gone@acme.test");
    refuse.add("gone@acme.test");
    const { deliverDueOutbox, retryMinutes } = await jobs();
    let now = new Date();
    for (let i = 0; i <= retryMinutes.length; i++) {
      expect((await deliverDueOutbox({ now })).failed).toBe(1);
      now = new Date(now.getTime() + 24 * 3600_000);
    }
    const row = (await outbox()).at(-1)!;
    expect(row.attempts).toBe(retryMinutes.length + 1);
    expect(row.failed_at).not.toBeNull();
    expect(await deliverDueOutbox({ now })).toEqual({ claimed: 0, sent: 0, failed: 0 });
    const page = await (await analyst.get(`/app/cases/${caseId}`, en)).text();
    expect(page.replaceAll("<!-- -->", "")).toContain(`gone@acme.test · not delivered after ${retryMinutes.length + 1} attempts`);
  });

  it("two workers at once send each message exactly once", async () => {
    for (let i = 0; i < 6; i++) await progressUpdate(`Parallel update ${i}`);
    const { deliverDueOutbox } = await jobs();
    const runs = await Promise.all([deliverDueOutbox({ limit: 4 }), deliverDueOutbox({ limit: 4 }), deliverDueOutbox({ limit: 4 })]);
    expect(runs.reduce((s, r) => s + r.sent, 0)).toBe(6);
    expect(received.map((r) => /Parallel update (\d)/.exec(r.raw)![1]).sort()).toEqual(["0", "1", "2", "3", "4", "5"]);
  });

  it("without SMTP_URL email waits in the outbox, loses no attempt, and the page says mail is not set up", async () => {
    delete process.env.SMTP_URL;
    await progressUpdate("Waiting for mail settings.");
    const { deliverDueOutbox } = await jobs();
    expect(await deliverDueOutbox()).toEqual({ claimed: 0, sent: 0, failed: 0 });
    const row = (await outbox()).at(-1)!;
    expect(row).toMatchObject({ attempts: 0, sent_at: null });
    const page = await (await analyst.get(`/app/cases/${caseId}?done=progress_update`, en)).text();
    expect(page).toContain("Mail delivery is not set up (SMTP_URL), so updates wait in the outbox and do not reach the customer yet.");
  });
});
