import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/FormError";
import { AccountForm, blankAccount, postedAccount, type AccountFormValues } from "~/components/accounts/AccountForm";
import { saveAccountAction } from "~/components/accounts/action.server";
import { accountFacets } from "~/models/account.server";
import { ANALYSTS } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import type { FieldErrors } from "~/utils/forms";
import { useT } from "~/utils/i18n";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("accounts.newTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ANALYSTS);
  return { facets: await accountFacets() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const result = await saveAccountAction(request, user.id, null);
  if (result.ok) return redirect(`/app/accounts/${result.id}?saved=1`);
  return data(result.body, { status: 400 });
}

export default function NewAccount() {
  const { facets } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const values: AccountFormValues = actionData?.values ? postedAccount(actionData.values) : blankAccount;
  return (
    <>
      <p>
        <Link to="/app/accounts">← {t("accounts.title")}</Link>
      </p>
      <h1>{t("accounts.newTitle")}</h1>
      <FormError message={actionData?.formError} />
      <AccountForm values={values} errors={(actionData?.errors ?? {}) as FieldErrors} facets={facets} submitLabel="accounts.create" />
    </>
  );
}
