import { sql, type Transaction } from "kysely";
import { boardOrder, PACK_DEFINITIONS_VERSION, reviewDue, type EvidencePack, type ReviewDue } from "../../analysis/review";
import type { Database, Localized, MeetingStatus, ReviewCadence } from "../../db/schema";
import { DAY, dayNumber, MINUTE, zone } from "../../analysis/sla/zone";
import { db } from "~/db.server";
import { formatLocalDay } from "~/utils/dates";
import { recordAudit } from "./audit.server";
import { buildEvidencePack } from "./evidence.server";
import { getVersionInForce } from "./sla.server";
import { isUuid } from "~/utils/uuid";

// The review board's meetings: scheduled -> open (the evidence pack is frozen) -> decided (by the
// votes; markDecided) -> closed. Every change writes an audit row in its own transaction.

type Trx = Transaction<Database>;

/** What the model refuses, as codes the routes translate ("review.error.<code>"). */
export class ReviewError extends Error {
  constructor(
    public readonly code:
      | "notFound"
      | "slaNotFound"
      | "state"
      | "attendeeNotManager"
      | "quorumTooHigh"
      | "votesExist"
      | "openProposals"
      | "noVersion"
      | "ownerNotFound"
      | "proposalNotFound",
    public readonly field: string | null = null,
  ) {
    super(code);
  }
}

/** Default quorum: a majority of the attendees, and at least 2. */
export function defaultQuorum(attendees: number): number {
  return Math.max(2, Math.floor(attendees / 2) + 1);
}

export type BoardRow = {
  slaId: string;
  name: Localized;
  service: string;
  timezone: string;
  cadence: ReviewCadence | null;
  lastHeld: string | null;
  nextScheduled: string | null;
  due: ReviewDue | null;
};

export type MeetingListRow = {
  id: string;
  slaId: string;
  slaName: Localized;
  periodStart: string;
  periodEnd: string;
  scheduledFor: Date;
  timezone: string;
  status: MeetingStatus;
  attendees: number;
  quorum: number;
};

/**
 * The board: per SLA the cadence of the version in force, the last held meeting and the next
 * review due (analysis/review reviewDue), overdue first; and every meeting, newest first.
 */
export async function listBoard(now = new Date()): Promise<{ slas: BoardRow[]; meetings: MeetingListRow[] }> {
  const slas = await db.selectFrom("slas").select(["id", "name", "service"]).orderBy("created_at").execute();
  const meetings = await db
    .selectFrom("review_meetings")
    .innerJoin("slas", "slas.id", "review_meetings.sla_id")
    .select([
      "review_meetings.id",
      "review_meetings.sla_id",
      "slas.name as sla_name",
      sql<string>`review_meetings.period_start::text`.as("period_start"),
      sql<string>`review_meetings.period_end::text`.as("period_end"),
      "review_meetings.scheduled_for",
      "review_meetings.status",
      "review_meetings.quorum",
      (eb) => eb.selectFrom("review_attendees").whereRef("review_attendees.meeting_id", "=", "review_meetings.id").select(eb.fn.countAll<number>().as("n")).as("attendees"),
    ])
    .orderBy("review_meetings.scheduled_for", "desc")
    .limit(200)
    .execute();
  const rows: BoardRow[] = [];
  const zones = new Map<string, string>();
  for (const s of slas) {
    const v = await getVersionInForce({ slaId: s.id }, now);
    const timezone = v?.calendar.timezone ?? "UTC";
    zones.set(s.id, timezone);
    const mine = meetings.filter((m) => m.sla_id === s.id);
    const held = mine.filter((m) => m.status !== "scheduled").map((m) => formatLocalDay(m.scheduled_for, timezone)).sort();
    const booked = mine.filter((m) => m.status === "scheduled").map((m) => formatLocalDay(m.scheduled_for, timezone)).sort();
    const lastHeld = held.at(-1) ?? null;
    const nextScheduled = booked[0] ?? null;
    rows.push({
      slaId: s.id,
      name: s.name,
      service: s.service,
      timezone,
      cadence: v?.reviewCadence ?? null,
      lastHeld,
      nextScheduled,
      due:
        v && v.effectiveFrom
          ? reviewDue({ cadence: v.reviewCadence, since: formatLocalDay(v.effectiveFrom, timezone), lastHeld, nextScheduled, today: formatLocalDay(now, timezone) })
          : null,
    });
  }
  return {
    slas: boardOrder(rows),
    meetings: meetings.map((m) => ({
      id: m.id,
      slaId: m.sla_id,
      slaName: m.sla_name,
      periodStart: m.period_start,
      periodEnd: m.period_end,
      scheduledFor: m.scheduled_for,
      timezone: zones.get(m.sla_id) ?? "UTC",
      status: m.status,
      attendees: Number(m.attendees ?? 0),
      quorum: m.quorum,
    })),
  };
}

