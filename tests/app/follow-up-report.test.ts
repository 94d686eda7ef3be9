import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import type { EvidencePack } from "../../analysis/review";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";
import { createTestMeeting } from "../support/review-fixtures";

// Follow-up CSAT after closing, met against breached, end to end over HTTP: cases are closed on
// their pages (which sends the single-use follow-up link), customers answer at /s/<token>, and
// the compliance report, its CSV and a frozen evidence pack show the exact figures.
//
// October 2026: 34 cases meet every objective, 31 miss them. Answers: met 1,1,2,10,18 (of 1..5;
// 2 unanswered): CSAT 28/32 = 87.5 %, Wilson 71.9 .. 95.0 %; breached 5,5,5,10,5 (1 unanswered):
// 15/30 = 50.0 %, 33.2 .. 66.8 %; difference +37.5 points, z 3.20, p 0.0014. November: one met
// case answers 5 and one breached case answers 1: too few answers. The quarter's pack: met 29/33
// (87.9 %, 72.7 .. 95.2 %), breached 15/31 (48.4 %, 32.0 .. 65.2 %), p 0.00066.
let app: TestApp;
let analyst: Client;
let manager: Client;
let slaId: string;
let adminId: string;
// Each request on its own connection: ~200 requests in a row on a loaded machine otherwise meet a
// pooled socket the server has just closed as idle (a reset instead of an answer).
const en = { headers: { "Accept-Language": "en", Connection: "close" } };
const ko = { headers: { "Accept-Language": "ko", Connection: "close" } };
const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");

/**
 * Closes a case on its page. On a loaded machine a request now and then meets a connection reset
 * before any answer; the case's status then says whether the close happened, and if not it is
 * sent again (never twice: a second close would be a 400 for the transition).
 */
async function close(caseId: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await analyst.post(`/app/cases/${caseId}`, { intent: "status", status: "closed", body: "" }, en);
      expect(res.status).toBe(302);
      await res.arrayBuffer();
      return;
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code !== "ECONNRESET" || attempt >= 2) throw error;
      console.warn(`close of case ${caseId}: connection reset, attempt ${attempt + 1}`);
      const row = await app.db.selectFrom("cases").select("status").where("id", "=", caseId).executeTakeFirstOrThrow();
      if (row.status === "closed") return;
    }
  }
}

async function closeAndAnswer(caseIds: string[], scores: (number | null)[]) {
  for (const [i, caseId] of caseIds.entries()) {
    await close(caseId);
    const score = scores[i];
    if (score === null) continue;
    const c = await app.db.selectFrom("cases").innerJoin("links", "links.id", "cases.follow_up_link_id").select("links.token").where("cases.id", "=", caseId).executeTakeFirstOrThrow();
    const customer = new Client(app.url);
    const page = await text(await customer.get(`/s/${c.token}?lang=en`, en));
    const key = page.match(/name="_key" value="([^"]+)"/)![1];
    const question = page.match(/name="(q_[0-9a-f-]+)"/)![1];
    const answered = await customer.post(`/s/${c.token}?lang=en`, { _key: key, _page: "1", [question]: String(score) }, en);
    expect(answered.status).toBe(302);
    expect(answered.headers.get("location")).toContain("/thanks");
    await answered.arrayBuffer();
  }
}

/** Scores in the order of a distribution over 1..5, then nulls for the unanswered. */
const scoresOf = (distribution: number[], unanswered: number) => [...distribution.flatMap((n, i) => new Array(n).fill(i + 1)), ...new Array(unanswered).fill(null)];

