import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { compareNps, npsFromScores } from "../../analysis/metrics";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";

// The compliance report on a fixture built by hand, so every figure can be checked by reading it.
let app: TestApp;
let admin: { id: string; email: string };
let slaId: string;
let accountA: string;
let accountB: string;
let lateCase: string;

// Monday 5 October 2026, 10:00 in Seoul.
const MON_10_KST = new Date("2026-10-05T01:00:00Z");
const min = (n: number) => n * 60_000;

beforeAll(async () => {
  app = await startTestApp();
  admin = await insertUser(app.db, "admin");
  const sla = await import("../../app/models/sla.server");
  const cases = await import("../../app/models/case.server");
  const input = sla.defaultVersionInput();
  input.calendar = { timezone: "Asia/Seoul", slots: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })), holidays: [] };
  input.objectives = [
    { kind: "availability", priority: null, target: 99.9, unit: "percent", mode: null, window: "month" },
    { kind: "first_response", priority: "p2", target: 4, unit: "hours", mode: "business", window: "month" },
    { kind: "progress_update", priority: "p2", target: 8, unit: "hours", mode: "business", window: "month" },
    { kind: "resolution", priority: "p2", target: 24, unit: "hours", mode: "business", window: "month" },
  ];
  input.remedies = {
    credits: [
      { below: 99.9, creditPercent: 10 },
      { below: 99, creditPercent: 25 },
      { below: 95, creditPercent: 50 },
    ],
    alternative: {},
  };
  const created = await sla.createSla(admin.id, { name: { en: "Cloud SLA", ko: "클라우드 SLA" }, service: "cloud", tiers: ["enterprise"] }, input);
  slaId = created.slaId;
  await sla.publishVersion(admin.id, created.versionId, new Date("2026-01-01T00:00:00Z"));

  const accounts = await app.db
    .insertInto("accounts")
    .values([
      { name: "Alpha", email: "a@x.test", tier: "enterprise", region: "kr", plan: "annual", monthly_fee: 2_000_000 },
      { name: "Beta", email: "b@x.test", tier: "enterprise", region: "kr", plan: "annual", monthly_fee: 500_000 },
      { name: "Gamma", email: "g@x.test", tier: "standard", region: "kr", plan: "monthly", monthly_fee: 100_000 },
    ])
    .returning("id")
    .execute();
  [accountA, accountB] = [accounts[0].id, accounts[1].id];

  const fast = [
    { kind: "first_response" as const, afterMinutes: 30 },
    { kind: "status" as const, status: "in_progress" as const, afterMinutes: 35 },
    { kind: "status" as const, status: "resolved" as const, afterMinutes: 120 },
    { kind: "status" as const, status: "closed" as const, afterMinutes: 240 },
  ];
  const base = { source: "manual" as const, priority: "p2" as const, description: "" };
  for (let i = 0; i < 3; i++) {
    await cases.insertCaseWithHistory({ ...base, accountId: accountA, title: `Fast ${i}`, openedAt: new Date(MON_10_KST.getTime() + i * 86_400_000) }, fast);
  }
  // Answered three days late and resolved after that: misses all three objectives.
  lateCase = await cases.insertCaseWithHistory({ ...base, accountId: accountB, title: "Late one", openedAt: MON_10_KST }, [
    { kind: "first_response", afterMinutes: 3 * 1440 },
    { kind: "status", status: "in_progress", afterMinutes: 3 * 1440 + 5 },
    { kind: "status", status: "resolved", afterMinutes: 3 * 1440 + 60 },
  ]);
  // November: outside the October report.
  await cases.insertCaseWithHistory({ ...base, accountId: accountB, title: "November", openedAt: new Date("2026-11-02T01:00:00Z") }, fast);

  // October availability: 300 bad minutes of 44,640 -> 99.328 %, below 99.9 (10 % credit) but not below 99.
  await app.db
    .insertInto("measurements")
    .values({ service: "cloud", window_start: new Date("2026-09-30T15:00:00Z"), window_end: new Date("2026-10-31T15:00:00Z"), good_minutes: 44_340, total_minutes: 44_640 })
    .execute();

  // NPS answers in October: Alpha (all met) 10, 9, 9, 8 -> 75; Beta (breached) 2, 3, 9, 6 -> -50.
  const survey = await app.db.insertInto("surveys").values({ title: JSON.stringify({ en: "NPS" }), status: "open", metric_definitions: "{}" }).returning("id").executeTakeFirstOrThrow();
  const q = await app.db.insertInto("questions").values({ survey_id: survey.id, position: 1, type: "nps", prompt: JSON.stringify({ en: "?" }) }).returning("id").executeTakeFirstOrThrow();
  const answer = async (account: string, score: number, at: string) => {
    const r = await app.db
      .insertInto("responses")
      .values({ survey_id: survey.id, account_id: account, submission_key: crypto.randomUUID(), locale: "en", finished: true, submitted_at: new Date(at) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await app.db.insertInto("answers").values({ response_id: r.id, question_id: q.id, value_int: score }).execute();
  };
  for (const s of [10, 9, 9, 8]) await answer(accountA, s, "2026-10-20T03:00:00Z");
  for (const s of [2, 3, 9, 6]) await answer(accountB, s, "2026-10-21T03:00:00Z");
  // Outside the period: must not count.
  await answer(accountB, 0, "2026-09-10T03:00:00Z");
});
afterAll(async () => app?.close());

