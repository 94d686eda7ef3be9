import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csatFromDistribution, npsFromScores } from "../../analysis/metrics";
import { monthRange } from "../../analysis/sla";
import { formatNumber } from "../../app/utils/i18n";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";
import { monthIn, monthsBefore } from "../support/months";

/*
 * The dashboard's segments, SLA compliance this month and cases at risk, through the real server,
 * with months counted in the organisation's zone. Times are relative to the real clock, as the
 * page judges at "now".
 */

let app: TestApp;
let analyst: Client;
let slaId: string;
const ZONE = "Asia/Seoul";
const now = new Date();
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const f1 = (v: number) => formatNumber("en", v, 1);


const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

/** The element (by its opening tag's attribute) up to its closing tag, as text. */
function block(html: string, attr: string, tag = "tr"): string {
  const start = html.indexOf(attr);
  expect(start, attr).toBeGreaterThan(-1);
  const open = html.lastIndexOf(`<${tag}`, start);
  return textOf(html.slice(open, html.indexOf(`</${tag}>`, start)));
}

// Segments: enterprise has 30 NPS answers, standard 5 (under the minimum of 30).
const enterpriseNps = [...Array(15).fill(10), ...Array(10).fill(8), ...Array(5).fill(3)];
const standardNps = [9, 9, 6, 2, 10];
// CSAT only from enterprise: 24 satisfied of 30.
const enterpriseCsat = [...Array(24).fill(5), ...Array(6).fill(2)];

let caseMet: string, caseBreached: string, caseAtRisk: string;

beforeAll(async () => {
  app = await startTestApp();
  const admin = await insertUser(app.db, "admin");
  const user = await insertUser(app.db, "analyst");
  analyst = new Client(app.url);
  await analyst.signIn(user.email, PASSWORD);
  await app.db.insertInto("app_settings").values({ key: "org_time_zone", value: JSON.stringify(ZONE) }).onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(ZONE) })).execute();

  const survey = await app.db
    .insertInto("surveys")
    .values({ title: JSON.stringify({ en: "Relationship", ko: "관계" }), status: "open", metric_definitions: JSON.stringify({}) })
    .returning("id")
    .executeTakeFirstOrThrow();
  const [nps, csat] = await app.db
    .insertInto("questions")
    .values([
      { survey_id: survey.id, position: 1, type: "nps", prompt: JSON.stringify({ en: "Recommend?" }) },
      { survey_id: survey.id, position: 2, type: "csat", prompt: JSON.stringify({ en: "Satisfied?" }) },
    ])
    .returning("id")
    .execute();
  const answer = async (at: Date, segment: Record<string, string>, npsScore: number | null, csatScore: number | null) => {
    const r = await app.db
      .insertInto("responses")
      .values({ survey_id: survey.id, submission_key: crypto.randomUUID(), segment: JSON.stringify(segment), locale: "en", finished: true, started_at: at, submitted_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    const rows = [];
    if (npsScore !== null) rows.push({ response_id: r.id, question_id: nps.id, value_int: npsScore });
    if (csatScore !== null) rows.push({ response_id: r.id, question_id: csat.id, value_int: csatScore });
    await app.db.insertInto("answers").values(rows).execute();
  };
  const ent = { tier: "enterprise", region: "kr", plan: "annual" };
  for (const [i, s] of enterpriseNps.entries()) await answer(minutesAgo(60 * 24 * 2 + i), ent, s, enterpriseCsat[i]);
  for (const [i, s] of standardNps.entries()) await answer(minutesAgo(60 * 24 * 3 + i), { tier: "standard", region: "kr", plan: "annual" }, s, null);
  // 01:00 in Seoul on the first of the month two months back: still the month before in UTC.
  const oldMonth = monthsBefore(monthIn(now, ZONE), 2);
  await answer(new Date(monthRange(oldMonth, ZONE).start.getTime() + 3600_000), {}, 0, null);

  // An SLA whose p1 first response is due in 60 calendar minutes, and its availability this month.
  const sla = await import("../../app/models/sla.server");
  const input = sla.defaultVersionInput();
  input.calendar = { timezone: ZONE, slots: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })), holidays: [] };
  input.objectives = [
    { kind: "availability", priority: null, target: 99.9, unit: "percent", mode: null, window: "month" },
    { kind: "first_response", priority: "p1", target: 60, unit: "minutes", mode: "calendar", window: "month" },
  ];
  const created = await sla.createSla(admin.id, { name: { ko: "지원 SLA", en: "Support SLA" }, service: "dash-svc", tiers: ["enterprise"] }, input);
  slaId = created.slaId;
  await sla.publishVersion(admin.id, created.versionId, new Date("2026-01-01T00:00:00Z"));
  const monthStart = monthRange(monthIn(now, ZONE), ZONE).start;
  await app.db.insertInto("measurements").values({ service: "dash-svc", window_start: monthStart, window_end: new Date(monthStart.getTime() + 1000 * 60_000), good_minutes: 990, total_minutes: 1000 }).execute();
  const account = await app.db.insertInto("accounts").values({ name: "Acme", email: null, tier: "enterprise", region: "kr", plan: "annual" }).returning("id").executeTakeFirstOrThrow();
  const { insertCaseWithHistory } = await import("../../app/models/case.server");
  const open = (title: string, openedAt: Date, steps: Parameters<typeof insertCaseWithHistory>[1]) =>
    insertCaseWithHistory({ source: "manual", accountId: account.id, priority: "p1", title, description: "", openedAt, slaVersionId: created.versionId }, steps);
  caseMet = await open("Answered in time", minutesAgo(180), [{ kind: "first_response", afterMinutes: 30, body: "On it" }]);
  caseBreached = await open("Nobody answered", minutesAgo(120), []);
  caseAtRisk = await open("Ten minutes left", minutesAgo(50), []);
  // Resolved cases are never at risk, even with a missed first response.
  await open("Resolved late", minutesAgo(170), [
    { kind: "first_response", afterMinutes: 90, body: "Sorry" },
    { kind: "status", status: "resolved", afterMinutes: 100 },
  ]);
}, 60_000);
afterAll(async () => app?.close());

