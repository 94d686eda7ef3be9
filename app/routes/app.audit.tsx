import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FieldError } from "~/components/FieldError";
import { FormError } from "~/components/FormError";
import { AUDIT_PAGE_SIZE, auditFilterOptions, listAuditEvents } from "~/models/audit.server";
import { AUDIT_FILTER_KEYS, auditFilterSchema } from "~/schemas/admin";
import { fieldErrorsOf, type FieldErrors } from "~/utils/forms";
import { formatNumber, translate, useLocale, useT } from "~/utils/i18n";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { userTimeZone } from "~/models/settings.server";
import { getLocale } from "~/utils/locale.server";
import { ADMINS } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("audit.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ADMINS);
  const locale = await getLocale(request);
  const url = new URL(request.url);
  const values = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
  const options = await auditFilterOptions();
  const parsed = auditFilterSchema.safeParse(values);
  if (!parsed.success) {
    const errors: FieldErrors = fieldErrorsOf(parsed.error);
    return data({ values, errors, options, list: null, page: 1, pages: 1, query: "", formError: translate(locale, "audit.filter.invalid") }, { status: 400 });
  }
  const list = await listAuditEvents(parsed.data, await userTimeZone(user));
  const query = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) if (parsed.data[key]) query.set(key, String(parsed.data[key]));
  const pages = Math.max(1, Math.ceil(list.total / AUDIT_PAGE_SIZE));
  return { values, errors: {} as FieldErrors, options, list, page: parsed.data.page, pages, query: query.toString(), formError: null };
}

// Where an entity lives in the app, when it has a page.
const entityHref: Record<string, (id: string) => string> = {
  case: (id) => `/app/cases/${id}`,
  survey: (id) => `/app/surveys/${id}`,
  sla: (id) => `/app/slas/${id}`,
};

export default function AuditPage() {
  const { values, errors, options, list, page, pages, query, formError } = useLoaderData<typeof loader>();
  const t = useT();
  const zone = useTimeZone();
  const locale = useLocale();
  const pageHref = (p: number) => `/app/audit?${[query, p > 1 ? `page=${p}` : ""].filter(Boolean).join("&")}`;
  // FieldError translates the key itself.
  const err = (name: string) => errors[name];
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.intro", { zone })}</p>
      <Form method="get" className="card" aria-label={t("common.filter")} key={JSON.stringify(values)}>
        <div className="row">
          <div className="field">
            <label htmlFor="a-actor">{t("audit.filter.actor")}</label>
            <select id="a-actor" name="actor" defaultValue={values.actor ?? ""}>
              <option value="">{t("common.all")}</option>
              <option value="system">{t("audit.filter.system")}</option>
              {options.users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </select>
            <FieldError id="a-actor-error" message={err("actor")} />
          </div>
          <div className="field">
            <label htmlFor="a-action">{t("audit.filter.action")}</label>
            <select id="a-action" name="action" defaultValue={values.action ?? ""}>
              <option value="">{t("common.all")}</option>
              {options.actions.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
            <FieldError id="a-action-error" message={err("action")} />
          </div>
          <div className="field">
            <label htmlFor="a-entity">{t("audit.filter.entity")}</label>
            <select id="a-entity" name="entity" defaultValue={values.entity ?? ""}>
              <option value="">{t("common.all")}</option>
              {options.entities.map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </select>
            <FieldError id="a-entity-error" message={err("entity")} />
          </div>
          <div className="field">
            <label htmlFor="a-entityId">{t("audit.filter.entityId")}</label>
            <input id="a-entityId" name="entityId" defaultValue={values.entityId ?? ""} aria-invalid={errors.entityId ? true : undefined} aria-describedby={errors.entityId ? "a-entityId-error" : undefined} />
            <FieldError id="a-entityId-error" message={err("entityId")} />
          </div>
          <div className="field">
            <label htmlFor="a-from">{t("audit.filter.from", { zone })}</label>
            <input id="a-from" name="from" type="date" defaultValue={values.from ?? ""} aria-invalid={errors.from ? true : undefined} aria-describedby={errors.from ? "a-from-error" : undefined} />
            <FieldError id="a-from-error" message={err("from")} />
          </div>
          <div className="field">
            <label htmlFor="a-to">{t("audit.filter.to", { zone })}</label>
            <input id="a-to" name="to" type="date" defaultValue={values.to ?? ""} aria-invalid={errors.to ? true : undefined} aria-describedby={errors.to ? "a-to-error" : undefined} />
            <FieldError id="a-to-error" message={err("to")} />
          </div>
        </div>
        <button type="submit">{t("common.filter")}</button>
      </Form>
      <FormError message={formError} />
      {list ? (
        <>
          <p className="total" role="status">
            {t("audit.total", { n: formatNumber(locale, list.total, 0) })}
          </p>
          {list.rows.length === 0 ? (
            <p>{t("audit.none")}</p>
          ) : (
            <div className="table-scroll" tabIndex={0}>
              <table className="audit">
                <thead>
                  <tr>
                    <th scope="col">{t("audit.col.at", { zone })}</th>
                    <th scope="col">{t("audit.col.actor")}</th>
                    <th scope="col">{t("audit.col.action")}</th>
                    <th scope="col">{t("audit.col.entity")}</th>
                    <th scope="col">{t("audit.col.detail")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.rows.map((r) => (
                    <tr key={r.id}>
                      <td style={{ whiteSpace: "nowrap" }}>
                        <time dateTime={new Date(r.at).toISOString()}>{formatDateTime(r.at, zone, { label: false })}</time>
                      </td>
                      <td>{r.userName ?? t("audit.filter.system")}</td>
                      <td style={{ whiteSpace: "nowrap" }}>
                        <code>{r.action}</code>
                      </td>
                      <td>
                        {r.targetType}
                        {r.targetId ? (
                          <>
                            {" "}
                            {entityHref[r.targetType] ? (
                              <Link to={entityHref[r.targetType](r.targetId)}>
                                <code>{r.targetId.slice(0, 8)}</code>
                              </Link>
                            ) : (
                              <code>{r.targetId.slice(0, 8)}</code>
                            )}
                          </>
                        ) : null}
                      </td>
                      <td className="small">
                        <code>{JSON.stringify(r.detail)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {pages > 1 || page > 1 ? (
            <nav className="pager" aria-label={t("audit.pagination")}>
              {page > 1 ? <Link to={pageHref(page - 1)}>{t("audit.prev")}</Link> : null}
              <span>{t("audit.pageOf", { page, pages })}</span>
              {page < pages ? <Link to={pageHref(page + 1)}>{t("audit.next")}</Link> : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </>
  );
}
