import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/FormError";
import { saveInterviewAction } from "~/components/feedback/interview-action.server";
import { blankInterview, InterviewForm } from "~/components/feedback/InterviewForm";
import { accountsForInterview } from "~/models/interview.server";
import type { FieldErrors } from "~/utils/forms";
import { useT } from "~/utils/i18n";
import { titleMeta } from "~/utils/meta";
import { ANALYSTS } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";

export const meta = titleMeta("feedback.interviews.newTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  return {
    accounts: await accountsForInterview(),
    defaults: blankInterview(new Date().toISOString().slice(0, 10), user.name),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const result = await saveInterviewAction(request, user.id, null);
  if (result.ok) return redirect(`/app/interviews/${result.id}?saved=1`);
  return data(result.body, { status: 400 });
}

export default function NewInterview() {
  const { accounts, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to="/app/interviews">← {t("feedback.interviews.title")}</Link>
      </p>
      <h1>{t("feedback.interviews.newTitle")}</h1>
      <FormError message={actionData?.formError} />
      <InterviewForm values={actionData?.values ?? defaults} errors={(actionData?.errors ?? {}) as FieldErrors} accounts={accounts} submitLabel="feedback.interviews.create" />
    </>
  );
}
