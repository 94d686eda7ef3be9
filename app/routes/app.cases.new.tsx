import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/Field";
import { FormError } from "~/components/FormError";
import { ZodForm } from "~/components/ZodForm";
import { CaseError, casePrefill, listAccountsForCases, listOwners, openCase } from "~/models/case.server";
import { caseNewSchema, casePriorities, type CaseNewInput } from "~/schemas/case";
import { requireRole } from "~/utils/permissions.server";
import { CASE_WORKERS } from "~/utils/permissions";
import { caseNewQuery } from "~/schemas/query";
import { fieldErrorsOf, formDataObject, type FieldErrors, readForm, readSearchParams } from "~/utils/forms";
import { translate, useT, type MessageKey } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { OwnerOptions } from "~/components/cases/OwnerOptions";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("cases.newTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, CASE_WORKERS);
  const query = await readSearchParams(request, caseNewQuery);
  const responseId = query.response ?? null;
  const feedbackItemId = query.feedbackItem ?? null;
  const prefill = responseId || feedbackItemId ? await casePrefill({ responseId, feedbackItemId }) : null;
  const [accounts, owners] = await Promise.all([listAccountsForCases(), listOwners()]);
  return { accounts, owners, prefill, sourceMissing: !!(responseId || feedbackItemId) && !prefill, userId: user.id };
}

type ActionData = { errors: FieldErrors; formError?: string; values?: Record<string, unknown> };

const errorField: Partial<Record<CaseError["code"], string>> = {
  accountNotFound: "accountId",
  ownerNotFound: "ownerId",
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, CASE_WORKERS);
  const locale = await getLocale(request);
  const values = formDataObject(await readForm(request));
  const parsed = caseNewSchema.safeParse(values);
  if (!parsed.success) {
    return data<ActionData>({ errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors"), values }, { status: 400 });
  }
  try {
    const { id } = await openCase(user.id, parsed.data);
    return redirect(`/app/cases/${id}`);
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    const key = `cases.error.${e.code}` as MessageKey;
    const field = errorField[e.code];
    return data<ActionData>(
      field ? { errors: { [field]: key }, formError: translate(locale, "common.fixErrors"), values } : { errors: {}, formError: translate(locale, key), values },
      { status: 400 },
    );
  }
}

export default function NewCase() {
  const { accounts, owners, prefill, sourceMissing, userId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors = (actionData?.errors ?? {}) as FieldErrors;
  const v = (actionData?.values ?? {}) as unknown as Record<string, string>;
  const scale = prefill?.scoreType ? prefill.scoreType.toUpperCase() : "";
  return (
    <>
      <p>
        <Link to="/app/cases">← {t("cases.title")}</Link>
      </p>
      <h1>{t("cases.newTitle")}</h1>
      {sourceMissing ? (
        <p className="form-error" role="alert">
          {t("cases.sourceNotFound")}
        </p>
      ) : null}
      {prefill ? (
        <section className="card" aria-label={t(prefill.source === "response" ? "cases.fromResponse" : "cases.fromFeedback")}>
          <h2>{t(prefill.source === "response" ? "cases.fromResponse" : "cases.fromFeedback")}</h2>
          {prefill.score !== null ? <p>{t("cases.sourceScore", { scale, score: prefill.score })}</p> : null}
          {prefill.texts.map((text, i) => (
            <blockquote key={i} className="quote">
              {text}
            </blockquote>
          ))}
          {prefill.source === "response" && !prefill.detractor ? <p className="form-error">{t("cases.error.notDetractor")}</p> : null}
          {prefill.existingCaseId ? (
            <p className="notice">
              {t("cases.alreadyOpen")} <Link to={`/app/cases/${prefill.existingCaseId}`}>{t("cases.col.case")}</Link>
            </p>
          ) : null}
        </section>
      ) : null}
      <FormError message={actionData?.formError} />
      <ZodForm<CaseNewInput> schema={caseNewSchema} className="card" aria-label={t("cases.newTitle")}>
        {(form) => {
          const err = (name: keyof CaseNewInput) => (form.formState.errors[name]?.message as string | undefined) ?? errors[name];
          return (
            <>
              <input type="hidden" {...form.register("source")} value={prefill?.source ?? "manual"} />
              {prefill?.source === "response" ? <input type="hidden" {...form.register("responseId")} value={prefill.id} /> : null}
              {prefill?.source === "feedback_item" ? <input type="hidden" {...form.register("feedbackItemId")} value={prefill.id} /> : null}
              <Field id="case-accountId" label={t("cases.field.account")} error={err("accountId")}>
                {(ctl) => (
                  <select {...ctl} {...form.register("accountId")} defaultValue={v.accountId ?? prefill?.accountId ?? ""}>
                    <option value="">{t("cases.field.choose")}</option>
                    {accounts.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.name} ({a.tier})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <div className="row">
                <Field id="case-priority" label={t("cases.field.priority")} error={err("priority")}>
                  {(ctl) => (
                    <select {...ctl} {...form.register("priority")} defaultValue={v.priority ?? "p3"}>
                      {casePriorities.map((p) => (
                        <option key={p} value={p}>
                          {t(`cases.priority.${p}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field id="case-ownerId" label={t("cases.field.owner")} error={err("ownerId")}>
                  {(ctl) => (
                    <select {...ctl} {...form.register("ownerId")} defaultValue={v.ownerId ?? userId}>
                      <OwnerOptions owners={owners} />
                    </select>
                  )}
                </Field>
              </div>
              <Field id="case-title" label={t("cases.field.title")} error={err("title")}>
                {(ctl) => (
                  <input type="text" {...ctl} {...form.register("title")} defaultValue={v.title ?? (prefill?.texts[0] ? prefill.texts[0].slice(0, 80) : "")} />
                )}
              </Field>
              <Field id="case-description" label={t("cases.field.description")} error={err("description")}>
                {(ctl) => (
                  <textarea {...ctl} {...form.register("description")} defaultValue={v.description ?? prefill?.texts.join("\n\n") ?? ""} />
                )}
              </Field>
              <p className="small muted">{t("cases.stampNote")}</p>
              <button type="submit" disabled={navigation.state === "submitting"}>
                {t("cases.open")}
              </button>
            </>
          );
        }}
      </ZodForm>
    </>
  );
}
