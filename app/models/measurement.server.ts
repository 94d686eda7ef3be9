import { parse } from "csv-parse/sync";
import { availability, monthRange, validateOutage, type AvailabilityResult } from "../../analysis/sla";
import { zone } from "../../analysis/sla/zone";
import { db } from "~/db.server";
import { monthsBetween } from "~/utils/dates";
import { measurementColumns, measurementRowSchema, type MeasurementRow } from "~/schemas/measurement";
import type { MessageKey } from "~/utils/i18n";
import { recordAudit } from "./audit.server";
import { getVersionInForce, listSlas } from "./sla.server";

/** One problem in an uploaded file; line 1 is the header. */
export type ImportError = { line: number; field: string | null; key: MessageKey; params?: Record<string, string | number> };

const isoWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const naive = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A time from a CSV cell: ISO 8601 with an offset ("2026-10-01T00:00:00+09:00", "...Z"), or a
 * local "YYYY-MM-DD[ HH:MM[:SS]]" read in the SLA calendar's zone. Null when it is not a real time.
 */
export function parseInstant(text: string, timezone: string): Date | null {
  const s = text.trim();
  if (isoWithZone.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = naive.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = [+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)];
  const local = Date.UTC(y, mo - 1, d, h, mi, se);
  const back = new Date(local);
  // 2026-02-30 or 25:00 roll over in Date.UTC; refuse them instead.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) return null;
  return new Date(zone(timezone).localToUtc(local));
}

function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const s = text.trim().replace(/,/g, "");
  if (s === "" || !/^-?\d+(\.\d+)?$/.test(s)) return Number.NaN;
  return Number(s);
}

export type ParsedMeasurements = { rows: (MeasurementRow & { line: number })[]; errors: ImportError[] };

/**
 * Reads and checks a measurement CSV (service, window_start, window_end, good_minutes,
 * total_minutes). Every row is checked; errors carry the file's line numbers. `services` maps a
 * known service to its calendar's zone (local times in the file are read in that zone).
 */
export function parseMeasurementCsv(text: string, services: Map<string, string>, now = new Date()): ParsedMeasurements {
  const errors: ImportError[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as any;
  } catch (e) {
    const line = typeof (e as any)?.lines === "number" ? (e as any).lines : 1;
    return { rows: [], errors: [{ line, field: null, key: "measurements.error.csv", params: { detail: String((e as Error).message).slice(0, 200) } }] };
  }
  if (!records.length) return { rows: [], errors: [{ line: 1, field: null, key: "measurements.error.emptyFile" }] };
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  if (header.includes("outage_start") || header.includes("outage_end")) return parseOutages(header, records, services, now);
  const missing = measurementColumns.filter((c) => !header.includes(c));
  if (missing.length) return { rows: [], errors: [{ line: 1, field: null, key: "measurements.error.header", params: { columns: missing.join(", ") } }] };
  if (records.length === 1) return { rows: [], errors: [{ line: 2, field: null, key: "measurements.error.noRows" }] };
  const col = Object.fromEntries(measurementColumns.map((c) => [c, header.indexOf(c)])) as Record<(typeof measurementColumns)[number], number>;
  const rows: ParsedMeasurements["rows"] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const cell = (c: (typeof measurementColumns)[number]) => record[col[c]];
    const service = (cell("service") ?? "").trim();
    const tz = services.get(service);
    if (service && !tz) {
      errors.push({ line, field: "service", key: "measurements.error.unknownService", params: { service: service.slice(0, 80) } });
    }
    const tzOrUtc = tz ?? "UTC";
    const start = cell("window_start") ? parseInstant(cell("window_start"), tzOrUtc) : null;
    const end = cell("window_end") ? parseInstant(cell("window_end"), tzOrUtc) : null;
    const parsed = measurementRowSchema.safeParse({
      service,
      window_start: start ?? undefined,
      window_end: end ?? undefined,
      good_minutes: parseNumber(cell("good_minutes")),
      total_minutes: parseNumber(cell("total_minutes")),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "");
        // Missing numbers and dates come through as undefined: say which, in one message each.
        const key = issue.message === "validation.required" ? "measurements.error.required" : (issue.message as MessageKey);
        errors.push({ line, field, key, params: { field } });
      }
      continue;
    }
    if (tz) rows.push({ ...parsed.data, line });
  }
  // Overlapping windows for one service would count minutes twice.
  const byService = new Map<string, typeof rows>();
  for (const r of rows) byService.set(r.service, [...(byService.get(r.service) ?? []), r]);
  for (const list of byService.values()) {
    list.sort((a, b) => a.window_start.getTime() - b.window_start.getTime());
    for (let i = 1; i < list.length; i++) {
      if (list[i].window_start < list[i - 1].window_end) {
        errors.push({ line: list[i].line, field: "window_start", key: "measurements.error.overlapInFile", params: { other: list[i - 1].line } });
      }
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors };
}

