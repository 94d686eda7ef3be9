import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { FieldError } from "~/components/FieldError";
import { changeKinds, dutySides, NUMBER_ROWS, QUOTE_ROWS } from "~/schemas/proposal";
import { priorities, reviewCadences, timeKinds } from "~/schemas/sla";
import type { FieldErrors } from "~/utils/forms";
import { pick, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { slots as slotsText } from "~/utils/describe-change";
import { Field } from "~/components/Field";

type Values = Record<string, unknown>;
export type ProposalFormVersion = {
  version: number;
  objectives: { kind: string; priority: string | null; target: number; unit: string; mode: string | null }[];
  slots: { day: number; start: string; end: string }[];
  credits: { below: number; creditPercent: number }[];
  alternative: { ko?: string; en?: string };
  reviewCadence: string;
  duties: { provider: { ko?: string; en?: string }[]; customer: { ko?: string; en?: string }[] };
};

/** One labelled control with its error beside it; `children` is the control, given id and name. */
function ProposalField({ name, label, errors, children, hint }: { name: string; label: string; errors: FieldErrors; children: (a: { id: string; invalid?: true; describedBy?: string }) => ReactNode; hint?: string }) {
  return (
    <Field id={`f-${name.replace(/\./g, "-")}`} label={label} error={errors[name]} hint={hint}>
      {(p) => children({ id: p.id, invalid: p["aria-invalid"], describedBy: p["aria-describedby"] })}
    </Field>
  );
}

/**
 * The staff proposal form: choose what to change, then fill in that part's fields (every part is
 * on the page so the form works without JavaScript; the action reads only the chosen one), the
 * rationale and optional evidence. The current value of each part is shown from the version in force.
 */
export function ProposalForm({ version, values, errors }: { version: ProposalFormVersion; values: Values; errors: FieldErrors }) {
  const t = useT();
  const locale = useLocale();
  const v = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const input = (name: string, type = "text", extra: Record<string, unknown> = {}) => (a: { id: string; invalid?: true; describedBy?: string }) => (
    <input id={a.id} name={name} type={type} defaultValue={v(name)} aria-invalid={a.invalid} aria-describedby={a.describedBy} {...extra} />
  );
  const area = (name: string) => (a: { id: string; invalid?: true; describedBy?: string }) => (
    <textarea id={a.id} name={name} defaultValue={v(name)} aria-invalid={a.invalid} aria-describedby={a.describedBy} />
  );
  const select = (name: string, options: { value: string; label: string }[]) => (a: { id: string; invalid?: true; describedBy?: string }) => (
    <select id={a.id} name={name} defaultValue={v(name) || options[0]?.value} aria-invalid={a.invalid} aria-describedby={a.describedBy}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
  const timeObjectives = version.objectives
    .filter((o) => o.priority)
    .map((o) => `${o.priority!.toUpperCase()} ${t(`proposal.objective.${o.kind}` as MessageKey)}: ${o.unit === "hours" ? o.target * 60 : o.target} (${t(`proposal.mode.${o.mode ?? "business"}` as MessageKey)})`)
    .join("; ");
  const availability = version.objectives.find((o) => o.kind === "availability");
  const now = (value: string) => t("proposal.current", { value });
  const dutyOptions = dutySides.flatMap((side) =>
    version.duties[side].map((d, i) => ({ value: `${side}:${i}`, label: `${t(`proposal.side.${side}` as MessageKey)}: ${pick(d, locale)}` })),
  );
  return (
    <Form method="post" noValidate aria-label={t("proposal.newTitle")}>
      <input type="hidden" name="intent" value="create" />
      <ProposalField name="kind" label={t("proposal.field.kind")} errors={errors}>
        {select(
          "kind",
          changeKinds.map((k) => ({ value: k, label: t(`proposal.kind.${k}` as MessageKey) })),
        )}
      </ProposalField>

      <fieldset className="q">
        <legend>
          {t("proposal.kind.time_target")} / {t("proposal.kind.time_mode")}
        </legend>
        <p className="small muted">{now(timeObjectives)}</p>
        <ProposalField name="objective" label={t("proposal.field.objective")} errors={errors}>
          {select(
            "objective",
            timeKinds.map((k) => ({ value: k, label: t(`proposal.objective.${k}` as MessageKey) })),
          )}
        </ProposalField>
        <ProposalField name="priority" label={t("proposal.field.priority")} errors={errors}>
          {select(
            "priority",
            priorities.map((p) => ({ value: p, label: p.toUpperCase() })),
          )}
        </ProposalField>
        <ProposalField name="toMinutes" label={t("proposal.field.toMinutes")} errors={errors}>
          {input("toMinutes", "text", { inputMode: "numeric" })}
        </ProposalField>
        <ProposalField name="toMode" label={t("proposal.field.toMode")} errors={errors}>
          {select(
            "toMode",
            (["business", "calendar"] as const).map((m) => ({ value: m, label: t(`proposal.mode.${m}` as MessageKey) })),
          )}
        </ProposalField>
      </fieldset>

      <fieldset className="q">
        <legend>{t("proposal.kind.availability_target")}</legend>
        {availability ? <p className="small muted">{now(`${availability.target} %`)}</p> : null}
        <ProposalField name="toPercent" label={t("proposal.field.toPercent")} errors={errors}>
          {input("toPercent", "text", { inputMode: "decimal" })}
        </ProposalField>
      </fieldset>

      <fieldset className="q">
        <legend>{t("proposal.kind.service_hours")}</legend>
        <p className="small muted">{now(slotsText(locale, version.slots))}</p>
        <ProposalField name="slots" label={t("proposal.field.slots")} errors={errors}>
          {area("slots")}
        </ProposalField>
      </fieldset>

      <fieldset className="q">
        <legend>
          {t("proposal.kind.duty_add")} / {t("proposal.kind.alternative_service")}
        </legend>
        <ProposalField name="side" label={t("proposal.field.side")} errors={errors}>
          {select(
            "side",
            dutySides.map((s) => ({ value: s, label: t(`proposal.side.${s}` as MessageKey) })),
          )}
        </ProposalField>
        <p className="small muted">{now(pick(version.alternative, locale) || t("proposal.describe.none"))}</p>
        <ProposalField name="textKo" label={t("proposal.field.textKo")} errors={errors}>
          {input("textKo")}
        </ProposalField>
        <ProposalField name="textEn" label={t("proposal.field.textEn")} errors={errors}>
          {input("textEn")}
        </ProposalField>
      </fieldset>

      <fieldset className="q">
        <legend>{t("proposal.kind.duty_remove")}</legend>
        <ProposalField name="duty" label={t("proposal.field.duty")} errors={errors}>
          {select("duty", dutyOptions.length ? dutyOptions : [{ value: "", label: t("proposal.describe.none") }])}
        </ProposalField>
      </fieldset>

      <fieldset className="q">
        <legend>{t("proposal.kind.credits")}</legend>
        <p className="small muted">{now(version.credits.map((c) => `${c.below} ${c.creditPercent}`).join("; ") || t("proposal.describe.none"))}</p>
        <ProposalField name="credits" label={t("proposal.field.credits")} errors={errors}>
          {area("credits")}
        </ProposalField>
      </fieldset>

      <fieldset className="q">
        <legend>{t("proposal.kind.review_cadence")}</legend>
        <p className="small muted">{now(t(`proposal.cadence.${version.reviewCadence}` as MessageKey))}</p>
        <ProposalField name="cadence" label={t("proposal.field.cadence")} errors={errors}>
          {select(
            "cadence",
            reviewCadences.map((c) => ({ value: c, label: t(`proposal.cadence.${c}` as MessageKey) })),
          )}
        </ProposalField>
      </fieldset>

      <ProposalField name="rationale" label={t("proposal.field.rationale")} errors={errors}>
        {area("rationale")}
      </ProposalField>

      <fieldset className="q">
        <legend>{t("proposal.field.citations")}</legend>
        <p className="small muted">{t("proposal.citationsHelp")}</p>
        {Array.from({ length: NUMBER_ROWS }, (_, i) => (
          <div key={`n${i}`} className="citation-row">
            <ProposalField name={`num.${i}.label`} label={t("proposal.field.numLabel", { n: i + 1 })} errors={errors}>
              {input(`num.${i}.label`)}
            </ProposalField>
            <ProposalField name={`num.${i}.value`} label={t("proposal.field.numValue")} errors={errors}>
              {input(`num.${i}.value`, "text", { inputMode: "decimal" })}
            </ProposalField>
            <ProposalField name={`num.${i}.n`} label={t("proposal.field.numN")} errors={errors}>
              {input(`num.${i}.n`, "text", { inputMode: "numeric" })}
            </ProposalField>
            <ProposalField name={`num.${i}.low`} label={t("proposal.field.numLow")} errors={errors}>
              {input(`num.${i}.low`, "text", { inputMode: "decimal" })}
            </ProposalField>
            <ProposalField name={`num.${i}.high`} label={t("proposal.field.numHigh")} errors={errors}>
              {input(`num.${i}.high`, "text", { inputMode: "decimal" })}
            </ProposalField>
          </div>
        ))}
        {Array.from({ length: QUOTE_ROWS }, (_, i) => (
          <div key={`q${i}`} className="citation-row">
            <ProposalField name={`quote.${i}.text`} label={t("proposal.field.quoteText", { n: i + 1 })} errors={errors}>
              {area(`quote.${i}.text`)}
            </ProposalField>
            <ProposalField name={`quote.${i}.source`} label={t("proposal.field.quoteSource")} errors={errors}>
              {input(`quote.${i}.source`)}
            </ProposalField>
          </div>
        ))}
        <ProposalField name="cases" label={t("proposal.field.cases")} errors={errors}>
          {input("cases")}
        </ProposalField>
      </fieldset>
      <button type="submit">{t("proposal.save")}</button>
    </Form>
  );
}
