import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isComplaintScore } from "../../analysis/metrics";
import { getResponseDetail } from "~/models/response.server";
import { STAFF } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { pick, useLocale, useT, type Locale, type MessageKey, type T } from "~/utils/i18n";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { metaLocale, pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => data ? pageTitle(matches, "responsePage.title", { survey: pick(data.response.survey_title, metaLocale(matches)) }) : [{ title: "Trustloop" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const response = await getResponseDetail(params.responseId ?? "");
  if (!response) throw new Response("Not found", { status: 404 });
  return { response };
}

type Detail = Awaited<ReturnType<typeof getResponseDetail>> & {};
type QuestionRow = Detail["questions"][number];

const scales: Record<string, string> = { nps: "0–10", csat: "1–5", ces: "1–7", rating: "1–5" };

/** The answer as the respondent saw it: option labels in the viewer's language, never codes. */
function answerText(q: QuestionRow, locale: Locale, t: T): string {
  if (q.value_int !== null) return t("responsePage.score", { value: q.value_int, scale: scales[q.type] ?? "" });
  if (q.choices && q.choices.length) {
    return q.choices.map((v) => pick(q.options.find((o) => o.value === v)?.label, locale) || v).join(", ");
  }
  return q.value_text ?? "";
}

function duration(t: T, seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m ? t("responsePage.minSec", { m, s }) : t("responsePage.sec", { s });
}

export default function ResponsePage() {
  const { response: r } = useLoaderData<typeof loader>();
  const t = useT();
  const zone = useTimeZone();
  const locale = useLocale();
  const segment = r.segment ?? {};
  const complaint = r.finished && r.questions.some((q) => isComplaintScore(q.type, q.value_int));
  const answered = r.questions.filter((q) => q.answer_id).length;
  return (
    <>
      <p>
        <Link to={`/app/responses?survey=${r.survey_id}`}>← {t("results.responses.title")}</Link>
      </p>
      <h1>{t("responsePage.title", { survey: pick(r.survey_title, locale) })}</h1>

      <section className="card" aria-labelledby="resp-about-h">
        <h2 id="resp-about-h">{t("responsePage.about")}</h2>
        <dl className="case-details">
          <dt>{t("responsePage.state")}</dt>
          <dd>
            {r.finished ? (
              <span className="pill good">{t("accounts.response.finished")}</span>
            ) : (
              <span className="pill warn">{t("responsePage.unfinishedAt", { page: r.last_page })}</span>
            )}
          </dd>
          <dt>{t("responsePage.started")}</dt>
          <dd data-field="started">{formatDateTime(r.started_at, zone)}</dd>
          <dt>{t("responsePage.submitted")}</dt>
          <dd data-field="submitted">{r.submitted_at ? formatDateTime(r.submitted_at, zone) : "—"}</dd>
          <dt>{t("responsePage.duration")}</dt>
          <dd data-field="duration">{r.duration_seconds !== null ? duration(t, r.duration_seconds) : "—"}</dd>
          <dt>{t("responsePage.language")}</dt>
          <dd>{t(r.locale === "ko" ? "common.korean" : "common.english")}</dd>
          <dt>{t("responsePage.link")}</dt>
          <dd>{r.link_kind ? t(r.link_kind === "single" ? "responsePage.link.single" : "responsePage.link.public") : "—"}</dd>
        </dl>
        {r.anonymous ? <p className="small muted">{t("responsePage.anonymous")}</p> : null}
      </section>

      <section className="card" aria-labelledby="resp-segment-h">
        <h2 id="resp-segment-h">{t("responsePage.segment")}</h2>
        <dl className="case-details">
          <dt>{t("results.dimension.account")}</dt>
          <dd data-field="account">
            {r.account ? <Link to={`/app/accounts/${r.account.id}`}>{r.account.name}</Link> : segment.account ?? "—"}
          </dd>
          {(["tier", "region", "plan", "ticket"] as const).map((k) => (
            <div key={k} style={{ display: "contents" }}>
              <dt>{t(`results.dimension.${k}` as MessageKey)}</dt>
              <dd data-field={k}>{segment[k] ?? "—"}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="card" aria-labelledby="resp-answers-h">
        <h2 id="resp-answers-h">
          {t("responsePage.answers")} <span className="muted">({t("responsePage.answeredOf", { n: answered, total: r.questions.length })})</span>
        </h2>
        <ol className="response-answers">
          {r.questions.map((q) => (
            <li key={q.id} data-question={q.position}>
              <p>
                <strong>{pick(q.prompt, locale)}</strong>
              </p>
              {q.answer_id ? (
                <>
                  <p data-answer={q.position}>{answerText(q, locale, t)}</p>
                  {q.why_text ? (
                    <>
                      <p className="small muted">{pick(q.why_prompt, locale) || t("results.responses.why")}</p>
                      <blockquote className="quote">{q.why_text}</blockquote>
                    </>
                  ) : null}
                </>
              ) : (
                <p className="muted">{t("responsePage.notAnswered")}</p>
              )}
            </li>
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="resp-feedback-h">
        <h2 id="resp-feedback-h">{t("responsePage.feedback")}</h2>
        {r.feedback.length === 0 ? (
          <p>{t("responsePage.feedback.none")}</p>
        ) : (
          <ul className="feedback-list">
            {r.feedback.map((f) => (
              <li key={f.id} data-feedback={f.id}>
                <blockquote className="quote">{f.text}</blockquote>
                <p className="small muted">
                  {f.score !== null && f.score_scale ? `${f.score_scale.toUpperCase()} ${f.score} · ` : ""}
                  {t("responsePage.feedback.language", { lang: f.language })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="resp-case-h">
        <h2 id="resp-case-h">{t("responsePage.case")}</h2>
        {r.cases.length ? (
          <ul>
            {r.cases.map((c) => (
              <li key={c.id}>
                <Link to={`/app/cases/${c.id}`}>#{c.number}</Link> {c.title} · {t(`cases.status.${c.status}` as MessageKey)}
              </li>
            ))}
          </ul>
        ) : complaint ? (
          <p>
            {t("responsePage.case.none")} <Link to={`/app/cases/new?response=${r.id}`}>{t("results.responses.openCase")}</Link>
          </p>
        ) : (
          <p>{t("responsePage.case.none")}</p>
        )}
      </section>
    </>
  );
}
