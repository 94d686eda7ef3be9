import { z } from "zod";
import type { ChoiceOption, QuestionType } from "../../db/schema";
import { CONTROL_MESSAGE, hasControlChars } from "./text";

export const MAX_TEXT = 5000;

/** What the schema needs to know of a question; the same on the server and in the browser. */
export type QuestionSpec = {
  id: string;
  type: QuestionType;
  required: boolean;
  options: ChoiceOption[];
  hasWhy: boolean;
};

export const scaleRange: Record<"nps" | "csat" | "ces" | "rating", [number, number]> = {
  nps: [0, 10],
  csat: [1, 5],
  ces: [1, 7],
  rating: [1, 5],
};

export type AnswerValue = { value_int: number | null; value_text: string | null; choices: string[] | null };

export const fieldName = (questionId: string) => `q_${questionId}`;
export const whyFieldName = (questionId: string) => `q_${questionId}_why`;

const isBlank = (v: unknown) =>
  v === undefined || v === null || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0);

function scaleAnswer(q: QuestionSpec) {
  const [min, max] = scaleRange[q.type as keyof typeof scaleRange];
  const rangeKey = `respond.range.${min}-${max}` as const;
  return z.unknown().transform((raw, ctx): number | null => {
    if (typeof raw === "string" && hasControlChars(raw)) {
      ctx.addIssue({ code: "custom", message: CONTROL_MESSAGE });
      return z.NEVER;
    }
    if (isBlank(raw)) {
      if (q.required) ctx.addIssue({ code: "custom", message: "validation.required" });
      return null;
    }
    const text = Array.isArray(raw) ? "" : String(raw);
    if (!/^-?\d+$/.test(text.trim())) {
      ctx.addIssue({ code: "custom", message: rangeKey });
      return z.NEVER;
    }
    const n = Number(text.trim());
    if (n < min || n > max) {
      ctx.addIssue({ code: "custom", message: rangeKey });
      return z.NEVER;
    }
    return n;
  });
}

function textAnswer(required: boolean) {
  return z.unknown().transform((raw, ctx): string | null => {
    if (Array.isArray(raw)) {
      ctx.addIssue({ code: "custom", message: "validation.invalid" });
      return z.NEVER;
    }
    if (typeof raw === "string" && hasControlChars(raw, true)) {
      ctx.addIssue({ code: "custom", message: CONTROL_MESSAGE });
      return z.NEVER;
    }
    if (isBlank(raw)) {
      if (required) ctx.addIssue({ code: "custom", message: "validation.required" });
      return null;
    }
    const text = String(raw).trim();
    if (text.length > MAX_TEXT) {
      ctx.addIssue({ code: "custom", message: "respond.textTooLong" });
      return z.NEVER;
    }
    return text;
  });
}

function choiceAnswer(q: QuestionSpec) {
  const offered = new Set(q.options.map((o) => o.value));
  return z.unknown().transform((raw, ctx): string[] | null => {
    if (isBlank(raw) || raw === false) {
      if (q.required) ctx.addIssue({ code: "custom", message: "validation.required" });
      return null;
    }
    const values = (Array.isArray(raw) ? raw : [raw]).map(String);
    if (q.type === "single" && values.length > 1) {
      ctx.addIssue({ code: "custom", message: "respond.oneChoice" });
      return z.NEVER;
    }
    if (values.some((v) => !offered.has(v))) {
      ctx.addIssue({ code: "custom", message: "respond.choiceNotOffered" });
      return z.NEVER;
    }
    return [...new Set(values)];
  });
}

function answerSchema(q: QuestionSpec) {
  if (q.type === "text") return textAnswer(q.required);
  if (q.type === "single" || q.type === "multi") return choiceAnswer(q);
  return scaleAnswer(q);
}

/**
 * The answers on one page of a survey, keyed by form field name. Unknown q_ fields (an answer to a
 * question this page does not have) are refused; other fields are the form's own and are ignored.
 */
// Building a zod object schema costs more than checking a page with it, and every post to a
// survey page asks for the same few schemas: keep the last ones, keyed by the page's questions.
const schemaCache = new Map<string, ReturnType<typeof buildPageAnswersSchema>>();
const SCHEMA_CACHE_SIZE = 256;

export function pageAnswersSchema(questions: QuestionSpec[]) {
  const key = JSON.stringify(questions);
  let schema = schemaCache.get(key);
  if (!schema) {
    schema = buildPageAnswersSchema(questions);
    if (schemaCache.size >= SCHEMA_CACHE_SIZE) schemaCache.delete(schemaCache.keys().next().value!);
    schemaCache.set(key, schema);
  }
  return schema;
}

function buildPageAnswersSchema(questions: QuestionSpec[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const q of questions) {
    shape[fieldName(q.id)] = answerSchema(q);
    if (q.hasWhy) shape[whyFieldName(q.id)] = textAnswer(false);
  }
  const known = new Set(Object.keys(shape));
  return z
    .record(z.string(), z.unknown())
    .superRefine((values, ctx) => {
      for (const key of Object.keys(values)) {
        if (key.startsWith("q_") && !known.has(key)) {
          ctx.addIssue({ code: "custom", message: "respond.unknownQuestion", path: [] });
          return;
        }
      }
    })
    // Absent fields (an unanswered radio group sends nothing) are checked like blank ones.
    .transform((values) => ({ ...Object.fromEntries([...known].map((k) => [k, null])), ...values }))
    .pipe(z.object(shape).loose());
}

/** Parsed page values -> one row's worth per answered question. */
export function answersFromParsed(questions: QuestionSpec[], parsed: Record<string, unknown>) {
  const out: { questionId: string; value: AnswerValue; why: string | null }[] = [];
  for (const q of questions) {
    const v = parsed[fieldName(q.id)];
    const why = q.hasWhy ? ((parsed[whyFieldName(q.id)] as string | null) ?? null) : null;
    if ((v === null || v === undefined) && !why) continue;
    const value: AnswerValue = { value_int: null, value_text: null, choices: null };
    if (typeof v === "number") value.value_int = v;
    else if (typeof v === "string") value.value_text = v;
    else if (Array.isArray(v)) value.choices = v as string[];
    out.push({ questionId: q.id, value, why });
  }
  return out;
}

// Hidden fields on a link: short identifiers only, so nothing odd reaches segment filters.
const segmentValue = z
  .string()
  .trim()
  .min(1, "respond.hiddenInvalid")
  .max(64, "respond.hiddenInvalid")
  .regex(/^[\p{L}\p{N}_.:@-]+$/u, "respond.hiddenInvalid");

/**
 * The key of one rendered survey form (a uuid the page made, crypto.randomUUID: lower case). Not
 * isUuid: submission_key is a text column, so an upper-case copy of a key would be another response.
 */
export const submissionKeyPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const hiddenFieldNames = ["account", "tier", "region", "plan", "ticket"] as const;
export const segmentSchema = z.object({
  account: segmentValue.optional(),
  tier: segmentValue.optional(),
  region: segmentValue.optional(),
  plan: segmentValue.optional(),
  ticket: segmentValue.optional(),
});
