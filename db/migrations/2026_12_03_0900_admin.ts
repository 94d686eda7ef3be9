import { sql, type Kysely } from "kysely";

// Admin screens, time zones and survey invitations by email.
// - users: deactivated (cannot sign in, sessions ended), own time zone (null: the organisation's),
//   last sign-in.
// - user_tokens: one-time links (invite, password reset), stored as a SHA-256 of the token.
// - distributions + invitations: survey invitations sent to contacts through the outbox, with
//   one reminder; links.opened_at records the first view of a link page.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE users ADD COLUMN deactivated_at timestamptz;
    ALTER TABLE users ADD COLUMN time_zone text;
    ALTER TABLE users ADD COLUMN last_sign_in_at timestamptz;

    CREATE TABLE user_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      purpose text NOT NULL CHECK (purpose IN ('invite', 'reset')),
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );
    CREATE INDEX user_tokens_user ON user_tokens(user_id);

    ALTER TABLE links ADD COLUMN opened_at timestamptz;

    CREATE TABLE distributions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
      created_by uuid REFERENCES users(id) ON DELETE SET NULL,
      reminder_after_days integer CHECK (reminder_after_days IS NULL OR reminder_after_days BETWEEN 1 AND 60),
      reminder_sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX distributions_survey ON distributions(survey_id, created_at);
    CREATE INDEX distributions_reminder_due ON distributions(created_at) WHERE reminder_sent_at IS NULL AND reminder_after_days IS NOT NULL;

    CREATE TABLE invitations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      distribution_id uuid NOT NULL REFERENCES distributions(id) ON DELETE CASCADE,
      contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
      email text NOT NULL,
      link_id uuid NOT NULL REFERENCES links(id) ON DELETE CASCADE,
      outbox_id bigint REFERENCES outbox(id) ON DELETE SET NULL,
      reminder_outbox_id bigint REFERENCES outbox(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX invitations_distribution ON invitations(distribution_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE invitations;
    DROP TABLE distributions;
    ALTER TABLE links DROP COLUMN opened_at;
    DROP TABLE user_tokens;
    ALTER TABLE users DROP COLUMN last_sign_in_at;
    ALTER TABLE users DROP COLUMN time_zone;
    ALTER TABLE users DROP COLUMN deactivated_at;
  `.execute(db);
}
