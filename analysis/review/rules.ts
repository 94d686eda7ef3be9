// Evidence -> draft proposals. Each rule is a plain function of the evidence pack's numbers and
// proposes nothing unless its evidence is statistically significant: a review board that gets a
// draft for every wobble learns to ignore drafts. Drafts are suggestions; staff edit, reject or
// write their own with the same structure.
import { compareNps, npsFromCounts, type NpsCounts } from "../metrics/nps";
import { compareProportions, csatFromCounts, wilsonInterval } from "../metrics/csat";
import { minSegmentN } from "../metrics/segments";
import type { Comparison } from "../metrics/types";
import type { CreditTier, Slot, TimerKind, TimerMode } from "../sla";
import { isAdverse, type Priority, type ProposalChange } from "./changes";

/** Areas of the SLA a complaint theme can be mapped to (by an analyst, on the theme). */
export type SlaArea = "response_speed" | "resolution" | "availability" | "service_hours" | "communication";

export interface MonthCompliance {
  /** "2026-10" in the organisation's months. */
  month: string;
  /** Cases whose clock for this objective stopped in the month, judged met or breached. */
  met: number;
  breached: number;
}

export interface ObjectiveEvidence {
  objective: TimerKind;
  priority: Priority;
  targetMinutes: number;
  mode: TimerMode;
  /** Every month of the period in order, including months with no cases. */
  months: MonthCompliance[];
  /** Minutes on the clock when it stopped, for every judged case of the period. */
  elapsedMinutes: number[];
}

export interface ThemeEvidence {
  id: string;
  name: string;
  area: SlaArea | null;
  /** Points the theme costs: NPS(all) - NPS(outside the theme); negative = it pulls NPS down. */
  impact: number | null;
  interval: { low: number; high: number } | null;
  items: number;
}

export interface AvailabilityMonth {
  month: string;
  percent: number;
  /** Share of the month's minutes that were measured; a half-measured month proves little. */
  coverage: number;
}

export interface ReviewEvidence {
  objectives: ObjectiveEvidence[];
  /** NPS of customers whose cases all met the SLA against those with a breach, for the period. */
  satisfaction: { met: NpsCounts; breached: NpsCounts } | null;
  /**
   * Follow-up CSAT (4-5 answers of n) of the cases themselves, closed cases that met the SLA
   * against those that breached it; null or absent when the pack has none (older packs, or a
   * group under the minimum n).
   */
  followUp?: { met: { satisfied: number; n: number }; breached: { satisfied: number; n: number } } | null;
  themes: ThemeEvidence[];
  availability: { targetPercent: number; months: AvailabilityMonth[] } | null;
  /** The version in force, as far as the rules need it. */
  version: {
    slots: Slot[];
    credits: CreditTier[];
    alternative: { ko?: string; en?: string };
    providerDuties: { ko?: string[]; en?: string[] };
  };
}

export type RuleId = "missed_and_less_satisfied" | "met_with_margin" | "theme_costs_nps" | "availability_below_target";

/** Why a draft exists, as numbers the app words in the reader's language. */
export type Citation =
  | { kind: "months_missed"; objective: TimerKind; priority: Priority; months: { month: string; shareMet: number; n: number }[]; goal: number }
  | { kind: "satisfaction_gap"; metNps: number; breachedNps: number; nMet: number; nBreached: number; comparison: Comparison }
  | { kind: "follow_up_gap"; metCsat: number; breachedCsat: number; nMet: number; nBreached: number; comparison: Comparison }
  | { kind: "met_with_margin"; objective: TimerKind; priority: Priority; shareMet: number; low: number; n: number; p90Minutes: number; targetMinutes: number }
  | { kind: "theme_impact"; themeId: string; name: string; impact: number; low: number; high: number; items: number }
  | { kind: "availability_months"; months: AvailabilityMonth[]; targetPercent: number };

export interface DraftProposal {
  rule: RuleId;
  change: ProposalChange;
  adverse: boolean;
  evidence: Citation[];
}

