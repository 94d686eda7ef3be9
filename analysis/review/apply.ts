// Approved proposals -> the next SLA version. Each change names the value it replaces (`from`);
// if the version no longer holds that value (someone edited it after the proposal was drafted),
// the change is refused rather than applied over a different text: an amendment must contain
// exactly what the board approved.
import type { CreditTier, Slot, TimerMode } from "../sla";
import type { DutyText, Priority, ProposalChange, ReviewCadence } from "./changes";

/** The parts of an SLA version a proposal can change (structurally the app's VersionInput). */
export interface AmendableVersion {
  calendar: { timezone: string; slots: Slot[]; holidays: string[] };
  reviewCadence: ReviewCadence;
  providerDuties: { ko?: string[]; en?: string[] };
  customerDuties: { ko?: string[]; en?: string[] };
  remedies: { credits: CreditTier[]; alternative: DutyText };
  objectives: {
    kind: string;
    priority: Priority | null;
    target: number;
    unit: string;
    mode: TimerMode | null;
    window: string;
  }[];
}

export type ApplyConflict = {
  /** Position of the refused change in the list. */
  index: number;
  change: ProposalChange;
  /** missing: the objective/duty is not there; stale: it holds another value than `from`; exists: a duty to add is already there. */
  reason: "missing" | "stale" | "exists";
};

export type ApplyResult<V> = { ok: true; version: V } | { ok: false; conflict: ApplyConflict };

const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;
const clean = (s: string | undefined) => (s ?? "").trim();
const langs = ["ko", "en"] as const;

function minutesOf(o: { target: number; unit: string }): number | null {
  return o.unit === "hours" ? o.target * 60 : o.unit === "minutes" ? o.target : null;
}

function slotKey(s: Slot): string {
  return `${s.day}|${s.start}|${s.end}`;
}

