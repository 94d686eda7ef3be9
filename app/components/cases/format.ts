import type { T } from "~/utils/i18n";

/**
 * Minutes as "45 min" or "30 h 20 min" (absolute value; the caller says left or over). Never in
 * days: business time counts working hours, and "1 day" of it would read as 24 wall-clock hours.
 */
export function formatDuration(t: T, minutes: number): string {
  const m = Math.round(Math.abs(minutes));
  if (m < 60) return t("cases.minutesShort", { m });
  if (m % 60 === 0) return t("cases.hoursOnly", { h: m / 60 });
  return t("cases.hoursShort", { h: Math.floor(m / 60), m: m % 60 });
}

export function formatTarget(t: T, minutes: number | null): string {
  return minutes === null ? "—" : formatDuration(t, minutes);
}
