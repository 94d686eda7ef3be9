import { Form, Link } from "@remix-run/react";
import type { FieldErrors } from "~/utils/forms";
import { FieldError } from "~/components/FieldError";
import { FormError } from "~/components/FormError";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { pick, useLocale, useT, type MessageKey } from "~/utils/i18n";

export type MeetingView = {
  id: string;
  slaName: { ko?: string; en?: string };
  service: string;
  timezone: string;
  periodStart: string;
  periodEnd: string;
  scheduledFor: string | Date;
  quorum: number;
  status: "scheduled" | "open" | "decided" | "closed";
  notes: string;
  attendees: { id: string; name: string; role: string }[];
  pack: { frozenAt: string | Date; frozenByName: string | null; refreshedCount: number; definitionsVersion: string } | null;
  votes: number;
};

/** State, period (days in the SLA calendar's zone), time (in the reader's zone), quorum and attendees. */
export function MeetingSummary({ m }: { m: MeetingView }) {
  const t = useT();
  const locale = useLocale();
  const zone = useTimeZone();
  return (
    <section className="card" aria-labelledby="meeting-summary">
      <h2 id="meeting-summary">{t("review.summary")}</h2>
      <dl className="facts">
        <dt>{t("review.col.status")}</dt>
        <dd>
          <span className={`pill status-${m.status}`} data-status={m.status}>
            {t(`review.status.${m.status}` as MessageKey)}
          </span>
        </dd>
        <dt>{t("review.col.period")}</dt>
        <dd>{t("review.periodValue", { start: m.periodStart, end: m.periodEnd, zone: m.timezone })}</dd>
        <dt>{t("review.col.when")}</dt>
        <dd data-field="when">{formatDateTime(m.scheduledFor, zone)}</dd>
        <dt>{t("review.col.quorum")}</dt>
        <dd>{t("review.quorumValue", { n: m.quorum, attendees: m.attendees.length })}</dd>
        <dt>{t("review.attendees")}</dt>
        <dd>
          <ul className="plain">
            {m.attendees.map((a) => (
              <li key={a.id}>
                {a.name} ({t(`role.${a.role}` as MessageKey)})
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <p>{pick(m.slaName, locale)} ({m.service})</p>
    </section>
  );
}

/** Open / refresh / close, for managers; the pack's freeze line and link. */
export function MeetingActions({ m, canRun, formError }: { m: MeetingView; canRun: boolean; formError?: string }) {
  const t = useT();
  const zone = useTimeZone();
  return (
    <section className="card" aria-labelledby="meeting-actions">
      <h2 id="meeting-actions">{t("review.actions")}</h2>
      <FormError message={formError} />
      {m.pack ? (
        <p>
          <Link to={`/app/reviews/${m.id}/pack`}>{t("review.packLink")}</Link> ·{" "}
          <span className="muted">
            {t("review.packFrozen", { date: formatDateTime(m.pack.frozenAt, zone), name: m.pack.frozenByName ?? "–", n: m.pack.refreshedCount })}
          </span>
        </p>
      ) : (
        <p className="muted">{t("review.packNone")}</p>
      )}
      {!canRun ? <p className="muted">{t("review.managersOnly")}</p> : null}
      {canRun && m.status === "scheduled" ? (
        <Form method="post">
          <p className="small muted">{t("review.openHelp")}</p>
          <button type="submit" name="intent" value="open">
            {t("review.open")}
          </button>
        </Form>
      ) : null}
      {canRun && m.status === "open" && m.votes === 0 ? (
        <Form method="post">
          <p className="small muted">{t("review.refreshHelp")}</p>
          <button type="submit" name="intent" value="refresh" className="secondary">
            {t("review.refresh")}
          </button>
        </Form>
      ) : null}
      {m.votes > 0 ? <p className="small muted">{t("review.votesCount", { n: m.votes })}</p> : null}
      {canRun && (m.status === "open" || m.status === "decided") ? (
        <Form method="post">
          <button type="submit" name="intent" value="close" className="secondary">
            {t("review.close")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

/** Preparation notes: editable until the meeting opens. */
export function MeetingNotes({ m, errors, saved }: { m: MeetingView; errors: FieldErrors; saved: boolean }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="meeting-notes">
      <h2 id="meeting-notes">{t("review.notes")}</h2>
      {m.status === "scheduled" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="notes" />
          <div className="field">
            <label htmlFor="meeting-notes-text">{t("review.field.notes")}</label>
            <textarea
              id="meeting-notes-text"
              name="notes"
              defaultValue={m.notes}
              aria-invalid={errors.notes ? true : undefined}
              aria-describedby={errors.notes ? "meeting-notes-error" : undefined}
            />
            <FieldError id="meeting-notes-error" message={errors.notes} />
          </div>
          {saved ? <p role="status">{t("review.notesSaved")}</p> : null}
          <button type="submit" className="secondary">
            {t("review.saveNotes")}
          </button>
        </Form>
      ) : m.notes ? (
        <p className="pre-wrap">{m.notes}</p>
      ) : (
        <p className="muted">{t("review.notesEmpty")}</p>
      )}
    </section>
  );
}
