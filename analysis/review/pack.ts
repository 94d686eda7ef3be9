// The evidence pack: what a review meeting reads, frozen as JSON when the meeting opens. The app
// fills it from SQL aggregates (app/models/evidence.server.ts); everything here is pure: the
// shapes, the per-objective compliance from judged cases, and the pack -> ReviewEvidence step
// the proposal rules (rules.ts) consume.
import { wilsonInterval } from "../metrics/csat";
import type { CsatResult } from "../metrics/csat";
import type { FollowUpCsat } from "../metrics/follow-up";
import type { MeanResult } from "../metrics/mean";
import type { NpsCounts, NpsResult } from "../metrics/nps";
import type { Comparison, Interval } from "../metrics/types";
import type { CaseTimers, CreditTier, Slot, TimerKind, TimerMode } from "../sla";
import type { Priority } from "./changes";
import type { ReviewEvidence, SlaArea } from "./rules";

/**
 * Stored beside each frozen pack (evidence_packs.definitions_version): the definitions its
 * numbers were computed with. Change it whenever a definition below or in metrics/ changes.
 */
export const PACK_DEFINITIONS_VERSION =
  "pack-1; nps adjusted-wald 95%; csat wilson 95%; ces t 95%; min segment n 30; compliance by month opened; theme impact bootstrap; follow-up csat per case met/breached";

export type SegmentDimension = "tier" | "region" | "plan";

export type MetricFigure =
  | { metric: "nps"; result: NpsResult }
  | { metric: "csat"; result: CsatResult }
  | { metric: "ces"; result: MeanResult };

export interface SegmentFigure {
  value: string | null;
  n: number;
  /** Below the minimum n: shown as "too few answers", never as a number. */
  tooFew: boolean;
  figure: MetricFigure | null;
}

export interface MetricSection {
  metric: "nps" | "csat" | "ces";
  current: MetricFigure;
  previous: MetricFigure;
  /** current - previous with significance (compareNps, compareProportions, compareMeans). */
  change: Comparison;
  segments: { dimension: SegmentDimension; groups: SegmentFigure[] }[];
}

export interface PackMonthCompliance {
  month: string;
  met: number;
  breached: number;
  misses: number;
}

export interface PackObjective {
  objective: TimerKind;
  priority: Priority;
  targetMinutes: number;
  mode: TimerMode;
  applicable: number;
  met: number;
  breached: number;
  pending: number;
  misses: number;
  shareMet: number | null;
  /** Wilson 95 % interval of the share met. */
  interval: Interval | null;
  months: PackMonthCompliance[];
  /** Minutes on the clock of every judged case, as the 0th..100th percentiles (101 values, or none). */
  elapsedPercentiles: number[];
}

export interface PackAvailabilityMonth {
  month: string;
  percent: number | null;
  /** Measured minutes / minutes of the month. */
  coverage: number;
  meetsObjective: boolean | null;
  errorBudgetMinutes: number;
  errorBudgetLeftMinutes: number;
  badMinutes: number;
}

export interface PackCredit {
  accountId: string;
  accountName: string;
  tier: string;
  monthlyFee: number;
  months: { month: string; creditPercent: number; amount: number }[];
  total: number;
}

export interface SatisfactionGroup {
  accounts: number;
  nps: NpsResult;
  csat: CsatResult;
}

export interface PackQuote {
  text: string;
  source: string;
  accountName: string | null;
  date: string;
}

export interface PackTheme {
  id: string;
  name: string;
  area: SlaArea | null;
  items: number;
  /** Share of the period's feedback items in the theme. */
  share: number;
  impact: number | null;
  interval: { low: number; high: number } | null;
  quotes: PackQuote[];
  trend: { month: string; items: number }[];
}

export interface PackCase {
  id: string;
  number: number;
  title: string;
  priority: Priority;
  accountName: string;
  status: string;
  atRisk: TimerKind[];
  breached: TimerKind[];
  openedAt: string;
}

/** A process change's metric before (the previous meeting's period) and after (this period). */
export interface MetricValue {
  kind: "nps" | "csat" | "ces" | "share_met" | "availability";
  n: number | null;
  value: number | null;
  interval: { low: number; high: number } | null;
}

export interface PackProcessChange {
  id: string;
  description: string;
  metric: string;
  ownerName: string | null;
  dueOn: string | null;
  doneOn: string | null;
  before: MetricValue | null;
  after: MetricValue | null;
  comparison: Comparison | null;
}

export interface PackDecision {
  proposalId: string;
  rule: string | null;
  change: unknown;
  rationale: string;
  adverse: boolean;
  decidedAt: string | null;
}

