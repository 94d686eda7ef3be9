// Notices: telling each affected account of a new SLA version, by a page under its SLA link and
// an email per contact through the outbox. What a notice says is computed from the versions
// (the change, in plain words) and the approved proposals' rationale text: never the evidence
// (other customers' quotes, internal figures), which stays with the board.
import { sql, type Transaction } from "kysely";
import { deriveChanges, isAdverse } from "../../analysis/review";
import type { Database, Locale, Localized } from "../../db/schema";
import { redline, type RedlineRow } from "~/components/sla/compare";
import { formatDay } from "~/components/sla/format";
import { db } from "~/db.server";
import { describeChange } from "~/utils/describe-change";
import { pick, translate, translator } from "~/utils/i18n";
import { recordAudit } from "./audit.server";
import { enqueueOutbox } from "./outbox.server";
import { versionsWhere, type SlaVersion } from "./sla.server";
import { isUuid } from "~/utils/uuid";

type Trx = Transaction<Database> | typeof db;

export class NoticeError extends Error {
  constructor(public readonly code: "notFound" | "noRecipient") {
    super(code);
  }
}

/** The published version before `version` (by number), or null for a first version. */
async function previousPublished(trx: Trx, version: Pick<SlaVersion, "slaId" | "version">): Promise<SlaVersion | null> {
  const [prev] = await versionsWhere(
    (q) =>
      q
        .where("sla_versions.sla_id", "=", version.slaId)
        .where("sla_versions.status", "=", "published")
        .where("sla_versions.version", "<", version.version)
        .orderBy("sla_versions.version", "desc")
        .limit(1),
    trx,
  );
  return prev ?? null;
}

/** Approved proposals' rationale texts of a meeting, in the meeting's order (text only). */
async function rationalesOf(trx: Trx, meetingId: string | null): Promise<string[]> {
  if (!meetingId) return [];
  const rows = await trx
    .selectFrom("proposals")
    .select("rationale")
    .where("meeting_id", "=", meetingId)
    .where("status", "=", "approved")
    .orderBy("position")
    .orderBy("created_at")
    .execute();
  return rows.map((r) => r.rationale);
}

export type VersionChangeContext = {
  version: SlaVersion;
  previous: SlaVersion | null;
  slaName: Localized;
  meetingId: string | null;
  rationales: string[];
  /** The changes against the previous published version (whatever way the draft was edited). */
  changes: ReturnType<typeof deriveChanges>;
  adverse: boolean;
};

export async function versionChangeContext(trx: Trx, versionId: string): Promise<VersionChangeContext | null> {
  const [version] = await versionsWhere((q) => q.where("sla_versions.id", "=", versionId), trx);
  if (!version) return null;
  const sla = await trx.selectFrom("slas").select("name").where("id", "=", version.slaId).executeTakeFirstOrThrow();
  const meeting = await trx.selectFrom("sla_versions").select("meeting_id").where("id", "=", versionId).executeTakeFirstOrThrow();
  const previous = await previousPublished(trx, version);
  const changes = previous ? deriveChanges(previous, version) : [];
  return {
    version,
    previous,
    slaName: sla.name,
    meetingId: meeting.meeting_id,
    rationales: await rationalesOf(trx, meeting.meeting_id),
    changes,
    adverse: changes.some(isAdverse),
  };
}

/** The email of a notice for one contact, in the contact's language. */
function noticeEmail(ctx: VersionChangeContext, to: { name: string; locale: Locale }, account: string, url: string) {
  const t = translator(to.locale);
  const tz = ctx.version.calendar.timezone;
  const date = formatDay(to.locale, ctx.version.effectiveFrom!, tz);
  const sla = pick(ctx.slaName, to.locale);
  const lines = [
    t("notice.email.greeting", { name: to.name || account }),
    "",
    t("notice.email.intro", { sla, account, date, zone: tz, n: ctx.version.version }),
    "",
    `${t("notice.page.what")}:`,
    ...ctx.changes.map((c) => `- ${describeChange(c, to.locale)}`),
  ];
  if (ctx.adverse) lines.push("", t("notice.page.adverse", { days: ctx.previous?.noticePeriodDays ?? ctx.version.noticePeriodDays }));
  lines.push("", `${t("notice.page.why")}:`, ...(ctx.rationales.length ? ctx.rationales : [t("notice.page.noReason")]).map((r) => `- ${r}`));
  lines.push("", t("notice.email.read", { url }));
  return { subject: t("notice.email.subject", { sla, date }), body: lines.join("\n") };
}

export function noticeUrl(baseUrl: string, token: string, noticeId: string, locale: Locale): string {
  return `${baseUrl.replace(/\/+$/, "")}/sla/${token}/notices/${noticeId}?lang=${locale}`;
}

