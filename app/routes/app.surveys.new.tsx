import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SurveyBuilder } from "~/components/surveys/SurveyBuilder";
import { orgTimeZone } from "~/models/settings.server";
import { createSurvey } from "~/models/survey.server";
import { builderStep, emptySurvey, toSurveyInput, type SurveyDraft } from "~/schemas/survey";
import { requireRole } from "~/utils/permissions.server";
import { ANALYSTS } from "~/utils/permissions";
import { templateDraft, templateKinds, templateParamSchema } from "~/schemas/survey-templates";
import { formatLocalDay } from "~/utils/dates";
import { formDataObject, type FieldErrors, readForm } from "~/utils/forms";
import { translate, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("surveys.new.title");

export async function loader({ request }: LoaderFunctionArgs) {
  // Only those who may create a survey see the empty builder.
  await requireRole(request, ANALYSTS);
  const { template } = templateParamSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { draft: template ? templateDraft(template) : emptySurvey(), template: template ?? null };
}

type ActionData = { draft: SurveyDraft; errors: FieldErrors; formError?: string; focus?: string | null; rev: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const locale = await getLocale(request);
  const rev = crypto.randomUUID();
  // Close dates are days in the organisation's zone.
  const timeZone = await orgTimeZone();
  const step = builderStep(formDataObject(await readForm(request, { maxFields: 1500 })), { today: formatLocalDay(new Date(), timeZone), timeZone });
  if (step.kind === "draft") return data<ActionData>({ draft: step.draft, errors: {}, focus: step.focus, rev });
  if (step.kind === "invalid") {
    return data<ActionData>(
      { draft: step.draft, errors: step.errors as FieldErrors, formError: translate(locale, "common.fixErrors"), rev },
      { status: 400 },
    );
  }
  // A new survey has no stored questions: every question and choice is new.
  const input = toSurveyInput(step.survey);
  const id = await createSurvey(user.id, { ...input, questions: input.questions.map((q) => ({ ...q, id: undefined })) });
  throw redirect(`/app/surveys/${id}/edit?created=1`);
}

export default function NewSurvey() {
  const t = useT();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { draft, template } = useLoaderData<typeof loader>();
  const templateName = { nps: "housekeeping.template.nps", csat: "housekeeping.template.csat", ces: "housekeeping.template.ces" } as const;
  return (
    <>
      <h1>{t("surveys.new.title")}</h1>
      <nav className="card" aria-label={t("housekeeping.templates")}>
        <h2>{t("housekeeping.templates")}</h2>
        <ul className="row">
          <li>
            {template ? <Link to="/app/surveys/new" reloadDocument>{t("housekeeping.template.blank")}</Link> : <strong>{t("housekeeping.template.blank")}</strong>}
          </li>
          {templateKinds.map((k) => (
            <li key={k}>
              {template === k ? (
                <strong>{t(templateName[k])}</strong>
              ) : (
                <Link to={`/app/surveys/new?template=${k}`} reloadDocument>
                  {t(templateName[k])}
                </Link>
              )}
            </li>
          ))}
        </ul>
      </nav>
      {template && !actionData ? (
        <p className="notice" role="status">
          {t("housekeeping.template.using", { name: t(templateName[template]) })}
        </p>
      ) : null}
      <SurveyBuilder
        key={actionData?.rev ?? `new-${template ?? "blank"}`}
        draft={actionData?.draft ?? draft}
        errors={actionData?.errors ?? {}}
        formError={actionData?.formError}
        notice={actionData && !actionData.formError ? t("surveys.builder.unsaved") : null}
        readOnly={false}
        answeredIds={[]}
        focus={actionData?.focus}
      />
    </>
  );
}
