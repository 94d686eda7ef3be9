import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FieldError } from "~/components/FieldError";
import { FormError } from "~/components/FormError";
import { createSeededTheme, ThemeError, unassignedItems } from "~/models/theme.server";
import { MIN_EXAMPLES, slaAreas, themeCreateSchema } from "~/schemas/theme";
import { ANALYSTS } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { fieldErrorsOf, formDataObject, readForm, type FieldErrors } from "~/utils/forms";
import { translate, useT, type MessageKey } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { titleMeta } from "~/utils/meta";
import { formatDateTime, useTimeZone } from "~/utils/dates";

export const meta = titleMeta("theme.newTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ANALYSTS);
  return { items: await unassignedItems() };
}

type ActionData = { errors: FieldErrors; formError: string; values: Record<string, string | string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const locale = await getLocale(request);
  const values = formDataObject(await readForm(request));
  const parsed = themeCreateSchema.safeParse(values);
  if (!parsed.success) return data<ActionData>({ errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors"), values }, { status: 400 });
  try {
    const id = await createSeededTheme(user.id, parsed.data);
    return redirect(`/app/themes/${id}`);
  } catch (e) {
    if (!(e instanceof ThemeError)) throw e;
    const key = `theme.error.${e.code}` as MessageKey;
    return data<ActionData>({ errors: { [e.field]: key }, formError: translate(locale, key), values }, { status: 400 });
  }
}

export default function NewTheme() {
  const { items } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const zone = useTimeZone();
  const errors = actionData?.errors ?? {};
  const v = actionData?.values ?? {};
  const str = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : "");
  const picked = ([] as string[]).concat(v.itemIds ?? []);
  return (
    <>
      <p>
        <Link to="/app/themes">← {t("theme.title")}</Link>
      </p>
      <h1>{t("theme.newTitle")}</h1>
      <p className="muted">{t("theme.new.intro", { n: MIN_EXAMPLES })}</p>
      <FormError message={actionData?.formError} />
      <Form method="post" noValidate className="stack">
        <label>
          {t("theme.field.name")}
          <input name="name" defaultValue={str("name")} required aria-invalid={errors.name ? true : undefined} aria-describedby="name-error" />
        </label>
        <FieldError id="name-error" message={errors.name} />
        <label>
          {t("theme.field.slaArea")}
          <select name="slaArea" defaultValue={str("slaArea")} aria-invalid={errors.slaArea ? true : undefined} aria-describedby="slaArea-error">
            <option value="">{t("common.none")}</option>
            {slaAreas.map((a) => (
              <option key={a} value={a}>
                {t(`theme.area.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <FieldError id="slaArea-error" message={errors.slaArea} />
        <label>
          {t("theme.field.examples")}
          <textarea name="examples" rows={6} defaultValue={str("examples")} aria-invalid={errors.examples ? true : undefined} aria-describedby="examples-hint examples-error" />
        </label>
        <p id="examples-hint" className="small muted">
          {t("theme.field.examplesHint", { n: MIN_EXAMPLES })}
        </p>
        <FieldError id="examples-error" message={errors.examples} />
        {items.length ? (
          <fieldset>
            <legend>{t("theme.field.pick")}</legend>
            <FieldError id="itemIds-error" message={errors.itemIds} />
            <ul className="plain">
              {items.map((it) => (
                <li key={it.id}>
                  <label>
                    <input type="checkbox" name="itemIds" value={it.id} defaultChecked={picked.includes(it.id)} /> <span className="quote">{it.text}</span>{" "}
                    <span className="muted small">
                      {t(`theme.source.${it.source}`)} · {formatDateTime(it.occurredAt, zone)}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ) : null}
        <p>
          <button type="submit">{t("theme.create")}</button>
        </p>
      </Form>
    </>
  );
}
