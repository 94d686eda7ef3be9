import type { MetricQuestionResults } from "~/models/results.server";
import { useLocale, useT } from "~/utils/i18n";
import { useOrgTimeZone } from "~/utils/dates";
import { count, headline, metricValue, pValue, signedChange } from "./format";
import { IntervalRange, metricLabel } from "./MetricSummary";

/** One table per segment dimension; a group under the minimum n shows no number. The dashboard passes a title of its own. */
export function SegmentTables({
  question,
  minN,
  title,
}: {
  question: { id: string; metric: { kind: MetricQuestionResults["metric"]["kind"] }; segments: MetricQuestionResults["segments"] };
  minN: number;
  title?: string;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="segments">
      <h3 id={`seg-${question.id}`}>{title ?? t("results.segments")}</h3>
      <p className="small muted">{t("results.segmentsNote", { min: minN })}</p>
      <div className="grid">
        {question.segments.map((s) => (
          <table key={s.dimension} className="compact" data-dimension={s.dimension}>
            <caption>{t(`results.dimension.${s.dimension}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t("results.col.segment")}</th>
                <th scope="col" className="num">{t("results.nShort")}</th>
                <th scope="col" className="num">{t(metricLabel[question.metric.kind])}</th>
                <th scope="col">{t("results.intervalShort")}</th>
              </tr>
            </thead>
            <tbody>
              {s.groups.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">{t("results.noSegments")}</td>
                </tr>
              ) : (
                s.groups.map((g) => (
                  <tr key={g.value ?? ""} data-segment={g.value ?? ""} data-status={g.outcome.status}>
                    <th scope="row">{g.value ?? t("results.segmentUnset")}</th>
                    <td className="num">{count(locale, g.outcome.status === "ok" ? g.outcome.result.n : g.outcome.n)}</td>
                    {g.outcome.status === "ok" ? (
                      <>
                        <td className="num">
                          <strong>{metricValue(locale, g.outcome.result.kind, headline(g.outcome.result))}</strong>
                        </td>
                        <td className="small nowrap">
                          <IntervalRange metric={g.outcome.result} />
                        </td>
                      </>
                    ) : (
                      <td colSpan={2} className="too-few">
                        <span className="pill">{t("results.tooFew")}</span>
                      </td>
                    )}
                  </tr>
                ))
              )}
            </tbody>
          </table>
        ))}
      </div>
    </div>
  );
}

/** Month by month, each change against the month before with its p-value and a written verdict. */
export function MonthTable({ question }: { question: MetricQuestionResults }) {
  const t = useT();
  const orgZone = useOrgTimeZone();
  const locale = useLocale();
  const kind = question.metric.kind;
  return (
    <div className="months">
      <h3 id={`months-${question.id}`}>{t("results.months")}</h3>
      <p className="small muted">{t("results.monthsNote", { zone: orgZone })}</p>
      {question.months.length === 0 ? (
        <p className="muted">{t("results.noAnswers")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">{t("results.col.month")}</th>
                <th scope="col" className="num">{t("results.nShort")}</th>
                <th scope="col" className="num">{t(metricLabel[kind])}</th>
                <th scope="col">{t("results.intervalShort")}</th>
                <th scope="col" className="num">{t("results.col.change")}</th>
                <th scope="col" className="num">{t("results.col.p")}</th>
                <th scope="col">{t("results.col.significance")}</th>
              </tr>
            </thead>
            <tbody>
              {question.months.map((m) => {
                return (
                  <tr key={m.period} data-month={m.period} data-significant={m.comparison ? String(m.comparison.significant) : ""}>
                    <th scope="row">{m.period}</th>
                    <td className="num">{count(locale, m.metric.result.n)}</td>
                    <td className="num">{metricValue(locale, kind, headline(m.metric))}</td>
                    <td className="small nowrap">
                      <IntervalRange metric={m.metric} />
                    </td>
                    <td className="num">{signedChange(locale, kind, m.change)}</td>
                    <td className="num">{pValue(locale, m.comparison?.p ?? null)}</td>
                    <td>
                      {m.comparison === null ? (
                        <span className="muted">{t("results.firstMonth")}</span>
                      ) : m.comparison.p === null ? (
                        <span className="muted">{t("results.noComparison")}</span>
                      ) : m.comparison.significant ? (
                        <span className="pill warn">{t("results.significant")}</span>
                      ) : (
                        <span className="pill">{t("results.notSignificant")}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
