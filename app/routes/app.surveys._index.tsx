import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { listSurveys, setSurveyStatus, SurveyEditError } from "~/models/survey.server";
import { statusChangeSchema } from "~/schemas/survey";
import { requireRole } from "~/utils/permissions.server";
import { ANALYSTS, hasRole, STAFF } from "~/utils/permissions";
import { formDataObject, readForm } from "~/utils/forms";
import { pick, translate, useLocale, useT } from "~/utils/i18n";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { getLocale } from "~/utils/locale.server";
import type { SurveyStatus } from "../../db/schema";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("surveys.list.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const params = new URL(request.url).searchParams;
  const archived = params.get("archived") === "1";
  const surveys = (await listSurveys({ archived })).map((s) => ({ ...s, responses: Number(s.responses) }));
  const canEdit = hasRole(user.role, ANALYSTS);
  // The confirmation step of "Close" (a page of its own, so it works without JavaScript).
  const closing = canEdit ? surveys.find((s) => s.id === params.get("confirmClose") && s.status === "open") ?? null : null;
  return { canEdit, archived, surveys, closing };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const locale = await getLocale(request);
  const parsed = statusChangeSchema.safeParse(formDataObject(await readForm(request)));
  if (!parsed.success) return data({ formError: translate(locale, "validation.invalid") }, { status: 400 });
  // Closing stops every link from taking answers: it is asked first, then done.
  if (parsed.data.status === "closed" && parsed.data.confirm !== "yes") throw redirect(`/app/surveys?confirmClose=${parsed.data.surveyId}`);
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
  const zone = useTimeZone();
  const locale = useLocale();
  const { surveys, canEdit, archived, closing } = useLoaderData<typeof loader>();
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
      {closing ? (
        <section className="card confirm" aria-labelledby="confirm-close-h" data-confirm-close={closing.id}>
          <h2 id="confirm-close-h" tabIndex={-1} autoFocus>
            {t("users.closeSurvey.title", { title: pick(closing.title, locale) })}
          </h2>
          <p>{t("users.closeSurvey.body", { n: closing.responses })}</p>
          <div className="row">
            <Form method="post">
              <input type="hidden" name="surveyId" value={closing.id} />
              <input type="hidden" name="status" value="closed" />
              <input type="hidden" name="confirm" value="yes" />
              <button type="submit" className="danger">
                {t("users.closeSurvey.yes")}
              </button>
            </Form>
            <Link to="/app/surveys" className="button secondary">
              {t("users.closeSurvey.cancel")}
            </Link>
          </div>
        </section>
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
                  <td>{formatDateTime(s.created_at, zone)}</td>
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
                            .map((to) =>
                              to === "closed" ? (
                                // "Close" opens the confirmation step; nothing changes until it is answered.
                                <Form method="get" key={to}>
                                  <input type="hidden" name="confirmClose" value={s.id} />
                                  <button type="submit" className="secondary small" aria-label={t(actionAria[to], { title })}>
                                    {t(actionLabel[to])}
                                  </button>
                                </Form>
                              ) : (
                              <Form method="post" key={to}>
                                <input type="hidden" name="surveyId" value={s.id} />
                                <input type="hidden" name="status" value={to} />
                                <button type="submit" className="secondary small" aria-label={t(actionAria[to], { title })}>
                                  {t(actionLabel[to])}
                                </button>
                              </Form>
                              ),
                            )
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
