import { sql } from "kysely";
import {
  cesFromStats,
  compareMeans,
  compareNps,
  compareProportions,
  csatFromCounts,
  minSegmentN,
  npsFromCounts,
  type Comparison,
  type CsatResult,
  type MeanResult,
  type NpsResult,
} from "../../analysis/metrics";
import {
  addDays,
  daysBetween,
  objectiveCompliance,
  PACK_DEFINITIONS_VERSION,
  type EvidencePack,
  type MetricFigure,
  type MetricSection,
  type MetricValue,
  type ObjectiveTarget,
  type PackCase,
  type PackCredit,
  type PackProcessChange,
  type PackTheme,
  type Priority,
  type SegmentFigure,
} from "../../analysis/review";
import { creditFor, timerKinds, type CreditTier, type TimerKind } from "../../analysis/sla";
import { themeNpsImpactFromCounts } from "../../analysis/themes/impact";
import type { SlaArea } from "../../db/schema";
import { db } from "~/db.server";
import { casesForReport, openCasesForSla } from "./case.server";
import { followUpForCases } from "./follow-up.server";
import { availabilityForMonth, monthOf } from "./measurement.server";
import { getVersionInForce, localMidnight, type VersionInForce } from "./sla.server";
import { isUuid } from "~/utils/uuid";

// The evidence pack of a review meeting: every number comes from an SQL aggregate (counts per
// score, per segment, per account) fed to analysis/metrics and analysis/review; no response is
// loaded one by one, so a quarter over a million responses costs a few grouped scans. Cases are
// judged in JS (analysis/sla timers rebuild each clock from its history), as the compliance
// report does.

export class EvidenceError extends Error {
  constructor(public readonly code: "slaNotFound" | "period") {
    super(code);
  }
}

type Range = { from: Date; to: Date };
type ScoreRow = { period: string; type: string; value_int: number; tier: string | null; region: string | null; plan: string | null; g_tier: number; g_region: number; g_plan: number; n: number };
type Dist = { nps: number[]; csat: number[]; ces: number[] };

const emptyDist = (): Dist => ({ nps: new Array(11).fill(0), csat: new Array(5).fill(0), ces: new Array(7).fill(0) });
const scaleMin: Record<keyof Dist, number> = { nps: 0, csat: 1, ces: 1 };

function addTo(d: Dist, type: string, value: number, n: number) {
  if (type !== "nps" && type !== "csat" && type !== "ces") return;
  const arr = d[type];
  const i = value - scaleMin[type];
  if (i >= 0 && i < arr.length) arr[i] += n;
}

function npsOf(c: number[]): NpsResult {
  return npsFromCounts({ promoters: c[9] + c[10], passives: c[7] + c[8], detractors: c.slice(0, 7).reduce((s, x) => s + x, 0) });
}
function csatOf(c: number[]): CsatResult {
  return csatFromCounts({ satisfied: c[3] + c[4], n: c.reduce((s, x) => s + x, 0) });
}
function cesOf(c: number[]): MeanResult {
  // Mean and sample sd from the 7 counts: the same figures as cesFromDistribution, via cesFromStats.
  const n = c.reduce((s, x) => s + x, 0);
  if (!n) return cesFromStats({ n: 0, mean: null, sd: null });
  const mean = c.reduce((s, x, i) => s + x * (i + 1), 0) / n;
  const ss = c.reduce((s, x, i) => s + x * (i + 1 - mean) ** 2, 0);
  return cesFromStats({ n, mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : null });
}
function figureOf(metric: keyof Dist, d: Dist): MetricFigure {
  if (metric === "nps") return { metric, result: npsOf(d.nps) };
  if (metric === "csat") return { metric, result: csatOf(d.csat) };
  return { metric, result: cesOf(d.ces) };
}
function compareFigures(a: MetricFigure, b: MetricFigure): Comparison {
  if (a.metric === "nps" && b.metric === "nps") return compareNps(a.result, b.result);
  if (a.metric === "csat" && b.metric === "csat") return compareProportions(a.result, b.result);
  if (a.metric === "ces" && b.metric === "ces") return compareMeans(a.result, b.result);
  throw new Error("compared figures of different metrics");
}

/** Finished responses of the SLA's customers: the account's tier, else the tier on the link. */
const ofSla = (tiers: string[]) => sql`coalesce(acc.tier, r.segment->>'tier') = any(${tiers}::text[])`;

