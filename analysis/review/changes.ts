// A proposal changes one thing in the SLA version in force. Changes are structured (not prose) so
// that an approved proposal can be applied to a draft mechanically and so that "is this adverse
// to customers?" is computed, never typed by whoever wrote the proposal.
import type { CreditTier, Slot, TimerKind, TimerMode } from "../sla";

export type Priority = "p1" | "p2" | "p3" | "p4";
export type ReviewCadence = "monthly" | "quarterly" | "semiannual" | "annual";
export type VoteChoice = "approve" | "reject" | "abstain";
/** A duty's wording in each language the SLA has. */
export type DutyText = { ko?: string; en?: string };

export type ProposalChange =
  /** A time objective's target in minutes. */
  | { kind: "time_target"; objective: TimerKind; priority: Priority; from: number; to: number }
  /** Whether a time objective counts business or calendar minutes. */
  | { kind: "time_mode"; objective: TimerKind; priority: Priority; from: TimerMode; to: TimerMode }
  /** Availability target in percent. */
  | { kind: "availability_target"; from: number; to: number }
  /** The calendar's weekly slots (holidays and zone are not touched). */
  | { kind: "service_hours"; from: Slot[]; to: Slot[] }
  | { kind: "duty_add"; side: "provider" | "customer"; text: DutyText }
  | { kind: "duty_remove"; side: "provider" | "customer"; text: DutyText }
  /** The whole credit table, before and after. */
  | { kind: "credits"; from: CreditTier[]; to: CreditTier[] }
  | { kind: "alternative_service"; from: DutyText; to: DutyText }
  | { kind: "review_cadence"; from: ReviewCadence; to: ReviewCadence };

export type ChangeKind = ProposalChange["kind"];

const cadenceMonths: Record<ReviewCadence, number> = { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 };

/** Minutes of service per week; overnight slots (end <= start) run past midnight. */
export function weeklyServiceMinutes(slots: readonly Slot[]): number {
  const minutes = (hhmm: string) => {
    const [h, m] = hhmm.split(":").map(Number);
    return h * 60 + m;
  };
  let total = 0;
  for (const s of slots) {
    const start = minutes(s.start);
    const end = minutes(s.end);
    total += end > start ? end - start : 24 * 60 - start + end;
  }
  return total;
}

function hasText(t: DutyText | null | undefined): boolean {
  return !!(t && ((t.ko ?? "").trim() || (t.en ?? "").trim()));
}

/**
 * Whether a customer is worse off after the change. The notice period for adverse changes
 * (DESIGN.md, SLA model) hangs on this, so it errs on the side of "adverse" when a change
 * both gives and takes (a credit table that raises one band and lowers another).
 */
export function isAdverse(change: ProposalChange): boolean {
  switch (change.kind) {
    case "time_target":
      return change.to > change.from;
    case "time_mode":
      // Business minutes stop outside service hours: the same target then lasts longer.
      return change.from === "calendar" && change.to === "business";
    case "availability_target":
      return change.to < change.from;
    case "service_hours": {
      if (weeklyServiceMinutes(change.to) < weeklyServiceMinutes(change.from)) return true;
      // Same or more minutes, but a slot that existed is no longer covered: some hour is lost.
      return change.from.some((old) => !change.to.some((s) => covers(s, old)));
    }
    case "duty_add":
      return change.side === "customer";
    case "duty_remove":
      return change.side === "provider";
    case "credits":
      return creditsWorse(change.from, change.to);
    case "alternative_service":
      return hasText(change.from) && !hasText(change.to);
    case "review_cadence":
      return cadenceMonths[change.to] > cadenceMonths[change.from];
  }
}

function covers(outer: Slot, inner: Slot): boolean {
  if (outer.day !== inner.day) return false;
  const overnight = (s: Slot) => s.end <= s.start;
  if (overnight(outer)) return inner.start >= outer.start && (overnight(inner) ? inner.end <= outer.end : true);
  return !overnight(inner) && inner.start >= outer.start && inner.end <= outer.end;
}

/** A credit table is worse when some availability earns a smaller credit than before. */
function creditsWorse(from: readonly CreditTier[], to: readonly CreditTier[]): boolean {
  const creditAt = (tiers: readonly CreditTier[], a: number) => {
    let best: CreditTier | null = null;
    for (const t of tiers) if (a < t.below && (!best || t.below < best.below)) best = t;
    return best ? best.creditPercent : 0;
  };
  // The credit is a step function of availability; checking just under every threshold of
  // either table visits every step.
  const points = new Set<number>();
  for (const t of [...from, ...to]) points.add(t.below - 1e-9);
  for (const a of points) if (creditAt(to, a) < creditAt(from, a)) return true;
  return false;
}