beforeAll(async () => {
  process.env.RESPOND_LIMIT_PER_ADDRESS = "100000";
  app = await startTestApp();
  adminId = (await insertUser(app.db, "admin")).id;
  await insertUser(app.db, "analyst");
  await insertUser(app.db, "manager");
  await insertUser(app.db, "manager", "manager2@example.test");
  analyst = new Client(app.url);
  await analyst.signIn("analyst@example.test", PASSWORD);
  manager = new Client(app.url);
  await manager.signIn("manager@example.test", PASSWORD);
  const sla = await import("../../app/models/sla.server");
  const cases = await import("../../app/models/case.server");
  const input = sla.defaultVersionInput();
  input.calendar = { timezone: "Asia/Seoul", slots: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })), holidays: [] };
  input.objectives = [
    { kind: "first_response", priority: "p2", target: 4, unit: "hours", mode: "business", window: "month" },
    { kind: "resolution", priority: "p2", target: 24, unit: "hours", mode: "business", window: "month" },
  ];
  const created = await sla.createSla(adminId, { name: { en: "Cloud SLA", ko: "클라우드 SLA" }, service: "cloud", tiers: ["enterprise"] }, input);
  await sla.publishVersion(adminId, created.versionId, new Date("2026-01-01T00:00:00Z"));
  slaId = created.slaId;
  const [alpha, beta] = await app.db
    .insertInto("accounts")
    .values([
      { name: "Alpha", email: "a@x.test", tier: "enterprise", region: "kr", plan: "annual", locale: "en" },
      { name: "Beta", email: "b@x.test", tier: "enterprise", region: "jp", plan: "monthly", locale: "en" },
    ])
    .returning("id")
    .execute();
  const base = { source: "manual" as const, priority: "p2" as const, description: "" };
  const fast = [
    { kind: "first_response" as const, afterMinutes: 30 },
    { kind: "status" as const, status: "in_progress" as const, afterMinutes: 35 },
    { kind: "status" as const, status: "resolved" as const, afterMinutes: 120 },
  ];
  const late = [
    { kind: "first_response" as const, afterMinutes: 3 * 1440 },
    { kind: "status" as const, status: "in_progress" as const, afterMinutes: 3 * 1440 + 5 },
    { kind: "status" as const, status: "resolved" as const, afterMinutes: 3 * 1440 + 60 },
  ];
  const open = async (accountId: string, steps: typeof fast, openedAt: string, count: number) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await cases.insertCaseWithHistory({ ...base, accountId, title: `Case ${i}`, openedAt: new Date(openedAt) }, steps));
    return ids;
  };
  // Monday 5 October and Monday 2 November 2026, 10:00 in Seoul.
  await closeAndAnswer(await open(alpha.id, fast, "2026-10-05T01:00:00Z", 34), scoresOf([1, 1, 2, 10, 18], 2));
  await closeAndAnswer(await open(beta.id, late, "2026-10-05T01:00:00Z", 31), scoresOf([5, 5, 5, 10, 5], 1));
  await closeAndAnswer(await open(alpha.id, fast, "2026-11-02T01:00:00Z", 1), [5]);
  await closeAndAnswer(await open(beta.id, late, "2026-11-02T01:00:00Z", 1), [1]);
}, 240_000);
afterAll(async () => app?.close());

