import type {
  EvidencePack,
  MetricSection,
  PackObjective,
} from "../../../analysis/review";
import { FollowUpCsat } from "~/components/FollowUpCsat";
import { HowCalculated } from "~/components/HowCalculated";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import {
  formatNumber,
  pick,
  useLocale,
  useT,
  type MessageKey,
} from "~/utils/i18n";
import {
  differenceText,
  figureInterval,
  figureN,
  figureValue,
  money,
  share,
  significance,
} from "./format";

// The evidence pack as a document: one <section class="pack-section"> per part, each starting on
// a new printed page (app/styles/review-pack.css). Feedback text (quotes) is rendered as text.

function MetricsSection({ pack }: { pack: EvidencePack }) {
  const t = useT();
  const locale = useLocale();
  const metricName = (m: MetricSection["metric"]) =>
    t(`review.pack.metric.${m}` as MessageKey);
  return (
    <section className="pack-section" aria-labelledby="pack-satisfaction">
      <h2 id="pack-satisfaction">{t("review.pack.satisfaction")}</h2>
      <p>{t("review.pack.responses", { n: pack.responses })}</p>
      <table className="data pack-table">
        <thead>
          <tr>
            <th scope="col">{t("review.pack.col.metric")}</th>
            <th scope="col">{t("review.pack.col.current")}</th>
            <th scope="col">{t("review.pack.col.n")}</th>
            <th scope="col">{t("review.pack.col.interval")}</th>
            <th scope="col">{t("review.pack.col.previous")}</th>
            <th scope="col">{t("review.pack.col.n")}</th>
            <th scope="col">{t("review.pack.col.change")}</th>
          </tr>
        </thead>
        <tbody>
          {pack.metrics.map((m) => (
            <tr key={m.metric} data-metric={m.metric}>
              <th scope="row">{metricName(m.metric)}</th>
              <td data-value="current">{figureValue(locale, m.current)}</td>
              <td>{figureN(m.current)}</td>
              <td>{figureInterval(locale, m.current)}</td>
              <td data-value="previous">{figureValue(locale, m.previous)}</td>
              <td>{figureN(m.previous)}</td>
              <td>
                {differenceText(locale, m.metric, m.change)} ·{" "}
                {significance(t, m.change)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pack.metrics.map((m) => (
        <div key={m.metric} className="pack-segments">
          <h3>{t("review.pack.segments", { metric: metricName(m.metric) })}</h3>
          {m.segments.every((s) => s.groups.length === 0) ? (
            <p className="muted">{t("review.pack.noAnswers")}</p>
          ) : (
            <table className="data pack-table">
              <thead>
                <tr>
                  <th scope="col">{t("review.pack.col.segment")}</th>
                  <th scope="col">{t("review.pack.col.value")}</th>
                  <th scope="col">{t("review.pack.col.n")}</th>
                  <th scope="col">{t("review.pack.col.interval")}</th>
                </tr>
              </thead>
              <tbody>
                {m.segments.flatMap((s) =>
                  s.groups.map((g) => (
                    <tr key={`${s.dimension}-${g.value}`}>
                      <th scope="row">
                        {t(`review.pack.dim.${s.dimension}` as MessageKey)}:{" "}
                        {g.value ?? t("review.pack.none")}
                      </th>
                      {g.tooFew ? (
                        <td colSpan={3}>
                          {t("review.pack.tooFew", {
                            n: g.n,
                            min: pack.minSegmentN,
                          })}
                        </td>
                      ) : (
                        <>
                          <td>{figureValue(locale, g.figure)}</td>
                          <td>{g.n}</td>
                          <td>{figureInterval(locale, g.figure)}</td>
                        </>
                      )}
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          )}
        </div>
      ))}
      <HowCalculated>
        {t("review.pack.howMetrics", { min: pack.minSegmentN })}
      </HowCalculated>
    </section>
  );
}

function objectiveName(
  t: ReturnType<typeof useT>,
  o: Pick<PackObjective, "objective">
) {
  return t(`cases.timer.${o.objective}` as MessageKey);
}

function ComplianceSection({ pack }: { pack: EvidencePack }) {
  const t = useT();
  const locale = useLocale();
  const objectives = pack.compliance.objectives;
  return (
    <section className="pack-section" aria-labelledby="pack-compliance">
      <h2 id="pack-compliance">{t("review.pack.compliance")}</h2>
      <p>{t("review.pack.complianceCases", { n: pack.compliance.cases })}</p>
      {objectives.length === 0 ? (
        <p>{t("review.pack.noObjectives")}</p>
      ) : (
        <table className="data pack-table">
          <thead>
            <tr>
              <th scope="col">{t("review.pack.col.objective")}</th>
              <th scope="col">{t("review.pack.col.priority")}</th>
              <th scope="col">{t("review.pack.col.target")}</th>
              <th scope="col">{t("review.pack.col.shareMet")}</th>
              <th scope="col">{t("review.pack.col.interval")}</th>
              <th scope="col">{t("review.pack.col.met")}</th>
              <th scope="col">{t("review.pack.col.breached")}</th>
              <th scope="col">{t("review.pack.col.misses")}</th>
              <th scope="col">{t("review.pack.monthly")}</th>
            </tr>
          </thead>
          <tbody>
            {objectives.map((o) => (
              <tr key={`${o.objective}-${o.priority}`}>
                <th scope="row">{objectiveName(t, o)}</th>
                <td>{t(`cases.priority.${o.priority}` as MessageKey)}</td>
                <td>
                  {t("review.pack.targetValue", {
                    minutes: o.targetMinutes,
                    mode: t(`review.pack.mode.${o.mode}` as MessageKey),
                  })}
                </td>
                <td>{share(locale, o.shareMet)}</td>
                <td>
                  {o.interval
                    ? `${share(locale, o.interval.low)} – ${share(
                        locale,
                        o.interval.high
                      )}`
                    : "–"}
                </td>
                <td>{o.met}</td>
                <td>{o.breached}</td>
                <td>{o.misses}</td>
                <td>
                  {o.months.map((m) => (
                    <span
                      key={m.month}
                      className={`month ${m.breached ? "month-missed" : ""}`}
                    >
                      {m.month}: {m.met}/{m.met + m.breached}{" "}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <HowCalculated>{t("review.pack.howCompliance")}</HowCalculated>
      <h3>{t("review.pack.availability")}</h3>
      {!pack.availability ? (
        <p>{t("review.pack.noAvailability")}</p>
      ) : (
        <table className="data pack-table">
          <thead>
            <tr>
              <th scope="col">{t("review.pack.col.month")}</th>
              <th scope="col">{t("review.pack.col.availability")}</th>
              <th scope="col">{t("review.pack.col.targetPercent")}</th>
              <th scope="col">{t("review.pack.col.coverage")}</th>
              <th scope="col">{t("review.pack.col.budgetLeft")}</th>
            </tr>
          </thead>
          <tbody>
            {pack.availability.months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{m.month}</th>
                <td>
                  {m.percent === null
                    ? t("review.pack.notMeasured")
                    : `${formatNumber(locale, m.percent, 3)} %`}
                </td>
                <td>
                  {formatNumber(locale, pack.availability!.targetPercent, 3)} %
                </td>
                <td>{share(locale, m.coverage)}</td>
                <td>
                  {t("review.pack.minutes", {
                    n: formatNumber(locale, m.errorBudgetLeftMinutes, 0),
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t("review.pack.credits")}</h3>
      {pack.credits.accounts.length === 0 ? (
        <p>{t("review.pack.noCredits")}</p>
      ) : (
        <table className="data pack-table">
          <thead>
            <tr>
              <th scope="col">{t("review.pack.col.account")}</th>
              <th scope="col">{t("review.pack.col.tier")}</th>
              <th scope="col">{t("review.pack.col.fee")}</th>
              <th scope="col">{t("review.pack.col.month")}</th>
              <th scope="col">{t("review.pack.col.credit")}</th>
            </tr>
          </thead>
          <tbody>
            {pack.credits.accounts.map((a) => (
              <tr key={a.accountId}>
                <th scope="row">{a.accountName}</th>
                <td>{a.tier}</td>
                <td>{money(locale, a.monthlyFee)}</td>
                <td>
                  {a.months
                    .map((m) => `${m.month}: ${m.creditPercent} %`)
                    .join(", ")}
                </td>
                <td>{money(locale, a.total)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={5}>
                {t("review.pack.creditsTotal", {
                  amount: money(locale, pack.credits.total),
                })}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}

function MetVsBreachedSection({ pack }: { pack: EvidencePack }) {
  const t = useT();
  const locale = useLocale();
  const s = pack.satisfaction;
  const rows = [
    {
      key: "nps",
      label: t("review.pack.metric.nps"),
      met: { metric: "nps" as const, result: s.met.nps },
      breached: { metric: "nps" as const, result: s.breached.nps },
      c: s.nps,
    },
    {
      key: "csat",
      label: t("review.pack.metric.csat"),
      met: { metric: "csat" as const, result: s.met.csat },
      breached: { metric: "csat" as const, result: s.breached.csat },
      c: s.csat,
    },
  ];
  return (
    <section className="pack-section" aria-labelledby="pack-met-breached">
      <h2 id="pack-met-breached">{t("review.pack.metVsBreached")}</h2>
      <table className="data pack-table">
        <thead>
          <tr>
            <th scope="col">{t("review.pack.col.metric")}</th>
            <th scope="col">
              {t("review.pack.group.met", { n: s.met.accounts })}
            </th>
            <th scope="col">
              {t("review.pack.group.breached", { n: s.breached.accounts })}
            </th>
            <th scope="col">{t("review.pack.col.difference")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td>
                {figureValue(locale, r.met)} (n={figureN(r.met)};{" "}
                {figureInterval(locale, r.met)})
              </td>
              <td>
                {figureValue(locale, r.breached)} (n={figureN(r.breached)};{" "}
                {figureInterval(locale, r.breached)})
              </td>
              <td>
                {differenceText(locale, r.key as "nps" | "csat", r.c)} ·{" "}
                {significance(t, r.c)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pack-follow-up">
        {pack.followUp ? (
          <FollowUpCsat f={pack.followUp} headingId="pack-follow-up" level={3} tableClass="data pack-table" />
        ) : (
          <>
            <h3 id="pack-follow-up">{t("followUp.title")}</h3>
            <p className="muted">{t("followUp.notInSnapshot")}</p>
          </>
        )}
      </div>
    </section>
  );
}

function CasesSection({ pack }: { pack: EvidencePack }) {
  const t = useT();
  const locale = useLocale();
  const zone = useTimeZone();
  const timers = (list: string[]) =>
    list.map((k) => t(`cases.timer.${k}` as MessageKey)).join(", ");
  return (
    <section className="pack-section" aria-labelledby="pack-cases">
      <h2 id="pack-cases">{t("review.pack.cases")}</h2>
      <p>
        {t("review.pack.casesSummary", {
          open: pack.cases.open,
          atRisk: pack.cases.atRisk,
        })}
      </p>
      {pack.cases.list.length === 0 ? (
        <p>{t("review.pack.noOpenCases")}</p>
      ) : (
        <table className="data pack-table">
          <thead>
            <tr>
              <th scope="col">{t("review.pack.col.case")}</th>
              <th scope="col">{t("review.pack.col.account")}</th>
              <th scope="col">{t("review.pack.col.priority")}</th>
              <th scope="col">{t("review.col.status")}</th>
              <th scope="col">{t("review.pack.col.caseState")}</th>
            </tr>
          </thead>
          <tbody>
            {pack.cases.list.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <a href={`/app/cases/${c.id}`}>#{c.number}</a> {c.title}
                </th>
                <td>{c.accountName}</td>
                <td>{t(`cases.priority.${c.priority}` as MessageKey)}</td>
                <td>
                  {t(`cases.status.${c.status}` as MessageKey)} ·{" "}
                  {formatDateTime(c.openedAt, zone)}
                </td>
                <td>
                  {c.breached.length
                    ? t("review.pack.breachedTimers", {
                        timers: timers(c.breached),
                      })
                    : null}
                  {c.breached.length && c.atRisk.length ? " · " : null}
                  {c.atRisk.length
                    ? t("review.pack.atRisk", { timers: timers(c.atRisk) })
                    : null}
                  {!c.breached.length && !c.atRisk.length
                    ? t("review.pack.onTrack")
                    : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pack.cases.open > pack.cases.list.length ? (
        <p className="muted">
          {t("review.pack.listCut", { shown: pack.cases.list.length })}
        </p>
      ) : null}
    </section>
  );
}

function ThemesSection({ pack }: { pack: EvidencePack }) {
  const t = useT();
  const locale = useLocale();
  const themes = pack.themes;
  return (
    <section className="pack-section" aria-labelledby="pack-themes">
      <h2 id="pack-themes">{t("review.pack.themes")}</h2>
      {!themes.available ? (
        <p className="notice" data-themes="unavailable">
          {t("review.pack.themesUnavailable")}
        </p>
      ) : (
        <>
          <table className="data pack-table">
            <thead>
              <tr>
                <th scope="col">{t("review.pack.col.theme")}</th>
                <th scope="col">{t("review.pack.col.items")}</th>
                <th scope="col">{t("review.pack.col.impact")}</th>
                <th scope="col">{t("review.pack.col.area")}</th>
                <th scope="col">{t("review.pack.col.trend")}</th>
              </tr>
            </thead>
            <tbody>
              {themes.items.map((th) => (
                <tr key={th.id}>
                  <th scope="row">{th.name}</th>
                  <td>
                    {th.items} ({share(locale, th.share)})
                  </td>
                  <td>
                    {th.impact === null
                      ? "–"
                      : formatNumber(locale, th.impact, 1)}
                    {th.interval
                      ? ` (${formatNumber(
                          locale,
                          th.interval.low,
                          1
                        )} – ${formatNumber(locale, th.interval.high, 1)})`
                      : ""}
                  </td>
                  <td>
                    {th.area
                      ? t(`review.pack.area.${th.area}` as MessageKey)
                      : "–"}
                  </td>
                  <td>
                    {th.trend.map((m) => `${m.month}: ${m.items}`).join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <HowCalculated>{t("review.pack.howThemes")}</HowCalculated>
          {themes.items.map((th) =>
            th.quotes.length ? (
              <div key={th.id} className="pack-quotes">
                <h3>{t("review.pack.quotes", { theme: th.name })}</h3>
                {th.quotes.map((q, i) => (
                  <figure key={i} className="quote">
                    <blockquote>{q.text}</blockquote>
                    <figcaption className="small muted">
                      {t("review.pack.quoteSource", {
                        source: q.source,
                        account: q.accountName ?? t("review.pack.noAccount"),
                        date: q.date,
                      })}
                    </figcaption>
                  </figure>
                ))}
              </div>
            ) : null
          )}
        </>
      )}
    </section>
  );
}

function changeWords(change: unknown): string {
  // A structured change (analysis/review/changes.ts) in compact form; the votes engineer words them fully.
  if (!change || typeof change !== "object") return "";
  const c = change as Record<string, unknown>;
  const parts = Object.entries(c)
    .filter(([k]) => k !== "kind")
    .map(
      ([k, v]) =>
        `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`
    );
  return `${String(c.kind ?? "")} (${parts.join("; ")})`;
}

function PreviousSection({ pack }: { pack: EvidencePack }) {
  const t = useT();
  const locale = useLocale();
  const prev = pack.previous;
  return (
    <section className="pack-section" aria-labelledby="pack-previous">
      <h2 id="pack-previous">{t("review.pack.previous")}</h2>
      {!prev.meeting ? (
        <p>{t("review.pack.noPrevious")}</p>
      ) : (
        <>
          <p>
            {t("review.pack.previousMeeting", {
              start: prev.meeting.periodStart,
              end: prev.meeting.periodEnd,
            })}
          </p>
          <h3>{t("review.pack.decisions")}</h3>
          {prev.decisions.length === 0 ? (
            <p>{t("review.pack.noDecisions")}</p>
          ) : (
            <ul>
              {prev.decisions.map((d) => (
                <li key={d.proposalId}>
                  <code>{changeWords(d.change)}</code>{" "}
                  {d.adverse ? (
                    <span className="pill">{t("review.pack.adverse")}</span>
                  ) : null}
                  <p className="pre-wrap">{d.rationale}</p>
                </li>
              ))}
            </ul>
          )}
          <h3>{t("review.pack.processChanges")}</h3>
          {prev.processChanges.length === 0 ? (
            <p>{t("review.pack.noProcessChanges")}</p>
          ) : (
            <table className="data pack-table">
              <thead>
                <tr>
                  <th scope="col">{t("review.pack.col.change2")}</th>
                  <th scope="col">{t("review.pack.col.metric")}</th>
                  <th scope="col">{t("review.pack.col.owner")}</th>
                  <th scope="col">{t("review.pack.col.due")}</th>
                  <th scope="col">{t("review.pack.col.done")}</th>
                  <th scope="col">{t("review.pack.col.before")}</th>
                  <th scope="col">{t("review.pack.col.after")}</th>
                  <th scope="col">{t("review.pack.col.difference")}</th>
                </tr>
              </thead>
              <tbody>
                {prev.processChanges.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.description}</th>
                    <td>{c.metric}</td>
                    <td>{c.ownerName ?? "–"}</td>
                    <td>{c.dueOn ?? "–"}</td>
                    <td>{c.doneOn ?? t("review.pack.notDone")}</td>
                    <td>
                      {figureValue(locale, c.before)} (n={c.before?.n ?? "–"})
                    </td>
                    <td>
                      {figureValue(locale, c.after)} (n={c.after?.n ?? "–"})
                    </td>
                    <td>
                      {c.after?.kind === "availability"
                        ? t("review.pack.availabilityNoTest")
                        : `${differenceText(
                            locale,
                            c.after?.kind ?? "nps",
                            c.comparison
                          )} · ${significance(t, c.comparison)}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <HowCalculated>{t("review.pack.howPrevious")}</HowCalculated>
        </>
      )}
    </section>
  );
}

/** The whole pack, as read on screen and printed. */
export function EvidencePackView({
  pack,
  frozenAt,
  definitionsVersion,
}: {
  pack: EvidencePack;
  frozenAt: string | Date;
  definitionsVersion: string;
}) {
  const t = useT();
  const locale = useLocale();
  const zone = useTimeZone();
  return (
    <article className="evidence-pack" lang={locale}>
      <header className="pack-header">
        <h1>{t("review.pack.title", { sla: pick(pack.sla.name, locale) })}</h1>
        <p>
          {t("review.pack.period", {
            start: pack.period.start,
            end: pack.period.end,
            zone: pack.period.timezone,
            prevStart: pack.period.previousStart,
            prevEnd: pack.period.previousEnd,
          })}
        </p>
        <p className="small muted">
          {t("review.pack.frozen", {
            date: formatDateTime(frozenAt, zone),
            version: definitionsVersion,
          })}
        </p>
      </header>
      <MetricsSection pack={pack} />
      <ComplianceSection pack={pack} />
      <MetVsBreachedSection pack={pack} />
      <CasesSection pack={pack} />
      <ThemesSection pack={pack} />
      <PreviousSection pack={pack} />
    </article>
  );
}
