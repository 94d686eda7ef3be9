import type { MetricResult } from "~/models/results.server";
import { useLocale, useT, type MessageKey } from "~/utils/i18n";
import { count, percent } from "./format";
import { metricLabel } from "./MetricSummary";

function groupOf(kind: MetricResult["kind"], score: number): { key: string; label: MessageKey } | null {
  if (kind === "nps") {
    const b = score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
    return { key: b, label: `results.bucket.${b}` };
  }
  if (kind === "csat") return score >= 4 ? { key: "satisfied", label: "results.bucket.satisfied" } : { key: "not-satisfied", label: "results.bucket.notSatisfied" };
  return null;
}

/**
 * The distribution as a table with a bar in each row: the numbers are text (screen readers read
 * the table), the bar is decoration, and the group is written out, so colour is never the only cue.
 */
export function DistributionTable({ kind, distribution, lowest }: { kind: MetricResult["kind"]; distribution: number[]; lowest: number }) {
  const t = useT();
  const locale = useLocale();
  const total = distribution.reduce((s, c) => s + c, 0);
  const max = Math.max(1, ...distribution);
  const grouped = kind === "nps" || kind === "csat";
  return (
    <table className="compact distribution">
      <caption>{t("results.distributionCaption", { metric: t(metricLabel[kind]) })}</caption>
      <thead>
        <tr>
          <th scope="col" className="num">{t("results.col.score")}</th>
          {grouped ? <th scope="col">{t("results.col.group")}</th> : null}
          <th scope="col" className="bar-col">
            <span className="sr-only">{t("results.col.bar")}</span>
          </th>
          <th scope="col" className="num">{t("results.col.count")}</th>
          <th scope="col" className="num">{t("results.col.share")}</th>
        </tr>
      </thead>
      <tbody>
        {distribution.map((c, i) => {
          const score = lowest + i;
          const g = groupOf(kind, score);
          return (
            <tr key={score} data-score={score} data-count={c}>
              <th scope="row" className="num">{score}</th>
              {grouped ? <td className="small">{g ? t(g.label) : null}</td> : null}
              <td className="bar-col" aria-hidden="true">
                <span className={`hbar ${g?.key ?? "neutral"}`} style={{ width: `${(100 * c) / max}%` }} />
              </td>
              <td className="num">{count(locale, c)}</td>
              <td className="num">{total ? percent(locale, c / total) : "–"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
