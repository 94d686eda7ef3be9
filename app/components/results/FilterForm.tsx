import { Form } from "@remix-run/react";
import { Field } from "~/components/Field";
import { FieldError } from "~/components/FieldError";
import type { FilterErrors, FilterOptions, FilterValues } from "~/models/results.server";
import { pick, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { useOrgTimeZone } from "~/utils/dates";

type Props = {
  values: FilterValues;
  errors: FilterErrors;
  /** Without options only the period is offered (the survey results page). */
  options?: FilterOptions;
  action?: string;
  /** Extra fields kept as they are (for example the survey on the results page). */
  keep?: Record<string, string>;
};

function FilterField({ name, label, errors, children }: { name: string; label: MessageKey; errors: FilterErrors; children: (p: Record<string, unknown>) => React.ReactNode }) {
  const t = useT();
  const zone = useOrgTimeZone();
  return (
    <Field id={`f-${name}`} label={t(label, { zone })} error={errors[name]}>
      {(p) => children({ ...p, name })}
    </Field>
  );
}

const periodFields = ["from", "to"];
const fullFields = ["survey", "from", "to", "tier", "region", "plan", "account", "ticket", "status"];

/** A plain GET form: works without JavaScript and the address can be shared. */
export function FilterForm({ values, errors, options, action, keep }: Props) {
  const t = useT();
  const locale = useLocale();
  const select = (name: "tier" | "region" | "plan", label: MessageKey) => (
    <FilterField name={name} label={label} errors={errors}>
      {(p) => (
        <select {...p} defaultValue={values[name] ?? ""}>
          <option value="">{t("results.filter.any")}</option>
          {/* A value typed into the address that the data does not hold still shows as chosen. */}
          {[...new Set([...(options?.[name] ?? []), ...(values[name] ? [values[name]] : [])])].map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      )}
    </FilterField>
  );
  return (
    <Form method="get" action={action} className="card filters no-print" aria-label={t("results.filter.title")}>
      {keep ? Object.entries(keep).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />) : null}
      <div className="filter-grid">
        {options ? (
          <FilterField name="survey" label="results.filter.survey" errors={errors}>
            {(p) => (
              <select {...p} defaultValue={values.survey ?? ""}>
                <option value="">{t("results.filter.any")}</option>
                {options.surveys.map((s) => (
                  <option key={s.id} value={s.id}>
                    {pick(s.title, locale)}
                  </option>
                ))}
              </select>
            )}
          </FilterField>
        ) : null}
        <FilterField name="from" label="results.filter.from" errors={errors}>
          {(p) => <input {...p} type="date" defaultValue={values.from ?? ""} />}
        </FilterField>
        <FilterField name="to" label="results.filter.to" errors={errors}>
          {(p) => <input {...p} type="date" defaultValue={values.to ?? ""} />}
        </FilterField>
        {options ? (
          <>
            {select("tier", "results.dimension.tier")}
            {select("region", "results.dimension.region")}
            {select("plan", "results.dimension.plan")}
            <FilterField name="account" label="results.dimension.account" errors={errors}>
              {(p) => (
                <select {...p} defaultValue={values.account ?? ""}>
                  <option value="">{t("results.filter.any")}</option>
                  {options.account.map((a) => (
                    <option key={a.value} value={a.value}>
                      {a.name ?? a.value}
                    </option>
                  ))}
                  {values.account && !options.account.some((a) => a.value === values.account) ? (
                    <option value={values.account}>{values.account}</option>
                  ) : null}
                </select>
              )}
            </FilterField>
            <FilterField name="ticket" label="results.dimension.ticket" errors={errors}>
              {(p) => <input {...p} type="text" defaultValue={values.ticket ?? ""} placeholder={t("results.filter.ticketHint")} />}
            </FilterField>
            <FilterField name="status" label="results.filter.status" errors={errors}>
              {(p) => (
                <select {...p} defaultValue={["all", "finished", "unfinished"].includes(values.status ?? "") ? values.status : "all"}>
                  {(["all", "finished", "unfinished"] as const).map((s) => (
                    <option key={s} value={s}>
                      {t(`results.filter.status.${s}`)}
                    </option>
                  ))}
                </select>
              )}
            </FilterField>
          </>
        ) : null}
      </div>
      {Object.entries(errors)
        .filter(([name]) => !(options ? fullFields : periodFields).includes(name))
        .map(([name, message]) => (
          <FieldError key={name} id={`f-${name}-error`} message={message} />
        ))}
      <div className="row">
        <button type="submit">{t("common.filter")}</button>
        <a href={action ?? "?"} className="button secondary">
          {t("results.page.reset")}
        </a>
      </div>
    </Form>
  );
}
