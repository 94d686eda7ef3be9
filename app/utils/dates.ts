import { useRouteLoaderData } from "@remix-run/react";
import { DAY, dayNumber, zone } from "../../analysis/sla/zone";

/**
 * Every time on screen goes through here, with the zone it is shown in (DESIGN: staff see times
 * in their own zone, labelled; customers see the SLA calendar's zone). Numbers only ("2026-12-03
 * 17:14"): the server's ICU and the browser's differ in words like AM/오전, which breaks hydration.
 */
export const DEFAULT_ORG_TIME_ZONE = "Asia/Seoul";

const two = (n: number) => (n < 10 ? `0${n}` : String(n));
/** Local date and time from the zone's compiled offsets: arithmetic, not Intl's formatToParts per value. */
function partsIn(value: Date | string, timeZone: string) {
  const t = new Date(value).getTime();
  if (Number.isNaN(t)) throw new RangeError("Invalid time value");
  const local = new Date(t + zone(timeZone).offsetAt(t));
  return {
    date: `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}`,
    time: `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`,
  };
}

/** "2026-12-03 17:14 (Asia/Seoul)"; `label: false` leaves the zone out where a heading says it. */
export function formatDateTime(value: Date | string, timeZone: string, opts: { label?: boolean } = {}): string {
  const { date, time } = partsIn(value, timeZone);
  return opts.label === false ? `${date} ${time}` : `${date} ${time} (${timeZone})`;
}

/** "2026-12-03": the calendar day in that zone. */
export function formatLocalDay(value: Date | string, timeZone: string): string {
  return partsIn(value, timeZone).date;
}

/** The first instant of a calendar day ("YYYY-MM-DD") in the zone: a "from" filter. Null for a date that does not exist. */
export function startOfLocalDay(day: string, timeZone: string): Date | null {
  const n = dayNumber(day);
  return n === null ? null : new Date(zone(timeZone).localToUtc(n * DAY));
}

/**
 * The last instant of a calendar day ("YYYY-MM-DD") in the zone: a close date or link expiry
 * "until the end of that day". Null for a date that does not exist.
 */
export function endOfLocalDay(day: string, timeZone: string): Date | null {
  const n = dayNumber(day);
  return n === null ? null : new Date(zone(timeZone).localToUtc((n + 1) * DAY) - 1);
}

/** Every month from `first` to `last` ("YYYY-MM", both included), so a month with nothing shows as a gap or a 0; at most `max`. */
export function monthsBetween(first: string, last: string, max = Infinity): string[] {
  const out: string[] = [];
  let [y, m] = first.split("-").map(Number);
  const [ly, lm] = last.split("-").map(Number);
  while ((y < ly || (y === ly && m <= lm)) && out.length < max) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m++;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** Whether the runtime knows this IANA zone. */
export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zones offered in pickers (UTC first, then the runtime's list). */
export function timeZones(): string[] {
  const list = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  return ["UTC", ...list.filter((z) => z !== "UTC")];
}

/** The signed-in staff user's zone, from the staff layout's loader (UTC outside it). */
export function useTimeZone(): string {
  const data = useRouteLoaderData("routes/app") as { timeZone?: string } | undefined;
  return data?.timeZone ?? "UTC";
}

/** The organisation's zone (results count days and months in it), from the staff layout's loader. */
export function useOrgTimeZone(): string {
  const data = useRouteLoaderData("routes/app") as { orgTimeZone?: string } | undefined;
  return data?.orgTimeZone ?? DEFAULT_ORG_TIME_ZONE;
}
