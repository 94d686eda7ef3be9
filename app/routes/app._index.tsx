import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { count, headline, metricValue } from "~/components/results/format";
import { Definition, IntervalText, metricLabel } from "~/components/results/MetricSummary";
import { openSurveyHeadlines } from "~/models/results.server";
import { dashboardOverview, RECENT_DAYS } from "~/models/dashboard.server";
import { DashboardOverview } from "~/components/dashboard/Overview";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";
import { pick, useLocale, useT } from "~/utils/i18n";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("results.dashboard.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const now = new Date();
  return {
    recentDays: RECENT_DAYS,
    surveys: await openSurveyHeadlines(now, RECENT_DAYS),
    overview: await dashboardOverview(now),
  };
}

export default function Dashboard() {
  const { recentDays, surveys, overview } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("results.dashboard.title")}</h1>
      <p className="muted">{t("results.dashboard.intro")}</p>
      <DashboardOverview data={overview} />
      <h2>{t("dash.surveys")}</h2>
      {surveys.length === 0 ? <p>{t("results.dashboard.none")}</p> : null}
      <div className="grid dashboard">
        {surveys.map((s) => (
          <section key={s.id} className="card" aria-labelledby={`d-${s.id}`} data-survey={s.id}>
            <h2 id={`d-${s.id}`}>{pick(s.title, locale)}</h2>
            {s.metric ? (
              <div className="metric-summary" data-metric={s.metric.kind} data-value={headline(s.metric) ?? ""} data-n={s.metric.result.n}>
                <p className="metric-value">
                  <span className="metric-name">{t(metricLabel[s.metric.kind])}</span>{" "}
                  <strong className="stat">{metricValue(locale, s.metric.kind, headline(s.metric))}</strong>
                </p>
                {s.metric.result.n > 0 ? (
                  <p className="small">
                    <IntervalText metric={s.metric} />
                  </p>
                ) : null}
                <p className="small">{t("results.n", { n: count(locale, s.metric.result.n) })}</p>
                <Definition text={s.definition} />
              </div>
            ) : (
              <p className="muted">{t("results.dashboard.noMetric")}</p>
            )}
            <p className="small">
              {t("results.dashboard.recent", { n: count(locale, s.recent), days: recentDays })}
              <br />
              <span className="muted">{t("results.dashboard.total", { n: count(locale, s.finished) })}</span>
            </p>
            <p className="row">
              <Link to={`/app/surveys/${s.id}`}>{t("results.dashboard.open")}</Link>
              <Link to={`/app/responses?survey=${s.id}`}>{t("results.dashboard.responses")}</Link>
            </p>
          </section>
        ))}
      </div>
    </>
  );
}
