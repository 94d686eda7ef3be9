import { sql } from "kysely";
import type { Localized, Segment } from "../../db/schema";
import { db } from "~/db.server";
import { pick, translate, type Locale } from "~/utils/i18n";
import { recordAudit } from "./audit.server";
import { enqueueOutbox } from "./outbox.server";
import { newToken } from "./survey.server";

/*
 * Survey invitations by email: a distribution sends each contact of the chosen accounts a
 * single-use link through the outbox, in the transaction that creates the links, and at most one
 * reminder after N days (app/jobs/invitations.server.ts) to those who have not answered.
 * Counted per distribution: sent (the outbox delivered it), opened (links.opened_at, the first
 * view of the link page) and answered (a submitted response on the link).
 */

export class InvitationError extends Error {
  constructor(readonly code: "notFound" | "unknownAccount" | "noContacts" | "notOpen") {
    super(code);
  }
}

function invitationMail(locale: Locale, kind: "invite" | "reminder", v: { name: string; title: Localized; url: string }) {
  const title = pick(v.title, locale);
  const name = v.name || translate(locale, "users.invitation.customer");
  return {
    subject: translate(locale, kind === "invite" ? "users.invitation.subject" : "users.invitation.reminderSubject", { title }),
    body: translate(locale, kind === "invite" ? "users.invitation.body" : "users.invitation.reminderBody", { name, title, url: v.url }),
  };
}

export type InvitableAccount = { id: string; name: string; tier: string; contacts: number };

/** Accounts with how many contacts each has (those without get no invitation). */
export async function invitableAccounts(): Promise<InvitableAccount[]> {
  const rows = await db
    .selectFrom("accounts")
    .leftJoin("contacts", "contacts.account_id", "accounts.id")
    .select(["accounts.id", "accounts.name", "accounts.tier", (eb) => eb.fn.count<string>("contacts.id").as("contacts")])
    .groupBy(["accounts.id", "accounts.name", "accounts.tier"])
    .orderBy("accounts.name")
    .execute();
  return rows.map((r) => ({ ...r, contacts: Number(r.contacts) }));
}

/**
 * One distribution: a single-use link and an email per contact of the accounts, all in one
 * transaction (links, outbox rows, invitation rows, audit), so a failure sends nothing.
 */
export async function sendInvitations(
  userId: string,
  surveyId: string,
  input: { accountIds: string[]; reminderAfterDays: number | null },
  opts: { baseUrl: string; now?: Date },
): Promise<{ distributionId: string; invited: number; accountsWithoutContacts: number }> {
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const survey = await trx.selectFrom("surveys").select(["id", "title", "status"]).where("id", "=", surveyId).executeTakeFirst();
    if (!survey) throw new InvitationError("notFound");
    if (survey.status !== "open") throw new InvitationError("notOpen");
    const ids = [...new Set(input.accountIds)];
    const accounts = ids.length ? await trx.selectFrom("accounts").select(["id", "tier", "region", "plan"]).where("id", "in", ids).execute() : [];
    if (accounts.length !== ids.length) throw new InvitationError("unknownAccount");
    const contacts = ids.length
      ? await trx.selectFrom("contacts").select(["id", "account_id", "name", "email", "locale"]).where("account_id", "in", ids).orderBy("account_id").orderBy("position").orderBy("id").execute()
      : [];
    if (!contacts.length) throw new InvitationError("noContacts");
    const distribution = await trx
      .insertInto("distributions")
      .values({ survey_id: surveyId, created_by: userId, reminder_after_days: input.reminderAfterDays, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    const byId = new Map(accounts.map((a) => [a.id, a]));
    for (const c of contacts) {
      const a = byId.get(c.account_id)!;
      const hidden: Segment = { account: a.id, tier: a.tier, region: a.region, plan: a.plan };
      const link = await trx
        .insertInto("links")
        .values({ survey_id: surveyId, token: newToken(16), kind: "single", account_id: a.id, hidden: JSON.stringify(hidden), locale: c.locale, created_at: now })
        .returning(["id", "token"])
        .executeTakeFirstOrThrow();
      const mail = invitationMail(c.locale, "invite", { name: c.name, title: survey.title, url: `${opts.baseUrl}/s/${link.token}` });
      const outboxId = await enqueueOutbox(trx, { kind: "email", to: c.email, ...mail, payload: { distributionId: distribution.id, contactId: c.id, url: `${opts.baseUrl}/s/${link.token}` }, at: now });
      await trx.insertInto("invitations").values({ distribution_id: distribution.id, contact_id: c.id, email: c.email, link_id: link.id, outbox_id: outboxId, created_at: now }).execute();
    }
    const withContacts = new Set(contacts.map((c) => c.account_id));
    const accountsWithoutContacts = ids.filter((id) => !withContacts.has(id)).length;
    await recordAudit(trx, {
      userId,
      action: "invitations.send",
      targetType: "survey",
      targetId: surveyId,
      detail: { distributionId: distribution.id, invited: contacts.length, accountsWithoutContacts, reminderAfterDays: input.reminderAfterDays },
    });
    return { distributionId: distribution.id, invited: contacts.length, accountsWithoutContacts };
  });
}

