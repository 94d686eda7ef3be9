import type { z } from "zod";
import type { MessageKey } from "./i18n";

/** Field errors as message keys: the action and the browser translate them the same way. */
export type FieldErrors = Partial<Record<string, MessageKey>>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".") || "_form";
    out[path] ??= (issue.message as MessageKey) ?? "validation.invalid";
  }
  return out;
}

/** FormData as a plain object; repeated names (checkboxes) become arrays. */
export function formDataObject(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}
