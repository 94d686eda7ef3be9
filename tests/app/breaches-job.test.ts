import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD, tableRowCounts } from "../support/fixtures";

// Reading a case never writes; misses are recorded by the actions that change a case and by a job.
let app: TestApp;
let admin: { id: string; email: string };
let accountId: string;
let versionId: string;

// Monday 2 November 2026, 10:00 in Seoul.
const MON_10_KST = new Date("2026-11-02T01:00:00Z");

beforeAll(async () => {
  app = await startTestApp();
  admin = await insertUser(app.db, "admin");
  const sla = await import("../../app/models/sla.server");
  const input = sla.defaultVersionInput();
  input.calendar = { timezone: "Asia/Seoul", slots: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })), holidays: [] };
  input.objectives = [
    { kind: "availability", priority: null, target: 99.9, unit: "percent", mode: null, window: "month" },
    { kind: "first_response", priority: "p2", target: 4, unit: "hours", mode: "business", window: "month" },
    { kind: "progress_update", priority: "p2", target: 8, unit: "hours", mode: "business", window: "month" },
    { kind: "resolution", priority: "p2", target: 24, unit: "hours", mode: "business", window: "month" },
  ];
  const created = await sla.createSla(admin.id, { name: { ko: "지원 SLA", en: "Support SLA" }, service: "jobs-svc", tiers: ["enterprise"] }, input);
  versionId = created.versionId;
  await sla.publishVersion(admin.id, versionId, new Date("2026-01-01T00:00:00Z"));
  accountId = (await app.db.insertInto("accounts").values({ name: "Acme", email: "ops@acme.test", tier: "enterprise", region: "kr", plan: "annual" }).returning("id").executeTakeFirstOrThrow()).id;
});
afterAll(async () => app?.close());

/** A case opened long ago that nobody answered, written as the "open case" action writes it. */
async function missedCase(title: string) {
  const { openCase } = await import("../../app/models/case.server");
  return (await openCase(admin.id, { source: "manual", accountId, priority: "p2", title, description: "" }, MON_10_KST)).id;
}

const rowCounts = () => tableRowCounts(app.db);

const breachesOf = (caseId: string) =>
  app.db.selectFrom("case_breaches").select(["timer", "breached_at"]).where("case_id", "=", caseId).orderBy("timer").execute();

// After Monday 10:00 KST: first response within 4 business hours (14:00), a progress update within
// 8 (18:00), resolution within 24 (Mon 8 h + Tue 9 h + Wed 7 h: Wednesday 16:00).
const expectedMisses = [
  { timer: "first_response", breached_at: new Date("2026-11-02T05:00:00Z") },
  { timer: "progress_update", breached_at: new Date("2026-11-02T09:00:00Z") },
  { timer: "resolution", breached_at: new Date("2026-11-04T07:00:00Z") },
];

describe("loaders write nothing", () => {
  it("viewing the case list and a case (which shows the misses) changes no row in any table", async () => {
    const caseId = await missedCase("Nobody answered");
    const c = new Client(app.url);
    await c.signIn(admin.email, PASSWORD);
    const before = await rowCounts();
    for (const path of ["/app/cases", "/app/cases?risk=breached", "/app/cases?sort=opened", `/app/cases/${caseId}`, "/app", "/app/reports", "/app/audit", "/app/users"]) {
      const res = await c.get(path, { headers: { "Accept-Language": "en" } });
      expect(res.status, path).toBe(200);
      if (path === `/app/cases/${caseId}`) expect(await res.text()).toContain('data-state="breached"');
    }
    expect(await rowCounts()).toEqual(before);
    expect(await breachesOf(caseId)).toEqual([]);
  });
});

describe("where misses are recorded", () => {
  it("the breaches job records every miss of the running cases, once", async () => {
    const { recordDueBreaches } = await import("../../app/models/case.server");
    const caseId = await missedCase("Job finds it");
    expect(await breachesOf(caseId)).toEqual([]);
    expect(await recordDueBreaches()).toBeGreaterThanOrEqual(1);
    expect(await breachesOf(caseId)).toEqual(expectedMisses);
    await recordDueBreaches();
    expect(await breachesOf(caseId)).toEqual(expectedMisses);
  });

  it("an action that changes a case records its misses in the same request", async () => {
    const caseId = await missedCase("A note is added");
    const c = new Client(app.url);
    await c.signIn(admin.email, PASSWORD);
    const res = await c.post(`/app/cases/${caseId}`, { intent: "note", body: "Called the customer." });
    expect(res.status).toBe(302);
    expect(await breachesOf(caseId)).toEqual(expectedMisses);
  });

  it("the job runner runs a job on its interval, never two runs of one job at once, and survives a failing run", async () => {
    const { startJobs } = await import("../../app/jobs/runner.server");
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const logged: string[] = [];
    let fail = true;
    const jobs = startJobs(
      [
        {
          name: "slow",
          everyMs: 10,
          run: async () => {
            runs++;
            concurrent++;
            maxConcurrent = Math.max(maxConcurrent, concurrent);
            await new Promise((r) => setTimeout(r, 60));
            concurrent--;
            if (fail) {
              fail = false;
              throw new Error("database away");
            }
          },
        },
      ],
      (line) => logged.push(line),
    );
    await expect.poll(() => runs, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    await jobs.stop();
    const after = runs;
    await new Promise((r) => setTimeout(r, 100));
    expect(runs).toBe(after);
    expect(maxConcurrent).toBe(1);
    expect(logged).toEqual(["job slow failed: database away"]);
  });

  it("the breaches job as the server starts it finds a missed case by itself", async () => {
    const { startJobs } = await import("../../app/jobs/runner.server");
    const { breachesJob } = await import("../../app/jobs/breaches.server");
    const caseId = await missedCase("Found on the interval");
    const jobs = startJobs([{ ...breachesJob, everyMs: 50 }]);
    await expect.poll(() => breachesOf(caseId), { timeout: 10_000 }).toEqual(expectedMisses);
    await jobs.stop();
  });
});
