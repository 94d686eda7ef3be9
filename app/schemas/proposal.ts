import { z } from "zod";
import type { CreditTier } from "../../analysis/sla";
import { line, text } from "./text";
import { priorities, reviewCadences, timeKinds } from "./sla";

/**
 * Review board forms: a staff proposal (one structured change, a rationale, optional citations)
 * and a vote. The proposal form shows the fields of every kind (so it works without JavaScript);
 * only the chosen kind's fields are read. The "from" side of a change is never typed: the model
 * takes it from the SLA version in force, so a proposal always changes what is actually there.
 */

export const changeKinds = [
  "time_target",
  "time_mode",
  "availability_target",
  "service_hours",
  "duty_add",
  "duty_remove",
  "credits",
  "alternative_service",
  "review_cadence",
] as const;
export const voteChoices = ["approve", "reject", "abstain"] as const;
export const dutySides = ["provider", "customer"] as const;
export const MAX_RATIONALE = 5000;
export const MAX_COMMENT = 2000;
export const NUMBER_ROWS = 2;
export const QUOTE_ROWS = 2;
export const MAX_CASE_LINKS = 20;
/** A year of minutes: a target beyond it is a typo, not an SLA. */
export const MAX_TARGET_MINUTES = 525_600;

const required = (s: ReturnType<typeof line> | ReturnType<typeof text>) => s.pipe(z.string().min(1, "validation.required"));
const numberText = (message = "proposal.error.number") =>
  required(line(40)).pipe(z.string().regex(/^-?\d+(\.\d+)?$/, message)).transform(Number);

const targetMinutes = numberText("proposal.error.minutes").pipe(
  z.number().int("proposal.error.minutes").gt(0, "proposal.error.minutes").max(MAX_TARGET_MINUTES, "proposal.error.minutes"),
);
// 0 % or less, or above 100 %, is not an availability anyone can promise or measure.
const percent = numberText("proposal.error.percent").pipe(z.number().gt(0, "proposal.error.percent").max(100, "proposal.error.percent"));

const objective = z.enum(timeKinds, { message: "validation.invalid" });
const priority = z.enum(priorities as ["p1", "p2", "p3", "p4"], { message: "validation.invalid" });
const side = z.enum(dutySides, { message: "validation.invalid" });

/** "1 09:00-18:00" per line: weekday (0 = Sunday) and the slot. */
const slotLine = /^([0-6])\s+([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)$/;
const slotsText = required(text(4000)).transform((s, ctx) => {
  const out: { day: number; start: string; end: string }[] = [];
  for (const raw of s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const m = slotLine.exec(raw);
    if (!m || (m[4] === "24" && m[5] !== "00")) {
      ctx.addIssue({ code: "custom", message: "proposal.error.slots" });
      return z.NEVER;
    }
    out.push({ day: Number(m[1]), start: `${m[2]}:${m[3]}`, end: `${m[4]}:${m[5]}` });
  }
  if (out.length > 200) {
    ctx.addIssue({ code: "custom", message: "proposal.error.slots" });
    return z.NEVER;
  }
  return out;
});

/** "99.5 10" per line: below 99.5 % availability, 10 % of the monthly fee. */
const creditsText = text(2000).transform((s, ctx) => {
  const out: CreditTier[] = [];
  for (const raw of s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    const m = /^(\d+(?:\.\d+)?)\s*%?\s+(\d+(?:\.\d+)?)\s*%?$/.exec(raw);
    const below = m ? Number(m[1]) : NaN;
    const credit = m ? Number(m[2]) : NaN;
    if (!m || !(below > 0 && below <= 100) || !(credit > 0 && credit <= 100)) {
      ctx.addIssue({ code: "custom", message: "proposal.error.credits" });
      return z.NEVER;
    }
    out.push({ below, creditPercent: credit });
  }
  if (out.length > 50) {
    ctx.addIssue({ code: "custom", message: "proposal.error.credits" });
    return z.NEVER;
  }
  return out.sort((a, b) => b.below - a.below);
});

const dutyText = { textKo: line(2000).default(""), textEn: line(2000).default("") };

/** What the staff form says the SLA should become; the model adds the "from" of the version in force. */
export const changeFormSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("time_target"), objective, priority, toMinutes: targetMinutes }),
    z.object({ kind: z.literal("time_mode"), objective, priority, toMode: z.enum(["business", "calendar"], { message: "validation.invalid" }) }),
    z.object({ kind: z.literal("availability_target"), toPercent: percent }),
    z.object({ kind: z.literal("service_hours"), slots: slotsText }),
    z.object({ kind: z.literal("duty_add"), side, ...dutyText }),
    z.object({
      kind: z.literal("duty_remove"),
      // "provider:2": the third provider duty of the version in force, as listed on the form.
      duty: required(line(40)).pipe(z.string().regex(/^(provider|customer):\d{1,3}$/, "validation.invalid")),
    }),
    z.object({ kind: z.literal("credits"), credits: creditsText }),
    z.object({ kind: z.literal("alternative_service"), ...dutyText }),
    z.object({ kind: z.literal("review_cadence"), cadence: z.enum(reviewCadences as ["monthly", "quarterly", "semiannual", "annual"], { message: "validation.invalid" }) }),
  ],
  { message: "proposal.error.kind" },
).superRefine((v, ctx) => {
  if ((v.kind === "duty_add" || v.kind === "alternative_service") && !v.textKo && !v.textEn)
    ctx.addIssue({ code: "custom", path: ["textKo"], message: "proposal.error.dutyText" });
});
export type ChangeFormInput = z.output<typeof changeFormSchema>;

