import { z } from "zod";
import { validateCalendar, validateCreditTable, validateObjectives, type Problem } from "../../analysis/sla";
import type { LocalizedList, ObjectiveKind, Priority, ReviewCadence } from "../../db/schema";
import type { Objective, VersionInput } from "~/models/sla.server";
import { messages, translate, type Locale, type MessageKey } from "~/utils/i18n";
import { CONTROL_MESSAGE, hasControlChars, line, text } from "./text";

/**
 * SLA forms. Field names are the paths of the parsed value (e.g. "calendar.slots.2.start"), so
 * an error's path is the name of the input it belongs beside. Calendar, credit-table and
 * target rules are analysis/sla's validators; this file only maps their problems to fields.
 */

export const priorities: Priority[] = ["p1", "p2", "p3", "p4"];
export const timeKinds = ["first_response", "progress_update", "resolution"] as const;
export type TimeKind = (typeof timeKinds)[number];
export const reviewCadences: ReviewCadence[] = ["monthly", "quarterly", "semiannual", "annual"];
export const MAX_LINE = 2000;
// Caps on repeated rows: far above any real SLA, far below what stalls a request.
export const MAX_SLOTS = 200;
export const MAX_CREDITS = 50;
export const MAX_HOLIDAYS = 500;
export const MAX_DUTIES = 100;
export const MAX_TIERS = 50;

/** An error beside a field: a message key and its parameters, translated where it is shown. */
export type FieldMessage = { key: string; params?: Record<string, string | number> };
export type FormErrors = Record<string, FieldMessage>;
export type FormValues = Record<string, string | string[]>;

const str = (v: unknown) => (typeof v === "string" ? v : Array.isArray(v) ? String(v[0] ?? "") : "");
const lines = (v: string) =>
  v
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

const localized = (max = MAX_LINE, multiline = false) => {
  const field = multiline ? text(max) : line(max);
  return z.object({ ko: field, en: field }).transform((l) => ({ ...(l.ko ? { ko: l.ko } : {}), ...(l.en ? { en: l.en } : {}) }));
};
/** A textarea of one item per line, at most `max` lines. */
const lineList = (max: number) =>
  z
    .string()
    .refine((s) => !hasControlChars(s, true), CONTROL_MESSAGE)
    .superRefine((s, ctx) => {
      // A custom issue keeps its params (the {max} of the message); a built-in check's does not.
      if (lines(s).length > max) ctx.addIssue({ code: "custom", message: "validation.tooManyLines", params: { max } });
    });
/** Repeated rows (calendar slots, credit tiers), at most `max`. */
const rows = <T extends z.ZodType>(row: T, max: number) =>
  z.array(row).superRefine((list, ctx) => {
    if (list.length > max) ctx.addIssue({ code: "custom", message: "validation.tooManyRows", params: { max } });
  });
const localizedLines = z.object({ ko: lineList(MAX_DUTIES), en: lineList(MAX_DUTIES) }).transform((l, ctx) => {
  const out: LocalizedList = {};
  for (const lang of ["ko", "en"] as const) {
    const list = lines(l[lang]);
    if (list.some((x) => x.length > MAX_LINE)) ctx.addIssue({ code: "custom", path: [lang], message: "validation.tooLong", params: { max: MAX_LINE } });
    if (list.length) out[lang] = list;
  }
  return out;
});

/** "" -> null (no objective); otherwise a finite number or an issue. */
const optionalNumber = line(100).transform((s, ctx): number | null => {
  const t = s.trim().replace(",", ".");
  if (t === "") return null;
  const n = Number(t);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: "sla.error.not_a_number" });
    return z.NEVER;
  }
  return n;
});
const requiredNumber = optionalNumber.transform((n, ctx): number => {
  if (n === null) {
    ctx.addIssue({ code: "custom", message: "validation.required" });
    return z.NEVER;
  }
  return n;
});

// ---- the SLA itself ---------------------------------------------------------------------