async function signedIn() {
  const c = new Client(app.url);
  await c.signIn(admin.email, PASSWORD);
  return c;
}

type Row = { section: string; item: string; priority: string; metric: string; value: string };
async function csvRows(query: string): Promise<Row[]> {
  const res = await (await signedIn()).get(`/app/reports/csv?${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/csv");
  const bytes = new Uint8Array(await res.arrayBuffer());
  // UTF-8 BOM, so Excel opens Korean account names correctly.
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parse(new TextDecoder().decode(bytes), { columns: true, bom: true }) as Row[];
}
const value = (rows: Row[], section: string, item: string, priority: string, metric: string) =>
  rows.find((r) => r.section === section && r.item === item && r.priority === priority && r.metric === metric)?.value;

describe("compliance report", () => {
  it("CSV: share met per objective, availability and credits per account from the credit table", async () => {
    const rows = await csvRows(`sla=${slaId}&month=2026-10&tier=enterprise`);
    for (const k of ["first_response", "progress_update", "resolution"]) {
      expect(value(rows, "objective", k, "all", "applicable")).toBe("4");
      expect(value(rows, "objective", k, "all", "met")).toBe("3");
      expect(value(rows, "objective", k, "all", "breached")).toBe("1");
      expect(value(rows, "objective", k, "all", "share_met")).toBe("0.75");
    }
    expect(rows.filter((r) => r.section === "breach")).toHaveLength(3);
    expect(Number(value(rows, "availability", "cloud", "", "percent"))).toBeCloseTo((100 * 44_340) / 44_640, 6);
    expect(value(rows, "availability", "cloud", "", "meets_objective")).toBe("no");
    expect(value(rows, "credit", "Alpha", "enterprise", "credit_percent")).toBe("10");
    expect(value(rows, "credit", "Alpha", "enterprise", "credit_amount")).toBe("200000");
    expect(value(rows, "credit", "Beta", "enterprise", "credit_amount")).toBe("50000");
    // Gamma is in another tier and not covered by this SLA.
    expect(rows.some((r) => r.item === "Gamma")).toBe(false);
  });

  it("CSV: NPS of customers whose cases met the SLA against those whose cases breached it", async () => {
    const rows = await csvRows(`sla=${slaId}&month=2026-10`);
    expect(value(rows, "satisfaction", "met", "", "nps")).toBe("75");
    expect(value(rows, "satisfaction", "met", "", "nps_n")).toBe("4");
    expect(value(rows, "satisfaction", "breached", "", "nps")).toBe("-50");
    expect(value(rows, "satisfaction", "breached", "", "nps_n")).toBe("4");
    const cmp = compareNps(npsFromScores([10, 9, 9, 8]), npsFromScores([2, 3, 9, 6]));
    expect(value(rows, "satisfaction", "difference", "", "nps_significant")).toBe(cmp.significant ? "yes" : "no");
    // No CSAT answers: no comparison rather than a made-up one.
    expect(value(rows, "satisfaction", "difference", "", "csat_significant")).toBe("");
  });

  it("the page shows the same figures, links each breach to its case, and is printable", async () => {
    const c = await signedIn();
    const res = await c.get(`/app/reports?sla=${slaId}&month=2026-10&tier=enterprise`, { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/data-objective="first_response" data-priority="all">[\s\S]*?75\.0 %/);
    expect(html).toContain(`href="/app/cases/${lateCase}"`);
    expect(html).toContain("99.328 %");
    expect(html).toMatch(/data-account="Alpha">[\s\S]*?200,000/);
    expect(html).toContain("below 99.9 % → 10 %");
    expect(html).toContain(`href="/app/reports/csv?sla=${slaId}&amp;month=2026-10&amp;tier=enterprise"`);
    expect(html).toContain(">Print</button>");
    const ko = await (await c.get(`/app/reports?sla=${slaId}&month=2026-10`, { headers: { "Accept-Language": "ko" } })).text();
    expect(ko).toContain("SLA 준수 보고서");
    expect(ko).toContain("고객사별 서비스 크레딧");
  });

  it("explains its methods in the reader's language, never with developer names", async () => {
    const c = await signedIn();
    for (const [lang, summary] of [["en", "How is this calculated?"], ["ko", "어떻게 계산하나요?"]]) {
      const html = await (await c.get(`/app/reports?sla=${slaId}&month=2026-10`, { headers: { "Accept-Language": lang } })).text();
      const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
      expect(main).not.toMatch(/analysis\/|complianceReport|creditFor|compareNps|compareProportions/);
      // Share met, credits and satisfaction each carry a disclosure.
      expect(main.split(`<summary>${summary}</summary>`).length - 1).toBeGreaterThanOrEqual(3);
    }
  });

  it("a malformed month falls back to the current one with a message; an unknown SLA is a 404 for the CSV", async () => {
    const c = await signedIn();
    const html = await (await c.get(`/app/reports?sla=${slaId}&month=2026-13`, { headers: { "Accept-Language": "en" } })).text();
    expect(html).toContain("The month must be YYYY-MM.");
    expect((await c.get(`/app/reports/csv?sla=${crypto.randomUUID()}&month=2026-10`)).status).toBe(404);
    expect((await new Client(app.url).get(`/app/reports/csv?sla=${slaId}`)).status).toBe(302);
  });
});
