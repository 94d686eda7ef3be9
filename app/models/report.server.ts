import { compareNps, compareProportions, csatFromDistribution, npsFromScores, type Comparison, type FollowUpCsat } from "../../analysis/metrics";
import { complianceReport, creditFor, monthRange, timerKinds, type ComplianceReport, type CreditResult, type TimerKind } from "../../analysis/sla";
import type { Localized, Priority } from "../../db/schema";
import { db } from "~/db.server";
import { casesForReport } from "./case.server";
import { followUpForCases } from "./follow-up.server";
import { availabilityForMonth, monthOf, type MonthAvailability } from "./measurement.server";
import { getVersionInForce, listSlas } from "./sla.server";
import { isUuid } from "~/utils/uuid";

export const priorities: Priority[] = ["p1", "p2", "p3", "p4"];

export type ReportQuery = { slaId: string; month: string; tier: string | null };

export type SatisfactionGroup = { accounts: number; npsN: number; nps: number | null; csatN: number; csat: number | null };

export type ComplianceData = {
  sla: { id: string; name: Localized; service: string; tiers: string[] };
  month: string;
  tier: string | null;
  timezone: string;
  start: Date;
  end: Date;
  generatedAt: Date;
  version: { id: string; version: number; credits: { below: number; creditPercent: number; atLeast?: number }[] } | null;
  overall: ComplianceReport;
  byPriority: Record<Priority, ComplianceReport>;
  breaches: { caseId: string; number: number; title: string; accountName: string; priority: Priority; timer: TimerKind; breachedAt: Date }[];
  availability: MonthAvailability | null;
  credits: { accountId: string; accountName: string; tier: string; monthlyFee: number; credit: CreditResult | null }[];
  satisfaction: {
    met: SatisfactionGroup;
    breached: SatisfactionGroup;
    nps: Comparison;
    csat: Comparison;
  };
  /** Follow-up CSAT of the month's cases (by month opened) that met their SLA against those that breached. */
  followUp: FollowUpCsat;
};

/** The SLAs the report can be run for, and the tiers of each. */
export async function reportChoices(now = new Date()) {
  const slas = await listSlas(now);
  return slas.map((s) => ({ id: s.id, name: s.name, service: s.service, tiers: s.tiers }));
}

/** The current month in an SLA's calendar zone (for the default period). */
export async function currentMonthFor(slaId: string, now = new Date()): Promise<string> {
  const v = await getVersionInForce({ slaId }, now);
  return monthOf(now, v?.calendar.timezone ?? "UTC");
}

/**
 * Compliance of one SLA over one calendar month (in the calendar's zone), optionally one tier.
 * Every figure comes from analysis/: complianceReport (share met), availability, creditFor,
 * compareNps / compareProportions. Cases are judged by the version stamped on each.
 */
export async function complianceFor(q: ReportQuery, now = new Date()): Promise<ComplianceData | null> {
  const core = await complianceCore(q, now);
  if (!core) return null;
  const { sla, start, end, version, timezone, judgedAt, cases, overall, byPriority, availability } = core;
  const breaches: ComplianceData["breaches"] = [];
  for (const c of cases) {
    for (const k of timerKinds) {
      const at = c.timers[k].breachedAt;
      if (at) breaches.push({ caseId: c.id, number: c.number, title: c.title, accountName: c.accountName, priority: c.priority, timer: k, breachedAt: at });
    }
  }
  breaches.sort((a, b) => a.breachedAt.getTime() - b.breachedAt.getTime());

  const tiers = q.tier ? [q.tier] : sla.tiers;
  const accounts = tiers.length
    ? await db.selectFrom("accounts").select(["id", "name", "tier", "monthly_fee"]).where("tier", "in", tiers).orderBy("name").execute()
    : [];
  const creditTable = version?.remedies.credits ?? [];
  const credits = accounts.map((a) => ({
    accountId: a.id,
    accountName: a.name,
    tier: a.tier,
    monthlyFee: Number(a.monthly_fee),
    credit: availability?.percent !== null && availability?.percent !== undefined ? creditFor(availability.percent, creditTable, Number(a.monthly_fee)) : null,
  }));

  // Customers whose cases all met the SLA, against those with at least one breach.
  const breachedAccounts = new Set(cases.filter((c) => timerKinds.some((k) => c.timers[k].breachedAt)).map((c) => c.accountId));
  const metAccounts = new Set(cases.map((c) => c.accountId).filter((id) => !breachedAccounts.has(id)));
  const scores = await scoresOf([...metAccounts, ...breachedAccounts], start, end);
  const group = (ids: Set<string>) => {
    const nps = scores.filter((s) => s.type === "nps" && ids.has(s.accountId)).map((s) => s.value);
    const csatCounts = [0, 0, 0, 0, 0];
    for (const s of scores) if (s.type === "csat" && ids.has(s.accountId) && s.value >= 1 && s.value <= 5) csatCounts[s.value - 1]++;
    return { npsResult: npsFromScores(nps), csatResult: csatFromDistribution(csatCounts), accounts: ids.size };
  };
  const m = group(metAccounts), b = group(breachedAccounts);
  const summary = (g: ReturnType<typeof group>): SatisfactionGroup => ({
    accounts: g.accounts,
    npsN: g.npsResult.n,
    nps: g.npsResult.nps,
    csatN: g.csatResult.n,
    csat: g.csatResult.n ? g.csatResult.satisfied / g.csatResult.n : null,
  });

  return {
    sla: { id: sla.id, name: sla.name, service: sla.service, tiers: sla.tiers },
    month: q.month,
    tier: q.tier,
    timezone,
    start,
    end,
    generatedAt: judgedAt,
    version: version ? { id: version.id, version: version.version, credits: creditTable } : null,
    overall,
    byPriority,
    breaches,
    availability,
    credits,
    satisfaction: { met: summary(m), breached: summary(b), nps: compareNps(m.npsResult, b.npsResult), csat: compareProportions(m.csatResult, b.csatResult) },
    followUp: await followUpForCases(cases),
  };
}

