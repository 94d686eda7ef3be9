import { z } from "zod";
import { isTimeZone } from "~/utils/dates";
import { CONTROL_MESSAGE, hasControlChars, line } from "./text";

export const roles = ["admin", "manager", "analyst"] as const;
/** The rule `npm run user:create` has always applied. */
export const PASSWORD_MIN_LENGTH = 10;

const email = line(200, "validation.invalid").pipe(z.string().min(1, "validation.required").email("validation.email"));
const role = z.enum(roles, { message: "validation.invalid" });

export const inviteSchema = z.object({
  name: line(100).pipe(z.string().min(1, "validation.required")),
  email,
  role,
});
export type InviteInput = z.infer<typeof inviteSchema>;

/** The intents of a user's admin page. */
export const userActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("role"), role }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reactivate") }),
  z.object({ intent: z.literal("reset") }),
]);

export const passwordSchema = z
  .string()
  .max(200, "validation.invalid")
  .refine((s) => !hasControlChars(s), CONTROL_MESSAGE)
  .pipe(z.string().min(PASSWORD_MIN_LENGTH, "users.password.tooShort"));

export const setPasswordSchema = z
  .object({ password: passwordSchema, confirm: z.string().max(200, "validation.invalid") })
  .refine((v) => v.password === v.confirm, { message: "users.password.mismatch", path: ["confirm"] });
export type SetPasswordInput = z.infer<typeof setPasswordSchema>;

/**
 * Add a user (users/new): by a one-time invite link, or with a password the admin types (the
 * same rule as everywhere; the user must change it at first sign-in).
 */
export const addUserSchema = inviteSchema
  .extend({
    method: z.enum(["invite", "password"], { message: "validation.invalid" }),
    password: z.string().max(200, "validation.invalid").optional(),
    confirm: z.string().max(200, "validation.invalid").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.method !== "password") return;
    const pw = passwordSchema.safeParse(v.password ?? "");
    if (!pw.success) ctx.addIssue({ code: "custom", path: ["password"], message: pw.error.issues[0].message });
    else if (v.password !== v.confirm) ctx.addIssue({ code: "custom", path: ["confirm"], message: "users.password.mismatch" });
  });
export type AddUserInput = z.infer<typeof addUserSchema>;

const zone = z.string().max(64, "validation.invalid").refine((v) => isTimeZone(v), "users.zone.unknown");

/** My settings: language and time zone ("" = the organisation's zone). */
export const mySettingsSchema = z.object({
  intent: z.literal("settings"),
  locale: z.enum(["ko", "en"], { message: "validation.invalid" }),
  timeZone: z.union([z.literal(""), zone]),
});
export type MySettingsInput = z.infer<typeof mySettingsSchema>;

export const passwordChangeSchema = z
  .object({
    intent: z.literal("password"),
    current: z.string().min(1, "validation.required").max(200, "validation.invalid"),
    password: passwordSchema,
    confirm: z.string().max(200, "validation.invalid"),
  })
  .refine((v) => v.password === v.confirm, { message: "users.password.mismatch", path: ["confirm"] });
export type PasswordChangeInput = z.infer<typeof passwordChangeSchema>;

export const orgSettingsSchema = z.object({ orgTimeZone: zone });
