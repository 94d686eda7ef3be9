import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { npsSampleSizeFor } from "../../analysis/metrics";
import { DistributionTable } from "~/components/results/DistributionTable";
import { FilterForm } from "~/components/results/FilterForm";
import { count, percent } from "~/components/results/format";
import { MetricSummary } from "~/components/results/MetricSummary";
import { MonthTable, SegmentTables } from "~/components/results/SegmentTables";
import { SurveyTabs } from "~/components/surveys/SurveyTabs";
import {
  getSurveyResults,
  parseResponseFilters,
  type ChoiceQuestionResults,
  type MetricQuestionResults,
  type TextQuestionResults,
} from "~/models/results.server";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";
import { periodQuery, toSearchParams } from "~/schemas/query";
import { readSearchParams } from "~/utils/forms";
import { pick, useLocale, useT } from "~/utils/i18n";
import { formatDateTime, useOrgTimeZone, useTimeZone } from "~/utils/dates";
import { metaLocale, pageTitle } from "~/utils/meta";
import { isUuid } from "~/utils/uuid";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? pageTitle(matches, "results.page.title", { title: pick(data.survey.title, metaLocale(matches)) }) : [{ title: "Trustloop" }];

const notFound = () => new Response("Not found", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const surveyId = params.surveyId ?? "";
  if (!isUuid(surveyId)) throw notFound();
  // Only the period applies here; metrics always count finished responses.
  const { filters, values, errors } = await parseResponseFilters(toSearchParams(await readSearchParams(request, periodQuery)));
  const hasErrors = Object.keys(errors).length > 0;
  const results = await getSurveyResults(surveyId, hasErrors ? { from: null, to: null, segment: {}, timeZone: filters.timeZone } : filters);
  if (!results) throw notFound();
  const payload = { values, errors, results: hasErrors ? null : results, survey: results.survey };
  return hasErrors ? data(payload, { status: 400 }) : payload;
}

export default function SurveyResultsPage() {
  const { values, errors, results, survey } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const orgZone = useOrgTimeZone();
  return (
    <>
      <h1>{t("results.page.title", { title: pick(survey.title, locale) })}</h1>
      <SurveyTabs surveyId={survey.id} />
      <p className="notice">{t("results.page.finishedOnly", { zone: orgZone })}</p>
      {survey.anonymous ? <p className="small muted">{t("results.page.anonymous")}</p> : null}
      <FilterForm key={JSON.stringify(values)} values={values} errors={errors} action={`/app/surveys/${survey.id}`} />
      {!results ? (
        <p className="form-error" role="alert">
          {t("results.filter.invalid")}
        </p>
      ) : (
        <ResultsBody results={results} />
      )}
    </>
  );
}

type LoadedResults = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["results"]>;

function ResultsBody({ results }: { results: LoadedResults }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <p>{t("results.page.counts", { finished: count(locale, results.finished), unfinished: count(locale, results.unfinished) })}</p>
      {results.questions.length === 0 ? <p className="muted">{t("results.page.noQuestions")}</p> : null}
      {results.questions.map((q) => (
        <section key={q.id} className="card question-results" aria-labelledby={`q-${q.id}`} data-question={q.id} data-type={q.type}>
          <h2 id={`q-${q.id}`}>
            <span className="muted small">{t("results.page.question", { n: q.position })}</span>
            <br />
            {pick(q.prompt, locale)}
          </h2>
          {q.type === "single" || q.type === "multi" ? (
            <ChoiceResults q={q as unknown as ChoiceQuestionResults} />
          ) : q.type === "text" ? (
            <TextResults q={q as unknown as TextQuestionResults} surveyId={results.survey.id} />
          ) : (
            <MetricResults q={q as unknown as MetricQuestionResults} minN={results.survey.minSegmentN} />
          )}
        </section>
      ))}
    </>
  );
}

function MetricResults({ q, minN }: { q: MetricQuestionResults; minN: number }) {
  const t = useT();
  const locale = useLocale();
  const m = q.metric;
  return (
    <>
      <div className="metric-layout">
        <MetricSummary metric={m} definition={q.definition} skipped={q.skipped} />
        <DistributionTable kind={m.kind} distribution={q.distribution} lowest={q.scale[0]} />
      </div>
      {m.kind === "nps" ? (
        <p className="small muted sample-size">
          {m.result.n > 0 && m.result.promoterShare !== null && m.result.detractorShare !== null
            ? t("results.sampleSize", {
                worst: count(locale, npsSampleSizeFor(5)),
                current: count(locale, npsSampleSizeFor(5, { promoterShare: m.result.promoterShare, detractorShare: m.result.detractorShare })),
              })
            : t("results.sampleSizeWorst", { worst: count(locale, npsSampleSizeFor(5)) })}
        </p>
      ) : null}
      <SegmentTables question={q} minN={minN} />
      <MonthTable question={q} />
    </>
  );
}

function ChoiceResults({ q }: { q: ChoiceQuestionResults }) {
  const t = useT();
  const locale = useLocale();
  const max = Math.max(1, ...q.options.map((o) => o.count));
  return (
    <>
      <p className="small">{t("results.page.answered", { n: count(locale, q.answered) })}</p>
      <table className="compact distribution">
        <thead>
          <tr>
            <th scope="col">{t("results.col.option")}</th>
            <th scope="col" className="bar-col">
              <span className="sr-only">{t("results.col.bar")}</span>
            </th>
            <th scope="col" className="num">{t("results.col.count")}</th>
            <th scope="col" className="num">{t("results.col.share")}</th>
          </tr>
        </thead>
        <tbody>
          {q.options.map((o) => (
            <tr key={o.value} data-option={o.value} data-count={o.count}>
              <th scope="row">{pick(o.label, locale)}</th>
              <td className="bar-col" aria-hidden="true">
                <span className="hbar neutral" style={{ width: `${(100 * o.count) / max}%` }} />
              </td>
              <td className="num">{count(locale, o.count)}</td>
              <td className="num">{q.answered ? percent(locale, o.count / q.answered) : "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function TextResults({ q, surveyId }: { q: TextQuestionResults; surveyId: string }) {
  const t = useT();
  const zone = useTimeZone();
  const locale = useLocale();
  return (
    <>
      <p className="small">{t("results.page.answered", { n: count(locale, q.answered) })}</p>
      <h3>{t("results.page.latestTexts")}</h3>
      {q.latest.length === 0 ? (
        <p className="muted">{t("results.page.noTexts")}</p>
      ) : (
        <ul className="texts">
          {q.latest.map((a) => (
            <li key={a.responseId}>
              <p className="quote">{a.text}</p>
              <p className="small muted">{formatDateTime(a.at, zone)}</p>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={`/app/responses?survey=${surveyId}`}>{t("results.page.allResponses")}</Link>
      </p>
    </>
  );
}
