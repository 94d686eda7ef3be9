import { z } from "zod";

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

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const reportQuery = z.object({
  // An unknown or malformed SLA is "not found" / the first SLA, as before.
  sla: z.string().regex(uuid).optional().catch(undefined),
  month: z.string().max(20).optional(),
  tier: z.string().max(64).optional(),
});

/** The results page: the period only (metrics always count finished responses). */
export const periodQuery = z.object({ from: value, to: value });

/** Availability: which SLA (an unknown one shows the SLA in force). */
export const measurementsQuery = z.object({
  sla: z.string().regex(uuid).optional().catch(undefined),
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
