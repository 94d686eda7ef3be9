import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/FormError";
import { AccountForm, formValuesOf, postedAccount } from "~/components/accounts/AccountForm";
import { saveAccountAction } from "~/components/accounts/action.server";
import { accountFacets, getAccount } from "~/models/account.server";
import { ANALYSTS } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import type { FieldErrors } from "~/utils/forms";
import { useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => data ? pageTitle(matches, "accounts.editTitle", { name: data.account.name }) : [{ title: "Trustloop" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ANALYSTS);
  const account = await getAccount(params.accountId ?? "");
  if (!account) throw new Response("Not found", { status: 404 });
  return { account, facets: await accountFacets() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const result = await saveAccountAction(request, user.id, params.accountId ?? "");
  if (result.ok) return redirect(`/app/accounts/${result.id}?saved=1`);
  return data(result.body, { status: result.notFound ? 404 : 400 });
}

export default function EditAccount() {
  const { account, facets } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const values = actionData?.values ? postedAccount(actionData.values) : formValuesOf(account);
  return (
    <>
      <p>
        <Link to={`/app/accounts/${account.id}`}>← {account.name}</Link>
      </p>
      <h1>{t("accounts.editTitle", { name: account.name })}</h1>
      <FormError message={actionData?.formError} />
      <AccountForm values={values} errors={(actionData?.errors ?? {}) as FieldErrors} facets={facets} submitLabel="common.save" />
    </>
  );
}