/** Score counts per period (current / previous), overall and per tier, region and plan: one grouped scan. */
async function scoreCounts(tiers: string[], current: Range, previous: Range) {
  // One pass over the answers into a few hundred counts, then the grouping sets over those. The
  // planner cannot estimate the SLA filter on the segment JSON (it guesses a few hundred rows of a
  // quarter's million) and then walks the answers index once per response and sorts on disk:
  // hash joins, hash aggregation and memory for the one statement (SET LOCAL ends with its transaction).
  const rows = await db.transaction().execute(async (trx) => {
    await sql`set local enable_nestloop = off`.execute(trx);
    await sql`set local work_mem = '64MB'`.execute(trx);
    await sql`set local enable_sort = off`.execute(trx);
    return sql<ScoreRow>`
    with counted as (
      select case when r.submitted_at >= ${current.from} then 'cur' else 'prev' end as period,
        q.type, a.value_int,
        coalesce(r.segment->>'tier', acc.tier) as tier,
        coalesce(r.segment->>'region', acc.region) as region,
        coalesce(r.segment->>'plan', acc.plan) as plan,
        count(*) as n
      from answers a
      join responses r on r.id = a.response_id
      join questions q on q.id = a.question_id
      left join accounts acc on acc.id = r.account_id
      where r.finished and r.submitted_at >= ${previous.from} and r.submitted_at < ${current.to}
        and q.type in ('nps', 'csat', 'ces') and a.value_int is not null and ${ofSla(tiers)}
      group by 1, 2, 3, 4, 5, 6
    )
    select period, type, value_int, tier, region, plan,
      grouping(tier)::int as g_tier, grouping(region)::int as g_region, grouping(plan)::int as g_plan, sum(n)::int as n
    from counted
    group by grouping sets ((period, type, value_int), (period, type, value_int, tier), (period, type, value_int, region), (period, type, value_int, plan))`.execute(trx);
  });
  const overall = { cur: emptyDist(), prev: emptyDist() };
  const segments = { tier: new Map<string | null, Dist>(), region: new Map<string | null, Dist>(), plan: new Map<string | null, Dist>() };
  for (const r of rows.rows) {
    const period = r.period === "cur" ? "cur" : "prev";
    if (r.g_tier && r.g_region && r.g_plan) addTo(overall[period], r.type, r.value_int, r.n);
    else if (period === "cur") {
      for (const d of ["tier", "region", "plan"] as const) {
        const flag = d === "tier" ? r.g_tier : d === "region" ? r.g_region : r.g_plan;
        if (flag) continue;
        const m = segments[d];
        const dist = m.get(r[d]) ?? emptyDist();
        addTo(dist, r.type, r.value_int, r.n);
        m.set(r[d], dist);
      }
    }
  }
  return { overall, segments };
}

