import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CaseFlags } from "~/components/cases/CaseFlags";
import { listAccountsForCases, listCases } from "~/models/case.server";
import { caseFilterSchema, casePriorities, caseStatuses } from "~/schemas/case";
import { requireRole } from "~/utils/permissions.server";
import { CASE_WORKERS } from "~/utils/permissions";
import { useLocale, useT, type MessageKey } from "~/utils/i18n";
import { formatDateTime, useTimeZone } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Cases · Trustloop" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, CASE_WORKERS);
  const url = new URL(request.url);
  const filter = caseFilterSchema.parse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  const [rows, accounts] = await Promise.all([listCases(filter), listAccountsForCases()]);
  return { rows, accounts, filter };
}

export default function CaseList() {
  const { rows, accounts, filter } = useLoaderData<typeof loader>();
  const t = useT();
  const zone = useTimeZone();
  const locale = useLocale();
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
        <h1>{t("cases.title")}</h1>
        <p className="row">
          <Link to="/app/measurements">{t("measurements.title")}</Link>
          <Link to="/app/reports">{t("compliance.title")}</Link>
          <Link className="button" to="/app/cases/new">
            {t("cases.new")}
          </Link>
        </p>
      </div>
      <Form method="get" className="card case-filters" aria-label={t("common.filter")}>
        <div className="row">
          <div className="field">
            <label htmlFor="f-status">{t("cases.filter.status")}</label>
            <select id="f-status" name="status" defaultValue={filter.status ?? ""}>
              <option value="">{t("common.all")}</option>
              {caseStatuses.map((s) => (
                <option key={s} value={s}>
                  {t(`cases.status.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-priority">{t("cases.filter.priority")}</label>
            <select id="f-priority" name="priority" defaultValue={filter.priority ?? ""}>
              <option value="">{t("common.all")}</option>
              {casePriorities.map((p) => (
                <option key={p} value={p}>
                  {t(`cases.priority.${p}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-account">{t("cases.filter.account")}</label>
            <select id="f-account" name="account" defaultValue={filter.account ?? ""}>
              <option value="">{t("common.all")}</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-risk">{t("cases.filter.risk")}</label>
            <select id="f-risk" name="risk" defaultValue={filter.risk ?? ""}>
              <option value="">{t("common.all")}</option>
              <option value="at_risk">{t("cases.filter.atRisk")}</option>
              <option value="breached">{t("cases.filter.breached")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-sort">{t("cases.sort")}</label>
            <select id="f-sort" name="sort" defaultValue={filter.sort}>
              <option value="due">{t("cases.sort.due")}</option>
              <option value="opened">{t("cases.sort.opened")}</option>
            </select>
          </div>
          <div className="field">
            <button type="submit">{t("common.filter")}</button>
          </div>
        </div>
      </Form>
      <p className="muted" role="status">
        {t("cases.count", { n: rows.length })}
      </p>
      {rows.length === 0 ? (
        <p>{t("cases.none")}</p>
      ) : (
        <table className="case-list">
          <thead>
            <tr>
              <th scope="col">{t("cases.col.case")}</th>
              <th scope="col">{t("cases.col.account")}</th>
              <th scope="col">{t("cases.col.priority")}</th>
              <th scope="col">{t("cases.col.status")}</th>
              <th scope="col">{t("cases.col.sla")}</th>
              <th scope="col">{t("cases.col.nextDue")}</th>
              <th scope="col">{t("cases.col.opened")}</th>
              <th scope="col">{t("cases.col.owner")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className={r.breached ? "breached" : r.atRisk ? "at-risk" : undefined}>
                <td>
                  <Link to={`/app/cases/${r.id}`}>#{r.number}</Link> {r.title}
                </td>
                <td>{r.accountName}</td>
                <td>{t(`cases.priority.${r.priority}` as MessageKey)}</td>
                <td>{t(`cases.status.${r.status}` as MessageKey)}</td>
                <td>
                  {r.timezone === null ? (
                    <span className="muted">{t("cases.noSla")}</span>
                  ) : r.breached || r.atRisk || r.paused ? (
                    <CaseFlags breached={r.breached} atRisk={r.atRisk} paused={r.paused} />
                  ) : r.status === "resolved" || r.status === "closed" ? (
                    <span>{t("cases.timer.met")}</span>
                  ) : (
                    <span className="muted">{t("cases.flag.onTrack")}</span>
                  )}
                </td>
                <td>
                  {r.nextDue ? (
                    <>
                      {formatDateTime(r.nextDue, zone)}
                      <br />
                      <span className="small muted">{t(`cases.timer.${r.nextDueKind}` as MessageKey)}</span>
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td>{formatDateTime(r.openedAt, zone)}</td>
                <td>{r.ownerName ?? <span className="muted">{t("cases.field.noOwner")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
