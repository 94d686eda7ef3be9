import type { Comparison } from "../../../analysis/metrics";
import type { MetricFigure, MetricValue } from "../../../analysis/review";
import { formatNumber, type Locale, type T } from "~/utils/i18n";

// Words and numbers of the evidence pack, shared by the page and the CSV.

/** "p=0.217", or "p<0.001" for the very small. */
export function pValue(p: number | null): string {
  if (p === null) return "–";
  return p < 0.001 ? "p<0.001" : `p=${p.toFixed(3)}`;
}

export function significance(t: T, c: Comparison | null): string {
  if (!c || c.p === null) return t("review.pack.noTest");
  return t(c.significant ? "review.pack.significant" : "review.pack.notSignificant", { p: pValue(c.p) });
}

/** The figure's headline number as shown: NPS points, CSAT percent, CES mean. */
export function figureValue(locale: Locale, f: MetricFigure | MetricValue | null): string {
  if (!f) return "–";
  if ("result" in f) {
    if (f.metric === "nps") return f.result.nps === null ? "–" : formatNumber(locale, f.result.nps, 1);
    if (f.metric === "csat") return f.result.csat === null ? "–" : `${formatNumber(locale, 100 * f.result.csat, 1)} %`;
    return f.result.mean === null ? "–" : formatNumber(locale, f.result.mean, 2);
  }
  if (f.value === null) return "–";
  if (f.kind === "csat" || f.kind === "share_met") return `${formatNumber(locale, 100 * f.value, 1)} %`;
  if (f.kind === "availability") return `${formatNumber(locale, f.value, 3)} %`;
  return formatNumber(locale, f.value, f.kind === "ces" ? 2 : 1);
}

type Iv = { low: number; high: number } | null | undefined;

function ivText(locale: Locale, iv: Iv, scale: number, digits: number, unit = ""): string {
  if (!iv) return "–";
  return `${formatNumber(locale, iv.low * scale, digits)}${unit} – ${formatNumber(locale, iv.high * scale, digits)}${unit}`;
}

export function figureInterval(locale: Locale, f: MetricFigure | MetricValue | null): string {
  if (!f) return "–";
  if ("result" in f) {
    if (f.metric === "nps") return ivText(locale, f.result.interval, 1, 1);
    if (f.metric === "csat") return ivText(locale, f.result.interval, 100, 1, " %");
    return ivText(locale, f.result.interval, 1, 2);
  }
  if (f.kind === "csat" || f.kind === "share_met") return ivText(locale, f.interval, 100, 1, " %");
  return ivText(locale, f.interval, 1, f.kind === "ces" ? 2 : 1);
}

export function figureN(f: MetricFigure | MetricValue | null): number | null {
  if (!f) return null;
  return "result" in f ? f.result.n : f.n;
}

/** A difference in the figure's unit: NPS points, CSAT percentage points, CES score. */
export function differenceText(locale: Locale, metric: "nps" | "csat" | "ces" | "share_met" | "availability", c: Comparison | null): string {
  if (!c || c.difference === null) return "–";
  const d = metric === "csat" || metric === "share_met" ? 100 * c.difference : c.difference;
  const digits = metric === "ces" ? 2 : 1;
  const text = formatNumber(locale, d, digits);
  const unit = metric === "csat" || metric === "share_met" ? " %p" : "";
  return `${d > 0 ? "+" : ""}${text}${unit}`;
}

export function share(locale: Locale, v: number | null): string {
  return v === null ? "–" : `${formatNumber(locale, 100 * v, 1)} %`;
}

export function money(locale: Locale, v: number): string {
  return new Intl.NumberFormat(locale === "ko" ? "ko-KR" : "en-US", { maximumFractionDigits: 0 }).format(v);
}