export const slaSchema = z
  .object({
    "name.ko": line(200),
    "name.en": line(200),
    service: line(100).pipe(z.string().min(1, "validation.required").regex(/^[a-z0-9][a-z0-9._-]*$/, "sla.error.serviceKey")),
    tiers: rows(line(50), MAX_TIERS),
    tiersOther: line(2000),
  })
  .superRefine((v, ctx) => {
    if (!v["name.ko"] && !v["name.en"]) ctx.addIssue({ code: "custom", path: ["name.ko"], message: "sla.error.nameRequired" });
    const tiers = [...v.tiers, ...v.tiersOther.split(",")].map((t) => t.trim()).filter(Boolean);
    if (!tiers.length) ctx.addIssue({ code: "custom", path: ["tiers"], message: "sla.error.tiersRequired" });
    if (tiers.length > MAX_TIERS) ctx.addIssue({ code: "custom", path: ["tiers"], message: "validation.tooManyRows", params: { max: MAX_TIERS } });
    else if (tiers.some((t) => t.length > 50)) ctx.addIssue({ code: "custom", path: ["tiers"], message: "validation.tooLong", params: { max: 50 } });
  })
  .transform((v) => {
    const tiers = [...v.tiers, ...v.tiersOther.split(",")].map((t) => t.trim()).filter(Boolean);
    return {
      name: { ...(v["name.ko"] ? { ko: v["name.ko"] } : {}), ...(v["name.en"] ? { en: v["name.en"] } : {}) },
      service: v.service,
      tiers: [...new Set(tiers)],
    };
  });

export function slaFormRaw(values: FormValues) {
  return {
    "name.ko": str(values["name.ko"]),
    "name.en": str(values["name.en"]),
    service: str(values.service),
    tiers: ([] as string[]).concat(values.tiers ?? []),
    tiersOther: str(values.tiersOther),
  };
}

// ---- a version --------------------------------------------------------------------------

