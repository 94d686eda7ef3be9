import { useT, type MessageKey } from "~/utils/i18n";

/** The message beside a field; give the input aria-describedby={id} and aria-invalid. */
export function FieldError({ id, message }: { id: string; message?: MessageKey | string | null }) {
  const t = useT();
  if (!message) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {message.includes(".") ? t(message as MessageKey) : message}
    </p>
  );
}
