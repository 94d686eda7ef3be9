import { sql, type RawBuilder, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { db } from "~/db.server";
import { formatLocalDay, startOfLocalDay } from "~/utils/dates";
import { orgTimeZone } from "./settings.server";

/*
 * Answer counts: finished responses' integer answers counted per local day, question and score
 * (answer_counts), the same per tier, region and plan (segment_answer_counts), and finished
 * responses per survey and day (response_counts). The dashboard and the survey cards read these
 * instead of every answer.
 *
 * Exact at every moment, without writing on the respondent's path: the answer-counts job moves
 * finished responses into the counts in batches and flags them (responses.in_answer_counts), and
 * every read adds the responses not yet moved (a partial index keeps them cheap) in the same
 * statement, so one snapshot sees each response exactly once. Days are calendar days in the zone
 * recorded in answer_counts_state; after the organisation's zone changes, reads count the moved
 * responses from their rows again (slow, still exact) until the job has rebuilt the counts.
 * Finished responses never change and are never deleted, so counts only grow.
 */

const BATCH = 20_000;

/** The first instant of a recent period: the last `days` calendar days in the zone, today included. */
export function recentFrom(now: Date, days: number, zone: string): Date {
  return startOfLocalDay(formatLocalDay(new Date(now.getTime() - (days - 1) * 86_400_000), zone), zone)!;
}

type Counts = { question_id: string; day: string; score: number; n: string };
type SegmentCounts = Counts & { tier: string | null; region: string | null; plan: string | null };

/** Counted days are in this zone: the stored zone equals the one asked for. */
const countsInZone = (zone: string) => sql<boolean>`(SELECT zone FROM answer_counts_state) = ${zone}`;
const countsNotInZone = (zone: string) => sql<boolean>`(SELECT zone FROM answer_counts_state) IS DISTINCT FROM ${zone}`;

/**
 * Integer answers per question, local day and score from `from` on (a local midnight in `zone`),
 * optionally per segment: the counts plus the responses not yet moved into them. Branches whose
 * zone test fails are skipped by PostgreSQL as a whole (a one-time filter).
 */
function dailyAnswerCounts(from: Date, zone: string, bySegment: boolean): RawBuilder<Counts & Partial<SegmentCounts>> {
  const day = sql`(r.submitted_at AT TIME ZONE ${zone})::date`;
  const segmentCols = bySegment ? sql`, r.segment->>'tier' AS tier, r.segment->>'region' AS region, r.segment->>'plan' AS plan` : sql``;
  const segmentGroup = bySegment ? sql`, tier, region, plan` : sql``;
  const fromRows = (moved: boolean) => sql`
    SELECT a.question_id, ${day} AS day, a.value_int AS score, count(*) AS n ${segmentCols}
    FROM responses r JOIN answers a ON a.response_id = r.id
    WHERE r.finished AND r.in_answer_counts = ${moved} AND r.submitted_at >= ${from} AND a.value_int IS NOT NULL
      ${moved ? sql`AND ${countsNotInZone(zone)}` : sql``}
    GROUP BY a.question_id, day, score ${segmentGroup}`;
  const table = bySegment ? sql`segment_answer_counts` : sql`answer_counts`;
  return sql`
    SELECT question_id, day, score, n ${segmentGroup} FROM ${table}
    WHERE day >= (${from}::timestamptz AT TIME ZONE ${zone})::date AND ${countsInZone(zone)}
    UNION ALL ${fromRows(false)}
    UNION ALL ${fromRows(true)}`;
}

export type MonthScoreCount = { type: string; month: string; score: number; n: string };

/** Answer counts per question type, month ("YYYY-MM" in the zone) and score, from a local month start on. */
export async function answerCountsByMonth(from: Date, zone: string, types: readonly string[]): Promise<MonthScoreCount[]> {
  const { rows } = await sql<MonthScoreCount>`
    SELECT q.type, to_char(c.day, 'YYYY-MM') AS month, c.score, sum(c.n) AS n
    FROM (${dailyAnswerCounts(from, zone, false)}) c
    JOIN questions q ON q.id = c.question_id AND q.type IN (${sql.join(types)})
    GROUP BY q.type, month, c.score`.execute(db);
  return rows;
}

export type SegmentScoreCount = {
  type: string;
  score: number;
  tier: string | null;
  region: string | null;
  plan: string | null;
  g_tier: number;
  g_region: number;
  n: string;
};

/** Answer counts per question type and score, per tier, per region and per plan (grouping sets), from a local midnight on. */
export async function answerCountsBySegment(from: Date, zone: string, types: readonly string[]): Promise<SegmentScoreCount[]> {
  const { rows } = await sql<SegmentScoreCount>`
    SELECT q.type, c.score, c.tier, c.region, c.plan, grouping(c.tier) AS g_tier, grouping(c.region) AS g_region, sum(c.n) AS n
    FROM (${dailyAnswerCounts(from, zone, true)}) c
    JOIN questions q ON q.id = c.question_id AND q.type IN (${sql.join(types)})
    GROUP BY GROUPING SETS ((q.type, c.score, c.tier), (q.type, c.score, c.region), (q.type, c.score, c.plan))`.execute(db);
  return rows;
}

/** All-time answer counts per score of these questions. Totals do not depend on the zone the days are in. */
export async function answerCountsOf(questionIds: string[]): Promise<{ question_id: string; score: number; n: string }[]> {
  if (!questionIds.length) return [];
  const ids = sql.join(questionIds.map((id) => sql`${id}::uuid`));
  const { rows } = await sql<{ question_id: string; score: number; n: string }>`
    SELECT question_id, score, sum(n) AS n FROM (
      SELECT question_id, score, n FROM answer_counts WHERE question_id IN (${ids})
      UNION ALL
      SELECT a.question_id, a.value_int, count(*)
      FROM responses r JOIN answers a ON a.response_id = r.id
      WHERE r.finished AND NOT r.in_answer_counts AND a.question_id IN (${ids}) AND a.value_int IS NOT NULL
      GROUP BY a.question_id, a.value_int
    ) c GROUP BY question_id, score`.execute(db);
  return rows;
}

/** Finished responses per survey: all of them, and those from a local midnight (in `zone`) on. */
export async function responseCountsOf(surveyIds: string[], recentFrom: Date, zone: string): Promise<{ survey_id: string; finished: string; recent: string }[]> {
  if (!surveyIds.length) return [];
  const ids = sql.join(surveyIds.map((id) => sql`${id}::uuid`));
  const recentDay = sql`(${recentFrom}::timestamptz AT TIME ZONE ${zone})::date`;
  const { rows } = await sql<{ survey_id: string; finished: string; recent: string }>`
    SELECT survey_id, sum(finished) AS finished, sum(recent) AS recent FROM (
      SELECT survey_id, n AS finished, CASE WHEN day >= ${recentDay} AND ${countsInZone(zone)} THEN n ELSE 0 END AS recent
      FROM response_counts WHERE survey_id IN (${ids})
      UNION ALL
      SELECT r.survey_id, count(*), count(*) FILTER (WHERE r.submitted_at >= ${recentFrom}) FROM responses r
      WHERE r.finished AND NOT r.in_answer_counts AND r.survey_id IN (${ids})
      GROUP BY r.survey_id
      UNION ALL
      SELECT r.survey_id, 0, count(*) FROM responses r
      WHERE r.finished AND r.in_answer_counts AND r.survey_id IN (${ids}) AND r.submitted_at >= ${recentFrom} AND ${countsNotInZone(zone)}
      GROUP BY r.survey_id
    ) c GROUP BY survey_id`.execute(db);
  return rows;
}

// ---- the job's writes -----------------------------------------------------------------------

/** Adds integer answers and finished responses of the rows `moved` selects (or flags) to the counts; returns how many responses. */
async function addToCounts(trx: Transaction<Database>, moved: RawBuilder<unknown>, zone: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    WITH moved AS (${moved}),
    counted AS (
      SELECT (m.submitted_at AT TIME ZONE ${zone})::date AS day, a.question_id, a.value_int AS score,
        m.segment->>'tier' AS tier, m.segment->>'region' AS region, m.segment->>'plan' AS plan, count(*) AS n
      FROM moved m JOIN answers a ON a.response_id = m.id
      WHERE a.value_int IS NOT NULL
      GROUP BY day, a.question_id, score, tier, region, plan
    ),
    daily AS (
      INSERT INTO answer_counts (day, question_id, score, n)
      SELECT day, question_id, score, sum(n) FROM counted GROUP BY day, question_id, score
      ON CONFLICT (day, question_id, score) DO UPDATE SET n = answer_counts.n + excluded.n
    ),
    surveys AS (
      INSERT INTO response_counts (day, survey_id, n)
      SELECT (submitted_at AT TIME ZONE ${zone})::date AS day, survey_id, count(*) FROM moved GROUP BY day, survey_id
      ON CONFLICT (day, survey_id) DO UPDATE SET n = response_counts.n + excluded.n
    ),
    segments AS (
      INSERT INTO segment_answer_counts (day, question_id, score, tier, region, plan, n)
      SELECT day, question_id, score, tier, region, plan, n FROM counted
      ON CONFLICT ON CONSTRAINT segment_answer_counts_key DO UPDATE SET n = segment_answer_counts.n + excluded.n
    )
    SELECT count(*) AS n FROM moved`.execute(trx);
  return Number(rows[0].n);
}

/**
 * Moves finished responses into the answer counts, BATCH at a time, each batch one transaction
 * (so counts and flags never disagree). Counts every moved response again first when the
 * organisation's zone is not the one the days were counted in. Runs under an advisory lock: two
 * servers never interleave a rebuild and a batch.
 */
export async function countNewAnswers(limit = BATCH): Promise<{ rebuilt: boolean; moved: number }> {
  const zone = await orgTimeZone();
  let rebuilt = false;
  let moved = 0;
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext('trustloop.answer_counts'))`.execute(trx);
      const state = await trx.selectFrom("answer_counts_state").select("zone").executeTakeFirst();
      let rebuiltNow = false;
      if (state?.zone !== zone) {
        await trx.deleteFrom("answer_counts").execute();
        await trx.deleteFrom("segment_answer_counts").execute();
        await trx.deleteFrom("response_counts").execute();
        await addToCounts(trx, sql`SELECT id, survey_id, submitted_at, segment FROM responses WHERE finished AND in_answer_counts`, zone);
        await trx
          .insertInto("answer_counts_state")
          .values({ zone })
          .onConflict((oc) => oc.column("id").doUpdateSet({ zone, rebuilt_at: new Date() }))
          .execute();
        rebuiltNow = true;
      }
      // Flags and counts in one statement.
      const flagged = sql`
        UPDATE responses SET in_answer_counts = true
        WHERE id IN (SELECT id FROM responses WHERE finished AND NOT in_answer_counts LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id, survey_id, submitted_at, segment`;
      return { rebuiltNow, moved: await addToCounts(trx, flagged, zone) };
    });
    rebuilt ||= batch.rebuiltNow;
    moved += batch.moved;
    if (batch.moved < limit) break;
  }
  // After a catch-up (a first run over existing data, an import of responses, a rebuild) the
  // flags' statistics are stale and every upserted count left a dead row version: without this,
  // the planner expects the pending responses to be many and reads scan the bloat.
  if (rebuilt || moved >= limit) await sql`VACUUM (ANALYZE) responses, answer_counts, segment_answer_counts, response_counts`.execute(db);
  return { rebuilt, moved };
}
