import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FilterForm } from "~/components/results/FilterForm";
import { count } from "~/components/results/format";
import { ResponsesTable } from "~/components/results/ResponsesTable";
import { listResponses, PAGE_SIZE, parseResponseFilters, responseFilterOptions } from "~/models/results.server";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";
import { responseFilterQuery, toSearchParams } from "~/schemas/query";
import { readSearchParams } from "~/utils/forms";
import { useLocale, useT } from "~/utils/i18n";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("results.responses.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const url = new URL(request.url);
  const { filters, values, errors } = await parseResponseFilters(toSearchParams(await readSearchParams(request, responseFilterQuery)));
  const options = await responseFilterOptions();
  if (Object.keys(errors).length) {
    return data({ values, errors, options, list: null, page: 1, pages: 1, query: "", surveyId: null }, { status: 400 });
  }
  const list = await listResponses(filters);
  const query = new URLSearchParams(values);
  query.delete("page");
  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  return { values, errors, options, list, page: filters.page, pages, query: query.toString(), surveyId: filters.surveyId };
}

export default function ResponsesPage() {
  const { values, errors, options, list, page, pages, query, surveyId } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const pageHref = (p: number) => `/app/responses?${[query, p > 1 ? `page=${p}` : ""].filter(Boolean).join("&")}`;
  return (
    <>
      <h1>{t("results.responses.title")}</h1>
      <FilterForm key={JSON.stringify(values)} values={values} errors={errors} options={options} action="/app/responses" />
      {!list ? (
        <p className="form-error" role="alert">
          {t("results.filter.invalid")}
        </p>
      ) : (
        <>
          <div className="row list-head">
            <p className="total" role="status">
              {t("results.responses.total", { n: count(locale, list.total) })}
            </p>
            <a className="button secondary" href={`/app/responses.csv${query ? `?${query}` : ""}`} download>
              {t("results.responses.csv")}
            </a>
            {surveyId ? <Link to={`/app/surveys/${surveyId}`}>{t("results.responses.resultsLink")}</Link> : null}
          </div>
          <p className="small muted">{t("results.responses.csvNote")}</p>
          {list.rows.length === 0 ? <p>{t("results.responses.none")}</p> : <ResponsesTable rows={list.rows} />}
          {pages > 1 || page > 1 ? (
            <nav className="pager" aria-label={t("results.responses.pagination")}>
              {page > 1 ? <Link to={pageHref(page - 1)}>{t("results.responses.prev")}</Link> : null}
              <span>{t("results.responses.pageOf", { page, pages })}</span>
              {page < pages ? <Link to={pageHref(page + 1)}>{t("results.responses.next")}</Link> : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}
