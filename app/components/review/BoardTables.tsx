import { Link } from "@remix-run/react";
import type { ReviewDue } from "../../../analysis/review";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { pick, useLocale, useT, type MessageKey } from "~/utils/i18n";

type Row = {
  slaId: string;
  name: { ko?: string; en?: string };
  service: string;
  timezone: string;
  cadence: string | null;
  lastHeld: string | null;
  nextScheduled: string | null;
  due: ReviewDue | null;
};

/** Per SLA: cadence, last meeting, next review due; the model sorts overdue first. */
export function DueTable({ rows }: { rows: Row[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <table className="data">
      <caption className="sr-only">{t("review.dueTitle")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("review.col.sla")}</th>
          <th scope="col">{t("review.col.cadence")}</th>
          <th scope="col">{t("review.col.lastHeld")}</th>
          <th scope="col">{t("review.col.nextDue")}</th>
          <th scope="col">{t("review.col.state")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.slaId} className={r.due?.status === "overdue" ? "overdue" : undefined}>
            <th scope="row">
              {pick(r.name, locale)} <span className="muted">({r.service})</span>
              <br />
              <span className="small muted" data-zone>
                {t("times.review.daysIn", { zone: r.timezone })}
              </span>
            </th>
            <td>{r.cadence ? t(`review.cadence.${r.cadence}` as MessageKey) : t("review.noVersion")}</td>
            <td>{r.lastHeld ?? t("review.never")}</td>
            <td>{r.due ? <time dateTime={r.due.due}>{r.due.due}</time> : "–"}</td>
            <td>
              {r.due ? (
                <span className={`pill due-${r.due.status}`}>
                  {t(`review.due.${r.due.status}` as MessageKey, { days: Math.abs(r.due.daysLeft), date: r.nextScheduled ?? "" })}
                </span>
              ) : (
                t("review.noVersion")
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Meeting = {
  id: string;
  slaName: { ko?: string; en?: string };
  periodStart: string;
  periodEnd: string;
  scheduledFor: string | Date;
  timezone: string;
  status: string;
  attendees: number;
  quorum: number;
};

export function MeetingsTable({ rows }: { rows: Meeting[] }) {
  const t = useT();
  const locale = useLocale();
  const zone = useTimeZone();
  return (
    <table className="data">
      <caption className="sr-only">{t("review.meetingsTitle")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("review.col.when")}</th>
          <th scope="col">{t("review.col.sla")}</th>
          <th scope="col">{t("review.col.period")}</th>
          <th scope="col">{t("review.col.status")}</th>
          <th scope="col">{t("review.col.quorum")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.id}>
            <td>
              <Link to={`/app/reviews/${m.id}`}>{formatDateTime(m.scheduledFor, zone)}</Link>
            </td>
            <td>{pick(m.slaName, locale)}</td>
            <td>{t("review.periodValue", { start: m.periodStart, end: m.periodEnd, zone: m.timezone })}</td>
            <td>
              <span className={`pill status-${m.status}`}>{t(`review.status.${m.status}` as MessageKey)}</span>
            </td>
            <td>{t("review.quorumValue", { n: m.quorum, attendees: m.attendees })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
