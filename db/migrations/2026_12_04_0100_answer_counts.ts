import { sql, type Kysely } from "kysely";

// Answer counts per question, local day and score (and per segment), so that the dashboard reads
// a few thousand rows instead of every answer. A job moves finished responses into the counts
// (in_answer_counts); readers add the few not yet moved, so figures are exact at every moment.
// Days are the organisation's calendar days in the zone recorded in answer_counts_state; a zone
// change rebuilds them. Existing responses start as not yet moved: the first run of the job
// counts them in batches.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE responses ADD COLUMN in_answer_counts boolean NOT NULL DEFAULT false`.execute(db);
  await sql`CREATE INDEX responses_answer_counts_pending ON responses(submitted_at) WHERE finished AND NOT in_answer_counts`.execute(db);
  await sql`
    CREATE TABLE answer_counts (
      day date NOT NULL,
      question_id uuid NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
      score integer NOT NULL,
      n bigint NOT NULL,
      PRIMARY KEY (day, question_id, score)
    )`.execute(db);
  await sql`
    CREATE TABLE segment_answer_counts (
      day date NOT NULL,
      question_id uuid NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
      score integer NOT NULL,
      tier text,
      region text,
      plan text,
      n bigint NOT NULL,
      CONSTRAINT segment_answer_counts_key UNIQUE NULLS NOT DISTINCT (day, question_id, score, tier, region, plan)
    )`.execute(db);
  // Finished responses per survey and day: the survey cards' totals and recent counts.
  await sql`
    CREATE TABLE response_counts (
      day date NOT NULL,
      survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
      n bigint NOT NULL,
      PRIMARY KEY (day, survey_id)
    )`.execute(db);
  // One row: the zone the days above are counted in.
  await sql`
    CREATE TABLE answer_counts_state (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      zone text NOT NULL,
      rebuilt_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE answer_counts_state, response_counts, segment_answer_counts, answer_counts`.execute(db);
  await sql`ALTER TABLE responses DROP COLUMN in_answer_counts`.execute(db);
}
