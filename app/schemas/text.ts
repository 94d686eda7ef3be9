import { z } from "zod";
import { isUuid } from "~/utils/uuid";

/**
 * What a person can type. A value with control characters is refused, not cleaned: a NUL in an
 * NPS "10<NUL>" is not a 10, and PostgreSQL refuses NUL in text anyway. One-line fields refuse
 * every C0 character and DEL; multi-line fields keep tab, CR and LF.
 */
const lineControl = /[\u0000-\u001f\u007f]/;
const textControl = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const CONTROL_MESSAGE = "validation.controlChars";

export function hasControlChars(value: string, multiline = false): boolean {
  return (multiline ? textControl : lineControl).test(value);
}

/** A one-line text field, trimmed, at most max characters. */
export function line(max: number, tooLong: string | { message: string; params?: Record<string, number> } = defaultTooLong(max)) {
  return z
    .string()
    .refine((s) => !lineControl.test(s), CONTROL_MESSAGE)
    .transform((s) => s.trim())
    .pipe(z.string().max(max, tooLong as any));
}

/** A multi-line text field (textarea), trimmed, at most max characters. */
export function text(max: number, tooLong: string | { message: string; params?: Record<string, number> } = defaultTooLong(max)) {
  return z
    .string()
    .refine((s) => !textControl.test(s), CONTROL_MESSAGE)
    .transform((s) => s.trim())
    .pipe(z.string().max(max, tooLong as any));
}

function defaultTooLong(max: number) {
  return { message: "validation.tooLong", params: { max } };
}

/**
 * Ticked checkboxes of ids: the browser sends none, one or many values under one name. Repeats
 * count once; each must be an id, at least one ticked (`none` says so), at most `max`.
 */
export function checkedIds(messages: { none: string; invalid: string }, max: number) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [...new Set(v === undefined ? [] : Array.isArray(v) ? v : [v])])
    .pipe(z.array(z.string().refine(isUuid, messages.invalid)).min(1, messages.none).max(max, "validation.invalid"));
}