const optionalNumber = line(40)
  .default("")
  .pipe(z.string().regex(/^(-?\d+(\.\d+)?)?$/, "proposal.error.number"))
  .transform((s) => (s === "" ? null : Number(s)));

/** A number the proposal rests on: what it is, its value, n and 95 % interval. */
const numberRow = z
  .object({ label: line(200).default(""), value: optionalNumber, n: optionalNumber, low: optionalNumber, high: optionalNumber })
  .superRefine((r, ctx) => {
    if (!r.label && r.value === null && r.n === null && r.low === null && r.high === null) return;
    if (!r.label) ctx.addIssue({ code: "custom", path: ["label"], message: "validation.required" });
    if (r.value === null) ctx.addIssue({ code: "custom", path: ["value"], message: "validation.required" });
    if (r.n === null || !Number.isInteger(r.n) || r.n < 1) ctx.addIssue({ code: "custom", path: ["n"], message: "proposal.error.n" });
    if (r.low === null || r.high === null || r.low > r.high || (r.value !== null && (r.value < r.low || r.value > r.high)))
      ctx.addIssue({ code: "custom", path: ["low"], message: "proposal.error.interval" });
  });
const quoteRow = z
  .object({ text: text(2000).default(""), source: line(200).default("") })
  .superRefine((r, ctx) => {
    if (!r.text && r.source) ctx.addIssue({ code: "custom", path: ["text"], message: "validation.required" });
  });

/** Rationale and citations, common to every kind. */
export const proposalCommonSchema = z.object({
  rationale: required(text(MAX_RATIONALE)),
  num: z.array(numberRow).max(NUMBER_ROWS).default([]),
  quote: z.array(quoteRow).max(QUOTE_ROWS).default([]),
  // Case numbers as people say them: "12, 15" or "#12 #15".
  cases: line(400)
    .default("")
    .transform((s, ctx) => {
      const parts = s.split(/[\s,]+/).map((p) => p.replace(/^#/, "")).filter(Boolean);
      if (parts.some((p) => !/^\d{1,9}$/.test(p)) || parts.length > MAX_CASE_LINKS) {
        ctx.addIssue({ code: "custom", message: "proposal.error.cases" });
        return z.NEVER;
      }
      return [...new Set(parts.map(Number))];
    }),
});
export type ProposalCommonInput = z.output<typeof proposalCommonSchema>;

/** Citations as stored on a staff proposal (rule drafts store analysis/review's Citation). */
export type StaffCitation =
  | { kind: "number"; label: string; value: number; n: number; low: number; high: number }
  | { kind: "quote"; text: string; source: string }
  | { kind: "case"; caseId: string; number: number };

export const proposalActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("vote"),
      choice: z.enum(voteChoices, { message: "proposal.error.choice" }),
      comment: text(MAX_COMMENT).default(""),
    }),
    z.object({ intent: z.literal("withdraw") }),
  ],
  { message: "validation.invalid" },
);
export type ProposalActionInput = z.output<typeof proposalActionSchema>;

/** Flat form fields (num.0.label, quote.1.text) as the nested shape the schemas read; repeats keep the first value. */
export function proposalFormValues(values: Record<string, string | string[]>) {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));
  const out: [string, string][] = [];
  const num: Record<string, string>[] = Array.from({ length: NUMBER_ROWS }, () => ({}));
  const quote: Record<string, string>[] = Array.from({ length: QUOTE_ROWS }, () => ({}));
  for (const [key, value] of Object.entries(values)) {
    const n = /^num\.(\d)\.(label|value|n|low|high)$/.exec(key);
    const q = /^quote\.(\d)\.(text|source)$/.exec(key);
    if (n && Number(n[1]) < NUMBER_ROWS) num[Number(n[1])][n[2]] = one(value);
    else if (q && Number(q[1]) < QUOTE_ROWS) quote[Number(q[1])][q[2]] = one(value);
    else if (!key.includes(".")) out.push([key, one(value)]);
  }
  // fromEntries defines own properties, so a field named __proto__ stays a field.
  return { ...Object.fromEntries(out), num, quote };
}
