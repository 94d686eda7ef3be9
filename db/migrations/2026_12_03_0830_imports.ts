import { sql, type Kysely } from "kysely";

// CSV imports of feedback (reviews, social posts, support tickets). An import is an uploaded file
// (kept on disk under UPLOAD_DIR while it is worked on), a column mapping and a queue job. The
// job parses the file into `import_rows` (staging, one attempt at a time) and moves every good
// row into feedback_items in ONE statement at the end, so a worker that dies mid-way leaves
// nothing in feedback_items: the retry clears the staging rows and starts again.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE imports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      filename text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('reviews', 'social', 'tickets', 'other')),
      status text NOT NULL DEFAULT 'uploaded'
        CHECK (status IN ('uploaded', 'queued', 'running', 'done', 'failed', 'cancelled')),
      -- What the staff member chose (auto = detect) and what was used.
      encoding text NOT NULL DEFAULT 'auto' CHECK (encoding IN ('auto', 'utf-8', 'cp949')),
      detected_encoding text CHECK (detected_encoding IN ('utf-8', 'cp949')),
      byte_size bigint NOT NULL DEFAULT 0,
      header jsonb NOT NULL DEFAULT '[]'::jsonb,
      mapping jsonb NOT NULL DEFAULT '{}'::jsonb,
      skip_bad_rows boolean NOT NULL DEFAULT false,
      rows_done integer NOT NULL DEFAULT 0,
      bytes_done bigint NOT NULL DEFAULT 0,
      rows_total integer,
      rows_imported integer NOT NULL DEFAULT 0,
      rows_duplicate integer NOT NULL DEFAULT 0,
      rows_failed integer NOT NULL DEFAULT 0,
      -- Raised by each claim of the job; only the attempt that claimed it may finish it.
      attempt integer NOT NULL DEFAULT 0,
      cancel_requested boolean NOT NULL DEFAULT false,
      -- Why it failed, as a message key (errors in rows, worker stopped, file gone, ...).
      failure text,
      job_id text,
      started_at timestamptz,
      heartbeat_at timestamptz,
      finished_at timestamptz,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX imports_created ON imports(created_at);

    -- Bad rows: line number in the file, the mapped column, a message key and its values.
    CREATE TABLE import_errors (
      id bigserial PRIMARY KEY,
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      line integer NOT NULL,
      field text NOT NULL,
      "column" text NOT NULL DEFAULT '',
      message text NOT NULL,
      params jsonb NOT NULL DEFAULT '{}'::jsonb
    );
    CREATE INDEX import_errors_import ON import_errors(import_id, id);

    CREATE TABLE import_rows (
      import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
      attempt integer NOT NULL,
      line integer NOT NULL,
      account_id uuid,
      text text NOT NULL,
      language text NOT NULL,
      score integer,
      score_scale text,
      occurred_at timestamptz NOT NULL,
      source_name text,
      external_id text,
      sentiment_label text,
      sentiment_score double precision,
      sentiment_confidence double precision,
      sentiment_model text,
      PRIMARY KEY (import_id, attempt, line)
    );

    ALTER TABLE feedback_items
      ADD COLUMN import_id uuid REFERENCES imports(id) ON DELETE SET NULL,
      ADD COLUMN import_row integer;
    -- Duplicates are skipped (ON CONFLICT DO NOTHING): the same id at the same source, or, for
    -- rows without an id, the same text at the same time from the same source.
    CREATE UNIQUE INDEX feedback_items_source_external ON feedback_items(coalesce(source_name, ''), external_id)
      WHERE external_id IS NOT NULL;
    CREATE UNIQUE INDEX feedback_items_import_text ON feedback_items(coalesce(source_name, ''), occurred_at, md5(text))
      WHERE source = 'import' AND external_id IS NULL;

    -- An account's id in the customer's other systems (CRM, helpdesk), for matching imported rows.
    ALTER TABLE accounts ADD COLUMN external_id text;
    CREATE UNIQUE INDEX accounts_external_id ON accounts(external_id) WHERE external_id IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX accounts_external_id;
    ALTER TABLE accounts DROP COLUMN external_id;
    DROP INDEX feedback_items_source_external, feedback_items_import_text;
    ALTER TABLE feedback_items DROP COLUMN import_id, DROP COLUMN import_row;
    DROP TABLE import_rows, import_errors, imports;
  `.execute(db);
}
