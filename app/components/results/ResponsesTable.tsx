import { Link } from "@remix-run/react";
import { isComplaintScore } from "../../../analysis/metrics";
import type { ResponseRow } from "~/models/results.server";
import { pick, useLocale, useT } from "~/utils/i18n";
import { formatDateTime, useTimeZone } from "~/utils/dates";

const MAX_TEXT = 160;

/** Cut long feedback for the list; the whole text is in the CSV. Rendered as text, never HTML. */
export function truncate(text: string, max = MAX_TEXT): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

function AnswerText({ a }: { a: ResponseRow["answers"][number] }) {
  const t = useT();
  const locale = useLocale();
  const label = (value: string) => pick(a.options.find((o) => o.value === value)?.label, locale) || value;
  let value: string;
  if (a.valueInt !== null) value = String(a.valueInt);
  else if (a.choices && a.choices.length) value = a.choices.map(label).join(", ");
  else value = a.valueText ? truncate(a.valueText) : "";
  return (
    <li>
      <span className="muted">{truncate(pick(a.prompt, locale), 60)}:</span>{" "}
      <span className={a.valueInt !== null ? "score" : undefined}>{value}</span>
      {a.why ? (
        <>
          {" "}
          <span className="muted">· {t("results.responses.why")}:</span> {truncate(a.why)}
        </>
      ) : null}
    </li>
  );
}

export function ResponsesTable({ rows }: { rows: ResponseRow[] }) {
  const t = useT();
  const zone = useTimeZone();
  const locale = useLocale();
  return (
    <div className="table-scroll" tabIndex={0}>
      <table className="responses">
        <thead>
          <tr>
            <th scope="col">{t("results.responses.col.time")}</th>
            <th scope="col">{t("results.responses.col.survey")}</th>
            <th scope="col">{t("results.responses.col.segment")}</th>
            <th scope="col">{t("results.responses.col.answers")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-response={r.id} data-finished={String(r.finished)}>
              <td className="nowrap">
                {r.submittedAt ? (
                  <>
                    <Link to={`/app/responses/${r.id}`}>{formatDateTime(r.submittedAt, zone)}</Link>
                    <br />
                    <span className="pill good">{t("results.responses.finished")}</span>
                  </>
                ) : (
                  <>
                    <Link to={`/app/responses/${r.id}`}>{formatDateTime(r.startedAt, zone)}</Link> <span className="muted small">({t("results.responses.started")})</span>
                    <br />
                    <span className="pill warn">{t("results.responses.unfinished")}</span>
                  </>
                )}
              </td>
              <td>{pick(r.surveyTitle, locale)}</td>
              <td className="small">
                {r.accountName || r.segment.account ? <div>{r.accountName ?? r.segment.account}</div> : null}
                <div className="muted">{[r.segment.tier, r.segment.region, r.segment.plan].filter(Boolean).join(" · ")}</div>
                {r.segment.ticket ? (
                  <div className="muted">
                    {t("results.dimension.ticket")}: {r.segment.ticket}
                  </div>
                ) : null}
              </td>
              <td className="small">
                {r.answers.length ? (
                  <ul className="answers">
                    {r.answers.map((a) => (
                      <AnswerText key={a.questionId} a={a} />
                    ))}
                  </ul>
                ) : (
                  <span className="muted">{t("results.responses.noAnswers")}</span>
                )}
                {r.caseId ? (
                  <Link className="no-print" to={`/app/cases/${r.caseId}`}>
                    {t("results.responses.viewCase")}
                  </Link>
                ) : r.finished && r.answers.some((a) => isComplaintScore(a.type, a.valueInt)) ? (
                  <Link className="no-print" to={`/app/cases/new?response=${r.id}`}>
                    {t("results.responses.openCase")}
                  </Link>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
