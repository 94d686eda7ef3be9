import { z } from "zod";
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
