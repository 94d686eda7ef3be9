import type { Kysely } from "kysely";
import type { Database, MeetingStatus } from "../../db/schema";
import { createTestSurvey } from "./fixtures";

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

/**
 * An SLA with known answers, for the review board tests. Period 2026-10-01..2026-12-31 (Seoul):
 * NPS answers 20 x 10, 10 x 8 (Alpha, region kr) and 10 x 3 (Beta, region jp): n 40, NPS 25.0,
 * adjusted-Wald 95 % interval -1.36 .. 47.88. Previous period 2026-07-01..2026-09-30: 10 x 9,
 * 10 x 7, 10 x 0 (Alpha): n 30, NPS 0.0. Alpha's October case meets every objective; Beta's
 * misses them all. October availability 99.328 % against 99.9 %.
 */
export async function seedReviewFixture(db: Kysely<Database>, adminId: string) {
  const sla = await import("../../app/models/sla.server");
  const cases = await import("../../app/models/case.server");
  const input = sla.defaultVersionInput();
  input.calendar = { timezone: "Asia/Seoul", slots: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })), holidays: [] };
  input.reviewCadence = "quarterly";
  input.objectives = [
    { kind: "availability", priority: null, target: 99.9, unit: "percent", mode: null, window: "month" },
    { kind: "first_response", priority: "p2", target: 4, unit: "hours", mode: "business", window: "month" },
    { kind: "resolution", priority: "p2", target: 24, unit: "hours", mode: "business", window: "month" },
  ];
  input.remedies = { credits: [{ below: 99.9, creditPercent: 10 }, { below: 99, creditPercent: 25 }], alternative: {} };
  const created = await sla.createSla(adminId, { name: { en: "Cloud SLA", ko: "클라우드 SLA" }, service: "cloud", tiers: ["enterprise"] }, input);
  await sla.publishVersion(adminId, created.versionId, new Date("2026-01-01T00:00:00Z"));

  const [alpha, beta] = await db
    .insertInto("accounts")
    .values([
      { name: "Alpha", email: "a@x.test", tier: "enterprise", region: "kr", plan: "annual", monthly_fee: 2_000_000 },
      { name: "Beta", email: "b@x.test", tier: "enterprise", region: "jp", plan: "monthly", monthly_fee: 500_000 },
    ])
    .returning("id")
    .execute();
  const survey = await createTestSurvey(db);
  let k = 0;
  const answer = async (accountId: string, region: string, plan: string, score: number, count: number, at: string) => {
    for (let i = 0; i < count; i++) {
      const r = await db
        .insertInto("responses")
        .values({
          survey_id: survey.id,
          account_id: accountId,
          submission_key: `review-fixture-${k++}-${crypto.randomUUID()}`,
          segment: JSON.stringify({ tier: "enterprise", region, plan }),
          locale: "ko",
          finished: true,
          submitted_at: new Date(at),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db.insertInto("answers").values({ response_id: r.id, question_id: survey.nps, value_int: score }).execute();
    }
  };
  await answer(alpha.id, "kr", "annual", 10, 20, "2026-10-15T03:00:00Z");
  await answer(alpha.id, "kr", "annual", 8, 10, "2026-10-16T03:00:00Z");
  await answer(beta.id, "jp", "monthly", 3, 10, "2026-11-10T03:00:00Z");
  await answer(alpha.id, "kr", "annual", 9, 10, "2026-08-10T03:00:00Z");
  await answer(alpha.id, "kr", "annual", 7, 10, "2026-08-11T03:00:00Z");
  await answer(alpha.id, "kr", "annual", 0, 10, "2026-08-12T03:00:00Z");

  const base = { source: "manual" as const, priority: "p2" as const, description: "" };
  // Monday 5 October 2026, 10:00 in Seoul.
  const mon = new Date("2026-10-05T01:00:00Z");
  await cases.insertCaseWithHistory({ ...base, accountId: alpha.id, title: "Fast", openedAt: mon }, [
    { kind: "first_response", afterMinutes: 30 },
    { kind: "status", status: "in_progress", afterMinutes: 35 },
    { kind: "status", status: "resolved", afterMinutes: 120 },
  ]);
  await cases.insertCaseWithHistory({ ...base, accountId: beta.id, title: "Late", openedAt: mon }, [
    { kind: "first_response", afterMinutes: 3 * 1440 },
    { kind: "status", status: "in_progress", afterMinutes: 3 * 1440 + 5 },
    { kind: "status", status: "resolved", afterMinutes: 3 * 1440 + 60 },
  ]);
  await db
    .insertInto("measurements")
    .values({ service: "cloud", window_start: new Date("2026-09-30T15:00:00Z"), window_end: new Date("2026-10-31T15:00:00Z"), good_minutes: 44_340, total_minutes: 44_640 })
    .execute();
  return { slaId: created.slaId, versionId: created.versionId, alphaId: alpha.id, betaId: beta.id, surveyId: survey.id, npsQuestionId: survey.nps, answer };
}
