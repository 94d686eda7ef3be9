import { z } from "zod";
import { isUuid } from "~/utils/uuid";

/**
 * Query strings of staff pages. readSearchParams (utils/forms.ts) refuses control characters
 * first; these say which names a page reads. Meaning (a real survey, a date) is checked where the
 * page shows a message beside the filter.
 */
const value = z.string().max(2000).optional();

export const responseFilterQuery = z.object({
  survey: value,
  from: value,
  to: value,
  status: value,
  page: value,
  account: value,
  tier: value,
  region: value,
  plan: value,
  ticket: value,
});

/** The parsed query back as URLSearchParams, for code that reads them. */
export function toSearchParams(query: Record<string, string | undefined>): URLSearchParams {
  return new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
}

export const reportQuery = z.object({
  // An unknown or malformed SLA is "not found" / the first SLA, as before.
  sla: z.string().refine(isUuid).optional().catch(undefined),
  month: z.string().max(20).optional(),
  tier: z.string().max(64).optional(),
});

/** The results page: the period only (metrics always count finished responses). */
export const periodQuery = z.object({ from: value, to: value });

/** Availability: which SLA (an unknown one shows the SLA in force). */
export const measurementsQuery = z.object({
  sla: z.string().refine(isUuid).optional().catch(undefined),
  imported: z.string().regex(/^\d{1,7}$/).optional().catch(undefined),
});

/** A new case prefilled from a response or a feedback item. */
export const caseNewQuery = z.object({
  response: z.string().max(64).optional(),
  feedbackItem: z.string().max(64).optional(),
});

/** Two versions of an SLA side by side, by number. */
export const compareQuery = z.object({
  a: z.coerce.number().int().optional().catch(undefined),
  b: z.coerce.number().int().optional().catch(undefined),
});

// ---- the feedback list (app.feedback._index) ------------------------------------------------

const day = /^\d{4}-\d{2}-\d{2}$/;
const realDay = (s: string) => day.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
/** An empty field of a GET form means "any": undefined, not a value. */
const blank = (v: unknown) => (v === "" ? undefined : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blank, s.optional());
const segmentValue = opt(z.string().trim().max(64));

/** Deep pages are not a reading task: past this, narrow the filters. */
export const FEEDBACK_MAX_PAGE = 200;

/**
 * Filters of the feedback list. Unlike other lists, a value that is not one of ours is a 400
 * (the page never sends one), so a link with a typo says so instead of silently showing all.
 */
export const feedbackListQuery = z
  .object({
    q: opt(z.string().trim().max(200)),
    source: opt(z.enum(["survey", "interview", "import"])),
    from: opt(z.string().refine(realDay)),
    to: opt(z.string().refine(realDay)),
    tier: segmentValue,
    region: segmentValue,
    plan: segmentValue,
    sentiment: opt(z.enum(["negative", "neutral", "positive", "none"])),
    theme: opt(z.string().refine(isUuid)),
    language: opt(z.enum(["ko", "en", "other"])),
    score: opt(z.enum(["yes", "no"])),
    unassigned: opt(z.literal("1")),
    page: z.preprocess(blank, z.coerce.number().int().min(1).max(FEEDBACK_MAX_PAGE).default(1)),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to);
export type FeedbackListQuery = z.output<typeof feedbackListQuery>;

/** A plain list page number (interviews). */
export const pageQuery = z.object({ page: z.preprocess(blank, z.coerce.number().int().min(1).max(10_000).default(1)) });