/** What the schedule form offers: SLAs (with their calendar zone) and the people who may attend. */
export async function scheduleChoices(now = new Date()) {
  const slas = await db.selectFrom("slas").select(["id", "name", "service"]).orderBy("created_at").execute();
  const withZone = [];
  for (const s of slas) {
    const v = await getVersionInForce({ slaId: s.id }, now);
    withZone.push({ ...s, timezone: v?.calendar.timezone ?? "UTC", cadence: v?.reviewCadence ?? null });
  }
  const attendees = await db.selectFrom("users").select(["id", "name", "role"]).where("role", "in", ["manager", "admin"]).orderBy("name").execute();
  return { slas: withZone, attendees };
}

export type ScheduleInput = {
  slaId: string;
  periodStart: string;
  periodEnd: string;
  /** Local date and time in `timeZone` (the scheduler's), else in the SLA calendar's zone. */
  date: string;
  time: string;
  timeZone?: string;
  attendees: string[];
  quorum?: number | null;
  notes: string;
};

/** Schedules a meeting; attendees must be managers or admins, the quorum at most their number. */
export async function scheduleMeeting(userId: string, input: ScheduleInput, now = new Date()): Promise<string> {
  if (!isUuid(input.slaId)) throw new ReviewError("slaNotFound", "slaId");
  const sla = await db.selectFrom("slas").select("id").where("id", "=", input.slaId).executeTakeFirst();
  if (!sla) throw new ReviewError("slaNotFound", "slaId");
  const attendees = [...new Set(input.attendees)];
  if (attendees.some((id) => !isUuid(id))) throw new ReviewError("attendeeNotManager", "attendees");
  const managers = attendees.length
    ? await db.selectFrom("users").select("id").where("id", "in", attendees).where("role", "in", ["manager", "admin"]).execute()
    : [];
  if (managers.length !== attendees.length) throw new ReviewError("attendeeNotManager", "attendees");
  const quorum = input.quorum ?? defaultQuorum(attendees.length);
  if (quorum > attendees.length) throw new ReviewError("quorumTooHigh", "quorum");
  const version = await getVersionInForce({ slaId: sla.id }, now);
  const timezone = input.timeZone ?? version?.calendar.timezone ?? "UTC";
  const [h, m] = input.time.split(":").map(Number);
  // The wall-clock time that day in the zone (right on a day the clocks change, as New York's do).
  const day = dayNumber(input.date);
  if (day === null) throw new RangeError(`not a date: ${input.date}`);
  const scheduledFor = new Date(zone(timezone).localToUtc(day * DAY + (h * 60 + m) * MINUTE));
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("review_meetings")
      .values({ sla_id: sla.id, period_start: input.periodStart, period_end: input.periodEnd, scheduled_for: scheduledFor, quorum, notes: input.notes, created_by: userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("review_attendees")
      .values(attendees.map((user_id) => ({ meeting_id: row.id, user_id })))
      .execute();
    await recordAudit(trx, {
      userId,
      action: "review.schedule",
      targetType: "review_meeting",
      targetId: row.id,
      detail: { slaId: sla.id, periodStart: input.periodStart, periodEnd: input.periodEnd, scheduledFor: scheduledFor.toISOString(), attendees, quorum },
    });
    return row.id;
  });
}

export type MeetingDetail = {
  id: string;
  slaId: string;
  slaName: Localized;
  service: string;
  timezone: string;
  periodStart: string;
  periodEnd: string;
  scheduledFor: Date;
  quorum: number;
  status: MeetingStatus;
  notes: string;
  openedAt: Date | null;
  decidedAt: Date | null;
  closedAt: Date | null;
  attendees: { id: string; name: string; role: string }[];
  pack: { frozenAt: Date; frozenByName: string | null; refreshedCount: number; definitionsVersion: string } | null;
  votes: number;
  openProposals: number;
};

