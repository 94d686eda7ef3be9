import { z } from "zod";
import { isUuid } from "~/utils/uuid";
import { line, text } from "./text";

export const casePriorities = ["p1", "p2", "p3", "p4"] as const;
export const caseStatuses = ["open", "in_progress", "waiting_on_customer", "resolved", "closed", "reopened"] as const;
export const caseSources = ["manual", "response", "feedback_item"] as const;
export type CasePriority = (typeof casePriorities)[number];
export type CaseStatus = (typeof caseStatuses)[number];
export type CaseSource = (typeof caseSources)[number];

const uuid = z.string().trim().refine(isUuid, "validation.invalid");
const optionalUuid = z.preprocess((v) => (v === "" || v === null ? undefined : v), uuid.optional());

/** The "open case" form: by hand, or prefilled from a response or a feedback item. */
export const caseNewSchema = z.object({
  source: z.enum(caseSources, { message: "validation.invalid" }).default("manual"),
  responseId: optionalUuid,
  feedbackItemId: optionalUuid,
  accountId: z.string().trim().min(1, "validation.required").pipe(uuid),
  priority: z.enum(casePriorities, { message: "cases.error.priority" }),
  ownerId: optionalUuid,
  title: line(200, "cases.error.titleTooLong").pipe(z.string().min(1, "validation.required")),
  description: text(5000, "cases.error.bodyTooLong").default(""),
});
export type CaseNewInput = z.input<typeof caseNewSchema>;

const body = text(5000, "cases.error.bodyTooLong").pipe(z.string().min(1, "validation.required"));

/** Everything done on the case page; one intent per form. */
export const caseActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("status"), status: z.enum(caseStatuses, { message: "cases.error.status" }), body: text(5000, "cases.error.bodyTooLong").default("") }),
  z.object({ intent: z.literal("first_response"), body }),
  z.object({
    intent: z.literal("progress_update"),
    body,
    to: line(200, "validation.invalid").pipe(z.string().email("validation.email").or(z.literal(""))).default(""),
  }),
  z.object({ intent: z.literal("note"), body }),
  z.object({ intent: z.literal("owner"), ownerId: optionalUuid }),
  // A checkbox: present ("on") when ticked, absent when not.
  z.object({ intent: z.literal("follow_up"), followUp: z.literal("on", { message: "validation.invalid" }).optional() }),
]);
export type CaseActionInput = z.infer<typeof caseActionSchema>;

/** List filters from the query string; anything unknown is dropped rather than refused. */
export const caseFilterSchema = z.object({
  status: z.enum(caseStatuses).optional().catch(undefined),
  priority: z.enum(casePriorities).optional().catch(undefined),
  account: uuid.optional().catch(undefined),
  risk: z.enum(["at_risk", "breached"]).optional().catch(undefined),
  sort: z.enum(["due", "opened"]).default("due").catch("due"),
});
export type CaseFilter = z.infer<typeof caseFilterSchema>;
