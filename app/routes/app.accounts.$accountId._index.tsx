import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { accountActivity, dayOf, getAccount } from "~/models/account.server";
import { RENEWAL_DUE_DAYS } from "~/schemas/account";
import { ANALYSTS, STAFF, hasRole } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { formatNumber, pick, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { formatDateTime, formatLocalDay, useTimeZone } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.account.name ?? "Trustloop"} · Trustloop` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const account = await getAccount(params.accountId ?? "");
  if (!account) throw new Response("Not found", { status: 404 });
  const now = new Date();
  return {
    account,
    activity: await accountActivity(account, now),
    today: dayOf(now),
    soon: dayOf(now, RENEWAL_DUE_DAYS),
    canEdit: hasRole(user.role, ANALYSTS),
    saved: new URL(request.url).searchParams.get("saved") === "1",
  };
}

export default function AccountPage() {
  const { account, activity, today, soon, canEdit, saved } = useLoaderData<typeof loader>();
  const t = useT();
  const zone = useTimeZone();
  const locale = useLocale();
  const { sla } = activity;
  const renewal = account.renewal_date;
  return (
    <>
      <p>
        <Link to="/app/accounts">← {t("accounts.title")}</Link>
      </p>
      <div className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
        <h1>{account.name}</h1>
        {canEdit ? (
          <Link className="button" to={`/app/accounts/${account.id}/edit`}>
            {t("common.edit")}
          </Link>
        ) : null}
      </div>
      {saved ? (
        <p className="notice" role="status">
          {t("common.saved")}
        </p>
      ) : null}

      <section className="card" aria-labelledby="acc-details-h">
        <h2 id="acc-details-h">{t("accounts.details")}</h2>
        <dl className="case-details">
          <dt>{t("accounts.field.tier")}</dt>
          <dd>{account.tier}</dd>
          <dt>{t("accounts.field.region")}</dt>
          <dd>{account.region}</dd>
          <dt>{t("accounts.field.plan")}</dt>
          <dd>{account.plan}</dd>
          <dt>{t("accounts.field.locale")}</dt>
          <dd>{t(account.locale === "ko" ? "common.korean" : "common.english")}</dd>
          <dt>{t("accounts.field.monthlyFee")}</dt>
          <dd data-field="monthlyFee">{formatNumber(locale, account.monthly_fee, 0)}</dd>
          <dt>{t("accounts.field.contractStart")}</dt>
          <dd data-field="contractStart">{account.contract_start ?? t("accounts.notSet")}</dd>
          <dt>{t("accounts.field.renewalDate")}</dt>
          <dd data-field="renewalDate">
            {renewal ?? t("accounts.notSet")}
            {renewal && renewal < today ? (
              <>
                {" "}
                <span className="pill bad">{t("accounts.renewal.overdue")}</span>
              </>
            ) : renewal && renewal <= soon ? (
              <>
                {" "}
                <span className="pill warn">{t("accounts.renewal.due")}</span>
              </>
            ) : null}
          </dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="acc-contacts-h">
        <h2 id="acc-contacts-h">{t("accounts.contacts")}</h2>
        {account.contacts.length === 0 ? (
          <p>{t("accounts.contacts.none")}</p>
        ) : (
          <table className="contacts">
            <thead>
              <tr>
                <th scope="col">{t("accounts.contact.name")}</th>
                <th scope="col">{t("accounts.contact.email")}</th>
                <th scope="col">{t("accounts.contact.locale")}</th>
              </tr>
            </thead>
            <tbody>
              {account.contacts.map((c) => (
                <tr key={c.id}>
                  <td>{c.name || "—"}</td>
                  <td>{c.email}</td>
                  <td>{t(c.locale === "ko" ? "common.korean" : "common.english")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" aria-labelledby="acc-sla-h">
        <h2 id="acc-sla-h">{t("accounts.sla")}</h2>
        {sla ? (
          <>
            <p data-field="sla">
              {t("accounts.sla.inForce", {
                name: pick(sla.name, locale),
                version: sla.version,
                from: sla.effectiveFrom ? formatLocalDay(sla.effectiveFrom, sla.timezone) : "—",
              })}
            </p>
            <p className="small muted">{t("accounts.sla.byTier", { tier: account.tier })}</p>
            <p className="row">
              <Link to={`/app/slas/${sla.slaId}`}>{t("accounts.sla.staffPage")}</Link>
              {sla.shareToken ? (
                <a href={`/sla/${sla.shareToken}`}>{t("accounts.sla.customerPage")}</a>
              ) : (
                <span className="muted">{t("accounts.sla.noCustomerLink")}</span>
              )}
            </p>
          </>
        ) : (
          <p>{t("accounts.sla.none", { tier: account.tier })}</p>
        )}
      </section>

      <section className="card" aria-labelledby="acc-notices-h">
        <h2 id="acc-notices-h">{t("accounts.notices")}</h2>
        <p>{t("accounts.notices.none")}</p>
      </section>

      <section className="card" aria-labelledby="acc-cases-h">
        <h2 id="acc-cases-h">
          {t("accounts.cases")} <span className="muted">({activity.counts.cases})</span>
        </h2>
        {activity.cases.length === 0 ? (
          <p>{t("accounts.cases.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("cases.col.case")}</th>
                <th scope="col">{t("cases.col.priority")}</th>
                <th scope="col">{t("cases.col.status")}</th>
                <th scope="col">{t("cases.col.opened")}</th>
              </tr>
            </thead>
            <tbody>
              {activity.cases.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/app/cases/${c.id}`}>#{c.number}</Link> {c.title}
                  </td>
                  <td>{t(`cases.priority.${c.priority}` as MessageKey)}</td>
                  <td>{t(`cases.status.${c.status}` as MessageKey)}</td>
                  <td>{formatDateTime(c.opened_at, zone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {activity.counts.cases > 0 ? (
          <p>
            <Link to={`/app/cases?account=${account.id}`}>{t("accounts.cases.all")}</Link>
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="acc-responses-h">
        <h2 id="acc-responses-h">
          {t("accounts.responses")} <span className="muted">({activity.counts.responses})</span>
        </h2>
        {activity.responses.length === 0 ? (
          <p>{t("accounts.responses.none")}</p>
        ) : (
          <>
            {activity.counts.responses > activity.responses.length ? (
              <p className="small muted">{t("accounts.latest", { n: activity.responses.length })}</p>
            ) : null}
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("accounts.col.when")}</th>
                  <th scope="col">{t("accounts.col.survey")}</th>
                  <th scope="col">{t("accounts.col.score")}</th>
                  <th scope="col">{t("accounts.col.state")}</th>
                </tr>
              </thead>
              <tbody>
                {activity.responses.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link to={`/app/responses/${r.id}`}>{formatDateTime(r.submitted_at ?? r.started_at, zone)}</Link>
                    </td>
                    <td>{pick(r.survey_title, locale)}</td>
                    <td>{r.score ? `${r.score.type.toUpperCase()} ${r.score.value}` : "—"}</td>
                    <td>{t(r.finished ? "accounts.response.finished" : "accounts.response.unfinished")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="acc-feedback-h">
        <h2 id="acc-feedback-h">
          {t("accounts.feedback")} <span className="muted">({activity.counts.feedback})</span>
        </h2>
        {activity.feedback.length === 0 ? (
          <p>{t("accounts.feedback.none")}</p>
        ) : (
          <>
            {activity.counts.feedback > activity.feedback.length ? (
              <p className="small muted">{t("accounts.latest", { n: activity.feedback.length })}</p>
            ) : null}
            <ul className="feedback-list">
              {activity.feedback.map((f) => (
                <li key={f.id}>
                  <blockquote className="quote" lang={f.language === "ko" || f.language === "en" ? f.language : undefined}>
                    {f.text}
                  </blockquote>
                  <p className="small muted">
                    {formatDateTime(f.occurred_at, zone)} · {t(`accounts.source.${f.source}` as MessageKey)}
                    {f.score !== null && f.score_scale ? ` · ${f.score_scale.toUpperCase()} ${f.score}` : ""}
                    {f.response_id ? (
                      <>
                        {" · "}
                        <Link to={`/app/responses/${f.response_id}`}>{t("accounts.openResponse")}</Link>
                      </>
                    ) : null}
                  </p>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}
