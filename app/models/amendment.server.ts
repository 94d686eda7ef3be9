// A decided review meeting -> the next SLA version: a draft made from the version in force with
// exactly the approved proposals' changes (analysis/review/apply.ts), linked to the meeting so
// the change log can say why. Publishing it (sla.server.ts publishVersion) tells customers.
import type { Transaction } from "kysely";
import { applyChanges, isAdverse, type ProposalChange } from "../../analysis/review";
import type { Database, Localized } from "../../db/schema";
import { formatDay } from "~/components/sla/format";
import { db } from "~/db.server";
import { describeChange } from "~/utils/describe-change";
import { translate, type Locale } from "~/utils/i18n";
import { recordAudit } from "./audit.server";
import { inForceOf, insertObjectives, versionValues } from "./sla.server";
import { isUuid } from "~/utils/uuid";

type Trx = Transaction<Database> | typeof db;

export class AmendmentError extends Error {
  constructor(
    public readonly code: "notFound" | "notDecided" | "noApproved" | "noVersion" | "draftExists" | "alreadyComposed" | "conflict",
    public readonly params: { n?: number; versionId?: string; change?: ProposalChange } = {},
  ) {
    super(code);
  }
}

async function approvedChanges(trx: Trx, meetingId: string) {
  const rows = await trx
    .selectFrom("proposals")
    .select(["id", "change", "rationale", "adverse"])
    .where("meeting_id", "=", meetingId)
    .where("status", "=", "approved")
    .orderBy("position")
    .orderBy("created_at")
    .execute();
  return rows.map((r) => ({ id: r.id, change: r.change as ProposalChange, rationale: r.rationale, adverse: r.adverse }));
}

/** The change note of a composed version, in both languages: the meeting's date and each change. */
function changeNote(changes: ProposalChange[], meetingDate: Date, timezone: string): Localized {
  const note = (locale: Locale) =>
    [translate(locale, "notice.changeNote.head", { date: formatDay(locale, meetingDate, timezone) }), ...changes.map((c) => `- ${describeChange(c, locale)}`)].join("\n");
  return { ko: note("ko"), en: note("en") };
}

/** What the compose page shows: the meeting, the approved changes, and what stands in the way. */
export async function amendmentPreview(meetingId: string, locale: Locale, now = new Date()) {
  if (!isUuid(meetingId)) return null;
  const meeting = await db.selectFrom("review_meetings").select(["id", "sla_id", "status", "scheduled_for"]).where("id", "=", meetingId).executeTakeFirst();
  if (!meeting) return null;
  const sla = await db.selectFrom("slas").select(["id", "name"]).where("id", "=", meeting.sla_id).executeTakeFirstOrThrow();
  const approved = await approvedChanges(db, meetingId);
  const inForce = await inForceOf(meeting.sla_id, now);
  const composed = await db.selectFrom("sla_versions").select(["id", "version"]).where("meeting_id", "=", meetingId).executeTakeFirst();
  const draft = await db.selectFrom("sla_versions").select(["id", "version"]).where("sla_id", "=", meeting.sla_id).where("status", "=", "draft").executeTakeFirst();
  return {
    meeting: { id: meeting.id, status: meeting.status, scheduledFor: meeting.scheduled_for },
    sla,
    inForce: inForce ? { id: inForce.id, version: inForce.version } : null,
    approved: approved.map((p) => ({ id: p.id, text: describeChange(p.change, locale), adverse: isAdverse(p.change), rationale: p.rationale })),
    composed: composed ?? null,
    draft: draft ?? null,
  };
}

/**
 * From a decided meeting: a new draft of the SLA, copied from the version in force with exactly
 * the approved changes, in one transaction (meeting and SLA rows locked, so two managers pressing
 * the button make one draft). Refuses when a draft exists, when the meeting already has its
 * version, or when a change's `from` no longer matches the version in force.
 */
export async function composeAmendment(meetingId: string, userId: string, now = new Date()): Promise<{ slaId: string; versionId: string }> {
  if (!isUuid(meetingId)) throw new AmendmentError("notFound");
  return db.transaction().execute(async (trx) => {
    const meeting = await trx.selectFrom("review_meetings").select(["id", "sla_id", "status", "scheduled_for"]).where("id", "=", meetingId).forUpdate().executeTakeFirst();
    if (!meeting) throw new AmendmentError("notFound");
    if (meeting.status !== "decided") throw new AmendmentError("notDecided");
    // Serialise drafting per SLA with newDraftFrom: the SLA row is the lock.
    await trx.selectFrom("slas").select("id").where("id", "=", meeting.sla_id).forUpdate().executeTakeFirst();
    const composed = await trx.selectFrom("sla_versions").select(["id", "version"]).where("meeting_id", "=", meetingId).executeTakeFirst();
    if (composed) throw new AmendmentError("alreadyComposed", { n: composed.version, versionId: composed.id });
    const draft = await trx.selectFrom("sla_versions").select(["id", "version"]).where("sla_id", "=", meeting.sla_id).where("status", "=", "draft").executeTakeFirst();
    if (draft) throw new AmendmentError("draftExists", { n: draft.version, versionId: draft.id });
    const approved = await approvedChanges(trx, meetingId);
    if (!approved.length) throw new AmendmentError("noApproved");
    const base = await inForceOf(meeting.sla_id, now, trx);
    if (!base) throw new AmendmentError("noVersion");
    const changes = approved.map((p) => p.change);
    const result = applyChanges(base, changes);
    if (!result.ok) throw new AmendmentError("conflict", { change: result.conflict.change });
    const { max } = await trx
      .selectFrom("sla_versions")
      .select((eb) => eb.fn.max<number>("version").as("max"))
      .where("sla_id", "=", meeting.sla_id)
      .executeTakeFirstOrThrow();
    const version = Number(max) + 1;
    const { id } = await trx
      .insertInto("sla_versions")
      .values({
        sla_id: meeting.sla_id,
        version,
        status: "draft",
        based_on_id: base.id,
        meeting_id: meetingId,
        created_by: userId,
        ...versionValues({ ...result.version, changeNote: changeNote(changes, meeting.scheduled_for, base.calendar.timezone) }),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await insertObjectives(trx as Transaction<Database>, id, result.version.objectives);
    await recordAudit(trx, {
      userId,
      action: "sla_version.amend",
      targetType: "sla_version",
      targetId: id,
      detail: { slaId: meeting.sla_id, meetingId, basedOn: base.id, version, proposals: approved.map((p) => p.id) },
    });
    return { slaId: meeting.sla_id, versionId: id };
  });
}
