import { useT } from "~/utils/i18n";

export type Choice = { value: string; label: string };

/**
 * One select of a list page's GET filter form: label, "All" first, the current value chosen.
 * A value the options do not hold (typed into the address) still shows as chosen.
 */
export function FilterSelect({ id, name, label, value, options, all = true }: { id: string; name: string; label: string; value: string | null | undefined; options: readonly (string | Choice)[]; all?: boolean }) {
  const t = useT();
  const choices = options.map((o) => (typeof o === "string" ? { value: o, label: o } : o));
  if (value && !choices.some((c) => c.value === value)) choices.push({ value, label: value });
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""}>
        {all ? <option value="">{t("common.all")}</option> : null}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}