export async function getMeeting(meetingId: string, now = new Date()): Promise<MeetingDetail | null> {
  if (!isUuid(meetingId)) return null;
  const m = await db
    .selectFrom("review_meetings")
    .innerJoin("slas", "slas.id", "review_meetings.sla_id")
    .selectAll("review_meetings")
    .select([
      "slas.name as sla_name",
      "slas.service",
      sql<string>`review_meetings.period_start::text`.as("start_text"),
      sql<string>`review_meetings.period_end::text`.as("end_text"),
    ])
    .where("review_meetings.id", "=", meetingId)
    .executeTakeFirst();
  if (!m) return null;
  const attendees = await db
    .selectFrom("review_attendees")
    .innerJoin("users", "users.id", "review_attendees.user_id")
    .select(["users.id", "users.name", "users.role"])
    .where("review_attendees.meeting_id", "=", meetingId)
    .orderBy("users.name")
    .execute();
  const pack = await db
    .selectFrom("evidence_packs")
    .leftJoin("users", "users.id", "evidence_packs.frozen_by")
    .select(["evidence_packs.frozen_at", "evidence_packs.refreshed_count", "evidence_packs.definitions_version", "users.name as frozen_by_name"])
    .where("evidence_packs.meeting_id", "=", meetingId)
    .executeTakeFirst();
  const counts = await votesAndOpenProposals(db, meetingId);
  const v = await getVersionInForce({ slaId: m.sla_id }, now);
  return {
    id: m.id,
    slaId: m.sla_id,
    slaName: m.sla_name,
    service: m.service,
    timezone: v?.calendar.timezone ?? "UTC",
    periodStart: m.start_text,
    periodEnd: m.end_text,
    scheduledFor: m.scheduled_for,
    quorum: m.quorum,
    status: m.status,
    notes: m.notes,
    openedAt: m.opened_at,
    decidedAt: m.decided_at,
    closedAt: m.closed_at,
    attendees,
    pack: pack
      ? { frozenAt: pack.frozen_at, frozenByName: pack.frozen_by_name, refreshedCount: pack.refreshed_count, definitionsVersion: pack.definitions_version }
      : null,
    votes: counts.votes,
    openProposals: counts.openProposals,
  };
}

async function votesAndOpenProposals(trx: Trx | typeof db, meetingId: string) {
  const r = await sql<{ votes: number; open_proposals: number }>`
    select
      (select count(*)::int from votes v join proposals p on p.id = v.proposal_id where p.meeting_id = ${meetingId}) as votes,
      (select count(*)::int from proposals p where p.meeting_id = ${meetingId} and p.status = 'open') as open_proposals`.execute(trx);
  return { votes: r.rows[0]?.votes ?? 0, openProposals: r.rows[0]?.open_proposals ?? 0 };
}

/** The frozen pack of a meeting, as stored; null before the meeting opens. */
export async function getEvidencePack(meetingId: string): Promise<{ content: EvidencePack; frozenAt: Date; definitionsVersion: string; refreshedCount: number } | null> {
  if (!isUuid(meetingId)) return null;
  const row = await db
    .selectFrom("evidence_packs")
    .select(["content", "frozen_at", "definitions_version", "refreshed_count"])
    .where("meeting_id", "=", meetingId)
    .executeTakeFirst();
  if (!row) return null;
  return { content: row.content as EvidencePack, frozenAt: row.frozen_at, definitionsVersion: row.definitions_version, refreshedCount: row.refreshed_count };
}

/** The meeting's state and period; with `forUpdate`, locked for the rest of the transaction (state changes are serialised per meeting). */
async function readMeeting(trx: Trx | typeof db, meetingId: string, forUpdate = false) {
  if (!isUuid(meetingId)) throw new ReviewError("notFound");
  const q = trx
    .selectFrom("review_meetings")
    .select(["id", "sla_id", "status", sql<string>`period_start::text`.as("period_start"), sql<string>`period_end::text`.as("period_end")])
    .where("id", "=", meetingId);
  const m = await (forUpdate ? q.forUpdate() : q).executeTakeFirst();
  if (!m) throw new ReviewError("notFound");
  return m;
}

