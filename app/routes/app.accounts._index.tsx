import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { accountFacets, searchAccounts } from "~/models/account.server";
import { accountFilterSchema, accountSorts, RENEWAL_DUE_DAYS } from "~/schemas/account";
import { ANALYSTS, STAFF, hasRole } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { z } from "zod";
import { formatNumber, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { FilterSelect } from "~/components/FilterSelect";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("accounts.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const url = new URL(request.url);
  const filter = accountFilterSchema.parse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  const [list, facets] = await Promise.all([searchAccounts(filter), accountFacets()]);
  const query = new URLSearchParams([...url.searchParams].filter(([k, v]) => k !== "page" && k !== "imported" && v !== ""));
  const imported = z.coerce.number().int().min(0).optional().catch(undefined).parse(url.searchParams.get("imported") ?? undefined);
  return { list, facets, filter, query: query.toString(), canEdit: hasRole(user.role, ANALYSTS), imported };
}

export default function AccountList() {
  const { list, facets, filter, query, canEdit, imported } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const pageHref = (p: number) => `/app/accounts?${[query, p > 1 ? `page=${p}` : ""].filter(Boolean).join("&")}`;
  const select = (name: "tier" | "region" | "plan", label: MessageKey, options: string[]) => (
    <FilterSelect id={`af-${name}`} name={name} label={t(label)} value={filter[name]} options={options} />
  );
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
        <h1>{t("accounts.title")}</h1>
        {canEdit ? (
          <p className="row">
            <Link to="/app/accounts/import">{t("accounts.import")}</Link>
            <Link className="button" to="/app/accounts/new">
              {t("accounts.new")}
            </Link>
          </p>
        ) : null}
      </div>
      {imported !== undefined ? (
        <p className="notice" role="status">
          {t("accounts.imported", { n: imported })}
        </p>
      ) : null}
      <Form method="get" className="card" aria-label={t("common.filter")}>
        <div className="row">
          <div className="field">
            <label htmlFor="af-q">{t("accounts.filter.q")}</label>
            <input id="af-q" type="search" name="q" defaultValue={filter.q ?? ""} />
          </div>
          {select("tier", "accounts.field.tier", facets.tiers)}
          {select("region", "accounts.field.region", facets.regions)}
          {select("plan", "accounts.field.plan", facets.plans)}
          <FilterSelect
            id="af-locale"
            name="locale"
            label={t("accounts.field.locale")}
            value={filter.locale}
            options={[
              { value: "ko", label: t("common.korean") },
              { value: "en", label: t("common.english") },
            ]}
          />
          <FilterSelect
            id="af-renewal"
            name="renewal"
            label={t("accounts.field.renewalDate")}
            value={filter.renewal}
            options={[
              { value: "due", label: t("accounts.filter.due", { days: RENEWAL_DUE_DAYS }) },
              { value: "overdue", label: t("accounts.renewal.overdue") },
            ]}
          />
          <FilterSelect id="af-sort" name="sort" label={t("accounts.sort")} value={filter.sort} all={false} options={accountSorts.map((s) => ({ value: s, label: t(`accounts.sort.${s}` as MessageKey) }))} />
          <div className="field">
            <button type="submit">{t("common.filter")}</button>
          </div>
        </div>
      </Form>
      <p className="muted" role="status">
        {t("accounts.count", { n: list.total })}
      </p>
      {list.rows.length === 0 ? (
        <p>{t("accounts.none")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table className="account-list">
            <thead>
              <tr>
                <th scope="col">{t("accounts.field.name")}</th>
                <th scope="col">{t("accounts.field.tier")}</th>
                <th scope="col">{t("accounts.field.region")}</th>
                <th scope="col">{t("accounts.field.plan")}</th>
                <th scope="col">{t("accounts.field.locale")}</th>
                <th scope="col" className="num">{t("accounts.field.monthlyFee")}</th>
                <th scope="col">{t("accounts.field.renewalDate")}</th>
                <th scope="col" className="num">{t("accounts.contacts")}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((a) => (
                <tr key={a.id} data-account={a.name}>
                  <td>
                    <Link to={`/app/accounts/${a.id}`}>{a.name}</Link>
                  </td>
                  <td>{a.tier}</td>
                  <td>{a.region}</td>
                  <td>{a.plan}</td>
                  <td>{a.locale}</td>
                  <td className="num">{formatNumber(locale, a.monthly_fee, 0)}</td>
                  <td>
                    {a.renewal_date ?? "—"}
                    {a.renewal === "overdue" ? (
                      <>
                        {" "}
                        <span className="pill bad">{t("accounts.renewal.overdue")}</span>
                      </>
                    ) : a.renewal === "due" ? (
                      <>
                        {" "}
                        <span className="pill warn">{t("accounts.renewal.due")}</span>
                      </>
                    ) : null}
                  </td>
                  <td className="num">{a.contacts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.pages > 1 ? (
        <nav className="pager" aria-label={t("accounts.pagination")}>
          {list.page > 1 ? <Link to={pageHref(list.page - 1)}>{t("results.responses.prev")}</Link> : null}
          <span>{t("results.responses.pageOf", { page: list.page, pages: list.pages })}</span>
          {list.page < list.pages ? <Link to={pageHref(list.page + 1)}>{t("results.responses.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