export interface RuleOptions {
  /** Share of cases that must meet an objective in a month. */
  complianceGoal: number;
  /** Judged cases a month needs before it can count as missed. */
  minCasesPerMonth: number;
  /** "Wide margin": the 90th percentile of clock time at most this share of the target. */
  marginShare: number;
  /** How much a tightened time target shrinks. */
  tightenBy: number;
  alpha: number;
  /** Measured share of a month needed to judge its availability. */
  minCoverage: number;
  /** Follow-up answers each group (met, breached) needs before they decide the satisfaction gap. */
  minFollowUpN: number;
}

export const defaultRuleOptions: RuleOptions = {
  complianceGoal: 0.9,
  minCasesPerMonth: 5,
  marginShare: 0.5,
  tightenBy: 0.25,
  alpha: 0.05,
  minCoverage: 0.9,
  minFollowUpN: minSegmentN,
};

/** Targets people read: 15-minute steps up to 8 hours, whole hours after. */
export function roundTarget(minutes: number): number {
  const step = minutes <= 480 ? 15 : 60;
  return Math.max(step, Math.round(minutes / step) * step);
}

function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

function draft(rule: RuleId, change: ProposalChange, evidence: Citation[]): DraftProposal {
  return { rule, change, adverse: isAdverse(change), evidence };
}

/**
 * Are customers with a breach significantly less satisfied? The follow-up CSAT of the cases
 * themselves answers that most directly (the customer rates the handling of that very case), so
 * when both groups have at least `minFollowUpN` answers it decides alone: a significant gap in
 * the expected direction is the evidence, anything else is none, whatever NPS says. With fewer
 * follow-up answers the NPS of whole accounts (all met against any breach) decides, as before.
 */
function satisfactionGap(ev: ReviewEvidence, alpha: number, minFollowUpN: number): Citation | null {
  const f = ev.followUp;
  if (f && f.met.n >= minFollowUpN && f.breached.n >= minFollowUpN) {
    const met = csatFromCounts(f.met);
    const breached = csatFromCounts(f.breached);
    const comparison = compareProportions(met, breached, alpha);
    if (!comparison.significant || (comparison.difference ?? 0) <= 0) return null;
    return { kind: "follow_up_gap", metCsat: met.csat!, breachedCsat: breached.csat!, nMet: met.n, nBreached: breached.n, comparison };
  }
  if (!ev.satisfaction) return null;
  const met = npsFromCounts(ev.satisfaction.met);
  const breached = npsFromCounts(ev.satisfaction.breached);
  const comparison = compareNps(met, breached, alpha);
  // Only a gap in the expected direction is evidence that misses cost satisfaction.
  if (!comparison.significant || (comparison.difference ?? 0) <= 0) return null;
  return { kind: "satisfaction_gap", metNps: met.nps!, breachedNps: breached.nps!, nMet: met.n, nBreached: breached.n, comparison };
}

/**
 * Rule 1: an objective missed in two or more consecutive months while customers with a breach
 * are significantly less satisfied -> tighten the process: a provider duty to escalate before
 * the clock runs out (the board may instead choose a credit; the draft says which it proposes).
 * "Less satisfied" is the follow-up CSAT of breached against met cases when both groups have
 * enough answers (stronger: it rates the case itself), else the NPS of their accounts.
 */
export function missedAndLessSatisfied(ev: ReviewEvidence, o: RuleOptions = defaultRuleOptions): DraftProposal[] {
  const gap = satisfactionGap(ev, o.alpha, o.minFollowUpN ?? minSegmentN);
  if (!gap) return [];
  const out: DraftProposal[] = [];
  for (const obj of ev.objectives) {
    let run: { month: string; shareMet: number; n: number }[] = [];
    let best: typeof run = [];
    for (const m of obj.months) {
      const n = m.met + m.breached;
      const share = n ? m.met / n : 1;
      if (n >= o.minCasesPerMonth && share < o.complianceGoal) {
        run.push({ month: m.month, shareMet: share, n });
        if (run.length > best.length) best = run;
      } else run = [];
    }
    if (best.length < 2) continue;
    const text = escalationDuty(obj.objective, obj.priority);
    out.push(
      draft("missed_and_less_satisfied", { kind: "duty_add", side: "provider", text }, [
        { kind: "months_missed", objective: obj.objective, priority: obj.priority, months: best, goal: o.complianceGoal },
        gap,
      ]),
    );
  }
  return out;
}

