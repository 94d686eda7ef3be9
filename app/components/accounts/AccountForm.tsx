import { useNavigation } from "@remix-run/react";
import { FieldError } from "~/components/FieldError";
import { ZodForm } from "~/components/ZodForm";
import { accountLocales, accountSchema, type AccountFormInput } from "~/schemas/account";
import type { FieldErrors } from "~/utils/forms";
import { useT, type MessageKey } from "~/utils/i18n";

export type AccountFormValues = {
  name: string;
  tier: string;
  region: string;
  plan: string;
  locale: string;
  monthlyFee: string;
  contractStart: string;
  renewalDate: string;
  contacts: { name: string; email: string; locale: string }[];
};

export const blankAccount: AccountFormValues = {
  name: "",
  tier: "",
  region: "",
  plan: "",
  locale: "ko",
  monthlyFee: "",
  contractStart: "",
  renewalDate: "",
  contacts: [],
};

/** Empty contact rows after the filled ones, so a contact can be added without JavaScript. */
const SPARE_CONTACT_ROWS = 2;

/** The account form for create and edit; the action is the authority, the browser checks first. */
export function AccountForm({
  values,
  errors,
  facets,
  submitLabel,
}: {
  values: AccountFormValues;
  errors: FieldErrors;
  facets: { tiers: string[]; regions: string[]; plans: string[] };
  submitLabel: MessageKey;
}) {
  const t = useT();
  const navigation = useNavigation();
  const contacts = [...values.contacts, ...Array.from({ length: SPARE_CONTACT_ROWS }, () => ({ name: "", email: "", locale: values.locale || "ko" }))];
  return (
    <ZodForm<AccountFormInput> schema={accountSchema} className="card account-form" aria-label={t(submitLabel)}>
      {(form) => {
        const err = (name: string): string | undefined => {
          const parts = name.split(".");
          let node: any = form.formState.errors;
          for (const p of parts) node = node?.[p];
          return (node?.message as string | undefined) ?? errors[name];
        };
        const field = (name: string) => ({
          id: `acc-${name.replace(/\./g, "-")}`,
          "aria-invalid": err(name) ? true : undefined,
          "aria-describedby": err(name) ? `acc-${name.replace(/\./g, "-")}-error` : undefined,
          ...form.register(name as any),
        });
        const error = (name: string) => <FieldError id={`acc-${name.replace(/\./g, "-")}-error`} message={err(name)} />;
        const text = (name: keyof AccountFormValues, label: MessageKey, list?: string[], type = "text") => (
          <div className="field">
            <label htmlFor={`acc-${name}`}>{t(label)}</label>
            <input type={type} {...field(name)} defaultValue={values[name] as string} list={list?.length ? `acc-${name}-list` : undefined} />
            {list?.length ? (
              <datalist id={`acc-${name}-list`}>
                {list.map((v) => (
                  <option key={v} value={v} />
                ))}
              </datalist>
            ) : null}
            {error(name)}
          </div>
        );
        return (
          <>
            {text("name", "accounts.field.name")}
            <div className="row">
              {text("tier", "accounts.field.tier", facets.tiers)}
              {text("region", "accounts.field.region", facets.regions)}
              {text("plan", "accounts.field.plan", facets.plans)}
            </div>
            <div className="row">
              <div className="field">
                <label htmlFor="acc-locale">{t("accounts.field.locale")}</label>
                <select {...field("locale")} defaultValue={values.locale}>
                  {accountLocales.map((l) => (
                    <option key={l} value={l}>
                      {t(l === "ko" ? "common.korean" : "common.english")}
                    </option>
                  ))}
                </select>
                {error("locale")}
              </div>
              <div className="field">
                <label htmlFor="acc-monthlyFee">{t("accounts.field.monthlyFee")}</label>
                <input type="text" inputMode="numeric" {...field("monthlyFee")} defaultValue={values.monthlyFee} />
                {error("monthlyFee")}
              </div>
            </div>
            <div className="row">
              {text("contractStart", "accounts.field.contractStart", undefined, "date")}
              {text("renewalDate", "accounts.field.renewalDate", undefined, "date")}
            </div>
            <fieldset className="contacts">
              <legend>{t("accounts.contacts")}</legend>
              <p className="small muted">{t("accounts.contacts.hint")}</p>
              {contacts.map((c, i) => (
                <div className="row contact-row" key={i} role="group" aria-label={t("accounts.contact.n", { n: i + 1 })}>
                  <div className="field">
                    <label htmlFor={`acc-contacts-${i}-name`}>{t("accounts.contact.name")}</label>
                    <input type="text" {...field(`contacts.${i}.name`)} defaultValue={c.name} autoComplete="off" />
                    {error(`contacts.${i}.name`)}
                  </div>
                  <div className="field">
                    <label htmlFor={`acc-contacts-${i}-email`}>{t("accounts.contact.email")}</label>
                    <input type="email" {...field(`contacts.${i}.email`)} defaultValue={c.email} autoComplete="off" />
                    {error(`contacts.${i}.email`)}
                  </div>
                  <div className="field">
                    <label htmlFor={`acc-contacts-${i}-locale`}>{t("accounts.contact.locale")}</label>
                    <select {...field(`contacts.${i}.locale`)} defaultValue={c.locale || "ko"}>
                      {accountLocales.map((l) => (
                        <option key={l} value={l}>
                          {t(l === "ko" ? "common.korean" : "common.english")}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
              ))}
            </fieldset>
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t(submitLabel)}
            </button>
          </>
        );
      }}
    </ZodForm>
  );
}

/** A stored account as the form's values. */
export function formValuesOf(a: {
  name: string;
  tier: string;
  region: string;
  plan: string;
  locale: string;
  monthly_fee: number;
  contract_start: string | null;
  renewal_date: string | null;
  contacts: { name: string; email: string; locale: string }[];
}): AccountFormValues {
  return {
    name: a.name,
    tier: a.tier,
    region: a.region,
    plan: a.plan,
    locale: a.locale,
    monthlyFee: String(a.monthly_fee),
    contractStart: a.contract_start ?? "",
    renewalDate: a.renewal_date ?? "",
    contacts: a.contacts.map((c) => ({ name: c.name, email: c.email, locale: c.locale })),
  };
}

/** What was posted, as the form shows it again (typed text intact, trailing empty contact rows dropped). */
export function postedAccount(values: AccountFormValues): AccountFormValues {
  const contacts = [...values.contacts];
  while (contacts.length && !contacts[contacts.length - 1].name.trim() && !contacts[contacts.length - 1].email.trim()) contacts.pop();
  return { ...values, contacts };
}
