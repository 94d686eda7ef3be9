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