export interface EvidencePack {
  definitionsVersion: string;
  generatedAt: string;
  sla: { id: string; name: { ko?: string; en?: string }; service: string; tiers: string[] };
  period: { start: string; end: string; timezone: string; months: string[]; previousStart: string; previousEnd: string };
  version: {
    id: string;
    version: number;
    reviewCadence: string;
    slots: Slot[];
    credits: CreditTier[];
    alternative: { ko?: string; en?: string };
    providerDuties: { ko?: string[]; en?: string[] };
  } | null;
  minSegmentN: number;
  /** Finished responses of the SLA's customers in the period. */
  responses: number;
  metrics: MetricSection[];
  compliance: { cases: number; objectives: PackObjective[] };
  availability: { targetPercent: number; months: PackAvailabilityMonth[] } | null;
  credits: { accounts: PackCredit[]; total: number };
  satisfaction: { met: SatisfactionGroup; breached: SatisfactionGroup; nps: Comparison; csat: Comparison };
  /**
   * Follow-up CSAT of the period's closed cases (the answers to the link sent at closing), cases
   * that met the SLA against those that breached it. Absent in packs frozen before it existed.
   */
  followUp?: FollowUpCsat;
  cases: { open: number; atRisk: number; list: PackCase[] };
  themes: { available: false } | { available: true; items: PackTheme[] };
  previous: {
    meeting: { id: string; periodStart: string; periodEnd: string } | null;
    decisions: PackDecision[];
    processChanges: PackProcessChange[];
  };
}

/** Linear-interpolation quantile of sorted values (the same definition rules.ts uses). */
function quantileSorted(s: readonly number[], q: number): number {
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/**
 * The 0th..100th percentiles: 101 numbers instead of one per case, and the k-th percentile of
 * these equals the k-th of the original values, so rules.ts reads the same 90th percentile.
 */
export function percentiles(values: readonly number[]): number[] {
  if (!values.length) return [];
  const s = [...values].sort((a, b) => a - b);
  return Array.from({ length: 101 }, (_, k) => quantileSorted(s, k / 100));
}

export type JudgedCase = { priority: Priority; month: string; timers: CaseTimers };
export type ObjectiveTarget = { objective: TimerKind; priority: Priority; targetMinutes: number; mode: TimerMode };

/**
 * Compliance per objective and priority over the period, with its months (every month of the
 * period, including months with no case). A case counts in the month it opened; met / breached
 * / pending / misses as in analysis/sla complianceReport.
 */
export function objectiveCompliance(cases: readonly JudgedCase[], targets: readonly ObjectiveTarget[], months: readonly string[]): PackObjective[] {
  return targets.map((t) => {
    const byMonth = new Map(months.map((m) => [m, { month: m, met: 0, breached: 0, misses: 0 }]));
    let applicable = 0, met = 0, breached = 0, pending = 0, misses = 0;
    const elapsed: number[] = [];
    for (const c of cases) {
      if (c.priority !== t.priority) continue;
      const r = c.timers[t.objective];
      if (r.status === "not_applicable") continue;
      applicable++;
      misses += r.misses;
      const m = byMonth.get(c.month);
      if (m) m.misses += r.misses;
      if (r.breachedAt) {
        breached++;
        if (m) m.breached++;
        elapsed.push(r.elapsedMinutes);
      } else if (r.status === "met") {
        met++;
        if (m) m.met++;
        elapsed.push(r.elapsedMinutes);
      } else pending++;
    }
    const judged = met + breached;
    return {
      ...t,
      applicable,
      met,
      breached,
      pending,
      misses,
      shareMet: judged ? met / judged : null,
      interval: wilsonInterval(met, judged),
      months: [...byMonth.values()],
      elapsedPercentiles: percentiles(elapsed),
    };
  });
}

function counts(r: NpsResult): NpsCounts {
  return { promoters: r.promoters, passives: r.passives, detractors: r.detractors };
}

/** What the proposal rules read (analysis/review/rules.ts draftProposals) from a frozen pack. */
export function packToReviewEvidence(pack: EvidencePack): ReviewEvidence {
  const v = pack.version;
  return {
    objectives: pack.compliance.objectives.map((o) => ({
      objective: o.objective,
      priority: o.priority,
      targetMinutes: o.targetMinutes,
      mode: o.mode,
      months: o.months.map((m) => ({ month: m.month, met: m.met, breached: m.breached })),
      elapsedMinutes: o.elapsedPercentiles,
    })),
    satisfaction: { met: counts(pack.satisfaction.met.nps), breached: counts(pack.satisfaction.breached.nps) },
    // Only figures the pack shows: a group under the minimum n has none (and the rule skips it).
    followUp:
      pack.followUp?.met.csat && pack.followUp.breached.csat
        ? {
            met: { satisfied: pack.followUp.met.csat.satisfied, n: pack.followUp.met.csat.n },
            breached: { satisfied: pack.followUp.breached.csat.satisfied, n: pack.followUp.breached.csat.n },
          }
        : null,
    themes: pack.themes.available
      ? pack.themes.items.map((t) => ({ id: t.id, name: t.name, area: t.area, impact: t.impact, interval: t.interval, items: t.items }))
      : [],
    availability: pack.availability
      ? {
          targetPercent: pack.availability.targetPercent,
          months: pack.availability.months.filter((m) => m.percent !== null).map((m) => ({ month: m.month, percent: m.percent!, coverage: m.coverage })),
        }
      : null,
    version: {
      slots: v?.slots ?? [],
      credits: v?.credits ?? [],
      alternative: v?.alternative ?? {},
      providerDuties: v?.providerDuties ?? {},
    },
  };
}
