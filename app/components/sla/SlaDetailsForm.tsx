import { Form } from "@remix-run/react";
import type { FormValues } from "~/schemas/sla";
import { useT } from "~/utils/i18n";
import { ErrorText, TextField, errId, type ErrorTexts } from "./fields";

/** Name, service key and tiers of an SLA (the new-SLA page and the SLA page). */
export function SlaDetailsForm({
  values,
  errors,
  knownTiers,
  submitLabel,
  intent,
}: {
  values: FormValues;
  errors: ErrorTexts;
  knownTiers: string[];
  submitLabel: string;
  intent?: string;
}) {
  const t = useT();
  const chosen = new Set(([] as string[]).concat(values.tiers ?? []));
  const other = typeof values.tiersOther === "string" ? values.tiersOther : [...chosen].filter((x) => !knownTiers.includes(x)).join(", ");
  return (
    <Form method="post" noValidate className="sla-form" key={JSON.stringify(values)}>
      {Object.keys(errors).length > 0 && (
        <div className="form-error" role="alert">
          {t("common.fixErrors")}
        </div>
      )}
      <div className="sla-two">
        <TextField name="name.ko" label={t("sla.field.nameKo")} values={values} errors={errors} />
        <TextField name="name.en" label={t("sla.field.nameEn")} values={values} errors={errors} />
      </div>
      <TextField name="service" label={t("sla.field.service")} hint={t("sla.field.serviceHint")} values={values} errors={errors} />
      <fieldset aria-describedby={errors.tiers ? errId("tiers") : undefined}>
        <legend>{t("sla.field.tiers")}</legend>
        {knownTiers.map((tier) => (
          <label key={tier} className="check">
            <input type="checkbox" name="tiers" value={tier} defaultChecked={chosen.has(tier)} /> {tier}
          </label>
        ))}
        <TextField name="tiersOther" label={t("sla.field.tiersOther")} values={{ tiersOther: other }} errors={errors} />
        <ErrorText name="tiers" errors={errors} />
      </fieldset>
      <p>
        <button type="submit" name="_intent" value={intent ?? "save"}>
          {submitLabel}
        </button>
      </p>
    </Form>
  );
}
