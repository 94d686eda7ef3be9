import { z } from "zod";
import { checkedIds } from "./text";

/** The links page's "Invite by email" form. */
export const inviteByEmailSchema = z.object({
  intent: z.literal("invite"),
  accountIds: checkedIds({ none: "users.invitations.error.noAccounts", invalid: "users.invitations.error.unknownAccount" }, 5000),
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
