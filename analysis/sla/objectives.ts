import { problem, type Problem } from "./problems";

export interface ObjectiveTargets {
  availabilityPercent?: number | null;
  firstResponseMinutes?: number | null;
  progressUpdateMinutes?: number | null;
  resolutionMinutes?: number | null;
  modes?: Partial<Record<string, string>>;
  /** CSAT floor as a share 0..1. */
  csatFloor?: number | null;
  /** NPS floor in points -100..100. */
  npsFloor?: number | null;
}

/** Codes: target_not_positive, not_a_number, availability_out_of_range, bad_mode, floor_out_of_range. Absent (null) targets are fine. */
export function validateObjectives(o: ObjectiveTargets, path = ""): Problem[] {
  const out: Problem[] = [];
  const p = (f: string) => (path ? `${path}.${f}` : f);
  for (const f of ["firstResponseMinutes", "progressUpdateMinutes", "resolutionMinutes"] as const) {
    const v = o[f];
    if (v === null || v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v)) out.push(problem("not_a_number", p(f), `${f} must be a number`));
    else if (v <= 0) out.push(problem("target_not_positive", p(f), `${f} must be more than 0, got ${v}`, { value: v }));
  }
  const a = o.availabilityPercent;
  if (a !== null && a !== undefined) {
    if (typeof a !== "number" || !Number.isFinite(a)) out.push(problem("not_a_number", p("availabilityPercent"), "availability must be a number"));
    else if (a <= 0) out.push(problem("target_not_positive", p("availabilityPercent"), `availability must be more than 0, got ${a}`, { value: a }));
    else if (a > 100) out.push(problem("availability_out_of_range", p("availabilityPercent"), `availability must be at most 100 %, got ${a}`, { value: a }));
  }
  for (const [k, m] of Object.entries(o.modes ?? {})) {
    if (m !== undefined && m !== "business" && m !== "calendar") out.push(problem("bad_mode", p(`modes.${k}`), `mode must be "business" or "calendar", got "${m}"`));
  }
  if (o.csatFloor !== null && o.csatFloor !== undefined && !(o.csatFloor >= 0 && o.csatFloor <= 1)) {
    out.push(problem("floor_out_of_range", p("csatFloor"), "CSAT floor must be a share from 0 to 1"));
  }
  if (o.npsFloor !== null && o.npsFloor !== undefined && !(o.npsFloor >= -100 && o.npsFloor <= 100)) {
    out.push(problem("floor_out_of_range", p("npsFloor"), "NPS floor must be from -100 to 100"));
  }
  return out;
}
