import { z } from "zod";
import { line, text } from "./text";
import { isUuid } from "~/utils/uuid";

/** A real calendar date "YYYY-MM-DD" (2026-02-30 is refused, not rolled over). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

const date = line(10, "validation.date").pipe(z.string().min(1, "validation.required").refine(isCalendarDate, "validation.date"));
const emptyToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

/** The schedule form (app.reviews.new). Attendees are checkboxes: one value or many. */
export const scheduleMeetingSchema = z
  .object({
    slaId: z.string().trim().min(1, "validation.required").refine(isUuid, "validation.invalid"),
    periodStart: date,
    periodEnd: date,
    date,
    time: line(5, "review.error.time").pipe(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "review.error.time")),
    attendees: z.preprocess(
      (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
      z.array(z.string().refine(isUuid, "review.error.attendeeNotManager")).min(2, "review.error.attendeesTooFew"),
    ),
    quorum: z.preprocess(emptyToUndefined, z.coerce.number({ message: "validation.integer" }).int("validation.integer").min(2, "review.error.quorumMin").max(1000, "review.error.quorumTooHigh").optional()),
    notes: text(5000).default(""),
  })
  .superRefine((v, ctx) => {
    if (v.periodStart && v.periodEnd && v.periodEnd < v.periodStart) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "review.error.periodEnd" });
    const n = new Set(v.attendees).size;
    if (v.quorum !== undefined && v.quorum > n) ctx.addIssue({ code: "custom", path: ["quorum"], message: "review.error.quorumTooHigh" });
  });
export type ScheduleMeetingInput = z.input<typeof scheduleMeetingSchema>;

/** The meeting page: one intent per form. */
export const meetingActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("notes"), notes: text(5000).default("") }),
  z.object({ intent: z.literal("open") }),
  z.object({ intent: z.literal("refresh") }),
  z.object({ intent: z.literal("close") }),
  z.object({
    intent: z.literal("processChange"),
    description: text(2000).pipe(z.string().trim().min(1, "validation.required")),
    // What it aims at: a satisfaction metric, availability, or a time objective of one priority.
    metric: line(40).pipe(z.string().regex(/^(nps|csat|ces|availability|(first_response|progress_update|resolution):p[1-4])$/, "review.error.metric")),
    ownerId: z.preprocess(emptyToUndefined, z.string().refine(isUuid, "validation.invalid").optional()),
    dueOn: z.preprocess(emptyToUndefined, date.optional()),
    proposalId: z.preprocess(emptyToUndefined, z.string().refine(isUuid, "validation.invalid").optional()),
  }),
  z.object({
    intent: z.literal("processDone"),
    processChangeId: z.string().refine(isUuid, "validation.invalid"),
    doneOn: z.preprocess(emptyToUndefined, date.optional()),
  }),
]);
export type MeetingActionInput = z.infer<typeof meetingActionSchema>;
