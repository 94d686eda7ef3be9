import type { MeanResult } from "../../../analysis/metrics";
import type { ThemeImpact } from "../../../analysis/themes";
import { formatNumber, useLocale, useT } from "~/utils/i18n";

const signed = (locale: "ko" | "en", v: number, digits = 1) => `${v > 0 ? "+" : v < 0 ? "−" : "±"}${formatNumber(locale, Math.abs(v), digits)}`;

/** Mean text sentiment (-1..1), always labelled an estimate. */
export function SentimentText({ result }: { result: MeanResult }) {
  const t = useT();
  const locale = useLocale();
  if (result.mean === null) return <span className="muted">–</span>;
  return (
    <span data-sentiment={result.mean}>
      {signed(locale, result.mean, 2)} <span className="muted small">({t("theme.estimate")}, n = {formatNumber(locale, result.n, 0)})</span>
    </span>
  );
}

/** NPS points a theme costs (negative) or adds, with its 95 % bootstrap interval. */
export function ImpactText({ impact, long = false }: { impact: ThemeImpact; long?: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (impact.impact === null) return <span className="muted">{t("theme.impact.none")}</span>;
  return (
    <span data-impact={impact.impact} data-low={impact.interval?.low} data-high={impact.interval?.high}>
      <strong>{signed(locale, impact.impact)}</strong>
      {impact.interval ? (
        <span className="small">
          {" "}
          ({signed(locale, impact.interval.low)} … {signed(locale, impact.interval.high)})
        </span>
      ) : null}
      {long ? (
        <span className="small muted">
          {" "}
          {t("theme.impact.detail", { inside: formatNumber(locale, impact.nInside, 0), all: formatNumber(locale, impact.nAll, 0) })}
        </span>
      ) : null}
    </span>
  );
}
