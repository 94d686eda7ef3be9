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

/**
 * The request's form with NUL characters removed from every text value: PostgreSQL refuses them
 * in text, and nobody types one on purpose. Use this instead of request.formData() in actions.
 */
export async function readForm(request: Request): Promise<FormData> {
  const form = await request.formData();
  const clean = new FormData();
  for (const [key, value] of form.entries()) {
    clean.append(key.replaceAll("\u0000", ""), typeof value === "string" ? value.replaceAll("\u0000", "") : value);
  }
  return clean;
}