const outageColumns = ["service", "outage_start", "outage_end"] as const;

/**
 * The second format: a list of outages (service, outage_start, outage_end). The list is taken as
 * complete for every month it touches: each such month becomes one window whose total is the
 * whole month (up to now for the running month) and whose bad minutes are the outages' union,
 * as analysis/sla availability counts them in outage mode.
 */
function parseOutages(
  header: string[],
  records: { record: string[]; info: { lines: number } }[],
  services: Map<string, string>,
  now: Date,
): ParsedMeasurements {
  const missing = outageColumns.filter((c) => !header.includes(c));
  if (missing.length) return { rows: [], errors: [{ line: 1, field: null, key: "measurements.error.header", params: { columns: missing.join(", ") } }] };
  if (records.length === 1) return { rows: [], errors: [{ line: 2, field: null, key: "measurements.error.noRows" }] };
  const col = Object.fromEntries(outageColumns.map((c) => [c, header.indexOf(c)])) as Record<(typeof outageColumns)[number], number>;
  const errors: ImportError[] = [];
  const outages: { service: string; start: Date; end: Date; line: number }[] = [];
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const service = (record[col.service] ?? "").trim();
    const tz = services.get(service);
    if (!service) errors.push({ line, field: "service", key: "measurements.error.required", params: { field: "service" } });
    else if (!tz) errors.push({ line, field: "service", key: "measurements.error.unknownService", params: { service: service.slice(0, 80) } });
    const start = parseInstant(record[col.outage_start] ?? "", tz ?? "UTC") ?? new Date(Number.NaN);
    const end = parseInstant(record[col.outage_end] ?? "", tz ?? "UTC") ?? new Date(Number.NaN);
    const problems = validateOutage({ start, end });
    for (const pr of problems) {
      const field = pr.path === "start" ? "outage_start" : "outage_end";
      errors.push({ line, field, key: pr.code === "end_before_start" ? "measurements.error.outageEndBeforeStart" : "measurements.error.date", params: { field } });
    }
    if (!problems.length && start.getTime() > now.getTime()) errors.push({ line, field: "outage_start", key: "measurements.error.future" });
    if (tz && !problems.length) outages.push({ service, start, end, line });
  }
  const rows: ParsedMeasurements["rows"] = [];
  const byService = new Map<string, typeof outages>();
  for (const o of outages) byService.set(o.service, [...(byService.get(o.service) ?? []), o]);
  for (const [service, list] of byService) {
    const tz = services.get(service)!;
    const months = new Map<string, number>();
    for (const o of list) {
      // At most 20 years of months per outage line.
      for (const m of monthsBetween(monthOf(o.start, tz), monthOf(new Date(Math.min(o.end.getTime(), now.getTime()) - 1), tz), 240)) {
        if (!months.has(m)) months.set(m, o.line);
      }
    }
    for (const [month, line] of [...months].sort()) {
      const { start, end } = monthRange(month, tz);
      if (start.getTime() >= now.getTime()) continue;
      const a = availability({ month, timezone: tz, objectivePercent: 100, outages: list, now });
      rows.push({ service, window_start: start, window_end: new Date(Math.min(end.getTime(), now.getTime())), good_minutes: a.goodMinutes, total_minutes: a.totalMinutes, line });
    }
  }
  return { rows, errors: errors.sort((a, b) => a.line - b.line) };
}

