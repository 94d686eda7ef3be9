import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { createTestSurvey } from "./fixtures";

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