function sameSlots(a: readonly Slot[], b: readonly Slot[]): boolean {
  const ka = a.map(slotKey).sort();
  const kb = b.map(slotKey).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

function sameCredits(a: readonly CreditTier[], b: readonly CreditTier[]): boolean {
  const sort = (l: readonly CreditTier[]) => [...l].sort((x, y) => x.below - y.below);
  const sa = sort(a), sb = sort(b);
  return sa.length === sb.length && sa.every((t, i) => same(t.below, sb[i].below) && same(t.creditPercent, sb[i].creditPercent));
}

function sameText(a: DutyText, b: DutyText): boolean {
  return langs.every((l) => clean(a[l]) === clean(b[l]));
}

/** Applies one change in place to `v` (a copy); returns the reason it cannot, or null. */
function applyOne(v: AmendableVersion, change: ProposalChange): ApplyConflict["reason"] | null {
  switch (change.kind) {
    case "time_target":
    case "time_mode": {
      const o = v.objectives.find((x) => x.kind === change.objective && x.priority === change.priority);
      if (!o) return "missing";
      if (change.kind === "time_mode") {
        if ((o.mode ?? "business") !== change.from) return "stale";
        o.mode = change.to;
        return null;
      }
      const minutes = minutesOf(o);
      if (minutes === null || !same(minutes, change.from)) return "stale";
      // Keep whole hours in hours, as the SLA was written; anything else is said in minutes.
      if (o.unit === "hours" && change.to % 60 === 0) o.target = change.to / 60;
      else {
        o.target = change.to;
        o.unit = "minutes";
      }
      return null;
    }
    case "availability_target": {
      const o = v.objectives.find((x) => x.kind === "availability");
      if (!o) return "missing";
      if (!same(o.target, change.from)) return "stale";
      o.target = change.to;
      return null;
    }
    case "service_hours":
      if (!sameSlots(v.calendar.slots, change.from)) return "stale";
      v.calendar.slots = change.to.map((s) => ({ ...s }));
      return null;
    case "duty_add":
    case "duty_remove": {
      const list = change.side === "provider" ? v.providerDuties : v.customerDuties;
      const given = langs.filter((l) => clean(change.text[l]));
      if (!given.length) return "missing";
      for (const l of given) {
        const at = (list[l] ?? []).findIndex((d) => clean(d) === clean(change.text[l]));
        if (change.kind === "duty_add" && at >= 0) return "exists";
        if (change.kind === "duty_remove" && at < 0) return "missing";
      }
      for (const l of given) {
        const items = [...(list[l] ?? [])];
        if (change.kind === "duty_add") items.push(clean(change.text[l]));
        else items.splice(items.findIndex((d) => clean(d) === clean(change.text[l])), 1);
        list[l] = items;
      }
      return null;
    }
    case "credits":
      if (!sameCredits(v.remedies.credits, change.from)) return "stale";
      v.remedies.credits = change.to.map((t) => ({ ...t }));
      return null;
    case "alternative_service":
      if (!sameText(v.remedies.alternative ?? {}, change.from)) return "stale";
      v.remedies.alternative = Object.fromEntries(langs.filter((l) => clean(change.to[l])).map((l) => [l, clean(change.to[l])]));
      return null;
    case "review_cadence":
      if (v.reviewCadence !== change.from) return "stale";
      v.reviewCadence = change.to;
      return null;
  }
}

/**
 * The version with exactly `changes` applied, in order (a later change sees the earlier ones),
 * or the first change whose `from` no longer matches. The input is never modified.
 */
export function applyChanges<V extends AmendableVersion>(version: V, changes: readonly ProposalChange[]): ApplyResult<V> {
  const next = structuredClone(version);
  for (let index = 0; index < changes.length; index++) {
    const reason = applyOne(next, changes[index]);
    if (reason) return { ok: false, conflict: { index, change: changes[index], reason } };
  }
  return { ok: true, version: next };
}

/**
 * The changes that turn `a` into `b`, as ProposalChanges: what isAdverse judges when a version
 * is published (whatever way its draft was edited). Duties compare per language by text.
 */
export function deriveChanges(a: AmendableVersion, b: AmendableVersion): ProposalChange[] {
  const out: ProposalChange[] = [];
  const timers = ["first_response", "progress_update", "resolution"] as const;
  for (const ob of b.objectives) {
    const oa = a.objectives.find((x) => x.kind === ob.kind && x.priority === ob.priority);
    if (!oa) continue;
    if (ob.kind === "availability" && !same(oa.target, ob.target)) out.push({ kind: "availability_target", from: oa.target, to: ob.target });
    const timer = timers.find((k) => k === ob.kind);
    if (timer && ob.priority) {
      const ma = minutesOf(oa), mb = minutesOf(ob);
      if (ma !== null && mb !== null && !same(ma, mb)) out.push({ kind: "time_target", objective: timer, priority: ob.priority, from: ma, to: mb });
      const modeA = oa.mode ?? "business", modeB = ob.mode ?? "business";
      if (modeA !== modeB) out.push({ kind: "time_mode", objective: timer, priority: ob.priority, from: modeA, to: modeB });
    }
  }
  // An objective dropped is a promise taken away; one added is a promise given.
  for (const oa of a.objectives) {
    const timer = timers.find((k) => k === oa.kind);
    if (timer && oa.priority && !b.objectives.some((x) => x.kind === oa.kind && x.priority === oa.priority)) {
      const m = minutesOf(oa) ?? 0;
      out.push({ kind: "time_target", objective: timer, priority: oa.priority, from: m, to: Number.POSITIVE_INFINITY });
    }
    if (oa.kind === "availability" && !b.objectives.some((x) => x.kind === "availability")) out.push({ kind: "availability_target", from: oa.target, to: 0 });
  }
  if (!sameSlots(a.calendar.slots, b.calendar.slots)) out.push({ kind: "service_hours", from: a.calendar.slots, to: b.calendar.slots });
  for (const side of ["provider", "customer"] as const) {
    const la = side === "provider" ? a.providerDuties : a.customerDuties;
    const lb = side === "provider" ? b.providerDuties : b.customerDuties;
    // Duty lists run in parallel per language (the n-th Korean duty is the n-th English one), so
    // the n-th duty added in each language is one duty.
    const diff = (l: (typeof langs)[number]) => {
      const ia = (la[l] ?? []).map(clean).filter(Boolean);
      const ib = (lb[l] ?? []).map(clean).filter(Boolean);
      return { added: ib.filter((d) => !ia.includes(d)), removed: ia.filter((d) => !ib.includes(d)) };
    };
    const ko = diff("ko"), en = diff("en");
    const pair = (a: string[], b: string[]) =>
      Array.from({ length: Math.max(a.length, b.length) }, (_, i) => ({ ...(a[i] ? { ko: a[i] } : {}), ...(b[i] ? { en: b[i] } : {}) }));
    for (const text of pair(ko.added, en.added)) out.push({ kind: "duty_add", side, text });
    for (const text of pair(ko.removed, en.removed)) out.push({ kind: "duty_remove", side, text });
  }
  if (!sameCredits(a.remedies.credits, b.remedies.credits)) out.push({ kind: "credits", from: a.remedies.credits, to: b.remedies.credits });
  if (!sameText(a.remedies.alternative ?? {}, b.remedies.alternative ?? {})) out.push({ kind: "alternative_service", from: a.remedies.alternative ?? {}, to: b.remedies.alternative ?? {} });
  if (a.reviewCadence !== b.reviewCadence) out.push({ kind: "review_cadence", from: a.reviewCadence, to: b.reviewCadence });
  return out;
}
