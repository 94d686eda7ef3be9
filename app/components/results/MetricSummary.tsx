import { HowCalculated } from "../HowCalculated";
import type { MetricResult } from "~/models/results.server";
import type { Localized } from "../../../db/schema";
import { pick, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { count, headline, metricValue, percent } from "./format";

export const metricLabel: Record<MetricResult["kind"], MessageKey> = {
  nps: "results.metric.nps",
  csat: "results.metric.csat",
  ces: "results.metric.ces",
  rating: "results.metric.rating",
};

/** "±margin, low to high" in the metric's own unit. */
export function IntervalText({ metric }: { metric: MetricResult }) {
  const t = useT();
  const locale = useLocale();
  const i = metric.result.interval;
  if (!i) return <span className="muted">{t("results.noInterval")}</span>;
  const f = (v: number) => metricValue(locale, metric.kind, v);
  return <span className="interval">{t("results.interval", { low: f(i.low), high: f(i.high), margin: f(i.margin) })}</span>;
}

/** "low to high" only, for tables that have a column for it. */
export function IntervalRange({ metric }: { metric: MetricResult }) {
  const t = useT();
  const locale = useLocale();
  const i = metric.result.interval;
  if (!i) return <>–</>;
  const f = (v: number) => metricValue(locale, metric.kind, v);
  return <>{t("results.intervalRange", { low: f(i.low), high: f(i.high) })}</>;
}

/** The number, its interval and n, with the stored definition beside it. */
export function MetricSummary({ metric, definition, skipped }: { metric: MetricResult; definition: Localized; skipped?: number }) {
  const t = useT();
  const locale = useLocale();
  const value = headline(metric);
  const max = metric.kind === "ces" ? 7 : metric.kind === "rating" ? 5 : null;
  return (
    <div className="metric-summary" data-metric={metric.kind} data-value={value ?? ""} data-n={metric.result.n}>
      <p className="metric-value">
        <span className="metric-name">{t(metricLabel[metric.kind])}</span>{" "}
        <strong className="stat">{metricValue(locale, metric.kind, value)}</strong>
        {max && value !== null ? <span className="muted"> {t("results.outOf", { max })}</span> : null}
      </p>
      {metric.result.n === 0 ? (
        <p className="muted">{t("results.noAnswers")}</p>
      ) : (
        <p>
          <IntervalText metric={metric} />
        </p>
      )}
      <p className="small">
        <span className="metric-n">{t("results.n", { n: count(locale, metric.result.n) })}</span>
        {skipped ? <span className="muted"> · {t("results.skipped", { n: count(locale, skipped) })}</span> : null}
      </p>
      {metric.kind === "nps" && metric.result.n > 0 ? (
        <table className="compact buckets">
          <caption className="sr-only">{t("results.metric.nps")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("results.col.group")}</th>
              <th scope="col" className="num">{t("results.col.count")}</th>
              <th scope="col" className="num">{t("results.col.share")}</th>
            </tr>
          </thead>
          <tbody>
            {(["promoter", "passive", "detractor"] as const).map((b) => (
              <tr key={b} className={`bucket-${b}`}>
                <th scope="row">
                  {t(`results.bucket.${b}`)} <span className="muted">({t(`results.bucketRange.${b}`)})</span>
                </th>
                <td className="num">{count(locale, metric.result[`${b}s`])}</td>
                <td className="num">{percent(locale, metric.result[`${b}Share`] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {metric.kind === "csat" && metric.result.n > 0 ? (
        <p className="small">
          {t("results.bucket.satisfied")}: {count(locale, metric.result.satisfied)} / {count(locale, metric.result.n)}
        </p>
      ) : null}
      <Definition text={definition} />
    </div>
  );
}

export function Definition({ text }: { text: Localized }) {
  const locale = useLocale();
  return <HowCalculated>{pick(text, locale)}</HowCalculated>;
}
