import type { T } from "~/utils/i18n";

/** Minutes as "45 min", "3 h 20 min" or "2 d 4 h" (absolute value; the caller says left or over). */
export function formatDuration(t: T, minutes: number): string {
  const m = Math.round(Math.abs(minutes));
  if (m < 60) return t("cases.minutesShort", { m });
  if (m < 24 * 60) return t("cases.hoursShort", { h: Math.floor(m / 60), m: m % 60 });
  return t("cases.daysShort", { d: Math.floor(m / 1440), h: Math.floor((m % 1440) / 60) });
}

export function formatTarget(t: T, minutes: number | null): string {
  return minutes === null ? "—" : formatDuration(t, minutes);
}