/** Row indices present in the form for a repeated group, e.g. calendar.slots.N.*, in order. */
export function rowIndices(values: FormValues, prefix: string): number[] {
  const re = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d+)\\.`);
  const set = new Set<number>();
  for (const k of Object.keys(values)) {
    const m = re.exec(k);
    if (m) set.add(Number(m[1]));
  }
  return [...set].sort((a, b) => a - b);
}

const slotRow = z.object({ day: line(10), start: line(20), end: line(20) });
const creditRow = z.object({ below: optionalNumber, creditPercent: optionalNumber });
const objectiveCell = z.object({
  target: optionalNumber,
  unit: z.enum(["hours", "minutes"], { message: "validation.invalid" }),
  mode: z.enum(["business", "calendar"], { message: "validation.invalid" }),
});

const versionShape = z.object({
  service: z.object({ type: localized(), scope: localized(5000, true) }),
  calendar: z.object({
    timezone: line(100).pipe(z.string().min(1, "validation.required")),
    slots: rows(slotRow, MAX_SLOTS),
    holidays: lineList(MAX_HOLIDAYS),
  }),
  noticePeriodDays: requiredNumber.pipe(z.number().int("validation.integer").min(0, "sla.error.noticeNegative").max(3650, "validation.invalid")),
  reviewCadence: z.enum(reviewCadences as [ReviewCadence, ...ReviewCadence[]], { message: "validation.invalid" }),
  providerDuties: localizedLines,
  customerDuties: localizedLines,
  remedies: z.object({
    credits: rows(creditRow, MAX_CREDITS),
    alternative: localized(5000, true),
  }),
  objectives: z.object({
    availability: optionalNumber,
    csat_floor: z.object({ target: optionalNumber, window: z.enum(["month", "quarter"], { message: "validation.invalid" }) }),
    nps_floor: z.object({ target: optionalNumber, window: z.enum(["month", "quarter"], { message: "validation.invalid" }) }),
    time: z.record(z.string(), z.record(z.string(), objectiveCell)),
  }),
  changeNote: localized(5000, true),
});

/** The nested, still textual value of a version form (what versionShape parses). */
export function versionFormRaw(values: FormValues) {
  const v = (k: string) => str(values[k]);
  const time: Record<string, Record<string, { target: string; unit: string; mode: string }>> = {};
  for (const kind of timeKinds) {
    time[kind] = {};
    for (const p of priorities) {
      const base = `objectives.${kind}.${p}`;
      time[kind][p] = { target: v(`${base}.target`), unit: v(`${base}.unit`) || "hours", mode: v(`${base}.mode`) || "business" };
    }
  }
  return {
    service: { type: { ko: v("service.type.ko"), en: v("service.type.en") }, scope: { ko: v("service.scope.ko"), en: v("service.scope.en") } },
    calendar: {
      timezone: v("calendar.timezone"),
      slots: rowIndices(values, "calendar.slots").map((i) => ({
        day: v(`calendar.slots.${i}.day`),
        start: v(`calendar.slots.${i}.start`),
        end: v(`calendar.slots.${i}.end`),
      })),
      holidays: v("calendar.holidays"),
    },
    noticePeriodDays: v("noticePeriodDays"),
    reviewCadence: v("reviewCadence"),
    providerDuties: { ko: v("providerDuties.ko"), en: v("providerDuties.en") },
    customerDuties: { ko: v("customerDuties.ko"), en: v("customerDuties.en") },
    remedies: {
      credits: rowIndices(values, "remedies.credits").map((i) => ({
        below: v(`remedies.credits.${i}.below`),
        creditPercent: v(`remedies.credits.${i}.creditPercent`),
      })),
      alternative: { ko: v("remedies.alternative.ko"), en: v("remedies.alternative.en") },
    },
    objectives: {
      availability: v("objectives.availability.target"),
      csat_floor: { target: v("objectives.csat_floor.target"), window: v("objectives.csat_floor.window") || "month" },
      nps_floor: { target: v("objectives.nps_floor.target"), window: v("objectives.nps_floor.window") || "month" },
      time,
    },
    changeNote: { ko: v("changeNote.ko"), en: v("changeNote.en") },
  };
}

/**
 * The form's field names after the rows were renumbered 0..n-1: the page renders rows from
 * these, so an error at calendar.slots.2 sits beside the third row shown.
 */
export function compactRows(values: FormValues): FormValues {
  const out: FormValues = {};
  // One pass over the fields: prefix -> row index -> that row's fields (linear in the form).
  const rows = new Map<string, Map<number, [string, string | string[]][]>>();
  for (const [k, val] of Object.entries(values)) {
    const m = rowField.exec(k);
    if (!m) {
      out[k] = val;
      continue;
    }
    const byIndex = rows.get(m[1]) ?? new Map<number, [string, string | string[]][]>();
    rows.set(m[1], byIndex);
    const idx = Number(m[2]);
    const fields = byIndex.get(idx) ?? [];
    byIndex.set(idx, fields);
    fields.push([m[3], val]);
  }
  for (const [prefix, byIndex] of rows) {
    [...byIndex.keys()]
      .sort((a, b) => a - b)
      .forEach((idx, n) => {
        for (const [rest, val] of byIndex.get(idx)!) out[`${prefix}.${n}.${rest}`] = val;
      });
  }
  return out;
}
const rowField = /^(calendar\.slots|remedies\.credits)\.(\d+)\.(.*)$/s;

function zodErrors(error: z.ZodError, prefixMap: (path: string) => string = (p) => p): FormErrors {
  const out: FormErrors = {};
  for (const issue of error.issues) {
    const path = prefixMap(issue.path.join(".")) || "_form";
    out[path] ??= { key: issue.message || "validation.invalid", params: (issue as any).params };
  }
  return out;
}

/** Where a version-form path renders: objectives.time.first_response.p1.target -> objectives.first_response.p1.target. */
function formPath(path: string): string {
  return path
    .replace(/^objectives\.time\./, "objectives.")
    .replace(/^objectives\.availability$/, "objectives.availability.target");
}

function addProblems(errors: FormErrors, problems: Problem[], map: (path: string) => string) {
  for (const p of problems) {
    const at = map(p.path);
    errors[at] ??= { key: `sla.error.${p.code}`, params: { ...(p.params ?? {}), ...numbered(p.params) } };
  }
}

/** Problems about rows of a list the form's empty rows were left out of, moved to the form's rows (path and row numbers). */
function inFormRows(problems: Problem[], rows: number[]): Problem[] {
  return problems.map((p) => {
    const params = { ...p.params };
    for (const k of ["index", "other"]) if (typeof params[k] === "number") params[k] = rows[params[k] as number];
    return { ...p, path: p.path.replace(/^(\w+)\.(\d+)/, (_m, list, n) => `${list}.${rows[Number(n)]}`), ...(p.params ? { params } : {}) };
  });
}

/** Problems count rows from 0; people count from 1. */
function numbered(params: Problem["params"]) {
  const out: Record<string, string | number> = {};
  if (params && typeof params.index === "number") out.row = params.index + 1;
  if (params && typeof params.other === "number") out.otherRow = params.other + 1;
  return out;
}

const unitMinutes = { hours: 60, minutes: 1 } as const;

export type VersionParse = { ok: true; input: VersionInput } | { ok: false; errors: FormErrors };

/** Parses and validates a version form: zod for the shape, analysis/sla for the rules. */
export function parseVersionForm(values: FormValues): VersionParse {
  const parsed = versionShape.safeParse(versionFormRaw(compactRows(values)));
  if (!parsed.success) {
    // Report the shape problems and, where the shape allows, the rule problems too.
    const errors = zodErrors(parsed.error, formPath);
    return { ok: false, errors };
  }
  const v = parsed.data;
  const errors: FormErrors = {};

  const slots = v.calendar.slots.map((s) => ({ day: /^[0-6]$/.test(s.day) ? Number(s.day) : NaN, start: s.start, end: s.end }));
  const holidays = lines(v.calendar.holidays);
  const calendar = { timezone: v.calendar.timezone, slots, holidays };
  addProblems(errors, validateCalendar(calendar), (p) =>
    p.startsWith("holidays") ? "calendar.holidays" : `calendar.${p}`,
  );

  // Complete rows go to the table's rules; the problems' indices are positions among them, so
  // each keeps its form row (an empty row is no tier, a half-filled one is "required" only).
  const credits: { below: number; creditPercent: number }[] = [];
  const creditRows: number[] = [];
  v.remedies.credits.forEach((c, i) => {
    if (c.below === null && c.creditPercent === null) return;
    if (c.below === null) errors[`remedies.credits.${i}.below`] ??= { key: "validation.required" };
    if (c.creditPercent === null) errors[`remedies.credits.${i}.creditPercent`] ??= { key: "validation.required" };
    if (c.below === null || c.creditPercent === null) return;
    credits.push({ below: c.below, creditPercent: c.creditPercent });
    creditRows.push(i);
  });
  addProblems(errors, inFormRows(validateCreditTable(credits), creditRows), (p) => p.replace(/^tiers\./, "remedies.credits."));

  const objectives: Objective[] = [];
  const o = v.objectives;
  addProblems(
    errors,
    validateObjectives({ availabilityPercent: o.availability, npsFloor: o.nps_floor.target }),
    (p) => (p === "availabilityPercent" ? "objectives.availability.target" : "objectives.nps_floor.target"),
  );
  // The CSAT floor is entered in percent; analysis/sla takes a share.
  if (o.csat_floor.target !== null) {
    if (o.csat_floor.target <= 0) errors["objectives.csat_floor.target"] ??= { key: "sla.error.target_not_positive", params: { value: o.csat_floor.target } };
    addProblems(errors, validateObjectives({ csatFloor: o.csat_floor.target / 100 }), () => "objectives.csat_floor.target");
  }
  if (o.availability !== null) objectives.push({ kind: "availability", priority: null, target: o.availability, unit: "percent", mode: null, window: "month" });
  if (o.csat_floor.target !== null) objectives.push({ kind: "csat_floor", priority: null, target: o.csat_floor.target, unit: "percent", mode: null, window: o.csat_floor.window });
  if (o.nps_floor.target !== null) objectives.push({ kind: "nps_floor", priority: null, target: o.nps_floor.target, unit: "points", mode: null, window: o.nps_floor.window });

  const field = { first_response: "firstResponseMinutes", progress_update: "progressUpdateMinutes", resolution: "resolutionMinutes" } as const;
  for (const p of priorities) {
    const targets: Record<string, number | null> = {};
    const modes: Record<string, string> = {};
    for (const kind of timeKinds) {
      const cell = o.time[kind]?.[p];
      if (!cell) continue;
      targets[field[kind]] = cell.target === null ? null : cell.target * unitMinutes[cell.unit];
      modes[kind] = cell.mode;
      if (cell.target !== null) {
        objectives.push({ kind: kind as ObjectiveKind, priority: p, target: cell.target, unit: cell.unit, mode: cell.mode, window: "month" });
      }
    }
    addProblems(errors, validateObjectives({ ...targets, modes }), (path) => {
      const kind = (Object.keys(field) as TimeKind[]).find((k) => path === field[k]) ?? path.replace(/^modes\./, "");
      return `objectives.${kind}.${p}.${path.startsWith("modes.") ? "mode" : "target"}`;
    });
  }

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      service: v.service,
      calendar,
      noticePeriodDays: v.noticePeriodDays,
      reviewCadence: v.reviewCadence,
      providerDuties: v.providerDuties,
      customerDuties: v.customerDuties,
      remedies: { credits, alternative: v.remedies.alternative },
      objectives,
      changeNote: v.changeNote,
    },
  };
}

/** The form values that show a stored version (the inverse of parseVersionForm). */
export function versionFormValues(v: VersionInput): FormValues {
  const out: FormValues = {
    "service.type.ko": v.service.type.ko ?? "",
    "service.type.en": v.service.type.en ?? "",
    "service.scope.ko": v.service.scope.ko ?? "",
    "service.scope.en": v.service.scope.en ?? "",
    "calendar.timezone": v.calendar.timezone,
    "calendar.holidays": v.calendar.holidays.join("\n"),
    noticePeriodDays: String(v.noticePeriodDays),
    reviewCadence: v.reviewCadence,
    "providerDuties.ko": (v.providerDuties.ko ?? []).join("\n"),
    "providerDuties.en": (v.providerDuties.en ?? []).join("\n"),
    "customerDuties.ko": (v.customerDuties.ko ?? []).join("\n"),
    "customerDuties.en": (v.customerDuties.en ?? []).join("\n"),
    "remedies.alternative.ko": v.remedies.alternative.ko ?? "",
    "remedies.alternative.en": v.remedies.alternative.en ?? "",
    "changeNote.ko": v.changeNote.ko ?? "",
    "changeNote.en": v.changeNote.en ?? "",
  };
  v.calendar.slots.forEach((s, i) => {
    out[`calendar.slots.${i}.day`] = String(s.day);
    out[`calendar.slots.${i}.start`] = s.start;
    out[`calendar.slots.${i}.end`] = s.end;
  });
  v.remedies.credits.forEach((c, i) => {
    out[`remedies.credits.${i}.below`] = String(c.below);
    out[`remedies.credits.${i}.creditPercent`] = String(c.creditPercent);
  });
  for (const o of v.objectives) {
    if (o.kind === "availability") out["objectives.availability.target"] = String(o.target);
    else if (o.kind === "csat_floor" || o.kind === "nps_floor") {
      out[`objectives.${o.kind}.target`] = String(o.target);
      out[`objectives.${o.kind}.window`] = o.window;
    } else if (o.priority) {
      const base = `objectives.${o.kind}.${o.priority}`;
      out[`${base}.target`] = String(o.target);
      out[`${base}.unit`] = o.unit;
      out[`${base}.mode`] = o.mode ?? "business";
    }
  }
  return out;
}

/** Add/remove row buttons (forms work without JavaScript): returns the values with the row changed. */
export function applyRowIntent(values: FormValues, intent: string): FormValues | null {
  const compact = compactRows(values);
  const add = /^add:(calendar\.slots|remedies\.credits)$/.exec(intent);
  if (add) {
    const prefix = add[1];
    const n = rowIndices(compact, prefix).length;
    if (n >= (prefix === "calendar.slots" ? MAX_SLOTS : MAX_CREDITS)) return compact;
    const blank: FormValues =
      prefix === "calendar.slots"
        ? { [`${prefix}.${n}.day`]: "1", [`${prefix}.${n}.start`]: "09:00", [`${prefix}.${n}.end`]: "18:00" }
        : { [`${prefix}.${n}.below`]: "", [`${prefix}.${n}.creditPercent`]: "" };
    return { ...compact, ...blank };
  }
  const remove = /^remove:(calendar\.slots|remedies\.credits):(\d+)$/.exec(intent);
  if (remove) {
    const [, prefix, idx] = remove;
    const kept: FormValues = {};
    for (const [k, val] of Object.entries(compact)) if (!k.startsWith(`${prefix}.${idx}.`)) kept[k] = val;
    return compactRows(kept);
  }
  return null;
}

/** Publishing: the date the version takes effect (local midnight in the calendar's zone). */
export const publishSchema = z.object({
  effectiveFrom: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date")
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "validation.date"),
});

/** Field errors in the reader's language (parameters filled in). */
export function errorTexts(errors: FormErrors, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, m] of Object.entries(errors)) {
    const key = (m.key in messages ? m.key : "validation.invalid") as MessageKey;
    out[field] = translate(locale, key, m.params);
  }
  return out;
}
