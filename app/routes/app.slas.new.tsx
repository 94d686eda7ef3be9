import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { SlaDetailsForm } from "~/components/sla/SlaDetailsForm";
import { createSla, listAccountTiers } from "~/models/sla.server";
import { errorTexts, slaFormRaw, slaSchema, type FormErrors } from "~/schemas/sla";
import { requireRole } from "~/utils/permissions.server";
import { ANALYSTS } from "~/utils/permissions";
import { formDataObject, readForm } from "~/utils/forms";
import { useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("sla.new.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ANALYSTS);
  return { tiers: await listAccountTiers() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const values = formDataObject(await readForm(request));
  const parsed = slaSchema.safeParse(slaFormRaw(values));
  if (!parsed.success) {
    const errors: FormErrors = {};
    for (const issue of parsed.error.issues) errors[issue.path.join(".") || "_form"] ??= { key: issue.message, params: (issue as any).params };
    return data({ errors: errorTexts(errors, await getLocale(request)), values }, { status: 400 });
  }
  const { slaId, versionId } = await createSla(user.id, parsed.data);
  return redirect(`/app/slas/${slaId}/versions/${versionId}?created=1`);
}

export default function NewSla() {
  const { tiers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("sla.new.title")}</h1>
      <SlaDetailsForm values={result?.values ?? {}} errors={result?.errors ?? {}} knownTiers={tiers} submitLabel={t("common.create")} />
    </>
  );
}