async function dashboard(lang = "en") {
  const res = await analyst.get(`/app?lang=${lang}`);
  expect(res.status).toBe(200);
  return res.text();
}

describe("dashboard", () => {
  it("shows NPS and CSAT per segment with n and interval, and too few answers under the minimum", async () => {
    const html = await dashboard();
    const seg = html.slice(html.indexOf('id="dash-seg"'));
    expect(textOf(seg)).toContain("NPS and CSAT by segment (last 30 days)");
    const ent = npsFromScores(enterpriseNps);
    expect(ent.n).toBe(30);
    const npsTier = seg.slice(seg.indexOf('id="seg-dash-nps"'), seg.indexOf('id="seg-dash-csat"'));
    expect(block(npsTier, 'data-segment="enterprise"')).toBe(` enterprise 30 ${f1(ent.nps!)} ${f1(ent.interval!.low)} to ${f1(ent.interval!.high)} `);
    expect(f1(ent.nps!)).toBe("33.3");
    expect(block(npsTier, 'data-segment="standard"')).toBe(" standard 5 too few answers ");
    // region and plan: all 35 answers together
    const all = npsFromScores([...enterpriseNps, ...standardNps]);
    const region = npsTier.slice(npsTier.indexOf('data-dimension="region"'));
    expect(block(region, 'data-segment="kr"')).toBe(` kr 35 ${f1(all.nps!)} ${f1(all.interval!.low)} to ${f1(all.interval!.high)} `);
    const csatTier = seg.slice(seg.indexOf('id="seg-dash-csat"'));
    const c = csatFromDistribution([0, 6, 0, 0, 24]);
    expect(block(csatTier, 'data-segment="enterprise"')).toBe(` enterprise 30 80.0 % ${formatNumber("en", c.interval!.low * 100, 1)} % to ${formatNumber("en", c.interval!.high * 100, 1)} % `);
    expect(csatTier.includes('data-segment="standard"')).toBe(false);
    // The answer from two months back (no segment) is not in the last 30 days.
    expect(npsTier.includes('data-segment=""')).toBe(false);
  });

  it("counts months in the organisation's zone and says so", async () => {
    const html = await dashboard();
    expect(textOf(html)).toContain("Months are calendar months of submission in Asia/Seoul (the organisation's time zone).");
    const oldMonth = monthsBefore(monthIn(now, ZONE), 2);
    const chart = html.slice(html.indexOf('id="dash-nps"'), html.indexOf('id="dash-csat"'));
    // The answer at 01:00 Seoul on the 1st (the day before in UTC) is the first month, alone.
    const table = chart.slice(chart.indexOf("<tbody"), chart.indexOf("</tbody>"));
    const one = npsFromScores([0]);
    expect(textOf(table.slice(0, table.indexOf("</tr>")))).toBe(` ${oldMonth} ${f1(-100)} ${f1(one.interval!.low)} – ${f1(one.interval!.high)} 1 `);
  });

  it("shows each SLA's compliance this month from the report's figures, linking to the report", async () => {
    const html = await dashboard();
    const month = monthIn(now, ZONE);
    const panel = html.slice(html.indexOf('id="dash-sla"'), html.indexOf('id="dash-risk"'));
    // Opened this month: met, breached, still running (the resolved late one is a second breach).
    expect(textOf(panel)).toContain(`${month} (calendar month in Asia/Seoul), 4 cases opened this month`);
    // share met = met / (met + breached) = 1 / 3; one pending; two misses
    expect(block(panel, 'data-objective="first_response"')).toBe(" First response 33.3 % 1 2 2 1 ");
    expect(block(panel, 'data-objective="availability"')).toBe(" Availability 99.000 % target 99.90 % ✖ Missed ");
    expect(panel).toContain(`href="/app/reports?sla=${slaId}&amp;month=${month}"`);
  });

  it("lists open cases near or past a deadline, nearest deadline first, linking to each and to the filtered list", async () => {
    const html = await dashboard();
    const panel = html.slice(html.indexOf('id="dash-risk"'));
    expect(panel).toContain('data-at-risk="1" data-breached="1"');
    expect(textOf(panel)).toContain("Among cases still open: 1 near its deadline, 1 past a deadline.");
    const breached = panel.indexOf(`data-case="${caseBreached}"`);
    const atRisk = panel.indexOf(`data-case="${caseAtRisk}"`);
    expect(breached).toBeGreaterThan(-1);
    expect(atRisk).toBeGreaterThan(breached);
    expect(panel.includes(`data-case="${caseMet}"`)).toBe(false);
    expect(block(panel, `data-case="${caseAtRisk}"`, "li")).toContain("Ten minutes left ⚠ At risk");
    expect(block(panel, `data-case="${caseBreached}"`, "li")).toContain("Nobody answered ✖ Breached");
    expect(panel).toContain(`href="/app/cases/${caseAtRisk}"`);
    expect(panel).toContain('href="/app/cases?risk=at_risk"');
    expect(panel).toContain('href="/app/cases?risk=breached"');
  });

  it("is complete in Korean", async () => {
    const html = textOf(await dashboard("ko"));
    expect(html).toContain("세그먼트별 NPS와 CSAT (최근 30일)");
    expect(html).toContain("응답 부족");
    expect(html).toContain("이번 달 SLA 준수");
    expect(html).toContain("진행 중인 사례 중 기한 임박 1건, 기한 초과 1건.");
    expect(html).toContain("월은 응답 제출 시각의 Asia/Seoul 기준 달력 월입니다 (조직 시간대).");
  });
});
