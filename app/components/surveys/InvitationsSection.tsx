import { Form, useSearchParams } from "@remix-run/react";
import { Field } from "~/components/Field";
import { FieldError } from "~/components/FieldError";
import type { DistributionCounts, InvitableAccount } from "~/models/invitation.server";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import type { FieldErrors } from "~/utils/forms";
import { useT } from "~/utils/i18n";

type Props = {
  accounts: InvitableAccount[];
  distributions: (Omit<DistributionCounts, "createdAt" | "reminderSentAt"> & { createdAt: string | Date; reminderSentAt: string | Date | null })[];
  mailReady: boolean;
  readOnly: boolean;
  errors: FieldErrors;
  values: Record<string, string | string[]>;
};

/** The links page's "Invite by email": the form, then each distribution with its counts. */
export function InvitationsSection({ accounts, distributions, mailReady, readOnly, errors, values }: Props) {
  const t = useT();
  const zone = useTimeZone();
  const [params] = useSearchParams();
  const invited = params.get("invited");
  const noContacts = Number(params.get("noContacts") ?? 0);
  const chosen = new Set(values.intent === "invite" ? ([] as string[]).concat(values.accountIds ?? []) : []);
  const days = values.intent === "invite" && typeof values.reminderAfterDays === "string" ? values.reminderAfterDays : "3";
  return (
    <section className="card" aria-labelledby="invitations">
      <h2 id="invitations">{t("users.invitations.heading")}</h2>
      <p className="muted">{t("users.invitations.intro")}</p>
      {!mailReady ? <p className="notice">{t("users.invitations.noMail")}</p> : null}
      {invited ? (
        <p className="notice" role="status">
          {t("users.invitations.sent", { n: Number(invited) })}
          {noContacts > 0 ? ` ${t("users.invitations.skippedAccounts", { n: noContacts })}` : null}
        </p>
      ) : null}
      {!readOnly ? (
        <Form method="post" noValidate aria-labelledby="invitations">
          <input type="hidden" name="intent" value="invite" />
          <fieldset aria-describedby={errors.inviteAccountIds ? "invite-accounts-error" : undefined}>
            <legend>{t("users.invitations.accounts")}</legend>
            <FieldError id="invite-accounts-error" message={errors.inviteAccountIds} />
            <div className="scroll" tabIndex={0}>
              {accounts.map((a) => (
                <div key={a.id} className="field check">
                  <input type="checkbox" id={`invite-${a.id}`} name="accountIds" value={a.id} defaultChecked={chosen.has(a.id)} disabled={a.contacts === 0} />
                  <label htmlFor={`invite-${a.id}`}>{t("users.invitations.accountContacts", { name: a.name, n: a.contacts })}</label>
                </div>
              ))}
            </div>
          </fieldset>
          <Field id="invite-days" label={t("users.invitations.reminderDays")} error={errors.inviteReminderAfterDays}>
            {({ id, ...ariaProps }) => <input id={id} name="reminderAfterDays" type="text" inputMode="numeric" defaultValue={days} {...ariaProps} />}
          </Field>
          <button type="submit">{t("users.invitations.submit")}</button>
        </Form>
      ) : null}
      <h3>{t("users.invitations.history")}</h3>
      {distributions.length === 0 ? (
        <p className="muted">{t("users.invitations.none")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("users.invitations.col.created")}</th>
                <th scope="col">{t("users.invitations.col.by")}</th>
                <th scope="col" className="num">{t("users.invitations.col.invited")}</th>
                <th scope="col" className="num">{t("users.invitations.col.sent")}</th>
                <th scope="col" className="num">{t("users.invitations.col.opened")}</th>
                <th scope="col" className="num">{t("users.invitations.col.answered")}</th>
                <th scope="col">{t("users.invitations.col.reminder")}</th>
              </tr>
            </thead>
            <tbody>
              {distributions.map((d) => (
                <tr key={d.id} data-distribution={d.id}>
                  <td>{formatDateTime(d.createdAt, zone)}</td>
                  <td>{d.createdBy ?? "—"}</td>
                  <td className="num" data-count="invited">{d.invited}</td>
                  <td className="num" data-count="sent">{d.sent}</td>
                  <td className="num" data-count="opened">{d.opened}</td>
                  <td className="num" data-count="answered">{d.answered}</td>
                  <td>
                    {d.reminderSentAt
                      ? t("users.invitations.reminder.sent", { at: formatDateTime(d.reminderSentAt, zone), n: d.reminders })
                      : d.reminderAfterDays
                        ? t("users.invitations.reminder.due", {
                            days: d.reminderAfterDays,
                            at: formatDateTime(new Date(new Date(d.createdAt).getTime() + d.reminderAfterDays * 86_400_000), zone),
                          })
                        : t("users.invitations.reminder.none")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
