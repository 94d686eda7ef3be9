import type { ReactNode } from "react";
import { FieldError } from "~/components/FieldError";
import type { MessageKey } from "~/utils/i18n";

/** What a control inside a Field needs so a screen reader hears its hint and its error. */
export type ControlProps = { id: string; "aria-invalid"?: true; "aria-describedby"?: string };

/**
 * One labelled control with its hint and its error beside it: the block every form repeats.
 * `children` is the control, or a function given the id and aria attributes to spread on it.
 */
export function Field({ id, label, error, hint, children }: { id: string; label: ReactNode; error?: MessageKey | string | null; hint?: ReactNode; children: ReactNode | ((p: ControlProps) => ReactNode) }) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  const control: ControlProps = { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="small muted" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {typeof children === "function" ? children(control) : children}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
