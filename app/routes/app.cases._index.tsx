import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CaseFlags } from "~/components/cases/CaseFlags";
import { listAccountsForCases, listCases } from "~/models/case.server";
import { caseFilterSchema, casePriorities, caseStatuses } from "~/schemas/case";
import { requireRole } from "~/utils/permissions.server";
import { CASE_WORKERS } from "~/utils/permissions";
import { useLocale, useT, type MessageKey } from "~/utils/i18n";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { FilterSelect } from "~/components/FilterSelect";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("cases.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, CASE_WORKERS);
  const url = new URL(request.url);
  const filter = caseFilterSchema.parse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  const [{ rows, total }, accounts] = await Promise.all([listCases(filter), listAccountsForCases()]);
  return { rows, total, accounts, filter };
}

export default function CaseList() {
  const { rows, total, accounts, filter } = useLoaderData<typeof loader>();
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
          <FilterSelect id="f-status" name="status" label={t("cases.filter.status")} value={filter.status} options={caseStatuses.map((s) => ({ value: s, label: t(`cases.status.${s}` as MessageKey) }))} />
          <FilterSelect id="f-priority" name="priority" label={t("cases.filter.priority")} value={filter.priority} options={casePriorities.map((p) => ({ value: p, label: t(`cases.priority.${p}` as MessageKey) }))} />
          <FilterSelect id="f-account" name="account" label={t("cases.filter.account")} value={filter.account} options={accounts.map((a) => ({ value: a.id, label: a.name }))} />
          <FilterSelect
            id="f-risk"
            name="risk"
            label={t("cases.filter.risk")}
            value={filter.risk}
            options={[
              { value: "at_risk", label: t("cases.filter.atRisk") },
              { value: "breached", label: t("cases.filter.breached") },
            ]}
          />
          <FilterSelect
            id="f-sort"
            name="sort"
            label={t("cases.sort")}
            value={filter.sort}
            all={false}
            options={[
              { value: "due", label: t("cases.sort.due") },
              { value: "opened", label: t("cases.sort.opened") },
            ]}
          />
          <div className="field">
            <button type="submit">{t("common.filter")}</button>
          </div>
        </div>
      </Form>
      <p className="muted" role="status">
        {rows.length < total ? t("cases.countFirst", { n: rows.length, total }) : t("cases.count", { n: total })}
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
