import { formatDateTime, useTimeZone } from "~/utils/dates";
import { useT } from "~/utils/i18n";

/** A one-time link shown once to the admin who made it (it is stored only as a hash). */
export function OneTimeLink({ name, url, expiresAt, mailed }: { name: string; url: string; expiresAt: string | Date; mailed: boolean }) {
  const t = useT();
  const zone = useTimeZone();
  return (
    <section className="card notice" role="status" aria-labelledby="one-time-link-h">
      <h2 id="one-time-link-h">{t("users.link.title", { name })}</h2>
      <p>{mailed ? t("users.link.mailed") : t("users.link.noMail")}</p>
      <p>
        <label htmlFor="one-time-link">{t("users.link.label")}</label>
        <input id="one-time-link" type="text" readOnly value={url} className="wide" onFocus={(e) => e.currentTarget.select()} />
      </p>
      <p className="small muted">{t("users.link.expires", { at: formatDateTime(expiresAt, zone) })}</p>
    </section>
  );
}