/** Known services -> the calendar zone of the version in force (local times in files are read there). */
export async function knownServices(now = new Date()): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const s of await listSlas(now)) {
    if (out.has(s.service)) continue;
    const v = await getVersionInForce({ slaId: s.id }, now);
    out.set(s.service, v?.calendar.timezone ?? (await latestCalendarZone(s.id)) ?? "UTC");
  }
  return out;
}

async function latestCalendarZone(slaId: string): Promise<string | null> {
  const v = await db.selectFrom("sla_versions").select("calendar").where("sla_id", "=", slaId).orderBy("version", "desc").executeTakeFirst();
  return v?.calendar?.timezone ?? null;
}

export type ImportResult = { ok: true; count: number; importId: string } | { ok: false; errors: ImportError[] };

/** All rows or none: any error in the file (or a clash with stored windows) imports nothing. */
export async function importMeasurements(userId: string | null, filename: string, text: string, now = new Date()): Promise<ImportResult> {
  const { rows, errors } = parseMeasurementCsv(text, await knownServices(now), now);
  if (errors.length) return { ok: false, errors };
  return db.transaction().execute(async (trx) => {
    const clashes: ImportError[] = [];
    for (const r of rows) {
      const hit = await trx
        .selectFrom("measurements")
        .select("id")
        .where("service", "=", r.service)
        .where("window_start", "<", r.window_end)
        .where("window_end", ">", r.window_start)
        .executeTakeFirst();
      if (hit) clashes.push({ line: r.line, field: "window_start", key: "measurements.error.overlapStored" });
    }
    if (clashes.length) return { ok: false as const, errors: clashes };
    const imp = await trx
      .insertInto("measurement_imports")
      .values({ filename: filename.slice(0, 200), row_count: rows.length, user_id: userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto("measurements")
        .values(
          rows.slice(i, i + 500).map((r) => ({
            service: r.service,
            window_start: r.window_start,
            window_end: r.window_end,
            good_minutes: r.good_minutes,
            total_minutes: r.total_minutes,
            import_id: imp.id,
          })),
        )
        .execute();
    }
    await recordAudit(trx, { userId, action: "measurements.import", targetType: "measurement_import", targetId: imp.id, detail: { filename, rows: rows.length } });
    return { ok: true as const, count: rows.length, importId: imp.id };
  });
}

export async function listImports(limit = 20) {
  return db
    .selectFrom("measurement_imports")
    .leftJoin("users", "users.id", "measurement_imports.user_id")
    .select(["measurement_imports.id", "measurement_imports.filename", "measurement_imports.row_count", "measurement_imports.created_at", "users.name as user_name"])
    .orderBy("measurement_imports.created_at", "desc")
    .limit(limit)
    .execute();
}

/** "YYYY-MM" of an instant in a zone. */
// Building an Intl.DateTimeFormat costs far more than using one, and a pack calls this per case.
const monthFormats = new Map<string, Intl.DateTimeFormat>();

export function monthOf(at: Date, timezone: string): string {
  let format = monthFormats.get(timezone);
  if (!format) monthFormats.set(timezone, (format = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit" })));
  const parts = format.formatToParts(at);
  return `${parts.find((p) => p.type === "year")!.value}-${parts.find((p) => p.type === "month")!.value}`;
}

export function previousMonths(latest: string, count: number): string[] {
  const [y, m] = latest.split("-").map(Number);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  });
}

/** Windows of a service touching [from, to). */
export async function windowsFor(service: string, from: Date, to: Date) {
  const rows = await db
    .selectFrom("measurements")
    .select(["window_start", "window_end", "good_minutes", "total_minutes"])
    .where("service", "=", service)
    .where("window_start", "<", to)
    .where("window_end", ">", from)
    .orderBy("window_start")
    .execute();
  return rows.map((r) => ({ start: r.window_start, end: r.window_end, goodMinutes: Number(r.good_minutes), totalMinutes: Number(r.total_minutes) }));
}

export type MonthAvailability = AvailabilityResult & { versionId: string | null; version: number | null };

/**
 * Availability of an SLA's service per month against the availability objective of the version
 * in force at the month's start, in that version's calendar zone (analysis/sla availability).
 */
export async function availabilityByMonth(slaId: string, months = 6, now = new Date()): Promise<{ timezone: string; months: MonthAvailability[] } | null> {
  const sla = await db.selectFrom("slas").select(["id", "service"]).where("id", "=", slaId).executeTakeFirst();
  if (!sla) return null;
  const current = await getVersionInForce({ slaId }, now);
  const timezone = current?.calendar.timezone ?? (await latestCalendarZone(slaId)) ?? "UTC";
  const out: MonthAvailability[] = [];
  for (const month of previousMonths(monthOf(now, timezone), months)) {
    const r = await availabilityForMonth(slaId, sla.service, month, timezone);
    if (r) out.push(r);
  }
  return { timezone, months: out };
}

export async function availabilityForMonth(slaId: string, service: string, month: string, timezone: string): Promise<MonthAvailability | null> {
  const { start, end } = monthRange(month, timezone);
  const version = (await getVersionInForce({ slaId }, start)) ?? (await getVersionInForce({ slaId }, new Date(end.getTime() - 1)));
  const objective = version?.objectives.find((o) => o.kind === "availability");
  if (!objective) return null;
  const windows = await windowsFor(service, start, end);
  return {
    ...availability({ month, timezone: version!.calendar.timezone, objectivePercent: objective.target, windows }),
    versionId: version!.id,
    version: version!.version,
  };
}

/** A few months of five-minute-resolution daily windows for the demo SLA's service, with two bad days. */
export async function seedDemoMeasurements(service: string, timezone: string, months = 4, now = new Date()): Promise<number> {
  const existing = await db.selectFrom("measurements").select("id").where("service", "=", service).executeTakeFirst();
  if (existing) return 0;
  const rows: { service: string; window_start: Date; window_end: Date; good_minutes: number; total_minutes: number }[] = [];
  const first = previousMonths(monthOf(now, timezone), months)[months - 1];
  let { start } = monthRange(first, timezone);
  const z = zone(timezone);
  let i = 0;
  while (start.getTime() < now.getTime()) {
    const localDay = Math.floor((start.getTime() + z.offsetAt(start.getTime())) / 86_400_000);
    const end = new Date(z.localToUtc((localDay + 1) * 86_400_000));
    if (end.getTime() > now.getTime()) break;
    const total = (end.getTime() - start.getTime()) / 60_000;
    // Deterministic: a quiet baseline, two incidents in the second month, one in the last.
    let bad = (i * 7) % 5 === 0 ? 2 : 0;
    if (i === 20) bad = 310;
    if (i === 21) bad = 95;
    if (i === months * 30 - 15) bad = 520;
    rows.push({ service, window_start: start, window_end: end, good_minutes: total - bad, total_minutes: total });
    start = end;
    i++;
  }
  if (!rows.length) return 0;
  await db.transaction().execute(async (trx) => {
    const imp = await trx.insertInto("measurement_imports").values({ filename: "demo", row_count: rows.length, user_id: null }).returning("id").executeTakeFirstOrThrow();
    await trx
      .insertInto("measurements")
      .values(rows.map((r) => ({ ...r, import_id: imp.id })))
      .execute();
  });
  return rows.length;
}
