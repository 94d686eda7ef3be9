import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/FormError";
import { saveInterviewAction } from "~/components/feedback/interview-action.server";
import { InterviewForm, type InterviewFormValues } from "~/components/feedback/InterviewForm";
import { accountsForInterview, getInterview } from "~/models/interview.server";
import type { FieldErrors } from "~/utils/forms";
import { translate, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { ANALYSTS } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? pageTitle(matches, "feedback.interviews.editTitle", { date: data.values.heldOn }) : [{ title: "Trustloop" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ANALYSTS);
  const locale = await getLocale(request);
  const interview = await getInterview(params.interviewId ?? "");
  if (!interview) throw new Response(translate(locale, "feedback.interview.error.notFound"), { status: 404 });
  const values: InterviewFormValues = {
    accountId: interview.account_id ?? "",
    heldOn: interview.held_on,
    interviewer: interview.interviewer,
    participants: interview.participants,
    language: interview.language === "other" ? "auto" : interview.language,
    body: interview.body,
  };
  return { id: interview.id, values, accounts: await accountsForInterview() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const result = await saveInterviewAction(request, user.id, params.interviewId ?? "");
  if (result.ok) return redirect(`/app/interviews/${result.id}?saved=1`);
  return data(result.body, { status: result.notFound ? 404 : 400 });
}

export default function EditInterview() {
  const { id, values, accounts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to={`/app/interviews/${id}`}>← {t("feedback.interview.back")}</Link>
      </p>
      <h1>{t("feedback.interviews.editTitle", { date: values.heldOn })}</h1>
      <p className="small muted">{t("feedback.interview.editHint")}</p>
      <FormError message={actionData?.formError} />
      <InterviewForm values={actionData?.values ?? values} errors={(actionData?.errors ?? {}) as FieldErrors} accounts={accounts} submitLabel="common.save" />
    </>
  );
}
