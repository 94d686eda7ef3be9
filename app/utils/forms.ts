import type { z } from "zod";
import { messages, translate, type MessageKey } from "./i18n";
import { getLocale } from "./locale.server";

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
 * A 400 whose body is the message in the reader's language: the root error boundary shows it, and
 * a CSV route sends it as it is. Thrown for a request no page of ours would send.
 */
export async function badRequest(request: Request, key: MessageKey): Promise<Response> {
  const text = translate(await getLocale(request), key);
  return new Response(text, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** FormData as a plain object; repeated names (checkboxes) become arrays. Linear in the fields. */
export function formDataObject(form: FormLike): Record<string, string | string[]> {
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

/** What actions read of a form: FormData, or URLSearchParams for a urlencoded body. */
export type FormLike = Pick<FormData, "get" | "getAll" | "has" | "entries">;

/** Occurrences of `needle` in `text`, stopping once past `limit`. */
function countUpTo(text: string, needle: string, limit: number): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1 && n <= limit; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * The request's form, values exactly as sent (schemas refuse control characters, field by field).
 * More fields than the route allows, or one name repeated too often, is a 400. The fields are
 * counted in the raw body before anything is parsed: a form of 40,000 repeats costs a scan of
 * its bytes, not a parse (the body's size is capped before this).
 */
export async function readForm(request: Request, limits: Partial<FormLimits> = {}): Promise<FormLike> {
  const { maxFields, maxRepeats } = { ...defaultFormLimits, ...limits };
  const type = request.headers.get("Content-Type") ?? "";
  let form: FormLike;
  if (/^application\/x-www-form-urlencoded/i.test(type)) {
    const body = await request.text();
    if (countUpTo(body, "&", maxFields) >= maxFields) throw await badRequest(request, "input.tooManyFields");
    form = new URLSearchParams(body);
  } else {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
    if (boundary) {
      const bytes = await request.arrayBuffer();
      // latin1 maps each byte to one character, so the ASCII boundary is found as it is.
      const text = new TextDecoder("latin1").decode(bytes);
      if (countUpTo(text, `--${boundary[1] ?? boundary[2]}`, maxFields + 1) > maxFields + 1) throw await badRequest(request, "input.tooManyFields");
      form = await new Request(request.url, { method: "POST", headers: request.headers, body: bytes }).formData();
    } else form = await request.formData();
  }
  const repeats = new Map<string, number>();
  let fields = 0;
  for (const [key] of form.entries()) {
    const n = (repeats.get(key) ?? 0) + 1;
    repeats.set(key, n);
    if (++fields > maxFields || n > maxRepeats) throw await badRequest(request, "input.tooManyFields");
    if (controlChar.test(key)) throw await badRequest(request, "input.badFieldName");
  }
  return form;
}

/**
 * The query string through a zod schema. Control characters anywhere (a NUL is an error in a
 * PostgreSQL text parameter) and values the schema refuses are a 400 page, not a guess.
 * Only the first value of a repeated name counts, as URLSearchParams.get does.
 */
export async function readSearchParams<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const raw = new Map<string, string>();
  for (const [key, value] of new URL(request.url).searchParams) {
    if (controlChar.test(key) || controlChar.test(value)) throw await badRequest(request, "input.badQuery");
    if (!raw.has(key)) raw.set(key, value);
  }
  const parsed = schema.safeParse(Object.fromEntries(raw));
  if (!parsed.success) throw await badRequest(request, "input.badQuery");
  return parsed.data;
}
