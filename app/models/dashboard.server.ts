import {
  csatFromDistribution,
  minSegmentN,
  segmentOrTooFew,
  csatMonthOverMonth,
  monthOverMonth,
  npsFromDistribution,
  wilsonInterval,
  type CsatResult,
  type NpsResult,
  type TrendPoint,
} from "../../analysis/metrics";
import type { SentimentLabel } from "../../db/schema";
import { monthRange } from "../../analysis/sla";
import { monthsBetween } from "~/utils/dates";
import { answerCountsByMonth, answerCountsBySegment, recentFrom } from "./answer-count.server";
import { openCasesAtRisk, type CaseListRow } from "./case.server";
import { monthOf, previousMonths } from "./measurement.server";
import { complianceThisMonth, type MonthCompliance } from "./report.server";
import { segmentDimensions, type SegmentDimension, type SegmentGroup } from "./results.server";
import { orgTimeZone } from "./settings.server";
import { listThemes, sentimentMix, type ThemeSummary } from "./theme.server";

/**
 * The staff dashboard's figures: NPS and CSAT by month over every survey (one aggregate of answer
 * counts per month and score, fed to analysis/metrics), NPS and CSAT per segment over the recent
 * days, the top themes, the sentiment mix, each SLA's compliance this month and the cases at risk.
 * Months are the organisation's calendar months of the response's submission, as on results pages.
 */

const MONTHS = 12;
/** The period of the segments table, as the survey cards' "recent". */
export const RECENT_DAYS = 30;

const scale = { nps: { size: 11, offset: 0 }, csat: { size: 5, offset: 1 } } as const;

function addCount(out: Map<string | null, number[]>, key: string | null, type: "nps" | "csat", score: number, n: number) {
  const { size, offset } = scale[type];
  const i = score - offset;
  if (i < 0 || i >= size) return;
  const arr = out.get(key) ?? out.set(key, new Array<number>(size).fill(0)).get(key)!;
  arr[i] += n;
}

/** Answer counts per month (in the zone) and score, NPS and CSAT in one pass. */
async function scoreCounts(from: Date, zone: string): Promise<Record<"nps" | "csat", Map<string | null, number[]>>> {
  const rows = await answerCountsByMonth(from, zone, ["nps", "csat"]);
  const out = { nps: new Map<string | null, number[]>(), csat: new Map<string | null, number[]>() };
  for (const r of rows) addCount(out[r.type as "nps" | "csat"], r.month, r.type as "nps" | "csat", Number(r.score), Number(r.n));
  return out;
}

export type DashboardSegments = {
  days: number;
  /** ISO times of the period [from, to). */
  from: string;
  to: string;
  minN: number;
  nps: { dimension: SegmentDimension; groups: SegmentGroup[] }[];
  csat: { dimension: SegmentDimension; groups: SegmentGroup[] }[];
};

/** NPS and CSAT per tier, region and plan (the response's segment snapshot) over the recent days; groups under the minimum n show no number. */
async function segmentTables(now: Date, days: number, zone: string): Promise<DashboardSegments> {
  const from = recentFrom(now, days, zone), to = now;
  const rows = await answerCountsBySegment(from, zone, ["nps", "csat"]);
  const counts = { nps: new Map<SegmentDimension, Map<string | null, number[]>>(), csat: new Map<SegmentDimension, Map<string | null, number[]>>() };
  for (const type of ["nps", "csat"] as const) for (const d of segmentDimensions) counts[type].set(d, new Map());
  for (const r of rows) {
    const d: SegmentDimension = !Number(r.g_tier) ? "tier" : !Number(r.g_region) ? "region" : "plan";
    const type = r.type as "nps" | "csat";
    addCount(counts[type].get(d)!, r[d], type, Number(r.score), Number(r.n));
  }
  const tables = (type: "nps" | "csat") =>
    segmentDimensions.map((dimension) => ({
      dimension,
      groups: [...counts[type].get(dimension)!.entries()]
        .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
        .map(([value, c]): SegmentGroup => {
          const metric = type === "nps" ? { kind: "nps" as const, result: npsFromDistribution(c) } : { kind: "csat" as const, result: csatFromDistribution(c) };
          return { value, outcome: segmentOrTooFew({ ...metric, n: metric.result.n }, minSegmentN) };
        }),
    }));
  return { days, from: from.toISOString(), to: to.toISOString(), minN: minSegmentN, nps: tables("nps"), csat: tables("csat") };
}

export type Dashboard = {
  /** The organisation's zone: months are its calendar months. */
  timeZone: string;
  months: string[];
  nps: TrendPoint<NpsResult>[];
  csat: TrendPoint<CsatResult>[];
  segments: DashboardSegments;
  compliance: MonthCompliance[];
  risk: { atRisk: number; breached: number; rows: CaseListRow[] };
  topByVolume: ThemeSummary[];
  topByImpact: ThemeSummary[];
  sentiment: { label: SentimentLabel; n: number; share: number; low: number; high: number }[];
  sentimentN: number;
};

export async function dashboardOverview(now: Date): Promise<Dashboard> {
  const timeZone = await orgTimeZone();
  const thisMonth = monthOf(now, timeZone);
  const firstMonth = previousMonths(thisMonth, MONTHS)[MONTHS - 1];
  const from = monthRange(firstMonth, timeZone).start;
  // Independent reads, so their round trips overlap on PostgreSQL's pool.
  const [{ nps: npsCounts, csat: csatCounts }, segments, compliance, risk, { themes }, mix] = await Promise.all([
    scoreCounts(from, timeZone),
    segmentTables(now, RECENT_DAYS, timeZone),
    complianceThisMonth(now),
    openCasesAtRisk(now),
    listThemes(now, "volume"),
    sentimentMix(),
  ]);
  // From the first month with answers (at most twelve back) to this month.
  const first = [...npsCounts.keys(), ...csatCounts.keys()].filter((m): m is string => m !== null).sort()[0] ?? thisMonth;
  const months = monthsBetween(first, thisMonth);
  const nps = monthOverMonth(months.map((m) => ({ period: m, result: npsFromDistribution(npsCounts.get(m) ?? new Array(11).fill(0)) })));
  const csat = csatMonthOverMonth(months.map((m) => ({ period: m, result: csatFromDistribution(csatCounts.get(m) ?? new Array(5).fill(0)) })));
  const topByVolume = themes.slice(0, 5);
  const topByImpact = themes
    .filter((t) => t.impact.impact !== null)
    .sort((a, b) => a.impact.impact! - b.impact.impact! || a.name.localeCompare(b.name))
    .slice(0, 5);
  const sentimentN = mix.reduce((s, r) => s + r.n, 0);
  const sentiment = (["negative", "neutral", "positive"] as const).map((label) => {
    const n = mix.find((r) => r.label === label)?.n ?? 0;
    const iv = wilsonInterval(n, sentimentN);
    return { label, n, share: sentimentN ? n / sentimentN : 0, low: iv?.low ?? 0, high: iv?.high ?? 0 };
  });
  return { timeZone, months, nps, csat, segments, compliance, risk, topByVolume, topByImpact, sentiment, sentimentN };
}