export function defaultBaseUrl(): string {
  return (process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");
}

/** Queues one email per contact of the notice's account (the account's address if it has none). */
async function queueNoticeEmails(trx: Trx, ctx: VersionChangeContext, noticeId: string, accountId: string, baseUrl: string): Promise<number> {
  const account = await trx.selectFrom("accounts").select(["name", "email", "locale"]).where("id", "=", accountId).executeTakeFirstOrThrow();
  const share = await trx
    .selectFrom("sla_shares")
    .select("token")
    .where("sla_id", "=", ctx.version.slaId)
    .where("account_id", "=", accountId)
    .executeTakeFirstOrThrow();
  const contacts = await trx.selectFrom("contacts").select(["name", "email", "locale"]).where("account_id", "=", accountId).orderBy("position").orderBy("created_at").execute();
  const recipients = contacts.length ? contacts : account.email ? [{ name: account.name, email: account.email, locale: account.locale }] : [];
  for (const c of recipients) {
    const mail = noticeEmail(ctx, c, account.name, noticeUrl(baseUrl, share.token, noticeId, c.locale));
    await enqueueOutbox(trx, {
      kind: "email",
      to: c.email,
      ...mail,
      payload: { type: "notice", noticeId, slaVersionId: ctx.version.id, locale: c.locale },
      noticeId,
    });
  }
  return recipients.length;
}

/**
 * Called by publishVersion inside its transaction, after the version is published and every
 * account in the SLA's tiers has its link: one notice per account, one email per contact.
 * A first version tells nobody of a change (there is none); returns the notices made.
 */
export async function createNoticesIn(trx: Transaction<Database>, versionId: string, baseUrl: string): Promise<number> {
  const ctx = await versionChangeContext(trx, versionId);
  if (!ctx?.previous || !ctx.version.effectiveFrom) return 0;
  const sla = await trx.selectFrom("slas").select("tiers").where("id", "=", ctx.version.slaId).executeTakeFirstOrThrow();
  if (!sla.tiers.length) return 0;
  const accounts = await trx.selectFrom("accounts").select(["id", "locale"]).where("tier", "in", sla.tiers).orderBy("name").execute();
  if (!accounts.length) return 0;
  const rows = await trx
    .insertInto("notices")
    .values(
      accounts.map((a) => ({
        sla_version_id: versionId,
        account_id: a.id,
        meeting_id: ctx.meetingId,
        locale: a.locale,
        adverse: ctx.adverse,
        effective_from: ctx.version.effectiveFrom!,
      })),
    )
    .returning(["id", "account_id"])
    .execute();
  for (const r of rows) await queueNoticeEmails(trx, ctx, r.id, r.account_id, baseUrl);
  return rows.length;
}

/** A manual resend: new outbox rows for the notice's contacts, audited. Returns how many. */
export async function resendNotice(userId: string, noticeId: string, baseUrl: string): Promise<{ queued: number; meetingId: string | null }> {
  if (!isUuid(noticeId)) throw new NoticeError("notFound");
  return db.transaction().execute(async (trx) => {
    const notice = await trx.selectFrom("notices").selectAll().where("id", "=", noticeId).executeTakeFirst();
    if (!notice) throw new NoticeError("notFound");
    const ctx = await versionChangeContext(trx, notice.sla_version_id);
    if (!ctx) throw new NoticeError("notFound");
    const queued = await queueNoticeEmails(trx, ctx, notice.id, notice.account_id, baseUrl);
    if (!queued) throw new NoticeError("noRecipient");
    await recordAudit(trx, { userId, action: "notice.resend", targetType: "notice", targetId: notice.id, detail: { queued, accountId: notice.account_id } });
    return { queued, meetingId: notice.meeting_id };
  });
}

export type NoticeDelivery = {
  noticeId: string;
  accountName: string;
  version: number;
  locale: Locale;
  token: string | null;
  deliveries: { id: string; to: string; status: "queued" | "sent" | "failed"; attempts: number; sentAt: Date | null; lastError: string | null }[];
};

/** Each notice of a meeting's amendment with the delivery state of its emails, for the meeting page. */
export async function listNoticeDeliveries(meetingId: string): Promise<NoticeDelivery[]> {
  if (!isUuid(meetingId)) return [];
  const notices = await db
    .selectFrom("notices")
    .innerJoin("accounts", "accounts.id", "notices.account_id")
    .innerJoin("sla_versions", "sla_versions.id", "notices.sla_version_id")
    .leftJoin("sla_shares", (j) => j.onRef("sla_shares.account_id", "=", "notices.account_id").onRef("sla_shares.sla_id", "=", "sla_versions.sla_id"))
    .select(["notices.id", "notices.locale", "accounts.name", "sla_versions.version", "sla_shares.token"])
    .where("notices.meeting_id", "=", meetingId)
    .orderBy("accounts.name")
    .execute();
  if (!notices.length) return [];
  const mails = await db
    .selectFrom("outbox")
    .select(["id", "to", "notice_id", "sent_at", "failed_at", "attempts", "last_error"])
    .where("notice_id", "in", notices.map((n) => n.id))
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return notices.map((n) => ({
    noticeId: n.id,
    accountName: n.name,
    version: n.version,
    locale: n.locale,
    token: n.token,
    deliveries: mails
      .filter((m) => m.notice_id === n.id)
      .map((m) => ({
        id: String(m.id),
        to: m.to,
        status: m.sent_at ? ("sent" as const) : m.failed_at ? ("failed" as const) : ("queued" as const),
        attempts: m.attempts,
        sentAt: m.sent_at,
        lastError: m.last_error,
      })),
  }));
}

// ---- what customers read -------------------------------------------------------------------

export type NoticePage = {
  /** The account's language when the notice was made: the page's default. */
  locale: Locale;
  accountName: string;
  slaName: Localized;
  version: number;
  effectiveFrom: Date;
  timezone: string;
  adverse: boolean;
  noticeDays: number;
  changes: string[];
  rationales: string[];
  redline: RedlineRow[];
  previousVersion: number | null;
};

/** A notice by the account's SLA link: null unless the notice belongs to that account and SLA. */
export async function openNotice(token: string, noticeId: string, locale: Locale): Promise<NoticePage | null> {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{20,64}$/.test(token) || !isUuid(noticeId)) return null;
  const notice = await db
    .selectFrom("notices")
    .innerJoin("sla_versions", "sla_versions.id", "notices.sla_version_id")
    .innerJoin("sla_shares", (j) => j.onRef("sla_shares.account_id", "=", "notices.account_id").onRef("sla_shares.sla_id", "=", "sla_versions.sla_id"))
    .innerJoin("accounts", "accounts.id", "notices.account_id")
    .select(["notices.sla_version_id", "notices.adverse", "notices.effective_from", "notices.locale", "accounts.name"])
    .where("notices.id", "=", noticeId)
    .where("sla_shares.token", "=", token)
    .executeTakeFirst();
  if (!notice) return null;
  const ctx = await versionChangeContext(db, notice.sla_version_id);
  if (!ctx) return null;
  return {
    locale: notice.locale,
    accountName: notice.name,
    slaName: ctx.slaName,
    version: ctx.version.version,
    effectiveFrom: notice.effective_from,
    timezone: ctx.version.calendar.timezone,
    adverse: notice.adverse,
    noticeDays: ctx.previous?.noticePeriodDays ?? ctx.version.noticePeriodDays,
    changes: ctx.changes.map((c) => describeChange(c, locale)),
    rationales: ctx.rationales,
    redline: ctx.previous ? redline(ctx.previous, ctx.version, translator(locale), locale).filter((r) => r.change !== "same") : [],
    previousVersion: ctx.previous?.version ?? null,
  };
}

