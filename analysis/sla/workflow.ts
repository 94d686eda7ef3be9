import { problem, type Problem } from "./problems";

export const caseStatuses = ["open", "in_progress", "waiting_on_customer", "resolved", "closed", "reopened"] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/**
 * The case workflow. A case is resolved before it is closed; a resolved or closed case
 * only moves by being reopened; waiting on the customer is only reachable from an active
 * state, so closed -> waiting_on_customer (and resolved -> waiting) is refused.
 */
export const transitions: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = Object.freeze({
  open: ["in_progress", "waiting_on_customer", "resolved"],
  in_progress: ["waiting_on_customer", "resolved"],
  waiting_on_customer: ["in_progress", "resolved"],
  resolved: ["closed", "reopened"],
  closed: ["reopened"],
  reopened: ["in_progress", "waiting_on_customer", "resolved"],
});

/** Clock states: which statuses make SLA clocks run, pause or stop. */
export const clockState: Readonly<Record<CaseStatus, "running" | "paused" | "stopped">> = Object.freeze({
  open: "running",
  in_progress: "running",
  reopened: "running",
  waiting_on_customer: "paused",
  resolved: "stopped",
  closed: "stopped",
});

export function isCaseStatus(s: unknown): s is CaseStatus {
  return typeof s === "string" && (caseStatuses as readonly string[]).includes(s);
}

export function allowedTransition(from: CaseStatus, to: CaseStatus): boolean {
  return isCaseStatus(from) && isCaseStatus(to) && transitions[from].includes(to);
}

export function nextStatuses(from: CaseStatus): readonly CaseStatus[] {
  return transitions[from] ?? [];
}

export interface StatusChange {
  status: CaseStatus;
  at: Date;
}

/**
 * Problems with a status history (empty = valid). The case starts "open" at openedAt; a
 * leading {status: "open", at: openedAt} entry is accepted. Codes: unknown_status,
 * invalid_transition, out_of_order, before_open.
 */
export function validateHistory(openedAt: Date, history: readonly StatusChange[]): Problem[] {
  const out: Problem[] = [];
  let current: CaseStatus = "open";
  let last = openedAt.getTime();
  history.forEach((h, i) => {
    const t = h.at.getTime();
    if (!isCaseStatus(h.status)) {
      out.push(problem("unknown_status", `history.${i}.status`, `unknown status "${String(h.status)}"`, { index: i, value: String(h.status) }));
      return;
    }
    if (t < openedAt.getTime()) out.push(problem("before_open", `history.${i}.at`, `status change before the case opened`, { index: i }));
    else if (t < last) out.push(problem("out_of_order", `history.${i}.at`, `status changes must be in time order`, { index: i }));
    last = Math.max(last, t);
    if (i === 0 && h.status === "open" && t === openedAt.getTime()) return;
    if (!allowedTransition(current, h.status)) {
      out.push(problem("invalid_transition", `history.${i}.status`, `${current} -> ${h.status} is not allowed`, { index: i, from: current, to: h.status }));
    }
    current = h.status;
  });
  return out;
}
