import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useNavigation } from "@remix-run/react";
import { FieldError } from "~/components/FieldError";
import { FormError } from "~/components/FormError";
import { OneTimeLink } from "~/components/OneTimeLink";
import { ZodForm } from "~/components/ZodForm";
import { mailConfigured } from "~/jobs/outbox.server";
import { PasswordFields } from "~/components/PasswordFields";
import { createUserWithPassword, inviteUser, UserAdminError } from "~/models/user.server";
import { addUserSchema, roles, type AddUserInput } from "~/schemas/users";
import { fieldErrorsOf, formDataObject, readForm, type FieldErrors } from "~/utils/forms";
import { translate, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { ADMINS } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { linkMail } from "~/utils/user-mail.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("times.users.addTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ADMINS);
  return { mail: mailConfigured() };
}

type ActionData = {
  errors: FieldErrors;
  formError?: string;
  values?: Record<string, string>;
  created?: { name: string; url: string; expiresAt: Date; mailed: boolean };
  createdWithPassword?: { name: string; email: string };
};

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, ADMINS);
  const locale = await getLocale(request);
  const raw = formDataObject(await readForm(request));
  // The typed passwords are never sent back into the page.
  const values = { name: String(raw.name ?? ""), email: String(raw.email ?? ""), role: String(raw.role ?? ""), method: String(raw.method ?? "invite") };
  const parsed = addUserSchema.safeParse({ ...values, password: raw.password, confirm: raw.confirm });
  if (!parsed.success) return data<ActionData>({ errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors"), values }, { status: 400 });
  const { name, email, role } = parsed.data;
  try {
    if (parsed.data.method === "password") {
      await createUserWithPassword(admin.id, { name, email, role, password: parsed.data.password ?? "" });
      return data<ActionData>({ errors: {}, createdWithPassword: { name, email: email.trim().toLowerCase() } });
    }
    const mail = mailConfigured() ? linkMail(locale, "invite", admin.name) : null;
    const link = await inviteUser(admin.id, { name, email, role }, { origin: new URL(request.url).origin, mail });
    return data<ActionData>({ errors: {}, created: { name, url: link.url, expiresAt: link.expiresAt, mailed: !!mail } });
  } catch (e) {
    if (e instanceof UserAdminError && e.code === "emailTaken") {
      return data<ActionData>({ errors: { email: "users.error.emailTaken" }, formError: translate(locale, "common.fixErrors"), values }, { status: 400 });
    }
    throw e;
  }
}

export default function AddUser() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors = (actionData?.errors ?? {}) as FieldErrors;
  const values = actionData?.values ?? { name: "", email: "", role: "analyst", method: "invite" };
  return (
    <>
      <p>
        <Link to="/app/users">← {t("users.title")}</Link>
      </p>
      <h1>{t("times.users.addTitle")}</h1>
      {actionData?.created ? <OneTimeLink {...actionData.created} /> : null}
      {actionData?.createdWithPassword ? (
        <p className="notice" role="status">
          {t("times.users.createdWithPassword", actionData.createdWithPassword)}
        </p>
      ) : null}
      <FormError message={actionData?.formError} />
      {/* A fresh form after each user added: nothing typed (a password) stays on the page. */}
      <ZodForm<AddUserInput>
        key={actionData?.created?.url ?? actionData?.createdWithPassword?.email ?? "new"}
        schema={addUserSchema}
        className="card"
        aria-label={t("times.users.addTitle")}
      >
        {(form) => {
          const err = (name: keyof AddUserInput) => (form.formState.errors[name]?.message as string | undefined) ?? errors[name];
          const field = (name: keyof AddUserInput) => ({
            id: `user-${name}`,
            "aria-invalid": err(name) ? true : undefined,
            "aria-describedby": err(name) ? `user-${name}-error` : undefined,
            ...form.register(name),
          });
          return (
            <>
              <div className="field">
                <label htmlFor="user-name">{t("users.col.name")}</label>
                <input type="text" autoComplete="off" {...field("name")} defaultValue={values.name} />
                <FieldError id="user-name-error" message={err("name")} />
              </div>
              <div className="field">
                <label htmlFor="user-email">{t("users.col.email")}</label>
                <input type="email" autoComplete="off" {...field("email")} defaultValue={values.email} />
                <FieldError id="user-email-error" message={err("email")} />
              </div>
              <div className="field">
                <label htmlFor="user-role">{t("users.col.role")}</label>
                <select {...field("role")} defaultValue={values.role}>
                  {roles.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
                <FieldError id="user-role-error" message={err("role")} />
              </div>
              <fieldset className="field">
                <legend>{t("times.users.method")}</legend>
                <label>
                  <input type="radio" value="invite" {...form.register("method")} defaultChecked={values.method !== "password"} /> {t("times.users.method.invite")}
                </label>
                <p className="small muted">{t("users.new.intro")}</p>
                <label>
                  <input type="radio" value="password" {...form.register("method")} defaultChecked={values.method === "password"} /> {t("times.users.method.password")}
                </label>
                <p className="small muted">{t("times.users.method.passwordHelp")}</p>
              </fieldset>
              <fieldset className="field">
                <legend>{t("times.users.initialPassword")}</legend>
                <PasswordFields form={form} errors={errors} />
              </fieldset>
              <button type="submit" disabled={navigation.state === "submitting"}>
                {t("times.users.submit")}
              </button>
            </>
          );
        }}
      </ZodForm>
    </>
  );
}