const csvRows = async (res: Response) => parse((await res.text()).replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
const pick = (rows: Record<string, string>[], item: string, metric: string) => rows.find((r) => r.section === "follow_up" && r.item === item && r.metric === metric)?.value;

describe("compliance report: follow-up after closing", () => {
  it("the page shows sent, answered, CSAT of met and breached cases with n and interval, and significance", async () => {
    const html = await text(await analyst.get(`/app/reports?sla=${slaId}&month=2026-10`, en));
    const section = html.slice(html.indexOf('<section aria-labelledby="follow-up-h"'));
    expect(section).toContain('<h2 id="follow-up-h">Follow-up after closing</h2>');
    expect(section).toContain("65 follow-ups sent, 62 answered (response rate 95.4 %)");
    expect(section).toMatch(/<tr data-group="met"><th scope="row">Cases that met the SLA<\/th><td class="num">34<\/td><td class="num">32<\/td><td class="num follow-up-csat">87\.5 %<\/td><td class="num">71\.9 % – 95\.0 %<\/td><\/tr>/);
    expect(section).toMatch(/<tr data-group="breached"><th scope="row">Cases that breached the SLA<\/th><td class="num">31<\/td><td class="num">30<\/td><td class="num follow-up-csat">50\.0 %<\/td><td class="num">33\.2 % – 66\.8 %<\/td><\/tr>/);
    expect(section).toContain("Difference (met − breached): +37.5 %p");
    expect(section).toContain("significant (p = 0.001)");
    expect(section).toContain("<summary>How is this calculated?</summary>");
    expect(section).toContain("A group with fewer than 30 answers shows no number and is not compared.");
    const htmlKo = await text(await analyst.get(`/app/reports?sla=${slaId}&month=2026-10`, ko));
    expect(htmlKo).toContain("종료 후 후속 설문");
    expect(htmlKo).toContain("후속 설문 65건 발송, 62건 응답 (응답률 95.4 %)");
  });

  it("under the minimum n: the counts, 'too few answers' and no comparison", async () => {
    const html = await text(await analyst.get(`/app/reports?sla=${slaId}&month=2026-11`, en));
    const section = html.slice(html.indexOf('<section aria-labelledby="follow-up-h"'));
    expect(section).toContain("2 follow-ups sent, 2 answered (response rate 100.0 %)");
    expect(section).toMatch(/<tr data-group="met"><th scope="row">Cases that met the SLA<\/th><td class="num">1<\/td><td class="num">1<\/td><td class="num muted" colSpan="2">too few answers \(n=1, minimum 30\)<\/td><\/tr>/);
    expect(section).toContain("Not compared: each group needs at least 30 answers");
    expect(section).not.toContain("follow-up-csat");
  });

  it("the CSV carries the same figures", async () => {
    const oct = await csvRows(await analyst.get(`/app/reports/csv?sla=${slaId}&month=2026-10`, en));
    expect(oct.filter((r) => r.section === "follow_up").map((r) => [r.item, r.metric, r.value])).toEqual([
      ["all", "sent", "65"],
      ["all", "answered", "62"],
      ["all", "response_rate", "0.9538"],
      ["met", "sent", "34"],
      ["met", "csat_n", "32"],
      ["met", "csat", "0.875"],
      ["met", "interval_low", "0.7193"],
      ["met", "interval_high", "0.9503"],
      ["breached", "sent", "31"],
      ["breached", "csat_n", "30"],
      ["breached", "csat", "0.5"],
      ["breached", "interval_low", "0.3315"],
      ["breached", "interval_high", "0.6685"],
      ["difference", "csat_p", "0.0014"],
      ["difference", "csat_significant", "yes"],
    ]);
    const nov = await csvRows(await analyst.get(`/app/reports/csv?sla=${slaId}&month=2026-11`, en));
    expect(pick(nov, "met", "too_few_answers")).toBe("yes");
    expect(pick(nov, "breached", "csat_n")).toBe("1");
    expect(pick(nov, "difference", "csat_p")).toBe("");
  });
});

describe("evidence pack: follow-up after closing", () => {
  let meetingId: string;
  it("opening freezes the quarter's follow-up figures in the pack", async () => {
    const mgr2 = await app.db.selectFrom("users").select("id").where("email", "=", "manager2@example.test").executeTakeFirstOrThrow();
    const me = await app.db.selectFrom("users").select("id").where("email", "=", "manager@example.test").executeTakeFirstOrThrow();
    const res = await analyst.post(
      "/app/reviews/new",
      { slaId, periodStart: "2026-10-01", periodEnd: "2026-12-31", date: "2027-01-12", time: "10:00", attendees: [me.id, mgr2.id], quorum: "", notes: "" },
      en,
    );
    expect(res.status).toBe(302);
    meetingId = res.headers.get("location")!.split("/").pop()!;
    expect((await manager.post(`/app/reviews/${meetingId}`, { intent: "open" }, en)).status).toBe(200);
    const pack = (await app.db.selectFrom("evidence_packs").select("content").where("meeting_id", "=", meetingId).executeTakeFirstOrThrow()).content as EvidencePack;
    const f = pack.followUp!;
    expect(f).toMatchObject({ minN: 30, sent: 67, answered: 64 });
    expect(f.met).toMatchObject({ sent: 35, answered: 33, tooFew: false, csat: { n: 33, satisfied: 29 } });
    expect(f.breached).toMatchObject({ sent: 32, answered: 31, tooFew: false, csat: { n: 31, satisfied: 15 } });
    expect(f.met.csat!.interval!.low).toBeCloseTo(0.7267, 4);
    expect(f.breached.csat!.interval!.high).toBeCloseTo(0.6516, 4);
    expect(f.comparison!.p).toBeCloseTo(0.000658, 6);
    expect(f.comparison!.significant).toBe(true);
  });

  it("the pack page and its CSV show them", async () => {
    const html = await text(await analyst.get(`/app/reviews/${meetingId}/pack`, en));
    const part = html.slice(html.indexOf('<div class="pack-follow-up">'));
    expect(part).toContain('<h3 id="pack-follow-up">Follow-up after closing</h3>');
    expect(part).toContain("67 follow-ups sent, 64 answered (response rate 95.5 %)");
    expect(part).toMatch(/<td class="num follow-up-csat">87\.9 %<\/td><td class="num">72\.7 % – 95\.2 %<\/td>/);
    expect(part).toMatch(/<td class="num follow-up-csat">48\.4 %<\/td><td class="num">32\.0 % – 65\.2 %<\/td>/);
    expect(part).toContain("significant (p = 0.001)");
    const rows = await csvRows(await analyst.get(`/app/reviews/${meetingId}/pack.csv`, en));
    expect(rows.filter((r) => r.section === "follow_up").map((r) => [r.item, r.metric, r.value])).toEqual([
      ["all", "sent", "67"],
      ["all", "answered", "64"],
      ["all", "response_rate", "0.955"],
      ["met", "sent", "35"],
      ["met", "csat_n", "33"],
      ["met", "csat", "0.879"],
      ["met", "interval_low", "0.727"],
      ["met", "interval_high", "0.952"],
      ["breached", "sent", "32"],
      ["breached", "csat_n", "31"],
      ["breached", "csat", "0.484"],
      ["breached", "interval_low", "0.32"],
      ["breached", "interval_high", "0.652"],
      ["difference", "csat_p", "0.001"],
      ["difference", "csat_significant", "yes"],
    ]);
  });

  it("a pack frozen before the section existed still renders, and says it is not in this snapshot", async () => {
    const content = (await app.db.selectFrom("evidence_packs").select("content").where("meeting_id", "=", meetingId).executeTakeFirstOrThrow()).content as EvidencePack;
    const { followUp: _, ...older } = content;
    const old = await createTestMeeting(app.db, { userId: adminId, slaId, pack: older });
    const res = await analyst.get(`/app/reviews/${old.meetingId}/pack`, en);
    expect(res.status).toBe(200);
    const html = await text(res);
    expect(html).toContain("3. Satisfaction: customers whose cases met the SLA");
    expect(html).toContain("Not in this snapshot: this pack was frozen before follow-up answers were part of the evidence.");
    const rows = await csvRows(await analyst.get(`/app/reviews/${old.meetingId}/pack.csv`, en));
    expect(rows.filter((r) => r.section === "follow_up").map((r) => [r.metric, r.value])).toEqual([["in_snapshot", "no"]]);
  });
});
