import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { metricDefinitions } from "../../analysis/metrics/definitions";
import { SurveyBuilder } from "~/components/surveys/SurveyBuilder";
import { SurveyTabs } from "~/components/surveys/SurveyTabs";
import { answeredQuestionIds, getSurvey, SurveyEditError, updateSurvey } from "~/models/survey.server";
import { orgTimeZone } from "~/models/settings.server";
import { builderStep, draftFromSurvey, toSurveyInput, type SurveyDraft } from "~/schemas/survey";
import { formatLocalDay } from "~/utils/dates";
import { requireRole } from "~/utils/permissions.server";
import { ANALYSTS, hasRole, STAFF } from "~/utils/permissions";
import { formDataObject, type FieldErrors, readForm } from "~/utils/forms";
import { pick, translate, useLocale, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { metaLocale, pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? pageTitle(matches, "surveys.edit.title", { title: pick(data.surveyTitle, metaLocale(matches)) }) : [{ title: "Trustloop" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const survey = await getSurvey(params.surveyId ?? "");
  if (!survey) throw new Response("Not found", { status: 404 });
  return {
    surveyId: survey.id,
    surveyTitle: survey.title,
    draft: draftFromSurvey(await orgTimeZone(), survey),
    answeredIds: await answeredQuestionIds(survey.id),
    storedDefinitions: survey.metric_definitions,
    readOnly: !hasRole(user.role, ANALYSTS),
  };
}

type ActionData = { draft: SurveyDraft; errors: FieldErrors; formError?: string; focus?: string | null; rev: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const survey = await getSurvey(params.surveyId ?? "");
  if (!survey) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  const rev = crypto.randomUUID();
  // Close dates are days in the organisation's zone.
  const timeZone = await orgTimeZone();
  const keepClosesOn = survey.closes_at ? formatLocalDay(survey.closes_at, timeZone) : null;
  const step = builderStep(formDataObject(await readForm(request, { maxFields: 1500 })), { today: formatLocalDay(new Date(), timeZone), timeZone, keepClosesOn });
  if (step.kind === "draft") return data<ActionData>({ draft: step.draft, errors: {}, focus: step.focus, rev });
  if (step.kind === "invalid") {
    return data<ActionData>(
      { draft: step.draft, errors: step.errors as FieldErrors, formError: translate(locale, "common.fixErrors"), rev },
      { status: 400 },
    );
  }
  const existingOptions = Object.fromEntries(survey.questions.map((q) => [q.id, q.options]));
  try {
    await updateSurvey(user.id, survey.id, toSurveyInput(step.survey, existingOptions));
  } catch (e) {
    if (e instanceof SurveyEditError) {
      return data<ActionData>(
        { draft: step.draft, errors: {}, formError: translate(locale, `surveys.error.${e.code}`), rev },
        { status: e.code === "notFound" ? 404 : 400 },
      );
    }
    throw e;
  }
  throw redirect(`/app/surveys/${survey.id}/edit?saved=1`);
}

export default function EditSurvey() {
  const t = useT();
  const locale = useLocale();
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const draft = actionData?.draft ?? loaded.draft;
  const definitions = Object.entries(loaded.storedDefinitions ?? {});
  let notice: string | null = null;
  if (actionData && !actionData.formError) notice = t("surveys.builder.unsaved");
  else if (!actionData && params.get("saved")) notice = t("surveys.saved");
  else if (!actionData && params.get("created")) notice = t("surveys.created");
  else if (!actionData && params.get("duplicated")) notice = t("housekeeping.duplicated");
  return (
    <>
      <h1>{t("surveys.edit.title", { title: pick(loaded.surveyTitle, locale) })}</h1>
      <SurveyTabs surveyId={loaded.surveyId} />
      {loaded.readOnly ? (
        <p className="notice" role="status">
          {t("surveys.readOnly")}
        </p>
      ) : null}
      <SurveyBuilder
        key={actionData?.rev ?? "loaded"}
        draft={draft}
        errors={actionData?.errors ?? {}}
        formError={actionData?.formError}
        notice={notice}
        readOnly={loaded.readOnly}
        answeredIds={loaded.answeredIds}
        focus={actionData?.focus}
      />
      {definitions.length ? (
        <section className="card" aria-labelledby="stored-definitions">
          <h2 id="stored-definitions">{t("surveys.storedDefinitions")}</h2>
          <dl className="definitions">
            {definitions.map(([kind, text]) => (
              <div key={kind}>
                <dt>{t(`surveys.type.${kind as keyof typeof metricDefinitions}`)}</dt>
                <dd>{pick(text, locale)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
    </>
  );
}
