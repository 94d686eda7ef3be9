import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { TrendChart } from "~/components/charts/Charts";
import { HowCalculated } from "~/components/HowCalculated";
import { count, percent } from "~/components/results/format";
import { ImpactText } from "~/components/themes/figures";
import { CompliancePanel, RiskPanel, SegmentsPanel } from "./Panels";
import type { Dashboard } from "~/models/dashboard.server";
import { formatNumber, useLocale, useT } from "~/utils/i18n";

type Data = SerializeFrom<Dashboard>;

/** The dashboard's charts and theme tables (app._index): every number from analysis/metrics or analysis/themes. */
export function DashboardOverview({ data }: { data: Data }) {
  const t = useT();
  const locale = useLocale();
  const columns = {
    period: t("dash.col.month"),
    value: t("dash.col.value"),
    interval: t("dash.col.interval"),
    n: t("dash.col.n"),
    change: t("dash.col.change"),
  };
  const npsPoints = data.nps.map((p) => ({
    label: p.period,
    value: p.result.nps,
    low: p.result.interval?.low ?? null,
    high: p.result.interval?.high ?? null,
    n: p.result.n,
    significant: p.comparison?.significant ?? false,
  }));
  const csatPoints = data.csat.map((p) => ({
    label: p.period,
    value: p.result.csat,
    low: p.result.interval?.low ?? null,
    high: p.result.interval?.high ?? null,
    n: p.result.n,
    significant: p.comparison?.significant ?? false,
  }));
  const range = {
    first: data.months[0],
    last: data.months[data.months.length - 1],
  };
  return (
    <div className="dashboard-overview">
      <section aria-labelledby="dash-nps">
        <h2 id="dash-nps">{t("dash.nps")}</h2>
        <p className="small muted">{t("dash.monthsZone", { zone: data.timeZone })}</p>
        {npsPoints.every((p) => p.value === null) ? (
          <p>{t("dash.noAnswers")}</p>
        ) : (
          <TrendChart
            title={t("dash.nps")}
            desc={t("dash.nps.desc", range)}
            points={npsPoints}
            domain={[-100, 100]}
            format={(v) => formatNumber(locale, v, 1)}
            columns={columns}
          />
        )}
        <HowCalculated>{t("dash.how.nps")}</HowCalculated>
      </section>
      <section aria-labelledby="dash-csat">
        <h2 id="dash-csat">{t("dash.csat")}</h2>
        {csatPoints.every((p) => p.value === null) ? (
          <p>{t("dash.noAnswers")}</p>
        ) : (
          <TrendChart
            title={t("dash.csat")}
            desc={t("dash.csat.desc", range)}
            points={csatPoints}
            domain={[0, 1]}
            format={(v) => percent(locale, v, 0)}
            columns={columns}
          />
        )}
        <HowCalculated>{t("dash.how.csat")}</HowCalculated>
      </section>
      <SegmentsPanel data={data} />
      <div className="grid dashboard">
        <CompliancePanel data={data} />
        <RiskPanel data={data} />
      </div>
      <div className="grid dashboard">
        <section className="card" aria-labelledby="dash-tv">
          <h2 id="dash-tv">{t("dash.topVolume")}</h2>
          {data.topByVolume.length === 0 ? <p>{t("theme.none")}</p> : null}
          <ol>
            {data.topByVolume.map((th) => (
              <li key={th.id}>
                <Link to={`/app/themes/${th.id}`}>{th.name}</Link> ·{" "}
                {count(locale, th.volume)}
                {th.share === null ? null : (
                  <span className="muted small">
                    {" "}
                    ({percent(locale, th.share)})
                  </span>
                )}
              </li>
            ))}
          </ol>
        </section>
        <section className="card" aria-labelledby="dash-ti">
          <h2 id="dash-ti">{t("dash.topImpact")}</h2>
          {data.topByImpact.length === 0 ? (
            <p>{t("theme.impact.none")}</p>
          ) : null}
          <ol>
            {data.topByImpact.map((th) => (
              <li key={th.id}>
                <Link to={`/app/themes/${th.id}`}>{th.name}</Link> ·{" "}
                <ImpactText impact={th.impact} />
              </li>
            ))}
          </ol>
          <HowCalculated>{t("theme.how.list")}</HowCalculated>
        </section>
        <section className="card" aria-labelledby="dash-mix">
          <h2 id="dash-mix">{t("dash.sentimentMix")}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("theme.filter.sentiment")}</th>
                <th scope="col">{t("dash.col.items")}</th>
                <th scope="col">{t("theme.col.share")}</th>
              </tr>
            </thead>
            <tbody>
              {data.sentiment.map((s) => (
                <tr key={s.label} data-sentiment-label={s.label}>
                  <th scope="row">{t(`theme.sentiment.${s.label}`)}</th>
                  <td className="num">{count(locale, s.n)}</td>
                  <td className="num">
                    {data.sentimentN ? (
                      <>
                        {percent(locale, s.share)}{" "}
                        <span className="small muted">
                          ({percent(locale, s.low)} – {percent(locale, s.high)})
                        </span>
                      </>
                    ) : (
                      "–"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <HowCalculated>{t("dash.how.sentiment")}</HowCalculated>
        </section>
      </div>
    </div>
  );
}
