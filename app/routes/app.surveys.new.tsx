import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { SurveyBuilder } from "~/components/surveys/SurveyBuilder";
import { createSurvey } from "~/models/survey.server";
import { builderStep, emptySurvey, isoDay, toSurveyInput, type SurveyDraft } from "~/schemas/survey";
import { requireUser } from "~/utils/auth.server";
import { formDataObject, type FieldErrors, readForm } from "~/utils/forms";
import { translate, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";

export const meta: MetaFunction = () => [{ title: "Trustloop" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Only those who may create a survey see the empty builder.
  await requireUser(request, ["analyst"]);
  return { draft: emptySurvey() };
}

type ActionData = { draft: SurveyDraft; errors: FieldErrors; formError?: string; focus?: string | null; rev: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, ["analyst"]);
  const locale = await getLocale(request);
  const rev = crypto.randomUUID();
  const step = builderStep(formDataObject(await readForm(request, { maxFields: 1500 })), { today: isoDay(new Date()) });
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
  return (
    <>
      <h1>{t("surveys.new.title")}</h1>
      <SurveyBuilder
        key={actionData?.rev ?? "new"}
        draft={actionData?.draft ?? emptySurvey()}
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
