import { timerKinds, type CaseTimers, type TimerKind } from "./timers";

export interface ObjectiveCompliance {
  /** Cases where the objective applies. */
  applicable: number;
  /** Clock stopped without a miss. */
  met: number;
  /** At least one miss recorded (counted once per case). */
  breached: number;
  /** Still running or paused, no miss yet. */
  pending: number;
  /** met / (met + breached); null when nothing was judged yet. */
  shareMet: number | null;
  /** Sum of misses (progress updates can miss more than once per case). */
  misses: number;
  breaches: { id: string; breachedAt: Date }[];
  atRisk: string[];
}

export interface ComplianceReport {
  cases: number;
  objectives: Record<TimerKind, ObjectiveCompliance>;
}

export function complianceReport(cases: readonly { id: string; timers: CaseTimers }[]): ComplianceReport {
  const objectives = {} as Record<TimerKind, ObjectiveCompliance>;
  for (const k of timerKinds) objectives[k] = { applicable: 0, met: 0, breached: 0, pending: 0, shareMet: null, misses: 0, breaches: [], atRisk: [] };
  for (const c of cases) {
    for (const k of timerKinds) {
      const t = c.timers[k];
      if (t.status === "not_applicable") continue;
      const o = objectives[k];
      o.applicable++;
      o.misses += t.misses;
      if (t.breachedAt) {
        o.breached++;
        o.breaches.push({ id: c.id, breachedAt: t.breachedAt });
      } else if (t.status === "met") o.met++;
      else {
        o.pending++;
        if (t.atRisk) o.atRisk.push(c.id);
      }
    }
  }
  for (const k of timerKinds) {
    const o = objectives[k];
    o.shareMet = o.met + o.breached > 0 ? o.met / (o.met + o.breached) : null;
  }
  return { cases: cases.length, objectives };
}

/**
 * One case judged whole, as the report's met / breached counts judge each objective: breached
 * when any objective recorded a miss, met when every applicable clock stopped without one,
 * pending otherwise (still running or paused, or no objective applies: nothing to judge).
 */
export function caseOutcome(timers: CaseTimers): "met" | "breached" | "pending" {
  if (timerKinds.some((k) => timers[k].breachedAt)) return "breached";
  const applicable = timerKinds.filter((k) => timers[k].status !== "not_applicable");
  return applicable.length && applicable.every((k) => timers[k].status === "met") ? "met" : "pending";
}