const lockMeeting = (trx: Trx, meetingId: string) => readMeeting(trx, meetingId, true);

/** Notes of a meeting that has not opened yet (analysts prepare). */
export async function updateMeetingNotes(userId: string, meetingId: string, notes: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const m = await lockMeeting(trx, meetingId);
    if (m.status !== "scheduled") throw new ReviewError("state");
    await trx.updateTable("review_meetings").set({ notes, updated_at: new Date() }).where("id", "=", m.id).execute();
    await recordAudit(trx, { userId, action: "review.notes", targetType: "review_meeting", targetId: m.id, detail: { length: notes.length } });
  });
}

/**
 * Opens a scheduled meeting and freezes its evidence pack: one evidence_packs row with the pack
 * and the definitions' version. The pack is computed before the transaction (it only reads);
 * the state change and the row commit together, once: a second open finds the meeting open.
 */
export async function openMeeting(userId: string, meetingId: string, now = new Date()): Promise<void> {
  const m = await readMeeting(db, meetingId);
  if (m.status !== "scheduled") throw new ReviewError("state");
  const pack = await buildEvidencePack(m.sla_id, m.period_start, m.period_end, now);
  await db.transaction().execute(async (trx) => {
    const locked = await lockMeeting(trx, meetingId);
    if (locked.status !== "scheduled") throw new ReviewError("state");
    await trx.updateTable("review_meetings").set({ status: "open", opened_at: now, updated_at: now }).where("id", "=", m.id).execute();
    // Re-opening never recomputes: an existing pack stays as it was frozen.
    await trx
      .insertInto("evidence_packs")
      .values({ meeting_id: m.id, definitions_version: PACK_DEFINITIONS_VERSION, content: JSON.stringify(pack), frozen_at: now, frozen_by: userId })
      .onConflict((oc) => oc.column("meeting_id").doNothing())
      .execute();
    await recordAudit(trx, { userId, action: "review.open", targetType: "review_meeting", targetId: m.id, detail: { definitionsVersion: PACK_DEFINITIONS_VERSION, responses: pack.responses } });
  });
}

/** Recomputes the frozen pack of an open meeting; refused once any proposal of it has a vote. */
export async function refreshEvidence(userId: string, meetingId: string, now = new Date()): Promise<void> {
  const m = await readMeeting(db, meetingId);
  if (m.status !== "open") throw new ReviewError("state");
  if ((await votesAndOpenProposals(db, m.id)).votes > 0) throw new ReviewError("votesExist");
  const pack = await buildEvidencePack(m.sla_id, m.period_start, m.period_end, now);
  await db.transaction().execute(async (trx) => {
    const locked = await lockMeeting(trx, meetingId);
    if (locked.status !== "open") throw new ReviewError("state");
    // Checked again under the meeting's lock: a vote cast while the pack was computing wins.
    if ((await votesAndOpenProposals(trx, m.id)).votes > 0) throw new ReviewError("votesExist");
    const before = await trx.selectFrom("evidence_packs").select(["frozen_at", "refreshed_count"]).where("meeting_id", "=", m.id).executeTakeFirst();
    if (before) {
      await trx
        .updateTable("evidence_packs")
        .set({ content: JSON.stringify(pack), definitions_version: PACK_DEFINITIONS_VERSION, frozen_at: now, frozen_by: userId, refreshed_count: before.refreshed_count + 1 })
        .where("meeting_id", "=", m.id)
        .execute();
    } else {
      await trx
        .insertInto("evidence_packs")
        .values({ meeting_id: m.id, definitions_version: PACK_DEFINITIONS_VERSION, content: JSON.stringify(pack), frozen_at: now, frozen_by: userId })
        .execute();
    }
    await recordAudit(trx, {
      userId,
      action: "review.refresh",
      targetType: "review_meeting",
      targetId: m.id,
      detail: { previousFrozenAt: before?.frozen_at.toISOString() ?? null, refreshedCount: (before?.refreshed_count ?? -1) + 1 },
    });
  });
}

/**
 * open -> decided, for the votes engine once every proposal is decided (call it inside the
 * transaction that takes the last decision). Returns false when the meeting was not open.
 */