/**
 * The part of the report every view shares (the report, its CSV, the dashboard): the month's
 * cases judged by analysis/sla complianceReport, overall and per priority, and availability.
 */
async function complianceCore(q: ReportQuery, now: Date) {
  if (!isUuid(q.slaId)) return null;
  const sla = await db.selectFrom("slas").select(["id", "name", "service", "tiers"]).where("id", "=", q.slaId).executeTakeFirst();
  if (!sla) return null;
  // The zone of the period comes from the version in force at the month's start (else now).
  const probe = (await getVersionInForce({ slaId: sla.id }, now)) ?? null;
  const zoneGuess = probe?.calendar.timezone ?? "UTC";
  const { start, end } = monthRange(q.month, zoneGuess);
  const version = (await getVersionInForce({ slaId: sla.id }, start)) ?? (await getVersionInForce({ slaId: sla.id }, new Date(end.getTime() - 1)));
  const timezone = version?.calendar.timezone ?? zoneGuess;
  const judgedAt = now < end ? now : end;
  const cases = await casesForReport(sla.id, start, end, now, q.tier);
  const overall = complianceReport(cases);
  const byPriority = Object.fromEntries(priorities.map((p) => [p, complianceReport(cases.filter((c) => c.priority === p))])) as Record<Priority, ComplianceReport>;
  const availability = version ? await availabilityForMonth(sla.id, sla.service, q.month, timezone) : null;
  return { sla, start, end, version, timezone, judgedAt, cases, overall, byPriority, availability };
}

export type MonthCompliance = {
  sla: { id: string; name: Localized; service: string };
  month: string;
  timezone: string;
  cases: number;
  objectives: ({ kind: TimerKind } & Omit<ComplianceReport["objectives"][TimerKind], "breaches" | "atRisk">)[];
  availability: MonthAvailability | null;
};

/** Each SLA's compliance for its current month (in its calendar's zone), as the report computes it. */
export async function complianceThisMonth(now = new Date()): Promise<MonthCompliance[]> {
  const out: MonthCompliance[] = [];
  for (const s of await reportChoices(now)) {
    const month = await currentMonthFor(s.id, now);
    const core = await complianceCore({ slaId: s.id, month, tier: null }, now);
    if (!core) continue;
    // Breach and at-risk case lists stay on the report; the dashboard shows the counts.
    const objectives = timerKinds.map((kind) => {
      const { breaches: _b, atRisk: _r, ...o } = core.overall.objectives[kind];
      return { kind, ...o };
    });
    out.push({ sla: { id: s.id, name: s.name, service: s.service }, month, timezone: core.timezone, cases: core.overall.cases, objectives, availability: core.availability });
  }
  return out;
}

/** NPS and CSAT answers of finished responses from these accounts in [from, to). */
async function scoresOf(accountIds: string[], from: Date, to: Date) {
  if (!accountIds.length) return [];
  const rows = await db
    .selectFrom("answers")
    .innerJoin("questions", "questions.id", "answers.question_id")
    .innerJoin("responses", "responses.id", "answers.response_id")
    .select(["responses.account_id", "questions.type", "answers.value_int"])
    .where("responses.account_id", "in", accountIds)
    .where("responses.finished", "=", true)
    .where("responses.submitted_at", ">=", from)
    .where("responses.submitted_at", "<", to)
    .where("questions.type", "in", ["nps", "csat"])
    .where("answers.value_int", "is not", null)
    .execute();
  return rows.map((r) => ({ accountId: r.account_id!, type: r.type as "nps" | "csat", value: r.value_int! }));
}

