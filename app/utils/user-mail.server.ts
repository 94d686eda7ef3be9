import type { LinkMail } from "~/models/user.server";
import { ONE_TIME_LINK_HOURS } from "~/models/user.server";
import { translate, type Locale } from "./i18n";

/** The email that carries an invite or password-reset link, in the admin's language. */
export function linkMail(locale: Locale, purpose: "invite" | "reset", adminName: string): LinkMail {
  return {
    subject: translate(locale, purpose === "invite" ? "users.mail.inviteSubject" : "users.mail.resetSubject"),
    body: (url) => translate(locale, purpose === "invite" ? "users.mail.inviteBody" : "users.mail.resetBody", { admin: adminName, url, hours: ONE_TIME_LINK_HOURS }),
  };
}
