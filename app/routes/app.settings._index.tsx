import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/Field";
import { FormError } from "~/components/FormError";
import { ZodForm } from "~/components/ZodForm";
import { ZoneOptions } from "~/components/ZoneOptions";
import { orgTimeZone, setOrgTimeZone } from "~/models/settings.server";
import { orgSettingsSchema } from "~/schemas/users";
import { timeZones } from "~/utils/dates";
import { fieldErrorsOf, formDataObject, readForm, type FieldErrors } from "~/utils/forms";
import { translate, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { ADMINS } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("users.settings.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ADMINS);
  return { orgTimeZone: await orgTimeZone(), zones: timeZones(), saved: new URL(request.url).searchParams.get("saved") === "1" };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, ADMINS);
  const locale = await getLocale(request);
  const parsed = orgSettingsSchema.safeParse(formDataObject(await readForm(request)));
  if (!parsed.success) return data({ errors: fieldErrorsOf(parsed.error) as FieldErrors, formError: translate(locale, "common.fixErrors") }, { status: 400 });
  await setOrgTimeZone(admin.id, parsed.data.orgTimeZone);
  return redirect("/app/settings?saved=1");
}

export default function SettingsPage() {
  const { orgTimeZone, zones, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  return (
    <>
      <h1>{t("users.settings.title")}</h1>
      {saved ? (
        <p className="notice" role="status">
          {t("common.saved")}
        </p>
      ) : null}
      <FormError message={actionData?.formError} />
      <ZodForm schema={orgSettingsSchema} className="card" aria-label={t("users.settings.title")}>
        {(form) => {
          const err = (form.formState.errors.orgTimeZone?.message as string | undefined) ?? actionData?.errors?.orgTimeZone;
          return (
            <>
              <Field id="org-zone" label={t("users.settings.orgZone")} hint={t("users.settings.orgZoneHint")} error={err}>
                {(control) => (
                  <select {...control} defaultValue={orgTimeZone} {...form.register("orgTimeZone")}>
                    <ZoneOptions zones={zones} />
                  </select>
                )}
              </Field>
              <button type="submit" disabled={navigation.state === "submitting"}>
                {t("common.save")}
              </button>
            </>
          );
        }}
      </ZodForm>
    </>
  );
}