const objectiveWords: Record<TimerKind, { ko: string; en: string }> = {
  first_response: { ko: "첫 응답", en: "first response" },
  progress_update: { ko: "진행 상황 안내", en: "progress update" },
  resolution: { ko: "해결", en: "resolution" },
};

/** Duty wording is SLA content (stored per language like every other duty), not UI text. */
export function escalationDuty(objective: TimerKind, priority: Priority): { ko: string; en: string } {
  const p = priority.toUpperCase();
  const w = objectiveWords[objective];
  return {
    ko: `${p} 사례의 ${w.ko} 시간이 절반 지나면 담당 관리자에게 자동으로 알리고, 목표 시간 안에 처리되도록 인력을 배정합니다.`,
    en: `When half of the ${w.en} time of a ${p} case has passed, the duty manager is alerted and staff are assigned so that the target is met.`,
  };
}

/**
 * Rule 2: an objective met with a wide margin for the whole period -> candidate to tighten the
 * target. Significant means the Wilson lower bound of the share met clears the goal, and every
 * month with enough cases met it; the new target sits above the 90th percentile of clock time.
 */
export function metWithMargin(ev: ReviewEvidence, o: RuleOptions = defaultRuleOptions): DraftProposal[] {
  const out: DraftProposal[] = [];
  for (const obj of ev.objectives) {
    const met = obj.months.reduce((s, m) => s + m.met, 0);
    const n = obj.months.reduce((s, m) => s + m.met + m.breached, 0);
    if (!n || obj.elapsedMinutes.length === 0) continue;
    const everyMonth = obj.months.every((m) => {
      const k = m.met + m.breached;
      return k < o.minCasesPerMonth || m.met / k >= o.complianceGoal;
    });
    const interval = wilsonInterval(met, n, 1 - o.alpha);
    if (!everyMonth || !interval || interval.low < o.complianceGoal) continue;
    const p90 = quantile(obj.elapsedMinutes, 0.9);
    if (p90 > o.marginShare * obj.targetMinutes) continue;
    const to = roundTarget(Math.max(p90 * 1.25, obj.targetMinutes * (1 - o.tightenBy * 2)));
    if (to >= obj.targetMinutes) continue;
    out.push(
      draft("met_with_margin", { kind: "time_target", objective: obj.objective, priority: obj.priority, from: obj.targetMinutes, to }, [
        { kind: "met_with_margin", objective: obj.objective, priority: obj.priority, shareMet: met / n, low: interval.low, n, p90Minutes: p90, targetMinutes: obj.targetMinutes },
      ]),
    );
  }
  return out;
}

const areaObjective: Partial<Record<SlaArea, TimerKind>> = {
  response_speed: "first_response",
  resolution: "resolution",
  communication: "progress_update",
};

/**
 * Rule 3: a complaint theme whose NPS impact is significantly negative (the whole interval
 * below 0) and that an analyst mapped to an SLA area -> a change to that area: the matching
 * time objective tightened (for the priority that misses most), availability raised, or
 * service hours extended by two hours on each day that has service.
 */
