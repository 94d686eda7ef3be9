import type { ReactNode } from "react";
import type { FormValues } from "~/schemas/sla";

/** Errors already in the reader's language, keyed by field name. */
export type ErrorTexts = Record<string, string>;

export const errId = (name: string) => `${name.replace(/\./g, "-")}-error`;
export const inputId = (name: string) => `f-${name.replace(/\./g, "-")}`;

export function ErrorText({ name, errors }: { name: string; errors: ErrorTexts }) {
  const message = errors[name];
  if (!message) return null;
  return (
    <p className="field-error" id={errId(name)} role="alert">
      {message}
    </p>
  );
}

/** aria props for an input whose error (if any) is shown by <ErrorText name>. */
export function aria(name: string, errors: ErrorTexts, alsoDescribedBy?: string) {
  const ids = [errors[name] ? errId(name) : null, alsoDescribedBy].filter(Boolean).join(" ");
  return { "aria-invalid": errors[name] ? true : undefined, "aria-describedby": ids || undefined };
}

/** An input in a row whose row-level error (e.g. an overlap) concerns it too. */
export function rowAria(name: string, row: string, errors: ErrorTexts) {
  const ids = [errors[name] ? errId(name) : null, errors[row] ? errId(row) : null].filter(Boolean).join(" ");
  return { "aria-invalid": errors[name] || errors[row] ? true : undefined, "aria-describedby": ids || undefined };
}

export const val = (values: FormValues, name: string) => {
  const v = values[name];
  return Array.isArray(v) ? v[0] ?? "" : v ?? "";
};

type FieldProps = { name: string; label: string; values: FormValues; errors: ErrorTexts; hint?: string; children?: ReactNode };

/** Label, hint, the control and its error; `control` gets the control's id and its aria props (error and hint). */
function LabelledField({ name, label, errors, hint, control }: Omit<FieldProps, "values"> & { control: (id: string, ariaProps: ReturnType<typeof aria>) => ReactNode }) {
  const hintId = hint ? `${inputId(name)}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={inputId(name)}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {control(inputId(name), aria(name, errors, hintId))}
      <ErrorText name={name} errors={errors} />
    </div>
  );
}

export function TextField({ name, label, values, errors, hint, type = "text", ...rest }: FieldProps & { type?: string; inputMode?: "numeric" | "decimal"; size?: number; list?: string }) {
  return <LabelledField name={name} label={label} errors={errors} hint={hint} control={(id, ariaProps) => <input id={id} name={name} type={type} defaultValue={val(values, name)} {...ariaProps} {...rest} />} />;
}

export function TextArea({ name, label, values, errors, hint, rows = 3 }: FieldProps & { rows?: number }) {
  return <LabelledField name={name} label={label} errors={errors} hint={hint} control={(id, ariaProps) => <textarea id={id} name={name} rows={rows} defaultValue={val(values, name)} {...ariaProps} />} />;
}
