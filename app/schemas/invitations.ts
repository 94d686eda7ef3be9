import { z } from "zod";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The links page's "Invite by email" form. */
export const inviteByEmailSchema = z.object({
  intent: z.literal("invite"),
  accountIds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => [...new Set(v === undefined ? [] : Array.isArray(v) ? v : [v])])
    .pipe(z.array(z.string().regex(uuid, "users.invitations.error.unknownAccount")).min(1, "users.invitations.error.noAccounts").max(5000, "validation.invalid")),
  // Empty: no reminder.
  reminderAfterDays: z
    .string()
    .trim()
    .max(3, "users.invitations.error.days")
    .optional()
    .transform((v, ctx): number | null => {
      if (!v) return null;
      const n = Number(v);
      if (!/^\d+$/.test(v) || n < 1 || n > 60) {
        ctx.addIssue({ code: "custom", message: "users.invitations.error.days" });
        return z.NEVER;
      }
      return n;
    }),
});
