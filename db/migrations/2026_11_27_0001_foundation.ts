import { sql, type Kysely } from "kysely";

// Written as plain SQL that PostgreSQL 15 (the service) and PGlite (Postgres 18) both accept.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE app_settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL
    );

    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'manager', 'analyst')),
      password_hash text NOT NULL,
      locale text NOT NULL DEFAULT 'ko' CHECK (locale IN ('ko', 'en')),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX sessions_user_id ON sessions(user_id);

    -- Failed sign-ins per key (email and client address), to slow down guessing.
    CREATE TABLE login_failures (
      key text PRIMARY KEY,
      count integer NOT NULL,
      first_at timestamptz NOT NULL,
      last_at timestamptz NOT NULL
    );

    CREATE TABLE accounts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      email text,
      tier text NOT NULL,
      region text NOT NULL,
      plan text NOT NULL,
      locale text NOT NULL DEFAULT 'ko' CHECK (locale IN ('ko', 'en')),
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE surveys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      title jsonb NOT NULL,
      intro jsonb NOT NULL DEFAULT '{}'::jsonb,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
      anonymous boolean NOT NULL DEFAULT false,
      closes_at timestamptz,
      response_limit integer CHECK (response_limit IS NULL OR response_limit > 0),
      metric_definitions jsonb NOT NULL,
      min_segment_n integer NOT NULL DEFAULT 30 CHECK (min_segment_n > 0),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE questions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
      position integer NOT NULL,
      page integer NOT NULL DEFAULT 1 CHECK (page >= 1),
      type text NOT NULL CHECK (type IN ('nps', 'csat', 'ces', 'rating', 'single', 'multi', 'text')),
      required boolean NOT NULL DEFAULT true,
      prompt jsonb NOT NULL,
      options jsonb NOT NULL DEFAULT '[]'::jsonb,
      why_prompt jsonb,
      UNIQUE (survey_id, position)
    );

    CREATE TABLE links (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
      token text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('public', 'single')),
      account_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
      hidden jsonb NOT NULL DEFAULT '{}'::jsonb,
      locale text CHECK (locale IN ('ko', 'en')),
      expires_at timestamptz,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX links_survey_id ON links(survey_id);

    CREATE TABLE responses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
      link_id uuid REFERENCES links(id) ON DELETE SET NULL,
      account_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
      -- One key per rendered form, so a double click or a resubmit stores one response.
      submission_key text NOT NULL UNIQUE,
      segment jsonb NOT NULL DEFAULT '{}'::jsonb,
      locale text NOT NULL CHECK (locale IN ('ko', 'en')),
      finished boolean NOT NULL DEFAULT false,
      last_page integer NOT NULL DEFAULT 0,
      ip text,
      started_at timestamptz NOT NULL DEFAULT now(),
      submitted_at timestamptz,
      duration_seconds integer
    );
    CREATE INDEX responses_survey_submitted ON responses(survey_id, submitted_at);

    CREATE TABLE answers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      response_id uuid NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
      question_id uuid NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
      value_int integer,
      value_text text,
      choices jsonb,
      why_text text,
      UNIQUE (response_id, question_id)
    );
    CREATE INDEX answers_question_id ON answers(question_id);

    CREATE TABLE feedback_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source text NOT NULL CHECK (source IN ('survey', 'interview', 'import')),
      response_id uuid REFERENCES responses(id) ON DELETE CASCADE,
      question_id uuid REFERENCES questions(id) ON DELETE SET NULL,
      account_id uuid REFERENCES accounts(id) ON DELETE SET NULL,
      segment jsonb NOT NULL DEFAULT '{}'::jsonb,
      language text NOT NULL DEFAULT 'other',
      text text NOT NULL CHECK (length(text) > 0),
      score integer,
      score_scale text CHECK (score_scale IN ('nps', 'csat', 'ces', 'rating', 'stars')),
      occurred_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX feedback_items_response_id ON feedback_items(response_id);
    CREATE UNIQUE INDEX feedback_items_answer ON feedback_items(response_id, question_id) WHERE source = 'survey';

    CREATE TABLE audit_events (
      id bigserial PRIMARY KEY,
      user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      action text NOT NULL,
      target_type text NOT NULL,
      target_id text,
      detail jsonb NOT NULL DEFAULT '{}'::jsonb,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX audit_events_at ON audit_events(at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE audit_events, feedback_items, answers, responses, links, questions, surveys,
      accounts, login_failures, sessions, users, app_settings;
  `.execute(db);
}