export function themeCostsNps(ev: ReviewEvidence, o: RuleOptions = defaultRuleOptions): DraftProposal[] {
  const out: DraftProposal[] = [];
  for (const theme of ev.themes) {
    if (!theme.area || theme.impact === null || !theme.interval || !(theme.interval.high < 0)) continue;
    const cite: Citation = { kind: "theme_impact", themeId: theme.id, name: theme.name, impact: theme.impact, low: theme.interval.low, high: theme.interval.high, items: theme.items };
    const kind = areaObjective[theme.area];
    if (kind) {
      const candidates = ev.objectives.filter((x) => x.objective === kind);
      if (!candidates.length) continue;
      const shareMet = (x: ObjectiveEvidence) => {
        const n = x.months.reduce((s, m) => s + m.met + m.breached, 0);
        return n ? x.months.reduce((s, m) => s + m.met, 0) / n : 1;
      };
      const worst = candidates.reduce((a, b) => (shareMet(b) < shareMet(a) ? b : a));
      const to = roundTarget(worst.targetMinutes * (1 - o.tightenBy));
      if (to >= worst.targetMinutes) continue;
      out.push(draft("theme_costs_nps", { kind: "time_target", objective: kind, priority: worst.priority, from: worst.targetMinutes, to }, [cite]));
    } else if (theme.area === "availability" && ev.availability) {
      const from = ev.availability.targetPercent;
      // Halve the allowed downtime: 99.5 % -> 99.75 %.
      const to = Math.round((100 - (100 - from) / 2) * 1000) / 1000;
      if (to > from) out.push(draft("theme_costs_nps", { kind: "availability_target", from, to }, [cite]));
    } else if (theme.area === "service_hours") {
      const from = ev.version.slots;
      const to = extendSlots(from, 120);
      if (to) out.push(draft("theme_costs_nps", { kind: "service_hours", from, to }, [cite]));
    }
  }
  return out;
}

/** Each same-day slot closes `minutes` later, up to midnight; null when nothing can grow. */
export function extendSlots(slots: readonly Slot[], minutes: number): Slot[] | null {
  let changed = false;
  const out = slots.map((s) => {
    if (s.end <= s.start) return { ...s };
    const [h, m] = s.end.split(":").map(Number);
    const end = Math.min(24 * 60 - 1, h * 60 + m + minutes);
    const hh = String(Math.floor(end / 60)).padStart(2, "0");
    const mm = String(end % 60).padStart(2, "0");
    const next = `${hh}:${mm}`;
    if (next !== s.end) changed = true;
    return { ...s, end: next };
  });
  return changed ? out : null;
}

/**
 * Rule 4: availability under target in a well-measured month -> review the remedies: a credit
 * band for the shortfall when the table pays nothing there, otherwise an alternative service
 * when the SLA offers none. Measured availability is a count, not a sample, so "significant"
 * here means enough of the month was measured.
 */
export function availabilityBelowTarget(ev: ReviewEvidence, o: RuleOptions = defaultRuleOptions): DraftProposal[] {
  const a = ev.availability;
  if (!a) return [];
  const below = a.months.filter((m) => m.coverage >= o.minCoverage && m.percent < a.targetPercent);
  if (!below.length) return [];
  const cite: Citation = { kind: "availability_months", months: below, targetPercent: a.targetPercent };
  const worst = Math.min(...below.map((m) => m.percent));
  const credits = ev.version.credits;
  const pays = credits.some((t) => worst < t.below);
  if (!pays) {
    const to = [...credits, { below: a.targetPercent, creditPercent: 10 }].sort((x, y) => y.below - x.below);
    return [draft("availability_below_target", { kind: "credits", from: credits, to }, [cite])];
  }
  const alt = ev.version.alternative;
  if (!(alt.ko ?? "").trim() && !(alt.en ?? "").trim()) {
    return [
      draft("availability_below_target", {
        kind: "alternative_service",
        from: alt,
        to: {
          ko: "장애가 4시간 넘게 이어지면 대체 수단(수동 처리 창구 또는 보조 환경)을 제공합니다.",
          en: "If an outage lasts more than 4 hours, an alternative (a manual processing desk or a standby environment) is provided.",
        },
      }, [cite]),
    ];
  }
  return [];
}

export const rules: Record<RuleId, (ev: ReviewEvidence, o?: RuleOptions) => DraftProposal[]> = {
  missed_and_less_satisfied: missedAndLessSatisfied,
  met_with_margin: metWithMargin,
  theme_costs_nps: themeCostsNps,
  availability_below_target: availabilityBelowTarget,
};

/** Every rule over one pack, in the order above. */
export function draftProposals(ev: ReviewEvidence, o: RuleOptions = defaultRuleOptions): DraftProposal[] {
  return Object.values(rules).flatMap((rule) => rule(ev, o));
}