/**
 * The reminder pass (a job): each distribution whose reminder is due gets it once, sent to the
 * invitations whose link has no submitted response yet and has not expired. The distribution row
 * is locked and marked in the transaction that queues the emails, so two workers never both send.
 */
export async function sendDueReminders(now: Date): Promise<{ distributions: number; reminders: number }> {
  const due = await db
    .selectFrom("distributions")
    .select("id")
    .where("reminder_sent_at", "is", null)
    .where("reminder_after_days", "is not", null)
    .where(sql<boolean>`created_at + make_interval(days => reminder_after_days) <= ${now}`)
    .orderBy("created_at")
    .execute();
  let reminders = 0;
  let distributions = 0;
  for (const { id } of due) {
    const sent = await db.transaction().execute(async (trx) => {
      const d = await trx
        .selectFrom("distributions")
        .innerJoin("surveys", "surveys.id", "distributions.survey_id")
        .select(["distributions.id", "distributions.survey_id", "surveys.title", "surveys.status"])
        .where("distributions.id", "=", id)
        .where("distributions.reminder_sent_at", "is", null)
        .forUpdate("distributions")
        .skipLocked()
        .executeTakeFirst();
      if (!d) return null;
      const pending = d.status !== "open"
        ? []
        : await trx
            .selectFrom("invitations")
            .innerJoin("links", "links.id", "invitations.link_id")
            .leftJoin("contacts", "contacts.id", "invitations.contact_id")
            // The address the invitation carried (the server's public address when it was sent).
            .leftJoin("outbox", "outbox.id", "invitations.outbox_id")
            .select(["invitations.id", "invitations.email", "links.locale", "contacts.name", sql<string | null>`outbox.payload->>'url'`.as("url")])
            .where("invitations.distribution_id", "=", d.id)
            .where("links.used_at", "is", null)
            .where((eb) => eb.or([eb("links.expires_at", "is", null), eb("links.expires_at", ">", now)]))
            .where(({ not, exists, selectFrom }) =>
              not(exists(selectFrom("responses").select("responses.id").whereRef("responses.link_id", "=", "links.id").where("responses.submitted_at", "is not", null))),
            )
            .orderBy("invitations.created_at")
            .orderBy("invitations.id")
            .execute();
      for (const p of pending) {
        const locale: Locale = p.locale === "en" ? "en" : "ko";
        if (!p.url) continue;
        const mail = invitationMail(locale, "reminder", { name: p.name ?? "", title: d.title, url: p.url });
        const outboxId = await enqueueOutbox(trx, { kind: "email", to: p.email, ...mail, payload: { distributionId: d.id, reminder: true }, at: now });
        await trx.updateTable("invitations").set({ reminder_outbox_id: outboxId }).where("id", "=", p.id).execute();
      }
      await trx.updateTable("distributions").set({ reminder_sent_at: now }).where("id", "=", d.id).execute();
      await recordAudit(trx, { userId: null, action: "invitations.remind", targetType: "survey", targetId: d.survey_id, detail: { distributionId: d.id, reminders: pending.length } });
      return pending.length;
    });
    if (sent !== null) {
      distributions++;
      reminders += sent;
    }
  }
  return { distributions, reminders };
}

export type DistributionCounts = {
  id: string;
  createdAt: Date;
  createdBy: string | null;
  reminderAfterDays: number | null;
  reminderSentAt: Date | null;
  invited: number;
  sent: number;
  opened: number;
  answered: number;
  reminders: number;
};

/** Each distribution of a survey with its counts, newest first: one aggregate query. */
export async function distributionCounts(surveyId: string): Promise<DistributionCounts[]> {
  const { rows } = await sql<{
    id: string;
    created_at: Date;
    created_by: string | null;
    reminder_after_days: number | null;
    reminder_sent_at: Date | null;
    invited: number;
    sent: number;
    opened: number;
    answered: number;
    reminders: number;
  }>`
    select d.id, d.created_at, u.name as created_by, d.reminder_after_days, d.reminder_sent_at,
      count(i.id)::int as invited,
      count(o.sent_at)::int as sent,
      count(l.opened_at)::int as opened,
      count(*) filter (where exists (select 1 from responses r where r.link_id = l.id and r.submitted_at is not null))::int as answered,
      count(i.reminder_outbox_id)::int as reminders
    from distributions d
    left join users u on u.id = d.created_by
    join invitations i on i.distribution_id = d.id
    join links l on l.id = i.link_id
    left join outbox o on o.id = i.outbox_id
    where d.survey_id = ${surveyId}
    group by d.id, u.name
    order by d.created_at desc, d.id`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    createdBy: r.created_by,
    reminderAfterDays: r.reminder_after_days,
    reminderSentAt: r.reminder_sent_at,
    invited: r.invited,
    sent: r.sent,
    opened: r.opened,
    answered: r.answered,
    reminders: r.reminders,
  }));
}

/** The first view of a link page, recorded once (an invitation's "opened"); later views write nothing. */
export async function markLinkOpened(linkId: string, now = new Date()): Promise<void> {
  await db.updateTable("links").set({ opened_at: now }).where("id", "=", linkId).where("opened_at", "is", null).execute();
}
