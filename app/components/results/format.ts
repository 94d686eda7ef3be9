import type { MetricResult } from "~/models/results.server";
import { formatNumber, type Locale } from "~/utils/i18n";

/** How each metric is written: NPS in points, CSAT as a percentage, means with two decimals. */
export function metricValue(locale: Locale, kind: MetricResult["kind"], value: number | null): string {
  if (value === null) return "–";
  if (kind === "nps") return formatNumber(locale, value, 1);
  if (kind === "csat") return percent(locale, value);
  return formatNumber(locale, value, 2);
}

export function percent(locale: Locale, share: number, digits = 1): string {
  return `${formatNumber(locale, share * 100, digits)}${locale === "ko" ? "%" : " %"}`;
}

/** The headline figure of a metric result. */
export function headline(m: MetricResult): number | null {
  if (m.kind === "nps") return m.result.nps;
  if (m.kind === "csat") return m.result.csat;
  return m.result.mean;
}

/** A change between two periods, signed, in the metric's unit (percentage points for CSAT). */
export function signedChange(locale: Locale, kind: MetricResult["kind"], change: number | null): string {
  if (change === null) return "–";
  const sign = change > 0 ? "+" : change < 0 ? "−" : "±";
  const abs = Math.abs(change);
  if (kind === "csat") return `${sign}${formatNumber(locale, abs * 100, 1)} ${locale === "ko" ? "%p" : "pp"}`;
  return `${sign}${formatNumber(locale, abs, kind === "nps" ? 1 : 2)}`;
}

export function pValue(locale: Locale, p: number | null): string {
  if (p === null) return "–";
  if (p < 0.001) return "< 0.001";
  return formatNumber(locale, p, 3);
}

export function count(locale: Locale, n: number): string {
  return formatNumber(locale, n, 0);
}

