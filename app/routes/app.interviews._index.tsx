import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listInterviews } from "~/models/interview.server";
import { pageQuery } from "~/schemas/query";
import { readSearchParams } from "~/utils/forms";
import { useT, type MessageKey } from "~/utils/i18n";
import { titleMeta } from "~/utils/meta";
import { ANALYSTS, hasRole, STAFF } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";

export const meta = titleMeta("feedback.interviews.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const { page } = await readSearchParams(request, pageQuery);
  const list = await listInterviews(page);
  return { list, page, canRecord: hasRole(user.role, ANALYSTS) };
}

export default function Interviews() {
  const { list, page, canRecord } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("feedback.interviews.title")}</h1>
      {canRecord ? (
        <p>
          <Link className="button" to="/app/interviews/new">
            {t("feedback.interviews.new")}
          </Link>
        </p>
      ) : null}
      {list.rows.length === 0 ? (
        <p>{t("feedback.interviews.none")}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t("feedback.interviews.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("feedback.interview.heldOn")}</th>
              <th scope="col">{t("feedback.interview.account")}</th>
              <th scope="col">{t("feedback.interview.interviewer")}</th>
              <th scope="col">{t("feedback.interview.language")}</th>
              <th scope="col">{t("feedback.interviews.passages")}</th>
              <th scope="col">{t("feedback.interviews.highlights")}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/app/interviews/${r.id}`}>{r.held_on}</Link>
                </td>
                <td>{r.account_name ?? t("feedback.interview.noAccount")}</td>
                <td>{r.interviewer}</td>
                <td>{t(`feedback.language.${r.language}` as MessageKey)}</td>
                <td>{r.passages}</td>
                <td>{r.highlights}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page > 1 || list.hasMore ? (
        <nav className="pager" aria-label={t("feedback.interviews.pagination")}>
          {page > 1 ? <Link to={`/app/interviews?page=${page - 1}`}>{t("feedback.prev")}</Link> : null}
          <span>{t("feedback.page", { page })}</span>
          {list.hasMore ? <Link to={`/app/interviews?page=${page + 1}`}>{t("feedback.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
