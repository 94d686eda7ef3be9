import { FollowUpCsat } from "../FollowUpCsat";
import { HowCalculated } from "../HowCalculated";
import { Link } from "@remix-run/react";
import type { Comparison } from "../../../analysis/metrics";
import type { ComplianceReport } from "../../../analysis/sla";
import { formatNumber, pick, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import type { ComplianceData } from "~/models/report.server";

const timers = ["first_response", "progress_update", "resolution"] as const;
const priorities = ["p1", "p2", "p3", "p4"] as const;

/** The printable body of the compliance report. Every number names the analysis function behind it. */
export function ComplianceView({ r }: { r: ComplianceData }) {
  const t = useT();
  const locale = useLocale();
  const pct = (v: number | null, d = 1) => (v === null ? "—" : `${formatNumber(locale, v * 100, d)} %`);
  const zone = useTimeZone();
  const when = (d: Date | string) => formatDateTime(d, zone);
  const money = (v: number) => formatNumber(locale, v, 0);
  const rowsFor = (label: string, rep: ComplianceReport, key: string) =>
    timers.map((k) => {
      const o = rep.objectives[k];
      if (o.applicable === 0) return null;
      return (
        <tr key={`${key}-${k}`} data-objective={k} data-priority={key}>
          <th scope="row">
            {t(`cases.timer.${k}` as MessageKey)} · {label}
          </th>
          <td className="num">{o.applicable}</td>
          <td className="num">{o.met}</td>
          <td className="num">{o.breached}</td>
          <td className="num">{o.pending}</td>
          <td className="num share-met">{pct(o.shareMet)}</td>
        </tr>
      );
    });
  const a = r.availability;
  const totalCredit = r.credits.reduce((s, c) => s + (c.credit?.amount ?? 0), 0);
  return (
    <div className="compliance">
      <p className="small muted">
        {r.version ? t("compliance.version", { version: r.version.version }) : t("compliance.noVersion")}
        <br />
        {t("compliance.generated", { at: when(r.generatedAt), zone: r.timezone })}
      </p>

      <section aria-labelledby="obj-h" className="report-section">
        <h2 id="obj-h">{t("compliance.objectives")}</h2>
        <HowCalculated>{t("compliance.shareNote")}</HowCalculated>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("compliance.objective")}</th>
              <th scope="col" className="num">{t("compliance.applicable")}</th>
              <th scope="col" className="num">{t("compliance.met")}</th>
              <th scope="col" className="num">{t("compliance.breached")}</th>
              <th scope="col" className="num">{t("compliance.pending")}</th>
              <th scope="col" className="num">{t("compliance.shareMet")}</th>
            </tr>
          </thead>
          <tbody>
            {rowsFor(t("compliance.allPriorities"), r.overall, "all")}
            {priorities.map((p) => (r.byPriority[p].cases > 0 ? rowsFor(t(`cases.priority.${p}` as MessageKey), r.byPriority[p], p) : null))}
          </tbody>
        </table>
        {r.overall.cases === 0 ? <p className="muted">{t("cases.none")}</p> : null}
      </section>

      <section aria-labelledby="breach-h" className="report-section">
        <h2 id="breach-h">{t("compliance.breaches")}</h2>
        {r.breaches.length === 0 ? (
          <p>{t("compliance.noBreaches")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("cases.col.case")}</th>
                <th scope="col">{t("cases.col.account")}</th>
                <th scope="col">{t("cases.col.priority")}</th>
                <th scope="col">{t("compliance.objective")}</th>
                <th scope="col">{t("compliance.breachedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {r.breaches.map((b) => (
                <tr key={`${b.caseId}-${b.timer}`}>
                  <td>
                    <Link to={`/app/cases/${b.caseId}`}>#{b.number}</Link> {b.title}
                  </td>
                  <td>{b.accountName}</td>
                  <td>{t(`cases.priority.${b.priority}` as MessageKey)}</td>
                  <td>✖ {t(`cases.timer.${b.timer}` as MessageKey)}</td>
                  <td>{when(b.breachedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="avail-h" className="report-section">
        <h2 id="avail-h">{t("compliance.availability")}</h2>
        {!a ? (
          <p className="muted">{t("measurements.noObjective")}</p>
        ) : (
          <table>
            <tbody>
              <tr>
                <th scope="row">{t("measurements.availability")}</th>
                <td className="num availability-value">{a.percent === null ? t("measurements.noData") : `${formatNumber(locale, a.percent, 3)} %`}</td>
              </tr>
              <tr>
                <th scope="row">{t("measurements.objective")}</th>
                <td className="num">
                  {formatNumber(locale, a.objectivePercent, 2)} %{" "}
                  {a.meetsObjective === null ? null : a.meetsObjective ? (
                    <span className="pill good">{t("measurements.met")}</span>
                  ) : (
                    <span className="pill bad">{t("measurements.missed")}</span>
                  )}
                </td>
              </tr>
              <tr>
                <th scope="row">{t("measurements.budgetLeft")}</th>
                <td className="num">
                  {a.totalMinutes > 0
                    ? `${t("measurements.minutes", { n: formatNumber(locale, a.errorBudgetLeftMinutes, 0) })}${
                        a.errorBudgetLeftShare !== null ? ` (${formatNumber(locale, a.errorBudgetLeftShare * 100, 0)} %)` : ""
                      }`
                    : "—"}
                </td>
              </tr>
              <tr>
                <th scope="row">{t("measurements.burnRate")}</th>
                <td className="num">{a.burnRate === null ? "—" : `${formatNumber(locale, a.burnRate, 2)}×`}</td>
              </tr>
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="credit-h" className="report-section">
        <h2 id="credit-h">{t("compliance.credits")}</h2>
        <p className="small muted">
          {r.version && r.version.credits.length
            ? t("compliance.creditTable", {
                table: r.version.credits.map((c) => t("compliance.creditRow", { below: c.below, credit: c.creditPercent })).join("; "),
              })
            : t("compliance.noCredits")}
        </p>
        <HowCalculated>{t("compliance.creditNote")}</HowCalculated>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("cases.col.account")}</th>
              <th scope="col">{t("compliance.tier")}</th>
              <th scope="col" className="num">{t("compliance.fee")}</th>
              <th scope="col" className="num">{t("compliance.creditPercent")}</th>
              <th scope="col" className="num">{t("compliance.creditAmount")}</th>
            </tr>
          </thead>
          <tbody>
            {r.credits.map((c) => (
              <tr key={c.accountId} data-account={c.accountName}>
                <th scope="row">{c.accountName}</th>
                <td>{c.tier}</td>
                <td className="num">{money(c.monthlyFee)}</td>
                <td className="num credit-percent">{c.credit ? `${formatNumber(locale, c.credit.creditPercent, 0)} %` : "—"}</td>
                <td className="num credit-amount">{c.credit ? money(c.credit.amount) : "—"}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t("compliance.totalCredits")}</th>
              <td />
              <td />
              <td />
              <td className="num total-credit">{money(totalCredit)}</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section aria-labelledby="sat-h" className="report-section">
        <h2 id="sat-h">{t("compliance.satisfaction")}</h2>
        <HowCalculated>{t("compliance.satisfactionNote")}</HowCalculated>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("compliance.metric")}</th>
              <th scope="col" className="num">{t("compliance.metGroup")}</th>
              <th scope="col" className="num">{t("compliance.breachedGroup")}</th>
              <th scope="col" className="num">{t("compliance.difference")}</th>
            </tr>
          </thead>
          <tbody>
            <tr data-metric="nps">
              <th scope="row">{t("compliance.nps")}</th>
              <td className="num">
                {r.satisfaction.met.nps === null ? "—" : formatNumber(locale, r.satisfaction.met.nps, 1)} <span className="small muted">{t("compliance.n", { n: r.satisfaction.met.npsN })}</span>
              </td>
              <td className="num">
                {r.satisfaction.breached.nps === null ? "—" : formatNumber(locale, r.satisfaction.breached.nps, 1)}{" "}
                <span className="small muted">{t("compliance.n", { n: r.satisfaction.breached.npsN })}</span>
              </td>
              <td className="num">
                <Difference c={r.satisfaction.nps} format={(d) => formatNumber(locale, d, 1)} />
              </td>
            </tr>
            <tr data-metric="csat">
              <th scope="row">{t("compliance.csat")}</th>
              <td className="num">
                {pct(r.satisfaction.met.csat)} <span className="small muted">{t("compliance.n", { n: r.satisfaction.met.csatN })}</span>
              </td>
              <td className="num">
                {pct(r.satisfaction.breached.csat)} <span className="small muted">{t("compliance.n", { n: r.satisfaction.breached.csatN })}</span>
              </td>
              <td className="num">
                <Difference c={r.satisfaction.csat} format={(d) => `${formatNumber(locale, d * 100, 1)} pp`} />
              </td>
            </tr>
          </tbody>
        </table>
      </section>

      <section aria-labelledby="follow-up-h" className="report-section follow-up">
        <FollowUpCsat f={r.followUp} headingId="follow-up-h" />
      </section>
      <p className="small muted print-only">{pick(r.sla.name, locale)}</p>
    </div>
  );
}

function Difference({ c, format }: { c: Comparison; format: (d: number) => string }) {
  const t = useT();
  const locale = useLocale();
  if (c.difference === null || c.p === null) return <span className="muted">{t("compliance.noComparison")}</span>;
  const p = formatNumber(locale, c.p, 3);
  return (
    <>
      {c.difference > 0 ? "+" : ""}
      {format(c.difference)}
      <br />
      <span className={c.significant ? "pill warn" : "pill"}>{c.significant ? t("compliance.significant", { p }) : t("compliance.notSignificant", { p })}</span>
    </>
  );
}
