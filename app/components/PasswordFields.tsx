import type { UseFormReturn } from "react-hook-form";
import { FieldError } from "~/components/FieldError";
import { PASSWORD_MIN_LENGTH } from "~/schemas/users";
import type { FieldErrors } from "~/utils/forms";
import { useT } from "~/utils/i18n";

/** New password + confirmation (set-password page, My settings), checked by setPasswordSchema. */
export function PasswordFields({ form, errors }: { form: UseFormReturn<any>; errors: FieldErrors }) {
  const t = useT();
  const err = (name: "password" | "confirm") => (form.formState.errors[name]?.message as string | undefined) ?? errors[name];
  const field = (name: "password" | "confirm") => ({
    id: `pw-${name}`,
    type: "password",
    autoComplete: "new-password",
    "aria-invalid": err(name) ? true : undefined,
    "aria-describedby": [`pw-hint`, err(name) ? `pw-${name}-error` : ""].filter(Boolean).join(" "),
    ...form.register(name),
  });
  return (
    <>
      <p className="small muted" id="pw-hint">
        {t("users.password.rule", { n: PASSWORD_MIN_LENGTH })}
      </p>
      <div className="field">
        <label htmlFor="pw-password">{t("users.password.new")}</label>
        <input {...field("password")} />
        <FieldError id="pw-password-error" message={err("password")} />
      </div>
      <div className="field">
        <label htmlFor="pw-confirm">{t("users.password.confirm")}</label>
        <input {...field("confirm")} />
        <FieldError id="pw-confirm-error" message={err("confirm")} />
      </div>
    </>
  );
}
