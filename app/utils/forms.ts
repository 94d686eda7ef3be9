import type { z } from "zod";
import { messages, type MessageKey } from "./i18n";

/** Field errors as message keys: the action and the browser translate them the same way. */
export type FieldErrors = Partial<Record<string, MessageKey>>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".") || "_form";
    // zod's own messages (a list where one value was expected, ...) are not ours to show.
    out[path] ??= issue.message && Object.hasOwn(messages, issue.message) ? (issue.message as MessageKey) : "validation.invalid";
  }
  return out;
}

/**
 * A 400 whose body is a message key: the root error boundary shows it in the reader's language.
 * Thrown from a loader or an action for a request no page of ours would send.
 */
export function badRequest(key: MessageKey): Response {
  return new Response(key, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** FormData as a plain object; repeated names (checkboxes) become arrays. Linear in the fields. */
export function formDataObject(form: FormData): Record<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const prev = out.get(key);
    if (prev === undefined) out.set(key, value);
    else if (Array.isArray(prev)) prev.push(value);
    else out.set(key, [prev, value]);
  }
  // fromEntries defines own properties, so a field named __proto__ stays a field.
  return Object.fromEntries(out);
}

export type FormLimits = { maxFields: number; maxRepeats: number };
/** Our largest ordinary form (an SLA version with its rows) has a few hundred fields. */
export const defaultFormLimits: FormLimits = { maxFields: 1000, maxRepeats: 200 };

// Field names come from our pages: any control character means the form was made elsewhere.
const controlChar = /[\u0000-\u001f\u007f]/;

/**
 * The request's form, values exactly as sent (schemas refuse control characters, field by field).
 * More fields than the route allows, or one name repeated too often, is a 400 before any parsing:
 * a form of 40,000 repeats must cost a millisecond, not the server.
 */
export async function readForm(request: Request, limits: Partial<FormLimits> = {}): Promise<FormData> {
  const { maxFields, maxRepeats } = { ...defaultFormLimits, ...limits };
  const form = await request.formData();
  const repeats = new Map<string, number>();
  let fields = 0;
  for (const [key] of form.entries()) {
    const n = (repeats.get(key) ?? 0) + 1;
    repeats.set(key, n);
    if (++fields > maxFields || n > maxRepeats) throw badRequest("input.tooManyFields");
    if (controlChar.test(key)) throw badRequest("input.badFieldName");
  }
  return form;
}

/**
 * The query string through a zod schema. Control characters anywhere (a NUL is an error in a
 * PostgreSQL text parameter) and values the schema refuses are a 400 page, not a guess.
 * Only the first value of a repeated name counts, as URLSearchParams.get does.
 */
export function readSearchParams<S extends z.ZodType>(request: Request | URL, schema: S): z.output<S> {
  const url = request instanceof URL ? request : new URL(request.url);
  const raw = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    if (controlChar.test(key) || controlChar.test(value)) throw badRequest("input.badQuery");
    if (!raw.has(key)) raw.set(key, value);
  }
  const parsed = schema.safeParse(Object.fromEntries(raw));
  if (!parsed.success) throw badRequest("input.badQuery");
  return parsed.data;
}
