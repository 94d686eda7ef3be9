import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { deletability, deleteSurvey, duplicateSurvey, getSurvey, setSurveyArchived, SurveyEditError } from "~/models/survey.server";
import { ANALYSTS } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { formDataObject, readForm } from "~/utils/forms";
import { messages, pick, translate, useLocale, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { metaLocale, pageTitle } from "~/utils/meta";
import { FormError } from "~/components/FormError";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => data ? pageTitle(matches, "housekeeping.title", { title: pick(data.survey.title, metaLocale(matches)) }) : [{ title: "Trustloop" }];

/**
 * Duplicate, archive, restore and delete. Deleting has its own confirmation page (this route's
 * GET), so it works without JavaScript and never happens on one click.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ANALYSTS);
  const survey = await getSurvey(params.surveyId ?? "");
  if (!survey) throw new Response("Not found", { status: 404 });
  return {
    survey: { id: survey.id, title: survey.title, status: survey.status, archived: !!survey.archived_at, questions: survey.questions.length },
    deletable: await deletability(survey.id),
  };
}

const intentSchema = z.object({ intent: z.enum(["duplicate", "archive", "unarchive", "delete"]), confirm: z.literal("yes").optional() });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const locale = await getLocale(request);
  const id = params.surveyId ?? "";
  const parsed = intentSchema.safeParse(formDataObject(await readForm(request)));
  if (!parsed.success) return data({ formError: translate(locale, "validation.invalid") }, { status: 400 });
  try {
    switch (parsed.data.intent) {
      case "duplicate": {
        const copy = await duplicateSurvey(user.id, id, messages["housekeeping.copySuffix"]);
        return redirect(`/app/surveys/${copy}/edit?duplicated=1`);
      }
      case "archive":
      case "unarchive":
        await setSurveyArchived(user.id, id, parsed.data.intent === "archive");
        return redirect(`/app/surveys?${parsed.data.intent === "archive" ? "archivedOne=1" : "restored=1"}`);
      case "delete":
        if (parsed.data.confirm !== "yes") return data({ formError: translate(locale, "housekeeping.delete.confirmNeeded") }, { status: 400 });
        await deleteSurvey(user.id, id);
        return redirect("/app/surveys?deleted=1");
    }
  } catch (e) {
    if (!(e instanceof SurveyEditError)) throw e;
    if (e.code === "notFound") throw new Response("Not found", { status: 404 });
    const key = e.code === "hasResponses" ? "housekeeping.delete.hasResponses" : (`surveys.error.${e.code}` as const);
    return data({ formError: translate(locale, key) }, { status: 400 });
  }
}

export default function ManageSurvey() {
  const { survey, deletable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const title = pick(survey.title, locale);
  return (
    <>
      <p>
        <Link to="/app/surveys">← {t("surveys.list.title")}</Link>
      </p>
      <h1>{t("housekeeping.title", { title })}</h1>
      <FormError message={actionData?.formError} />
      <section className="card" aria-labelledby="hk-delete-h">
        <h2 id="hk-delete-h">{t("housekeeping.delete.heading")}</h2>
        {deletable.ok ? (
          <Form method="post" aria-label={t("housekeeping.delete.heading")}>
            <p>{t("housekeeping.delete.warning", { n: survey.questions })}</p>
            <input type="hidden" name="intent" value="delete" />
            <div className="field">
              <label>
                <input type="checkbox" name="confirm" value="yes" required /> {t("housekeeping.delete.confirm", { title })}
              </label>
            </div>
            <div className="row">
              <button type="submit" className="danger">
                {t("housekeeping.delete.button")}
              </button>
              <Link to="/app/surveys">{t("common.cancel")}</Link>
            </div>
          </Form>
        ) : (
          <p>{t(deletable.code === "hasResponses" ? "housekeeping.delete.hasResponses" : "housekeeping.delete.notDraft")}</p>
        )}
      </section>
      <section className="card" aria-labelledby="hk-archive-h">
        <h2 id="hk-archive-h">{t(survey.archived ? "housekeeping.unarchive.heading" : "housekeeping.archive.heading")}</h2>
        <p>{t(survey.archived ? "housekeeping.unarchive.body" : "housekeeping.archive.body")}</p>
        <Form method="post" aria-label={t(survey.archived ? "housekeeping.unarchive.heading" : "housekeeping.archive.heading")}>
          <input type="hidden" name="intent" value={survey.archived ? "unarchive" : "archive"} />
          <button type="submit" className="secondary">
            {t(survey.archived ? "housekeeping.unarchive.button" : "housekeeping.archive.button")}
          </button>
        </Form>
      </section>
    </>
  );
}
