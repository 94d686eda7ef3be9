import net from "node:net";
import { CompiledQuery, sql } from "kysely";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";
import { startTestSmtp, type TestSmtp } from "../support/smtp";

// The outbox delivered by its pg-boss worker over real SMTP: the test server receives what the
// worker sends. The queue runs in this process (startTestApp({ queue: true })).
let app: TestApp;
let smtp: TestSmtp;
let caseId: string;
let analyst: Client;

const jobs = () => import("../../app/jobs/outbox.server");
const models = () => import("../../app/models/outbox.server");

beforeAll(async () => {
  smtp = await startTestSmtp();
  app = await startTestApp({ queue: true });
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
  await smtp?.close();
});
beforeEach(() => {
  smtp.received.length = 0;
  smtp.refuse.clear();
  smtp.delayMs = 0;
  process.env.SMTP_URL = smtp.url;
});

const en = { headers: { "Accept-Language": "en" } };
const outbox = () => app.db.selectFrom("outbox").selectAll().orderBy("id").execute();
const row = async (id: string) => app.db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
/** The pg-boss jobs of one outbox row, oldest first. */
async function jobsOf(id: string) {
  const { rows } = await sql<{ id: string; state: string; start_after: Date }>`
    SELECT id, state, start_after FROM pgboss.job WHERE name = 'outbox' AND singleton_key = ${id} ORDER BY created_on, id`.execute(app.db);
  return rows;
}
const outboxJobCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'outbox'`.execute(app.db)).rows[0].n);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function progressUpdate(body: string, to?: string): Promise<string> {
  const res = await analyst.post(`/app/cases/${caseId}`, { intent: "progress_update", body, to: to ?? "" }, en);
  expect(res.status).toBe(302);
  return (await outbox()).at(-1)!.id;
}

/** A port nobody listens on: an SMTP server that is down. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("delivering the outbox with the queue worker", () => {
  it("a committed progress update is delivered by the worker once, and the case page says it was sent", async () => {
    const id = await progressUpdate("We found the cause and are deploying a fix.");
    await expect.poll(() => smtp.received.length).toBe(1);
    expect(smtp.received[0].to).toEqual(["ops@acme.test"]);
    expect(smtp.received[0].raw).toContain("Subject: [Case #");
    expect(smtp.received[0].raw).toContain("Progress update: Exports fail");
    expect(smtp.received[0].raw).toContain("We found the cause and are deploying a fix.");
    await expect.poll(async () => (await jobsOf(id)).map((j) => j.state)).toEqual(["completed"]);
    const mail = await row(id);
    expect(mail.sent_at).not.toBeNull();
    expect(mail.attempts).toBe(1);
    // Nothing more is sent: the row is done and the sweep finds nothing due.
    expect(await (await jobs()).sweepOutbox()).toBe(0);
    await sleep(1500);
    expect(smtp.received).toHaveLength(1);
    const page = await (await analyst.get(`/app/cases/${caseId}`, en)).text();
    expect(page.replaceAll("<!-- -->", "")).toMatch(/data-delivery="sent">ops@acme.test · sent \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });

  it("a rolled-back transaction leaves neither the row nor its job, and sends nothing", async () => {
    const { enqueueOutbox } = await models();
    const { db } = await import("../../app/db.server");
    const rows = (await outbox()).length;
    const queued = await outboxJobCount();
    let jobInsideTransaction = -1;
    await expect(
      db.transaction().execute(async (trx) => {
        const id = await enqueueOutbox(trx, { kind: "email", to: "rollback@acme.test", subject: "Never", body: "Never sent" });
        // The job was written in this transaction...
        jobInsideTransaction = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'outbox' AND singleton_key = ${id}`.execute(trx)).rows[0].n);
        throw new Error("the action failed after queueing");
      }),
    ).rejects.toThrow("the action failed after queueing");
    expect(jobInsideTransaction).toBe(1);
    // ...and went with it.
    expect((await outbox()).length).toBe(rows);
    expect(await outboxJobCount()).toBe(queued);
    await sleep(1500);
    expect(smtp.received).toEqual([]);
  });

  it("SMTP down: the attempt fails, the retry job waits for the backoff, then the worker delivers", async () => {
    process.env.SMTP_URL = `smtp://127.0.0.1:${await deadPort()}`;
    const { retryMinutes } = await jobs();
    const before = Date.now();
    const id = await progressUpdate("Still working on it.", "busy@acme.test");
    await expect.poll(async () => (await row(id)).last_error).toContain("ECONNREFUSED");
    expect((await row(id)).attempts).toBe(1);
    const failed = await row(id);
    expect(failed).toMatchObject({ sent_at: null, failed_at: null });
    // Backoff: the next attempt is retryMinutes[0] after the failed one, and its job starts then.
    const wait = failed.next_attempt_at.getTime() - retryMinutes[0] * 60_000;
    expect(wait).toBeGreaterThanOrEqual(before);
    expect(wait).toBeLessThanOrEqual(Date.now());
    await expect.poll(async () => (await jobsOf(id)).map((j) => j.state)).toEqual(["completed", "created"]);
    const retry = (await jobsOf(id))[1];
    expect(retry.start_after.getTime()).toBe(failed.next_attempt_at.getTime());
    // The case page tells the retry.
    const page = (await (await analyst.get(`/app/cases/${caseId}`, en)).text()).replaceAll("<!-- -->", "");
    expect(page).toMatch(/busy@acme.test · 1 attempt failed; trying again \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    // Not tried again before its time.
    process.env.SMTP_URL = smtp.url;
    await sleep(1500);
    expect((await row(id)).attempts).toBe(1);
    expect(smtp.received).toEqual([]);
    // The minute passes (moved on the row and its job alike): the worker delivers.
    await sql`UPDATE outbox SET next_attempt_at = now() WHERE id = ${id}`.execute(app.db);
    await sql`UPDATE pgboss.job SET start_after = now() WHERE name = 'outbox' AND id = ${retry.id}::uuid`.execute(app.db);
    await expect.poll(() => smtp.received.map((r) => r.to[0])).toEqual(["busy@acme.test"]);
    await expect.poll(async () => (await row(id)).sent_at).not.toBeNull();
    expect((await row(id)).attempts).toBe(2);
  });

  it("a refused message backs off by retryMinutes, gives up after the last, and the case page says so", async () => {
    smtp.refuse.add("gone@acme.test");
    const { deliverOutbox, retryMinutes } = await jobs();
    const id = await progressUpdate("Update for a dead mailbox.", "gone@acme.test");
    await expect.poll(async () => (await row(id)).last_error).toContain("mailbox busy");
    expect((await row(id)).attempts).toBe(1);
    // The later attempts at their due times (a clock passed in: the real waits add up to 14 hours).
    for (let i = 1; i <= retryMinutes.length; i++) {
      const due = (await row(id)).next_attempt_at;
      expect(await deliverOutbox(id, new Date(due.getTime() - 1000))).toBe("skipped");
      expect(await deliverOutbox(id, due)).toBe("failed");
      const after = await row(id);
      expect(after.attempts).toBe(i + 1);
      if (i < retryMinutes.length) expect(after.next_attempt_at.getTime() - due.getTime()).toBe(retryMinutes[i] * 60_000);
    }
    const given = await row(id);
    expect(given.failed_at).not.toBeNull();
    expect(await deliverOutbox(id, new Date(Date.now() + 30 * 86_400_000))).toBe("skipped");
    expect(smtp.received).toEqual([]);
    const page = await (await analyst.get(`/app/cases/${caseId}`, en)).text();
    expect(page.replaceAll("<!-- -->", "")).toContain(`gone@acme.test · not delivered after ${retryMinutes.length + 1} attempts`);
  });

  it("two workers and duplicate jobs: each message is sent exactly once", async () => {
    const { enqueueOutbox, OUTBOX_JOB } = await models();
    const { outboxJobHandler, deliverOutbox } = await jobs();
    const { enqueue } = await import("../../app/jobs/queue.server");
    const { db } = await import("../../app/db.server");
    // A second worker on the same database, as another server process would run.
    const second = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => app.db.executeQuery(CompiledQuery.raw(text, values ?? [])) },
      schema: "pgboss",
      schedule: false,
      supervise: false,
      migrate: false,
    } as PgBoss.ConstructorOptions);
    await second.start();
    const handled: string[] = [];
    await second.work<{ outboxId: string }>(OUTBOX_JOB, { batchSize: 4, pollingIntervalSeconds: 0.5 }, async (batch) => {
      await Promise.all(batch.map(async (job) => handled.push(await outboxJobHandler(job.data))));
    });
    // A slow server: every send is in flight for a while, so the workers overlap.
    smtp.delayMs = 300;
    try {
      const ids = await db.transaction().execute(async (trx) => {
        const out: string[] = [];
        for (let i = 0; i < 6; i++) out.push(await enqueueOutbox(trx, { kind: "email", to: `p${i}@acme.test`, subject: "Parallel", body: `Parallel update ${i}` }));
        return out;
      });
      // Each row gets two more jobs, as a sweep racing the first would queue.
      for (const id of ids) for (let k = 0; k < 2; k++) await enqueue(OUTBOX_JOB, { outboxId: id }, { singletonKey: id });
      // And a third worker here, twice on every row at once.
      const direct = await Promise.all([...ids, ...ids].map((id) => deliverOutbox(id)));
      expect(direct.filter((r) => r === "failed")).toEqual([]);
      await expect.poll(async () => (await Promise.all(ids.map(jobsOf))).flat().filter((j) => j.state !== "completed").length, { timeout: 20_000 }).toBe(0);
      expect(smtp.received.map((r) => /Parallel update (\d)/.exec(r.raw)?.[1] ?? r.raw).sort()).toEqual(["0", "1", "2", "3", "4", "5"]);
      for (const id of ids) expect(await row(id)).toMatchObject({ attempts: 1 });
      expect((await Promise.all(ids.map(row))).every((r) => r.sent_at !== null)).toBe(true);
    } finally {
      await second.stop({ graceful: true, wait: true, timeout: 5000 });
    }
  });

  it("a row with no job (written before the queue ran) is found by the sweep and delivered; a row with a live job is left to it", async () => {
    const { sweepOutbox } = await jobs();
    const { OUTBOX_JOB } = await models();
    const { enqueue } = await import("../../app/jobs/queue.server");
    const [orphan, waiting] = await app.db
      .insertInto("outbox")
      .values([
        { kind: "email", to: "orphan@acme.test", subject: "Orphan", body: "Written without a job", payload: "{}" },
        { kind: "email", to: "waiting@acme.test", subject: "Waiting", body: "Its job starts later", payload: "{}" },
      ])
      .returning("id")
      .execute();
    const later = await enqueue(OUTBOX_JOB, { outboxId: waiting.id }, { singletonKey: waiting.id, startAfter: 3600 });
    await sleep(1500);
    expect(smtp.received).toEqual([]);
    expect(await sweepOutbox()).toBe(1);
    await expect.poll(() => smtp.received.map((r) => r.to[0])).toEqual(["orphan@acme.test"]);
    await expect.poll(async () => (await row(orphan.id)).sent_at).not.toBeNull();
    expect(await sweepOutbox()).toBe(0);
    expect((await jobsOf(waiting.id)).map((j) => [j.id, j.state])).toEqual([[later, "created"]]);
    // Tidy: this row would otherwise be swept by the next test once its job is gone.
    await app.db.updateTable("outbox").set({ failed_at: new Date() }).where("id", "=", waiting.id).execute();
  });

  it("without SMTP_URL email waits in the outbox, loses no attempt, is not swept, and the page says mail is not set up", async () => {
    delete process.env.SMTP_URL;
    const id = await progressUpdate("Waiting for mail settings.");
    // The worker ran its job and left the row alone.
    await expect.poll(async () => (await jobsOf(id)).map((j) => j.state)).toEqual(["completed"]);
    expect(await row(id)).toMatchObject({ attempts: 0, sent_at: null, failed_at: null });
    expect(await (await jobs()).sweepOutbox()).toBe(0);
    const page = await (await analyst.get(`/app/cases/${caseId}?done=progress_update`, en)).text();
    expect(page).toContain("Mail delivery is not set up (SMTP_URL), so updates wait in the outbox and do not reach the customer yet.");
    // Once mail is set up (a restart runs the sweep), it is delivered.
    process.env.SMTP_URL = smtp.url;
    expect(await (await jobs()).sweepOutbox()).toBe(1);
    await expect.poll(() => smtp.received.map((r) => r.to[0])).toEqual(["ops@acme.test"]);
    expect((await row(id)).attempts).toBe(1);
  });
});