async function responseCount(tiers: string[], range: Range): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from responses r left join accounts acc on acc.id = r.account_id
    where r.finished and r.submitted_at >= ${range.from} and r.submitted_at < ${range.to} and ${ofSla(tiers)}`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/** NPS / CSAT / CES of the SLA's customers over a range (overall only). */
async function overallFigures(tiers: string[], range: Range): Promise<Dist> {
  const rows = await sql<{ type: string; value_int: number; n: number }>`
    select q.type, a.value_int, count(*)::int as n
    from answers a join responses r on r.id = a.response_id join questions q on q.id = a.question_id
    left join accounts acc on acc.id = r.account_id
    where r.finished and r.submitted_at >= ${range.from} and r.submitted_at < ${range.to}
      and q.type in ('nps', 'csat', 'ces') and a.value_int is not null and ${ofSla(tiers)}
    group by q.type, a.value_int`.execute(db);
  const d = emptyDist();
  for (const r of rows.rows) addTo(d, r.type, r.value_int, r.n);
  return d;
}

/** Score counts per account, for the met / breached comparison. */
async function scoresByAccount(accountIds: string[], range: Range) {
  if (!accountIds.length) return [];
  const rows = await sql<{ account_id: string; type: string; value_int: number; n: number }>`
    select r.account_id, q.type, a.value_int, count(*)::int as n
    from answers a join responses r on r.id = a.response_id join questions q on q.id = a.question_id
    where r.finished and r.submitted_at >= ${range.from} and r.submitted_at < ${range.to}
      and q.type in ('nps', 'csat') and a.value_int is not null and r.account_id = any(${accountIds}::uuid[])
    group by r.account_id, q.type, a.value_int`.execute(db);
  return rows.rows;
}

function monthsOf(range: Range, timezone: string): string[] {
  const first = monthOf(range.from, timezone);
  const last = monthOf(new Date(range.to.getTime() - 1), timezone);
  const out: string[] = [];
  let [y, m] = first.split("-").map(Number);
  for (let guard = 0; guard < 1200; guard++) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    out.push(key);
    if (key >= last) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

function timeTargets(version: VersionInForce | null): ObjectiveTarget[] {
  if (!version) return [];
  return version.objectives
    .filter((o) => (timerKinds as readonly string[]).includes(o.kind) && o.priority)
    .map((o) => ({
      objective: o.kind as TimerKind,
      priority: o.priority as Priority,
      targetMinutes: o.unit === "hours" ? o.target * 60 : o.target,
      mode: o.mode ?? "business",
    }));
}

async function compliance(slaId: string, range: Range, timezone: string, months: string[], targets: ObjectiveTarget[], now: Date) {
  const cases = await casesForReport(slaId, range.from, range.to, now);
  const judged = cases.filter((c) => c.timers).map((c) => ({ priority: c.priority as Priority, month: monthOf(c.openedAt, timezone), timers: c.timers, accountId: c.accountId }));
  return { cases: judged, objectives: objectiveCompliance(judged, targets, months), raw: cases };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const dateOnly = (d: Date, timezone: string) => {
  let format = dateFormats.get(timezone);
  if (!format) dateFormats.set(timezone, (format = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" })));
  return format.format(d);
};

async function themesSection(tiers: string[], range: Range, timezone: string): Promise<EvidencePack["themes"]> {
  const scope = sql`fi.occurred_at >= ${range.from} and fi.occurred_at < ${range.to} and coalesce(acc.tier, fi.segment->>'tier') = any(${tiers}::text[])`;
  const volume = await sql<{ id: string; name: string; sla_area: SlaArea | null; items: number }>`
    select t.id, t.name, t.sla_area, count(distinct ta.feedback_item_id)::int as items
    from theme_assignments ta
    join themes t on t.id = ta.theme_id and t.status = 'active'
    join feedback_items fi on fi.id = ta.feedback_item_id
    left join accounts acc on acc.id = fi.account_id
    where ${scope}
    group by t.id, t.name, t.sla_area
    order by items desc, t.name
    limit 12`.execute(db);
  if (!volume.rows.length) return { available: false };
  const ids = volume.rows.map((t) => t.id);
  const total = await sql<{ n: number }>`
    select count(*)::int as n from feedback_items fi left join accounts acc on acc.id = fi.account_id where ${scope}`.execute(db);
  const trend = await sql<{ theme_id: string; month: string; n: number }>`
    select ta.theme_id, to_char(fi.occurred_at at time zone ${timezone}, 'YYYY-MM') as month, count(distinct fi.id)::int as n
    from theme_assignments ta join feedback_items fi on fi.id = ta.feedback_item_id left join accounts acc on acc.id = fi.account_id
    where ${scope} and ta.theme_id = any(${ids}::uuid[])
    group by 1, 2`.execute(db);
  const quotes = await sql<{ theme_id: string; text: string; source: string; account_name: string | null; occurred_at: Date }>`
    select theme_id, text, source, account_name, occurred_at from (
      select ta.theme_id, fi.text, fi.source, acc.name as account_name, fi.occurred_at,
        row_number() over (partition by ta.theme_id order by fi.occurred_at desc, fi.id) as k
      from theme_assignments ta join feedback_items fi on fi.id = ta.feedback_item_id left join accounts acc on acc.id = fi.account_id
      where ${scope} and ta.theme_id = any(${ids}::uuid[])
    ) q where k <= 3 order by theme_id, occurred_at desc`.execute(db);
  // NPS buckets of scored items, in each theme and overall: the impact needs only these counts.
  const buckets = await sql<{ theme_id: string; bucket: number; n: number }>`
    select ta.theme_id, case when fi.score >= 9 then 1 when fi.score >= 7 then 0 else -1 end as bucket, count(distinct fi.id)::int as n
    from theme_assignments ta join feedback_items fi on fi.id = ta.feedback_item_id left join accounts acc on acc.id = fi.account_id
    where ${scope} and ta.theme_id = any(${ids}::uuid[]) and fi.score_scale = 'nps' and fi.score is not null
    group by 1, 2`.execute(db);
  const all = { 1: 0, 0: 0, [-1]: 0 } as Record<number, number>;
  const inTheme = new Map<string, Record<number, number>>();
  for (const b of buckets.rows) {
    const m = inTheme.get(b.theme_id) ?? { 1: 0, 0: 0, [-1]: 0 };
    m[b.bucket] += b.n;
    inTheme.set(b.theme_id, m);
  }
  const totals = await sql<{ bucket: number; n: number }>`
    select case when fi.score >= 9 then 1 when fi.score >= 7 then 0 else -1 end as bucket, count(*)::int as n
    from feedback_items fi left join accounts acc on acc.id = fi.account_id
    where ${scope} and fi.score_scale = 'nps' and fi.score is not null group by 1`.execute(db);
  for (const t of totals.rows) all[t.bucket] = t.n;
  const items: PackTheme[] = volume.rows.map((t) => {
    const inside = inTheme.get(t.id) ?? { 1: 0, 0: 0, [-1]: 0 };
    const counts = (c: Record<number, number>) => ({ promoters: c[1], passives: c[0], detractors: c[-1] });
    const outside = { 1: all[1] - inside[1], 0: all[0] - inside[0], [-1]: all[-1] - inside[-1] };
    const impact = themeNpsImpactFromCounts(counts(inside), counts(outside), { seed: 7 });
    return {
      id: t.id,
      name: t.name,
      area: t.sla_area,
      items: t.items,
      share: total.rows[0]?.n ? t.items / total.rows[0].n : 0,
      impact: impact.impact,
      interval: impact.interval,
      quotes: quotes.rows
        .filter((q) => q.theme_id === t.id)
        .map((q) => ({ text: q.text, source: q.source, accountName: q.account_name, date: dateOnly(q.occurred_at, timezone) })),
      trend: trend.rows
        .filter((r) => r.theme_id === t.id)
        .map((r) => ({ month: r.month, items: r.n }))
        .sort((a, b) => a.month.localeCompare(b.month)),
    };
  });
  return { available: true, items };
}

async function availabilityPercentOver(service: string, range: Range): Promise<{ percent: number | null; minutes: number }> {
  const r = await sql<{ good: string | null; total: string | null }>`
    select sum(good_minutes) as good, sum(total_minutes) as total from measurements
    where service = ${service} and window_start >= ${range.from} and window_end <= ${range.to}`.execute(db);
  const good = Number(r.rows[0]?.good ?? 0), total = Number(r.rows[0]?.total ?? 0);
  return { percent: total ? (100 * good) / total : null, minutes: total };
}

function valueOf(f: MetricFigure): MetricValue {
  if (f.metric === "nps") return { kind: "nps", n: f.result.n, value: f.result.nps, interval: f.result.interval && { low: f.result.interval.low, high: f.result.interval.high } };
  if (f.metric === "csat") return { kind: "csat", n: f.result.n, value: f.result.csat, interval: f.result.interval && { low: f.result.interval.low, high: f.result.interval.high } };
  return { kind: "ces", n: f.result.n, value: f.result.mean, interval: f.result.interval && { low: f.result.interval.low, high: f.result.interval.high } };
}

/** Dates of a meeting's period as instants in the SLA's zone: [start 00:00, day after end 00:00). */
export function periodRange(periodStart: string, periodEnd: string, timezone: string): Range {
  return { from: localMidnight(periodStart, timezone), to: localMidnight(addDays(periodEnd, 1), timezone) };
}

/**
 * The evidence pack of one SLA over a period ("YYYY-MM-DD" dates, both included, in the SLA
 * calendar's zone), against the previous period of the same length. Plain JSON: the meeting
 * freezes it as it is; analysis/review packToReviewEvidence(pack) feeds draftProposals.
 * Call it outside a transaction: it reads through its own (one statement needs SET LOCAL), and
 * on the embedded database (one connection) a transaction held by the caller would block it.
 */
export async function buildEvidencePack(slaId: string, periodStart: string, periodEnd: string, now: Date = new Date()): Promise<EvidencePack> {
  if (!isUuid(slaId)) throw new EvidenceError("slaNotFound");
  const sla = await db.selectFrom("slas").select(["id", "name", "service", "tiers"]).where("id", "=", slaId).executeTakeFirst();
  if (!sla) throw new EvidenceError("slaNotFound");
  if (!(periodEnd >= periodStart)) throw new EvidenceError("period");
  const version = (await getVersionInForce({ slaId }, now)) ?? null;
  const timezone = version?.calendar.timezone ?? "UTC";
  const current = periodRange(periodStart, periodEnd, timezone);
  const length = daysBetween(periodStart, periodEnd) + 1;
  const previousStart = addDays(periodStart, -length);
  const previousEnd = addDays(periodStart, -1);
  const previous = periodRange(previousStart, previousEnd, timezone);
  const months = monthsOf(current, timezone);
  const tiers = sla.tiers;
  const minN = minSegmentN;

  // Satisfaction figures, this period against the previous one, with segments.
  const counts = await scoreCounts(tiers, current, previous);
  const metrics: MetricSection[] = (["nps", "csat", "ces"] as const).map((metric) => {
    const cur = figureOf(metric, counts.overall.cur);
    const prev = figureOf(metric, counts.overall.prev);
    return {
      metric,
      current: cur,
      previous: prev,
      change: compareFigures(cur, prev),
      segments: (["tier", "region", "plan"] as const).map((dimension) => ({
        dimension,
        groups: [...counts.segments[dimension].entries()]
          .map(([value, dist]): SegmentFigure => {
            const figure = figureOf(metric, dist);
            const n = figure.result.n;
            return { value, n, tooFew: n < minN, figure: n < minN ? null : figure };
          })
          .filter((g) => g.n > 0)
          .sort((a, b) => (a.value === null ? 1 : b.value === null ? -1 : a.value.localeCompare(b.value))),
      })),
    };
  });

  // SLA compliance per objective and priority, with months.
  const targets = timeTargets(version);
  const comp = await compliance(sla.id, current, timezone, months, targets, now);

  // Availability and credits per month.
  const availabilityTarget = version?.objectives.find((o) => o.kind === "availability")?.target ?? null;
  const availabilityMonths = [];
  for (const month of months) {
    const a = await availabilityForMonth(sla.id, sla.service, month, timezone);
    if (!a) continue;
    const monthMinutes = (a.end.getTime() - a.start.getTime()) / 60_000;
    availabilityMonths.push({
      month,
      percent: a.percent,
      coverage: monthMinutes ? a.totalMinutes / monthMinutes : 0,
      meetsObjective: a.meetsObjective,
      errorBudgetMinutes: a.errorBudgetMinutes,
      errorBudgetLeftMinutes: a.errorBudgetLeftMinutes,
      badMinutes: a.badMinutes,
    });
  }
  const creditTable: CreditTier[] = version?.remedies.credits ?? [];
  const accounts = tiers.length
    ? await db.selectFrom("accounts").select(["id", "name", "tier", "monthly_fee"]).where("tier", "in", tiers).orderBy("name").execute()
    : [];
  const creditRows: PackCredit[] = [];
  for (const a of accounts) {
    const fee = Number(a.monthly_fee);
    const perMonth = availabilityMonths
      .filter((m) => m.percent !== null)
      .map((m) => {
        const c = creditFor(m.percent!, creditTable, fee);
        return { month: m.month, creditPercent: c.creditPercent, amount: c.amount };
      })
      .filter((m) => m.amount > 0 || m.creditPercent > 0);
    const total = perMonth.reduce((s, m) => s + m.amount, 0);
    if (perMonth.length) creditRows.push({ accountId: a.id, accountName: a.name, tier: a.tier, monthlyFee: fee, months: perMonth, total });
  }

  // Customers whose cases all met the SLA against those with a breach.
  const breachedAccounts = new Set(comp.cases.filter((c) => timerKinds.some((k) => c.timers[k].breachedAt)).map((c) => c.accountId));
  const metAccounts = new Set(comp.cases.map((c) => c.accountId).filter((id) => !breachedAccounts.has(id)));
  const perAccount = await scoresByAccount([...metAccounts, ...breachedAccounts], current);
  const group = (ids: Set<string>) => {
    const d = emptyDist();
    for (const r of perAccount) if (ids.has(r.account_id)) addTo(d, r.type, r.value_int, r.n);
    return { accounts: ids.size, nps: npsOf(d.nps), csat: csatOf(d.csat) };
  };
  const met = group(metAccounts), breached = group(breachedAccounts);
  // The follow-up answers of the period's cases themselves, met against breached.
  const followUp = await followUpForCases(comp.raw, minN);

  // Open and at-risk cases now.
  const open = await openCasesForSla(sla.id, now);
  const caseList: PackCase[] = open.map((c) => ({
    id: c.id,
    number: c.number,
    title: c.title,
    priority: c.priority,
    accountName: c.accountName,
    status: c.status,
    atRisk: c.timers ? timerKinds.filter((k) => c.timers![k].atRisk) : [],
    breached: c.timers ? timerKinds.filter((k) => c.timers![k].breachedAt) : [],
    openedAt: c.openedAt.toISOString(),
  }));
  const atRisk = caseList.filter((c) => c.atRisk.length).length;
  // The pack lists at-risk and breached open cases first; at most 100 rows, the counts are whole.
  caseList.sort((a, b) => Number(b.atRisk.length > 0) - Number(a.atRisk.length > 0) || Number(b.breached.length > 0) - Number(a.breached.length > 0) || a.openedAt.localeCompare(b.openedAt));

  const themes = await themesSection(tiers, current, timezone);
  const previousSection = await previousMeetingSection(sla.id, sla.service, tiers, periodStart, timezone, current, metrics, comp.objectives, targets, now);

  return {
    definitionsVersion: PACK_DEFINITIONS_VERSION,
    generatedAt: now.toISOString(),
    sla: { id: sla.id, name: sla.name, service: sla.service, tiers },
    period: { start: periodStart, end: periodEnd, timezone, months, previousStart, previousEnd },
    version: version
      ? {
          id: version.id,
          version: version.version,
          reviewCadence: version.reviewCadence,
          slots: version.calendar.slots,
          credits: creditTable,
          alternative: version.remedies.alternative ?? {},
          providerDuties: version.providerDuties ?? {},
        }
      : null,
    minSegmentN: minN,
    responses: await responseCount(tiers, current),
    metrics,
    compliance: { cases: comp.cases.length, objectives: comp.objectives },
    availability: availabilityTarget !== null ? { targetPercent: availabilityTarget, months: availabilityMonths } : null,
    credits: { accounts: creditRows, total: creditRows.reduce((s, c) => s + c.total, 0) },
    satisfaction: { met, breached, nps: compareNps(met.nps, breached.nps), csat: compareProportions(met.csat, breached.csat) },
    followUp,
    cases: { open: caseList.length, atRisk, list: caseList.slice(0, 100) },
    themes,
    previous: previousSection,
  };
}

/**
 * The previous meeting of the SLA (the latest opened one whose period ended before this one
 * starts): its approved proposals, and its process changes with the metric each aims at over
 * that meeting's period (before) and this period (after).
 */
async function previousMeetingSection(
  slaId: string,
  service: string,
  tiers: string[],
  periodStart: string,
  timezone: string,
  current: Range,
  metrics: MetricSection[],
  objectives: EvidencePack["compliance"]["objectives"],
  targets: ObjectiveTarget[],
  now: Date,
): Promise<EvidencePack["previous"]> {
  const prev = await db
    .selectFrom("review_meetings")
    .select(["id", sql<string>`period_start::text`.as("period_start"), sql<string>`period_end::text`.as("period_end")])
    .where("sla_id", "=", slaId)
    .where("status", "!=", "scheduled")
    .where(sql<boolean>`period_end < ${periodStart}::date`)
    .orderBy("period_end", "desc")
    .orderBy("scheduled_for", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!prev) return { meeting: null, decisions: [], processChanges: [] };
  const decisions = await db
    .selectFrom("proposals")
    .select(["id", "rule", "change", "rationale", "adverse", "decided_at"])
    .where("meeting_id", "=", prev.id)
    .where("status", "=", "approved")
    .orderBy("position")
    .execute();
  const changes = await db
    .selectFrom("process_changes")
    .leftJoin("users", "users.id", "process_changes.owner_id")
    .select([
      "process_changes.id",
      "process_changes.description",
      "process_changes.metric",
      "users.name as owner_name",
      sql<string | null>`process_changes.due_on::text`.as("due_on"),
      sql<string | null>`process_changes.done_on::text`.as("done_on"),
    ])
    .where("process_changes.meeting_id", "=", prev.id)
    .orderBy("process_changes.created_at")
    .execute();

  const before = periodRange(prev.period_start, prev.period_end, timezone);
  let beforeDist: Dist | null = null;
  let beforeObjectives: EvidencePack["compliance"]["objectives"] | null = null;
  const processChanges: PackProcessChange[] = [];
  for (const c of changes) {
    let b: MetricValue | null = null, a: MetricValue | null = null, comparison: Comparison | null = null;
    if (c.metric === "nps" || c.metric === "csat" || c.metric === "ces") {
      beforeDist ??= await overallFigures(tiers, before);
      const fb = figureOf(c.metric, beforeDist);
      const fa = metrics.find((m) => m.metric === c.metric)!.current;
      b = valueOf(fb);
      a = valueOf(fa);
      comparison = compareFigures(fa, fb);
    } else if (c.metric === "availability") {
      const pb = await availabilityPercentOver(service, before);
      const pa = await availabilityPercentOver(service, current);
      // Measured minutes are a count, not a sample: no significance test (said on the page).
      b = { kind: "availability", n: pb.minutes, value: pb.percent, interval: null };
      a = { kind: "availability", n: pa.minutes, value: pa.percent, interval: null };
    } else {
      const [objective, priority] = c.metric.split(":");
      const find = (list: EvidencePack["compliance"]["objectives"]) => list.find((o) => o.objective === objective && o.priority === priority);
      if (!beforeObjectives) {
        const prevMonths = monthsOf(before, timezone);
        beforeObjectives = (await compliance(slaId, before, timezone, prevMonths, targets, now)).objectives;
      }
      const ob = find(beforeObjectives), oa = find(objectives);
      const share = (o: typeof ob): MetricValue | null =>
        o ? { kind: "share_met", n: o.met + o.breached, value: o.shareMet, interval: o.interval && { low: o.interval.low, high: o.interval.high } } : null;
      b = share(ob);
      a = share(oa);
      if (ob && oa) comparison = compareProportions(csatFromCounts({ satisfied: oa.met, n: oa.met + oa.breached }), csatFromCounts({ satisfied: ob.met, n: ob.met + ob.breached }));
    }
    processChanges.push({ id: c.id, description: c.description, metric: c.metric, ownerName: c.owner_name, dueOn: c.due_on, doneOn: c.done_on, before: b, after: a, comparison });
  }
  return {
    meeting: { id: prev.id, periodStart: prev.period_start, periodEnd: prev.period_end },
    decisions: decisions.map((d) => ({ proposalId: d.id, rule: d.rule, change: d.change, rationale: d.rationale, adverse: d.adverse, decidedAt: d.decided_at ? d.decided_at.toISOString() : null })),
    processChanges,
  };
}

const r3 = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 1000) / 1000);

/** The pack's numbers as long-format CSV rows: section, item, segment, metric, value. */
export function packCsvRows(pack: EvidencePack): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  const put = (section: string, item: string, segment: string, metric: string, value: string | number | null) => rows.push([section, item, segment, metric, value]);
  put("pack", "sla", "", "service", pack.sla.service);
  put("pack", "period", "", "start", pack.period.start);
  put("pack", "period", "", "end", pack.period.end);
  put("pack", "period", "", "timezone", pack.period.timezone);
  put("pack", "period", "", "previous_start", pack.period.previousStart);
  put("pack", "period", "", "previous_end", pack.period.previousEnd);
  put("pack", "definitions", "", "version", pack.definitionsVersion);
  put("pack", "responses", "", "n", pack.responses);
  const figure = (section: string, item: string, segment: string, f: MetricFigure | null) => {
    if (!f) return;
    const value = f.metric === "nps" ? f.result.nps : f.metric === "csat" ? f.result.csat : f.result.mean;
    put(section, item, segment, "n", f.result.n);
    put(section, item, segment, f.metric, r3(value));
    put(section, item, segment, "interval_low", r3(f.result.interval?.low));
    put(section, item, segment, "interval_high", r3(f.result.interval?.high));
  };
  for (const m of pack.metrics) {
    figure("satisfaction", m.metric, "current", m.current);
    figure("satisfaction", m.metric, "previous", m.previous);
    put("satisfaction", m.metric, "change", "difference", r3(m.change.difference));
    put("satisfaction", m.metric, "change", "p", r3(m.change.p));
    put("satisfaction", m.metric, "change", "significant", m.change.p === null ? null : m.change.significant ? "yes" : "no");
    for (const s of m.segments)
      for (const g of s.groups) {
        const segment = `${s.dimension}=${g.value ?? ""}`;
        if (g.tooFew) {
          put("segment", m.metric, segment, "n", g.n);
          put("segment", m.metric, segment, "too_few_answers", "yes");
        } else figure("segment", m.metric, segment, g.figure);
      }
  }
  for (const o of pack.compliance.objectives) {
    const item = `${o.objective}:${o.priority}`;
    put("compliance", item, "", "target_minutes", o.targetMinutes);
    put("compliance", item, "", "met", o.met);
    put("compliance", item, "", "breached", o.breached);
    put("compliance", item, "", "pending", o.pending);
    put("compliance", item, "", "misses", o.misses);
    put("compliance", item, "", "share_met", r3(o.shareMet));
    put("compliance", item, "", "interval_low", r3(o.interval?.low));
    put("compliance", item, "", "interval_high", r3(o.interval?.high));
    for (const m of o.months) {
      put("compliance", item, m.month, "met", m.met);
      put("compliance", item, m.month, "breached", m.breached);
    }
  }
  if (pack.availability) {
    put("availability", "target", "", "percent", pack.availability.targetPercent);
    for (const m of pack.availability.months) {
      put("availability", m.month, "", "percent", r3(m.percent));
      put("availability", m.month, "", "coverage", r3(m.coverage));
      put("availability", m.month, "", "error_budget_left_minutes", r3(m.errorBudgetLeftMinutes));
    }
  }
  for (const c of pack.credits.accounts) put("credit", c.accountName, c.tier, "amount", Math.round(c.total * 100) / 100);
  put("credit", "total", "", "amount", Math.round(pack.credits.total * 100) / 100);
  for (const g of ["met", "breached"] as const) {
    const s = pack.satisfaction[g];
    put("met_vs_breached", g, "", "accounts", s.accounts);
    put("met_vs_breached", g, "", "nps_n", s.nps.n);
    put("met_vs_breached", g, "", "nps", r3(s.nps.nps));
    put("met_vs_breached", g, "", "csat_n", s.csat.n);
    put("met_vs_breached", g, "", "csat", r3(s.csat.csat));
  }
  put("met_vs_breached", "difference", "", "nps_p", r3(pack.satisfaction.nps.p));
  put("met_vs_breached", "difference", "", "csat_p", r3(pack.satisfaction.csat.p));
  const f = pack.followUp;
  if (!f) put("follow_up", "", "", "in_snapshot", "no");
  else {
    put("follow_up", "all", "", "sent", f.sent);
    put("follow_up", "all", "", "answered", f.answered);
    put("follow_up", "all", "", "response_rate", r3(f.responseRate));
    for (const g of ["met", "breached"] as const) {
      const x = f[g];
      put("follow_up", g, "", "sent", x.sent);
      put("follow_up", g, "", "csat_n", x.answered);
      if (x.csat) {
        put("follow_up", g, "", "csat", r3(x.csat.csat));
        put("follow_up", g, "", "interval_low", r3(x.csat.interval?.low));
        put("follow_up", g, "", "interval_high", r3(x.csat.interval?.high));
      } else put("follow_up", g, "", "too_few_answers", "yes");
    }
    put("follow_up", "difference", "", "csat_p", r3(f.comparison?.p));
    put("follow_up", "difference", "", "csat_significant", f.comparison?.p == null ? null : f.comparison.significant ? "yes" : "no");
  }
  put("cases", "open", "", "n", pack.cases.open);
  put("cases", "at_risk", "", "n", pack.cases.atRisk);
  if (pack.themes.available) {
    for (const t of pack.themes.items) {
      put("theme", t.name, "", "items", t.items);
      put("theme", t.name, "", "nps_impact", r3(t.impact));
      put("theme", t.name, "", "interval_low", r3(t.interval?.low));
      put("theme", t.name, "", "interval_high", r3(t.interval?.high));
    }
  } else put("theme", "", "", "available", "no");
  for (const c of pack.previous.processChanges) {
    put("process_change", c.description, c.metric, "before", r3(c.before?.value));
    put("process_change", c.description, c.metric, "after", r3(c.after?.value));
    put("process_change", c.description, c.metric, "p", r3(c.comparison?.p));
  }
  return rows;
}