/** The report as long-format CSV rows: section, item, priority, metric, value. */
export function complianceCsvRows(r: ComplianceData): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  const put = (section: string, item: string, priority: string, metric: string, value: string | number | null) => rows.push([section, item, priority, metric, value]);
  put("report", "sla", "", "service", r.sla.service);
  put("report", "period", "", "month", r.month);
  put("report", "period", "", "timezone", r.timezone);
  put("report", "tier", "", "tier", r.tier ?? "all");
  put("report", "version", "", "version", r.version?.version ?? null);
  const objective = (label: string, rep: ComplianceReport) => {
    for (const k of timerKinds) {
      const o = rep.objectives[k];
      put("objective", k, label, "applicable", o.applicable);
      put("objective", k, label, "met", o.met);
      put("objective", k, label, "breached", o.breached);
      put("objective", k, label, "pending", o.pending);
      put("objective", k, label, "share_met", o.shareMet);
    }
  };
  objective("all", r.overall);
  for (const p of priorities) if (r.byPriority[p].cases > 0) objective(p, r.byPriority[p]);
  for (const b of r.breaches) put("breach", `case ${b.number}`, b.priority, b.timer, b.breachedAt.toISOString());
  if (r.availability) {
    put("availability", r.sla.service, "", "percent", r.availability.percent);
    put("availability", r.sla.service, "", "objective_percent", r.availability.objectivePercent);
    put("availability", r.sla.service, "", "meets_objective", r.availability.meetsObjective === null ? null : r.availability.meetsObjective ? "yes" : "no");
    put("availability", r.sla.service, "", "error_budget_left_minutes", round(r.availability.errorBudgetLeftMinutes));
    put("availability", r.sla.service, "", "burn_rate", r.availability.burnRate === null ? null : round(r.availability.burnRate, 4));
  }
  for (const c of r.credits) {
    put("credit", c.accountName, c.tier, "monthly_fee", c.monthlyFee);
    put("credit", c.accountName, c.tier, "credit_percent", c.credit?.creditPercent ?? null);
    put("credit", c.accountName, c.tier, "credit_amount", c.credit ? round(c.credit.amount, 2) : null);
  }
  const sat = (metric: "nps" | "csat") => {
    const cmp = r.satisfaction[metric];
    put("satisfaction", "met", "", `${metric}_n`, metric === "nps" ? r.satisfaction.met.npsN : r.satisfaction.met.csatN);
    put("satisfaction", "met", "", metric, metric === "nps" ? r.satisfaction.met.nps : r.satisfaction.met.csat);
    put("satisfaction", "breached", "", `${metric}_n`, metric === "nps" ? r.satisfaction.breached.npsN : r.satisfaction.breached.csatN);
    put("satisfaction", "breached", "", metric, metric === "nps" ? r.satisfaction.breached.nps : r.satisfaction.breached.csat);
    put("satisfaction", "difference", "", `${metric}_p`, cmp.p === null ? null : round(cmp.p, 4));
    put("satisfaction", "difference", "", `${metric}_significant`, cmp.p === null ? null : cmp.significant ? "yes" : "no");
  };
  sat("nps");
  sat("csat");
  const f = r.followUp;
  put("follow_up", "all", "", "sent", f.sent);
  put("follow_up", "all", "", "answered", f.answered);
  put("follow_up", "all", "", "response_rate", f.responseRate === null ? null : round(f.responseRate, 4));
  for (const g of ["met", "breached"] as const) {
    const x = f[g];
    put("follow_up", g, "", "sent", x.sent);
    put("follow_up", g, "", "csat_n", x.answered);
    if (x.csat) {
      put("follow_up", g, "", "csat", round(x.csat.csat!, 4));
      put("follow_up", g, "", "interval_low", round(x.csat.interval!.low, 4));
      put("follow_up", g, "", "interval_high", round(x.csat.interval!.high, 4));
    } else put("follow_up", g, "", "too_few_answers", "yes");
  }
  put("follow_up", "difference", "", "csat_p", f.comparison?.p == null ? null : round(f.comparison.p, 4));
  put("follow_up", "difference", "", "csat_significant", f.comparison?.p == null ? null : f.comparison.significant ? "yes" : "no");
  return rows;
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
