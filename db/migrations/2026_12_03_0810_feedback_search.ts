import { sql, type Kysely } from "kysely";

// Text search over feedback that works for Korean as for English: trigrams (pg_trgm) index any
// script, so ILIKE '%환불%' and ILIKE '%refund%' both use the GIN index (full text search has no
// Korean parser in either database). PGlite loads the extension from db/client.ts.
// Re-scoring runs: a model switch re-scores every feedback item in batches; the cursor and the
// counts are committed with each batch, so a crashed run resumes where it stopped.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE INDEX feedback_items_text_trgm ON feedback_items USING gin (text gin_trgm_ops);
    CREATE INDEX feedback_items_source_occurred ON feedback_items(source, occurred_at);

    CREATE TABLE sentiment_rescores (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      -- What the items are re-scored with: 'shipped' or the organisation model's id.
      model_key text NOT NULL,
      status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'superseded', 'failed')),
      total integer NOT NULL DEFAULT 0 CHECK (total >= 0),
      done integer NOT NULL DEFAULT 0 CHECK (done >= 0),
      -- Keyset cursor: the last feedback item id re-scored.
      cursor_id uuid,
      lease_until timestamptz,
      error text,
      requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    );
    CREATE INDEX sentiment_rescores_open ON sentiment_rescores(created_at) WHERE status IN ('queued', 'running');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE sentiment_rescores;
    DROP INDEX feedback_items_text_trgm, feedback_items_source_occurred;
  `.execute(db);
}