/** Notices of one account under one SLA link, newest first. */
export async function listNoticesForShare(token: string) {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{20,64}$/.test(token)) return [];
  return db
    .selectFrom("notices")
    .innerJoin("sla_versions", "sla_versions.id", "notices.sla_version_id")
    .innerJoin("sla_shares", (j) => j.onRef("sla_shares.account_id", "=", "notices.account_id").onRef("sla_shares.sla_id", "=", "sla_versions.sla_id"))
    .select(["notices.id", "sla_versions.version", "notices.effective_from", sql<string>`sla_versions.calendar->>'timezone'`.as("timezone")])
    .where("sla_shares.token", "=", token)
    .orderBy("sla_versions.version", "desc")
    .execute();
}

export type ChangeLogEntry = {
  versionId: string;
  version: number;
  effectiveFrom: Date | null;
  timezone: string;
  /** The changes against the version before, in plain words. */
  summary: string[];
  /** Staff only: the approved proposals' rationale and the meeting. */
  reasons: string[];
  meetingId: string | null;
};

/** Every published version of an SLA, newest first, with what changed and why. */
export async function listChangeLog(slaId: string, locale: Locale): Promise<ChangeLogEntry[]> {
  if (!isUuid(slaId)) return [];
  const versions = await versionsWhere((q) => q.where("sla_versions.sla_id", "=", slaId).where("sla_versions.status", "=", "published").orderBy("sla_versions.version", "asc"));
  const meetings = await db.selectFrom("sla_versions").select(["id", "meeting_id"]).where("sla_id", "=", slaId).where("status", "=", "published").execute();
  const meetingOf = new Map(meetings.map((m) => [m.id, m.meeting_id]));
  const out: ChangeLogEntry[] = [];
  for (let i = 0; i < versions.length; i++) {
    const v = versions[i];
    const prev = i > 0 ? versions[i - 1] : null;
    const meetingId = meetingOf.get(v.id) ?? null;
    out.push({
      versionId: v.id,
      version: v.version,
      effectiveFrom: v.effectiveFrom,
      timezone: v.calendar.timezone,
      summary: prev ? deriveChanges(prev, v).map((c) => describeChange(c, locale)) : [translate(locale, "notice.log.first")],
      // The meeting's approved rationales; else what the author wrote (a first version has no reason to give).
      reasons: meetingId ? await rationalesOf(db, meetingId) : prev && pick(v.changeNote, locale) ? [pick(v.changeNote, locale)] : [],
      meetingId,
    });
  }
  return out.reverse();
}