export async function markDecided(trx: Trx, meetingId: string, userId: string | null, at = new Date()): Promise<boolean> {
  const r = await trx
    .updateTable("review_meetings")
    .set({ status: "decided", decided_at: at, updated_at: at })
    .where("id", "=", meetingId)
    .where("status", "=", "open")
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await recordAudit(trx, { userId, action: "review.decided", targetType: "review_meeting", targetId: meetingId });
  return true;
}

/** Closes a decided meeting, or an open one with no proposal left undecided. */
export async function closeMeeting(userId: string, meetingId: string, now = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const m = await lockMeeting(trx, meetingId);
    if (m.status !== "open" && m.status !== "decided") throw new ReviewError("state");
    if (m.status === "open" && (await votesAndOpenProposals(trx, m.id)).openProposals > 0) throw new ReviewError("openProposals");
    await trx.updateTable("review_meetings").set({ status: "closed", closed_at: now, updated_at: now }).where("id", "=", m.id).execute();
    await recordAudit(trx, { userId, action: "review.close", targetType: "review_meeting", targetId: m.id, detail: { from: m.status } });
  });
}

// ---- process changes: how we work differently after a decision ------------------------------

export type ProcessChangeRow = {
  id: string;
  description: string;
  metric: string;
  ownerName: string | null;
  dueOn: string | null;
  doneOn: string | null;
  proposalId: string | null;
};

export async function listProcessChanges(meetingId: string): Promise<ProcessChangeRow[]> {
  if (!isUuid(meetingId)) return [];
  return db
    .selectFrom("process_changes")
    .leftJoin("users", "users.id", "process_changes.owner_id")
    .select([
      "process_changes.id",
      "process_changes.description",
      "process_changes.metric",
      "users.name as ownerName",
      sql<string | null>`process_changes.due_on::text`.as("dueOn"),
      sql<string | null>`process_changes.done_on::text`.as("doneOn"),
      "process_changes.proposal_id as proposalId",
    ])
    .where("process_changes.meeting_id", "=", meetingId)
    .orderBy("process_changes.created_at")
    .orderBy("process_changes.id")
    .execute();
}

export type ProcessChangeInput = { description: string; metric: string; ownerId?: string; dueOn?: string; proposalId?: string };

/**
 * Records a process change decided in an open or decided meeting (the next meeting's pack shows
 * the metric it aims at before and after). The owner must be staff; a cited proposal must be this
 * meeting's.
 */
export async function recordProcessChange(userId: string, meetingId: string, input: ProcessChangeInput): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const m = await lockMeeting(trx, meetingId);
    if (m.status !== "open" && m.status !== "decided") throw new ReviewError("state");
    if (input.ownerId && !(await trx.selectFrom("users").select("id").where("id", "=", input.ownerId).executeTakeFirst())) {
      throw new ReviewError("ownerNotFound", "ownerId");
    }
    if (input.proposalId && !(await trx.selectFrom("proposals").select("id").where("id", "=", input.proposalId).where("meeting_id", "=", m.id).executeTakeFirst())) {
      throw new ReviewError("proposalNotFound", "proposalId");
    }
    const { id } = await trx
      .insertInto("process_changes")
      .values({
        meeting_id: m.id,
        proposal_id: input.proposalId ?? null,
        description: input.description,
        owner_id: input.ownerId ?? null,
        due_on: input.dueOn ?? null,
        metric: input.metric,
        created_by: userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { userId, action: "review.processChange", targetType: "process_change", targetId: id, detail: { meetingId: m.id, metric: input.metric } });
    return id;
  });
}

/** Marks a process change of this meeting done on a date (or not done again, with null). */
export async function markProcessChangeDone(userId: string, meetingId: string, processChangeId: string, doneOn: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const m = await lockMeeting(trx, meetingId);
    if (!isUuid(processChangeId)) throw new ReviewError("notFound");
    const updated = await trx
      .updateTable("process_changes")
      .set({ done_on: doneOn, updated_at: new Date() })
      .where("id", "=", processChangeId)
      .where("meeting_id", "=", m.id)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new ReviewError("notFound");
    await recordAudit(trx, { userId, action: "review.processDone", targetType: "process_change", targetId: processChangeId, detail: { meetingId: m.id, doneOn } });
  });
}
