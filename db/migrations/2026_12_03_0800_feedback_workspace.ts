import { sql, type Kysely } from "kysely";

// The feedback workspace: every feedback item gets a sentiment estimate (label, score,
// confidence and the model that made it, so a model switch can re-score and say which items
// are stale), interview notes whose passages are feedback items, and themes with examples and
// assignments (by the model with a confidence, or by hand, which wins). Imports and discovery
// runs add their own tables in later migrations.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE interviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
      held_on date NOT NULL,
      interviewer text NOT NULL CHECK (length(btrim(interviewer)) > 0),
      participants text NOT NULL DEFAULT '',
      body text NOT NULL CHECK (length(btrim(body)) > 0),
      language text NOT NULL CHECK (language IN ('ko', 'en', 'other')),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX interviews_account ON interviews(account_id, held_on);

    ALTER TABLE feedback_items
      ADD COLUMN sentiment_label text CHECK (sentiment_label IN ('negative', 'neutral', 'positive')),
      -- -1 (negative) .. 1 (positive)
      ADD COLUMN sentiment_score double precision CHECK (sentiment_score BETWEEN -1 AND 1),
      ADD COLUMN sentiment_confidence double precision CHECK (sentiment_confidence BETWEEN 0 AND 1),
      ADD COLUMN sentiment_model text,
      ADD COLUMN interview_id uuid REFERENCES interviews(id) ON DELETE CASCADE,
      -- Position of the passage in its interview (0-based).
      ADD COLUMN passage_index integer CHECK (passage_index >= 0),
      -- Where an imported row came from: the source's name ("App Store", "Zendesk") and its id there.
      ADD COLUMN source_name text,
      ADD COLUMN external_id text,
      ADD CONSTRAINT feedback_items_interview_passage
        CHECK ((source = 'interview') = (interview_id IS NOT NULL AND passage_index IS NOT NULL));
    CREATE UNIQUE INDEX feedback_items_passage ON feedback_items(interview_id, passage_index) WHERE interview_id IS NOT NULL;
    CREATE INDEX feedback_items_occurred ON feedback_items(occurred_at);
    CREATE INDEX feedback_items_account ON feedback_items(account_id, occurred_at);
    CREATE INDEX feedback_items_sentiment_model ON feedback_items(sentiment_model);

    CREATE TABLE themes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(btrim(name)) > 0),
      description text NOT NULL DEFAULT '',
      origin text NOT NULL CHECK (origin IN ('seeded', 'discovered')),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
      -- The SLA area a theme speaks to, so review rules can map a costly theme to an objective.
      sla_area text CHECK (sla_area IN ('response_speed', 'resolution', 'availability', 'service_hours', 'communication')),
      merged_into_id uuid REFERENCES themes(id) ON DELETE SET NULL,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX themes_active_name ON themes(lower(name)) WHERE status = 'active';

    -- The seeds of the seeded classifier: typed text, or an item picked (or reassigned by hand).
    CREATE TABLE theme_examples (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      theme_id uuid NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
      feedback_item_id uuid REFERENCES feedback_items(id) ON DELETE CASCADE,
      text text NOT NULL CHECK (length(btrim(text)) > 0),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX theme_examples_theme ON theme_examples(theme_id);
    CREATE UNIQUE INDEX theme_examples_item ON theme_examples(theme_id, feedback_item_id) WHERE feedback_item_id IS NOT NULL;

    -- An item's themes. 'hand' wins over 'model': the model never overwrites a hand assignment.
    CREATE TABLE theme_assignments (
      feedback_item_id uuid NOT NULL REFERENCES feedback_items(id) ON DELETE CASCADE,
      theme_id uuid NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
      confidence double precision CHECK (confidence BETWEEN 0 AND 1),
      assigned_by text NOT NULL CHECK (assigned_by IN ('model', 'hand')),
      user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      assigned_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (feedback_item_id, theme_id),
      CHECK (assigned_by = 'hand' OR confidence IS NOT NULL)
    );
    CREATE INDEX theme_assignments_theme ON theme_assignments(theme_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE theme_assignments, theme_examples, themes;
    DROP INDEX feedback_items_passage, feedback_items_occurred, feedback_items_account, feedback_items_sentiment_model;
    ALTER TABLE feedback_items DROP CONSTRAINT feedback_items_interview_passage,
      DROP COLUMN sentiment_label, DROP COLUMN sentiment_score, DROP COLUMN sentiment_confidence,
      DROP COLUMN sentiment_model, DROP COLUMN interview_id, DROP COLUMN passage_index,
      DROP COLUMN source_name, DROP COLUMN external_id;
    DROP TABLE interviews;
  `.execute(db);
}
