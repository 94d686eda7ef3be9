import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/FormError";
import { LanguageSwitch } from "~/components/LanguageSwitch";
import { PasswordFields } from "~/components/PasswordFields";
import { ZodForm } from "~/components/ZodForm";
import { findOneTimeLink, redeemOneTimeLink } from "~/models/user.server";
import { setPasswordSchema, type SetPasswordInput } from "~/schemas/users";
import { fieldErrorsOf, formDataObject, readForm, type FieldErrors } from "~/utils/forms";
import { translate, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "users.setPassword.title"), { name: "robots", content: "noindex" }];

// Public: whoever holds the one-time link (an invite or a reset an admin made) sets a password.
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await findOneTimeLink(params.token ?? "");
  // Used, expired or never issued: one answer for all three, so it tells a guesser nothing.
  if (!link) return data({ link: null }, { status: 410 });
  return { link };
}

type ActionData = { errors: FieldErrors; formError?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = await getLocale(request);
  const parsed = setPasswordSchema.safeParse(formDataObject(await readForm(request)));
  if (!parsed.success) return data<ActionData>({ errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors") }, { status: 400 });
  const used = await redeemOneTimeLink(params.token ?? "", parsed.data.password);
  if (!used) return data<ActionData>({ errors: {}, formError: translate(locale, "users.link.gone") }, { status: 410 });
  return redirect("/login?passwordSet=1");
}

export default function SetPassword() {
  const { link } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  return (
    <main className="narrow" id="main">
      <LanguageSwitch />
      <h1>{t("users.setPassword.title")}</h1>
      {!link ? (
        <>
          <p className="form-error" role="alert">
            {t("users.link.gone")}
          </p>
          <p>
            <Link to="/login">{t("users.setPassword.toLogin")}</Link>
          </p>
        </>
      ) : (
        <>
          <p>{t(link.purpose === "invite" ? "users.setPassword.welcome" : "users.setPassword.reset", { name: link.name, email: link.email })}</p>
          <FormError message={actionData?.formError} />
          <ZodForm<SetPasswordInput> schema={setPasswordSchema} className="card" aria-label={t("users.setPassword.title")}>
            {(form) => (
              <>
                <input type="text" name="username" autoComplete="username" value={link.email} readOnly hidden />
                <PasswordFields form={form} errors={(actionData?.errors ?? {}) as FieldErrors} />
                <button type="submit" disabled={navigation.state === "submitting"}>
                  {t("users.setPassword.submit")}
                </button>
              </>
            )}
          </ZodForm>
        </>
      )}
    </main>
  );
}
