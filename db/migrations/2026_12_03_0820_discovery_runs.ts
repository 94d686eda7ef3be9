import { sql, type Kysely } from "kysely";

// Discovery runs: a clustering job over a slice of feedback items and the candidate themes it
// proposes. The candidates live in one jsonb document per run (label, size, share, mean
// sentiment, stability, quote item ids, member item ids and their similarity): they are read and
// acted on as a whole, and accepting one copies its items into theme_assignments. The lease
// columns let the periodic job runner claim a run without two workers computing the same one.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE discovery_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      filters jsonb NOT NULL DEFAULT '{}'::jsonb,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
      progress_done integer NOT NULL DEFAULT 0 CHECK (progress_done >= 0),
      progress_total integer NOT NULL DEFAULT 0 CHECK (progress_total >= 0),
      candidates jsonb NOT NULL DEFAULT '[]'::jsonb,
      seed integer NOT NULL DEFAULT 1,
      stability double precision,
      error text,
      lease_until timestamptz,
      started_at timestamptz,
      finished_at timestamptz,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX discovery_runs_status ON discovery_runs(status, created_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE discovery_runs;
  `.execute(db);
}
