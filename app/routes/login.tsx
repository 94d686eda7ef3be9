import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field } from "~/components/Field";
import { FormError } from "~/components/FormError";
import { LanguageSwitch } from "~/components/LanguageSwitch";
import { ZodForm } from "~/components/ZodForm";
import { createSession, signIn } from "~/models/user.server";
import { loginSchema, type LoginInput } from "~/schemas/login";
import { safeRedirect } from "~/utils/auth.server";
import { fieldErrorsOf, formDataObject, type FieldErrors, readForm } from "~/utils/forms";
import { translate, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { clientAddress } from "~/utils/request.server";
import { commitDeviceCookie, commitSessionCookie, getUser, readKnownDevice } from "~/utils/session.server";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("login.title");

// Document responses take their headers from here: pass Retry-After through on a 429.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get("Retry-After");
  return retry ? { "Retry-After": retry } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/app");
  return { demo: process.env.TRUSTLOOP_DEMO !== "0" };
}

type ActionData = { errors: FieldErrors; formError?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const locale = await getLocale(request);
  const parsed = loginSchema.safeParse(formDataObject(await readForm(request)));
  if (!parsed.success) return data<ActionData>({ errors: fieldErrorsOf(parsed.error) }, { status: 400 });
  const { email, password, redirectTo } = parsed.data;
  const result = await signIn({ email, password, address: clientAddress(context), device: await readKnownDevice(request) });
  switch (result.kind) {
    case "wait":
      return data<ActionData>(
        { errors: {}, formError: translate(locale, "login.wait", { seconds: result.seconds }) },
        { status: 429, headers: { "Retry-After": String(result.seconds) } },
      );
    case "locked":
      return data<ActionData>({ errors: {}, formError: translate(locale, "login.locked") }, { status: 423 });
    case "demoRefused":
      return data<ActionData>({ errors: {}, formError: translate(locale, "login.demoRefused") }, { status: 403 });
    case "deactivated":
      return data<ActionData>({ errors: {}, formError: translate(locale, "users.signIn.deactivated") }, { status: 403 });
    case "failed":
      return data<ActionData>({ errors: {}, formError: translate(locale, "login.failed") }, { status: 400 });
  }
  const sessionId = await createSession(result.user.id);
  const headers = new Headers([
    ["Set-Cookie", await commitSessionCookie(sessionId)],
    ["Set-Cookie", await commitDeviceCookie(result.device)],
  ]);
  return redirect(safeRedirect(redirectTo), { headers });
}

export default function Login() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const errors = (actionData?.errors ?? {}) as FieldErrors;
  return (
    <main className="narrow" id="main">
      <LanguageSwitch />
      <h1>{t("login.title")}</h1>
      <p className="muted">{t("login.staffOnly")}</p>
      {params.get("signedOut") ? <p className="notice" role="status">{t("login.signedOut")}</p> : null}
      {params.get("passwordSet") ? <p className="notice" role="status">{t("users.setPassword.done")}</p> : null}
      <FormError message={actionData?.formError} />
      <ZodForm<LoginInput> schema={loginSchema} className="card" aria-label={t("login.title")}>
        {(form) => {
          const emailError = form.formState.errors.email?.message ?? errors.email;
          const passwordError = form.formState.errors.password?.message ?? errors.password;
          return (
            <>
              <input type="hidden" {...form.register("redirectTo")} value={params.get("redirectTo") ?? "/app"} />
              <Field id="email" label={t("login.email")} error={emailError}>
                {({ id, ...ariaProps }) => <input id={id} type="email" autoComplete="username" {...ariaProps} {...form.register("email")} />}
              </Field>
              <Field id="password" label={t("login.password")} error={passwordError}>
                {({ id, ...ariaProps }) => <input id={id} type="password" autoComplete="current-password" {...ariaProps} {...form.register("password")} />}
              </Field>
              <button type="submit" disabled={navigation.state === "submitting"}>
                {t("login.submit")}
              </button>
            </>
          );
        }}
      </ZodForm>
    </main>
  );
}
