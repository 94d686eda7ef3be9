import type { SerializeFrom } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { CaseFlags } from "~/components/cases/CaseFlags";
import { HowCalculated } from "~/components/HowCalculated";
import { SegmentTables } from "~/components/results/SegmentTables";
import { count } from "~/components/results/format";
import type { Dashboard } from "~/models/dashboard.server";
import { formatDateTime, formatLocalDay, useTimeZone } from "~/utils/dates";
import { formatNumber, pick, useLocale, useT, type MessageKey } from "~/utils/i18n";

type Data = SerializeFrom<Dashboard>;

/** NPS and CSAT per tier, region and plan over the recent days, as the results pages show segments. */
export function SegmentsPanel({ data }: { data: Data }) {
  const t = useT();
  const s = data.segments;
  const period = { from: formatLocalDay(s.from, data.timeZone), to: formatLocalDay(s.to, data.timeZone) };
  return (
    <section aria-labelledby="dash-seg" className="dash-segments">
      <h2 id="dash-seg">{t("dash.segments", { days: s.days })}</h2>
      <p className="small muted">{t("dash.segments.period", period)} ({data.timeZone})</p>
      <SegmentTables question={{ id: "dash-nps", metric: { kind: "nps" }, segments: s.nps }} minN={s.minN} title={t("dash.segments.nps")} />
      <SegmentTables question={{ id: "dash-csat", metric: { kind: "csat" }, segments: s.csat }} minN={s.minN} title={t("dash.segments.csat")} />
    </section>
  );
}

/** Each SLA's objectives this month, from the compliance report's own computation, with a link to it. */
export function CompliancePanel({ data }: { data: Data }) {
  const t = useT();
  const locale = useLocale();
  const pct = (v: number | null, d = 1) => (v === null ? "—" : `${formatNumber(locale, v * 100, d)} %`);
  return (
    <section aria-labelledby="dash-sla" className="card dash-compliance">
      <h2 id="dash-sla">{t("dash.compliance")}</h2>
      {data.compliance.length === 0 ? <p>{t("dash.compliance.none")}</p> : null}
      {data.compliance.map((c) => {
        const name = pick(c.sla.name, locale);
        const judged = c.objectives.filter((o) => o.applicable > 0);
        const a = c.availability;
        return (
          <div key={c.sla.id} data-sla={c.sla.id}>
            <h3 id={`dash-sla-${c.sla.id}`}>{name}</h3>
            <p className="small muted">{t("dash.compliance.month", { month: c.month, zone: c.timezone, cases: c.cases })}</p>
            <div className="table-scroll" tabIndex={0} aria-labelledby={`dash-sla-${c.sla.id}`}>
              <table className="compact">
                <thead>
                  <tr>
                    <th scope="col">{t("compliance.objective")}</th>
                    <th scope="col" className="num">{t("compliance.shareMet")}</th>
                    <th scope="col" className="num">{t("compliance.met")}</th>
                    <th scope="col" className="num">{t("compliance.breached")}</th>
                    <th scope="col" className="num">{t("dash.compliance.misses")}</th>
                    <th scope="col" className="num">{t("compliance.pending")}</th>
                  </tr>
                </thead>
                <tbody>
                  {judged.map((o) => (
                    <tr key={o.kind} data-objective={o.kind}>
                      <th scope="row">{t(`cases.timer.${o.kind}` as MessageKey)}</th>
                      <td className="num share-met">{pct(o.shareMet)}</td>
                      <td className="num">{count(locale, o.met)}</td>
                      <td className="num">{count(locale, o.breached)}</td>
                      <td className="num">{count(locale, o.misses)}</td>
                      <td className="num">{count(locale, o.pending)}</td>
                    </tr>
                  ))}
                  {judged.length === 0 ? (
                    <tr>
                      <td colSpan={6} className="muted">
                        {t("dash.compliance.noObjectives")}
                      </td>
                    </tr>
                  ) : null}
                  {a ? (
                    <tr data-objective="availability">
                      <th scope="row">{t("measurements.availability")}</th>
                      <td className="num availability-value">{a.percent === null ? t("measurements.noData") : `${formatNumber(locale, a.percent, 3)} %`}</td>
                      <td colSpan={4}>
                        {t("dash.compliance.target", { target: formatNumber(locale, a.objectivePercent, 2) })}{" "}
                        {a.meetsObjective === null ? null : a.meetsObjective ? (
                          <span className="pill good">{t("measurements.met")}</span>
                        ) : (
                          <span className="pill bad">{t("measurements.missed")}</span>
                        )}
                      </td>
                    </tr>
                  ) : null}
                </tbody>
              </table>
            </div>
            <p>
              <Link to={`/app/reports?sla=${c.sla.id}&month=${c.month}`}>{t("dash.compliance.report", { sla: name })}</Link>
            </p>
          </div>
        );
      })}
      <HowCalculated>{t("compliance.shareNote")}</HowCalculated>
    </section>
  );
}

/** Open cases near or past a deadline, judged as the cases list judges them. */
export function RiskPanel({ data }: { data: Data }) {
  const t = useT();
  const locale = useLocale();
  const zone = useTimeZone();
  const r = data.risk;
  return (
    <section aria-labelledby="dash-risk" className="card dash-risk">
      <h2 id="dash-risk">{t("dash.risk")}</h2>
      <p data-at-risk={r.atRisk} data-breached={r.breached}>
        {t("dash.risk.counts", { atRisk: r.atRisk, breached: count(locale, r.breached) })}
      </p>
      {r.rows.length === 0 ? (
        <p>{t("dash.risk.none")}</p>
      ) : (
        <>
          <ul className="risk-list">
            {r.rows.map((c) => (
              <li key={c.id} data-case={c.id}>
                <Link to={`/app/cases/${c.id}`}>#{c.number}</Link> {c.title}{" "}
                <CaseFlags breached={c.breached} atRisk={c.atRisk} paused={c.paused} />
                <br />
                <span className="small muted">
                  {c.accountName} · {t(`cases.priority.${c.priority}` as MessageKey)}
                  {c.nextDue ? (
                    <>
                      {" "}
                      · {t(`cases.timer.${c.nextDueKind}` as MessageKey)} {formatDateTime(c.nextDue, zone)}
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
          {r.atRisk + r.breached > r.rows.length ? <p className="small muted">{t("dash.risk.shown", { n: r.rows.length })}</p> : null}
        </>
      )}
      <p className="row">
        <Link to="/app/cases?risk=at_risk">{t("dash.risk.listAtRisk")}</Link>
        <Link to="/app/cases?risk=breached">{t("dash.risk.listBreached")}</Link>
      </p>
      <HowCalculated>{t("dash.risk.how")}</HowCalculated>
    </section>
  );
}
