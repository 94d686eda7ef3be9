import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { listSurveys, setSurveyStatus, SurveyEditError } from "~/models/survey.server";
import { statusChangeSchema } from "~/schemas/survey";
import { requireRole } from "~/utils/permissions.server";
import { ANALYSTS, hasRole, STAFF } from "~/utils/permissions";
import { formDataObject, readForm } from "~/utils/forms";
import { formatDate, pick, translate, useLocale, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import type { SurveyStatus } from "../../db/schema";

export const meta: MetaFunction = () => [{ title: "Surveys · Trustloop" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const archived = new URL(request.url).searchParams.get("archived") === "1";
  const surveys = await listSurveys({ archived });
  return {
    canEdit: hasRole(user.role, ANALYSTS),
    archived,
    surveys: surveys.map((s) => ({ ...s, responses: Number(s.responses) })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const locale = await getLocale(request);
  const parsed = statusChangeSchema.safeParse(formDataObject(await readForm(request)));
  if (!parsed.success) return data({ formError: translate(locale, "validation.invalid") }, { status: 400 });
  try {
    await setSurveyStatus(user.id, parsed.data.surveyId, parsed.data.status);
  } catch (e) {
    if (e instanceof SurveyEditError) {
      return data({ formError: translate(locale, `surveys.error.${e.code}`) }, { status: e.code === "notFound" ? 404 : 400 });
    }
    throw e;
  }
  throw redirect("/app/surveys?changed=1");
}

const transitions: Record<SurveyStatus, SurveyStatus[]> = {
  draft: ["open"],
  open: ["closed"],
  closed: ["open", "draft"],
};
const actionLabel = { open: "surveys.action.open", closed: "surveys.action.close", draft: "surveys.action.draft" } as const;
const actionAria = { open: "surveys.action.openLabel", closed: "surveys.action.closeLabel", draft: "surveys.action.draftLabel" } as const;
const statusPill: Record<SurveyStatus, string> = { draft: "pill", open: "pill good", closed: "pill warn" };

export default function SurveyList() {
  const t = useT();
  const locale = useLocale();
  const { surveys, canEdit, archived } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <div className="page-head">
        <h1>{t(archived ? "housekeeping.archivedTitle" : "surveys.list.title")}</h1>
        {canEdit ? (
          <Link to="/app/surveys/new" className="button">
            {t("surveys.list.new")}
          </Link>
        ) : null}
      </div>
      {actionData?.formError ? (
        <p className="form-error" role="alert">
          {actionData.formError}
        </p>
      ) : params.get("changed") ? (
        <p className="notice" role="status">
          {t("surveys.list.statusChanged")}
        </p>
      ) : params.get("archivedOne") || params.get("restored") || params.get("deleted") ? (
        <p className="notice" role="status">
          {t(params.get("archivedOne") ? "housekeeping.archivedOne" : params.get("restored") ? "housekeeping.restored" : "housekeeping.deleted")}
        </p>
      ) : null}
      <p>
        <Link to={archived ? "/app/surveys" : "/app/surveys?archived=1"}>{t(archived ? "housekeeping.showCurrent" : "housekeeping.showArchived")}</Link>
      </p>
      {surveys.length === 0 ? (
        <p className="muted">{t("surveys.list.empty")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("surveys.list.survey")}</th>
              <th scope="col">{t("surveys.list.status")}</th>
              <th scope="col" className="num">
                {t("surveys.list.responses")}
              </th>
              <th scope="col">{t("surveys.list.created")}</th>
              <th scope="col">{t("surveys.list.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {surveys.map((s) => {
              const title = pick(s.title, locale);
              return (
                <tr key={s.id}>
                  <td>
                    <Link to={`/app/surveys/${s.id}`}>{title}</Link>
                    {s.anonymous ? <span className="muted small"> · {t("surveys.list.anonymous")}</span> : null}
                  </td>
                  <td>
                    <span className={statusPill[s.status]}>{t(`surveys.status.${s.status}`)}</span>
                  </td>
                  <td className="num">{s.responses}</td>
                  <td>{formatDate(locale, s.created_at)}</td>
                  <td>
                    <div className="row-actions">
                      <Link to={`/app/surveys/${s.id}/edit`}>{t("surveys.tab.edit")}</Link>
                      <Link to={`/app/surveys/${s.id}/links`}>{t("surveys.tab.links")}</Link>
                      {canEdit ? (
                        <Form method="post" action={`/app/surveys/${s.id}/manage`}>
                          <input type="hidden" name="intent" value="duplicate" />
                          <button type="submit" className="secondary small" aria-label={t("housekeeping.duplicateLabel", { title })}>
                            {t("housekeeping.duplicate")}
                          </button>
                        </Form>
                      ) : null}
                      {canEdit ? (
                        <Link to={`/app/surveys/${s.id}/manage`} aria-label={t("housekeeping.manageLabel", { title })}>
                          {t("housekeeping.manage")}
                        </Link>
                      ) : null}
                      {canEdit && !archived
                        ? transitions[s.status]
                            // Back to draft is offered only while nobody has answered (the model checks again).
                            .filter((to) => to !== "draft" || s.responses === 0)
                            .map((to) => (
                              <Form method="post" key={to}>
                                <input type="hidden" name="surveyId" value={s.id} />
                                <input type="hidden" name="status" value={to} />
                                <button type="submit" className="secondary small" aria-label={t(actionAria[to], { title })}>
                                  {t(actionLabel[to])}
                                </button>
                              </Form>
                            ))
                        : null}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
