import { useTimeZone } from "~/utils/dates";
import { Form } from "@remix-run/react";
import { formatDate, useLocale, useT } from "~/utils/i18n";

type Delivery = { id: string; to: string; status: "queued" | "sent" | "failed"; attempts: number; sentAt: string | Date | null; lastError: string | null };
export type NoticeDeliveryRow = { noticeId: string; accountName: string; version: number; locale: string; token: string | null; deliveries: Delivery[] };

/**
 * Delivery of a meeting's notices: per account, each email's state (queued / sent / failed with
 * attempts), a link to the customer's notice page and a resend button (managers). Render it on
 * the meeting page with the loader's `listNoticeDeliveries(meetingId)` and `mailConfigured()`.
 */
export function NoticeDeliveries({
  notices,
  mailConfigured,
  canResend,
  resent,
  timeZone,
}: {
  notices: NoticeDeliveryRow[];
  mailConfigured: boolean;
  canResend: boolean;
  /** How many emails a resend just queued (the ?resent= of the redirect), if any. */
  resent?: number | null;
  /** The staff member's zone (default: theirs from the session); sent times are shown in it, labelled. */
  timeZone?: string;
}) {
  const staffZone = useTimeZone();
  timeZone ??= staffZone;
  const t = useT();
  const locale = useLocale();
  return (
    <section id="notices" aria-labelledby="notices-h">
      <h2 id="notices-h">{t("notice.deliveries.title")}</h2>
      {!mailConfigured && notices.length > 0 && <p className="notice">{t("notice.deliveries.waiting")}</p>}
      {resent ? (
        <p className="notice" role="status">
          {t("notice.resend.done", { n: resent })}
        </p>
      ) : null}
      {notices.length === 0 ? (
        <p>{t("notice.deliveries.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("notice.deliveries.account")}</th>
              <th scope="col">{t("notice.deliveries.to")}</th>
              <th scope="col">{t("notice.deliveries.status")}</th>
              {canResend && <th scope="col">{t("notice.deliveries.resend")}</th>}
            </tr>
          </thead>
          <tbody>
            {notices.map((n) => (
              <tr key={n.noticeId}>
                <th scope="row">
                  {n.accountName}
                  {n.token && (
                    <>
                      {" · "}
                      <a href={`/sla/${n.token}/notices/${n.noticeId}?lang=${n.locale}`}>{t("notice.deliveries.page")}</a>
                    </>
                  )}
                </th>
                <td>{n.deliveries.length ? n.deliveries.map((d) => <div key={d.id}>{d.to}</div>) : t("notice.deliveries.noContact")}</td>
                <td>
                  {n.deliveries.map((d) => (
                    <div key={d.id} data-delivery={d.status} title={d.lastError ?? undefined}>
                      {d.status === "sent"
                        ? t("notice.deliveries.sent", { date: `${formatDate(locale, d.sentAt!, timeZone)} (${timeZone})` })
                        : t(`notice.deliveries.${d.status}`)}
                      {" · "}
                      {t("notice.deliveries.attempts", { n: d.attempts })}
                    </div>
                  ))}
                </td>
                {canResend && (
                  <td>
                    <Form method="post" action={`/app/notices/${n.noticeId}/resend`}>
                      <button type="submit" className="secondary">
                        {t("notice.deliveries.resend")}
                      </button>
                    </Form>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
