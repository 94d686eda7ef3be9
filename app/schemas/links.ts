import { z } from "zod";
import { endOfLocalDay } from "~/utils/dates";
import { checkedIds } from "./text";

// The same rule the respondent page applies to hidden fields (app/schemas/response.ts segmentValue).
const hiddenValue = /^[\p{L}\p{N}_.:@-]{1,64}$/u;

const localeChoice = z
  .union([z.literal(""), z.literal("ko"), z.literal("en")], { message: "validation.invalid" })
  .optional()
  .transform((v) => (v === "ko" || v === "en" ? v : null));

/**
 * "Generate": one single-use link per chosen account. The expiry is a day in timeZone (the
 * organisation's); today: YYYY-MM-DD in that zone.
 */
export function generateLinksSchema(today: string, timeZone: string) {
  return z.object({
    intent: z.literal("generate"),
    accountIds: checkedIds({ none: "links.error.noAccounts", invalid: "links.error.unknownAccount" }, 5000),
    expiresAt: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx): Date | null => {
        if (!v) return null;
        // Usable until the end of that day.
        const d = endOfLocalDay(v, timeZone);
        if (!d) {
          ctx.addIssue({ code: "custom", message: "validation.date" });
          return z.NEVER;
        }
        if (v < today) {
          ctx.addIssue({ code: "custom", message: "links.error.expiresInPast" });
          return z.NEVER;
        }
        return d;
      }),
    ticket: z
      .string()
      .trim()
      .optional()
      .transform((v, ctx): string | null => {
        if (!v) return null;
        if (!hiddenValue.test(v)) {
          ctx.addIssue({ code: "custom", message: "links.error.ticket" });
          return z.NEVER;
        }
        return v;
      }),
    locale: localeChoice,
    // Accounts that already have a live (unused, unexpired) link are skipped unless this is ticked.
    includeLive: z
      .string()
      .optional()
      .transform((v) => v === "on"),
  });
}

/** The public link's language. */
export const publicLocaleSchema = z.object({
  intent: z.literal("publicLocale"),
  locale: localeChoice,
});

const signedValue = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): string | undefined => {
    if (!v) return undefined;
    if (!hiddenValue.test(v)) {
      ctx.addIssue({ code: "custom", message: "respond.hiddenInvalid" });
      return z.NEVER;
    }
    return v;
  });

/** "Make a signed link": hidden-field values for the public link, at least one. */
export const signLinkSchema = z
  .object({
    intent: z.literal("sign"),
    account: signedValue,
    tier: signedValue,
    region: signedValue,
    plan: signedValue,
    ticket: signedValue,
  })
  .superRefine((v, ctx) => {
    if (!v.account && !v.tier && !v.region && !v.plan && !v.ticket) ctx.addIssue({ code: "custom", path: ["_form"], message: "links.signed.none" });
  });
