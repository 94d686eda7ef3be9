import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/Field";
import { FormError } from "~/components/FormError";
import { PasswordFields } from "~/components/PasswordFields";
import { ZodForm } from "~/components/ZodForm";
import { ZoneOptions } from "~/components/ZoneOptions";
import { orgTimeZone } from "~/models/settings.server";
import { changeMyPassword, getMySettings, updateMySettings } from "~/models/user.server";
import { mySettingsSchema, passwordChangeSchema, type MySettingsInput, type PasswordChangeInput } from "~/schemas/users";
import { formatDateTime, timeZones, useTimeZone } from "~/utils/dates";
import { fieldErrorsOf, formDataObject, readForm, type FieldErrors } from "~/utils/forms";
import { translate, useT } from "~/utils/i18n";
import { getLocale, localeCookie } from "~/utils/locale.server";
import { STAFF } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { sessionId } from "~/utils/session.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("users.me.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const done = new URL(request.url).searchParams.get("done");
  return {
    settings: await getMySettings(user.id),
    locale: await getLocale(request),
    orgTimeZone: await orgTimeZone(),
    zones: timeZones(),
    now: new Date(),
    done: done === "settings" || done === "password" ? done : null,
    mustChange: !!user.must_change_password,
  };
}

type ActionData = { intent: string; errors: FieldErrors; formError?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const locale = await getLocale(request);
  const form = formDataObject(await readForm(request));
  if (form.intent === "password") {
    const parsed = passwordChangeSchema.safeParse(form);
    if (!parsed.success) return data<ActionData>({ intent: "password", errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors") }, { status: 400 });
    const ok = await changeMyPassword(user.id, await sessionId(request), parsed.data.current, parsed.data.password);
    if (!ok) return data<ActionData>({ intent: "password", errors: { current: "users.password.wrongCurrent" }, formError: translate(locale, "common.fixErrors") }, { status: 400 });
    return redirect("/app/account?done=password");
  }
  const parsed = mySettingsSchema.safeParse(form);
  if (!parsed.success) return data<ActionData>({ intent: "settings", errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors") }, { status: 400 });
  await updateMySettings(user.id, { locale: parsed.data.locale, timeZone: parsed.data.timeZone || null });
  // The language is the lang cookie everywhere else (sign-in, customer pages): set it too.
  return redirect("/app/account?done=settings", { headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) } });
}

export default function MySettings() {
  const { settings, locale, orgTimeZone, zones, now, done, mustChange } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const zone = useTimeZone();
  const errorsFor = (intent: string) => (actionData?.intent === intent ? ((actionData.errors ?? {}) as FieldErrors) : {});
  const settingsErrors = errorsFor("settings");
  return (
    <>
      <h1>{t("users.me.title")}</h1>
      {mustChange ? (
        <p className="form-error" role="alert" data-must-change>
          {t("times.account.mustChange")}
        </p>
      ) : null}
      {done ? (
        <p className="notice" role="status">
          {t(done === "password" ? "users.me.passwordSaved" : "users.me.saved")}
        </p>
      ) : null}
      <FormError message={actionData?.formError} />
      <section className="card" aria-labelledby="me-settings-h">
        <h2 id="me-settings-h">{t("users.me.display")}</h2>
        <p className="muted" data-now>
          {t("users.me.now", { now: formatDateTime(now, zone) })}
        </p>
        <ZodForm<MySettingsInput> schema={mySettingsSchema} aria-label={t("users.me.display")}>
          {(form) => {
            const err = (name: "locale" | "timeZone") => (form.formState.errors[name]?.message as string | undefined) ?? settingsErrors[name];
            return (
              <>
                <input type="hidden" {...form.register("intent")} value="settings" />
                <Field id="me-locale" label={t("users.me.language")} error={err("locale")}>
                  {(control) => (
                    <select {...control} {...form.register("locale")} defaultValue={locale}>
                      <option value="ko">{t("common.korean")}</option>
                      <option value="en">{t("common.english")}</option>
                    </select>
                  )}
                </Field>
                <Field id="me-timeZone" label={t("users.me.timeZone")} error={err("timeZone")}>
                  {(control) => (
                    <select {...control} {...form.register("timeZone")} defaultValue={settings.timeZone ?? ""}>
                      <option value="">{t("users.me.orgZone", { zone: orgTimeZone })}</option>
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
      </section>
      <section className="card" aria-labelledby="me-password-h">
        <h2 id="me-password-h">{t("users.me.password")}</h2>
        <ZodForm<PasswordChangeInput> schema={passwordChangeSchema} aria-label={t("users.me.password")}>
          {(form) => {
            const errors = errorsFor("password");
            const currentError = (form.formState.errors.current?.message as string | undefined) ?? errors.current;
            return (
              <>
                <input type="hidden" {...form.register("intent")} value="password" />
                <Field id="me-current" label={t("users.password.current")} error={currentError}>
                  {({ id, ...ariaProps }) => <input id={id} type="password" autoComplete="current-password" {...ariaProps} {...form.register("current")} />}
                </Field>
                <PasswordFields form={form} errors={errors} />
                <button type="submit" disabled={navigation.state === "submitting"}>
                  {t("users.me.changePassword")}
                </button>
              </>
            );
          }}
        </ZodForm>
      </section>
    </>
  );
}
