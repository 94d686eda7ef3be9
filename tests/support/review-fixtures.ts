import type { Kysely } from "kysely";
import type { Database, MeetingStatus } from "../../db/schema";

export type TestMeeting = { meetingId: string; slaId: string; versionId: string };

type MeetingOptions = {
  /** Who created the SLA and the meeting. */
  userId: string;
  attendees?: string[];
  quorum?: number;
  status?: MeetingStatus;
  /** An evidence pack row with exactly this content (JSON). */
  pack?: unknown;
  /** Reuse an SLA (its version in force) instead of creating one. */
  slaId?: string;
};

/**
 * A review meeting straight in the tables (the board's own model builds them in the app): an SLA
 * with defaultVersionInput() published and in force since 2026-01-01 unless one is given, the
 * attendees, and optionally a frozen evidence pack whose content the test controls.
 */
export async function createTestMeeting(db: Kysely<Database>, opts: MeetingOptions): Promise<TestMeeting> {
  const sla = await import("../../app/models/sla.server");
  let slaId = opts.slaId;
  let versionId: string;
  if (!slaId) {
    const created = await sla.createSla(
      opts.userId,
      { name: { ko: "검토 SLA", en: "Review SLA" }, service: `review-${crypto.randomUUID().slice(0, 8)}`, tiers: ["enterprise"] },
      sla.defaultVersionInput(),
    );
    await sla.publishVersion(opts.userId, created.versionId, new Date("2026-01-01T00:00:00Z"));
    slaId = created.slaId;
    versionId = created.versionId;
  } else {
    versionId = (await sla.getVersionInForce({ slaId }))!.id;
  }
  const status = opts.status ?? "open";
  const { id: meetingId } = await db
    .insertInto("review_meetings")
    .values({
      sla_id: slaId,
      period_start: "2026-10-01",
      period_end: "2026-12-31",
      scheduled_for: new Date("2027-01-10T01:00:00Z"),
      quorum: opts.quorum ?? 2,
      status,
      opened_at: status === "scheduled" ? null : new Date("2027-01-10T01:00:00Z"),
      created_by: opts.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (opts.attendees?.length) {
    await db
      .insertInto("review_attendees")
      .values(opts.attendees.map((user_id) => ({ meeting_id: meetingId, user_id })))
      .execute();
  }
  if (opts.pack !== undefined) {
    await db
      .insertInto("evidence_packs")
      .values({ meeting_id: meetingId, definitions_version: "test", content: JSON.stringify(opts.pack), frozen_by: opts.userId })
      .execute();
  }
  return { meetingId, slaId, versionId };
}

/** A one-proposal meeting's proposal, straight in the table (a staff time_target change of P1 first response). */
export async function insertTestProposal(db: Kysely<Database>, meetingId: string, userId: string, to = 30): Promise<string> {
  const change = { kind: "time_target", objective: "first_response", priority: "p1", from: 60, to };
  const { id } = await db
    .insertInto("proposals")
    .values({ meeting_id: meetingId, origin: "staff", rule: null, change: JSON.stringify(change), adverse: to > 60, rationale: "Probe", created_by: userId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** The rules' input for a pack: availability under a 99 % target in one fully measured month, nothing else. */
export function availabilityShortfallEvidence() {
  return {
    objectives: [],
    satisfaction: null,
    themes: [],
    availability: { targetPercent: 99, months: [{ month: "2026-11", percent: 98.2, coverage: 1 }] },
    version: { slots: [], credits: [], alternative: {}, providerDuties: {} },
  };
}
