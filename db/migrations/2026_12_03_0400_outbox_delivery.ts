import { sql, type Kysely } from "kysely";

// Delivery state for the outbox: a worker claims due rows with a lease (next_attempt_at moves
// ahead while it sends), so a crash mid-send retries after the lease instead of losing the row,
// and two workers never send the same row at once. After the last attempt a row is failed_at.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE outbox
      ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN last_error text,
      ADD COLUMN failed_at timestamptz;
    UPDATE outbox SET next_attempt_at = created_at;
    DROP INDEX outbox_unsent;
    CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX outbox_due;
    ALTER TABLE outbox DROP COLUMN attempts, DROP COLUMN next_attempt_at, DROP COLUMN last_error, DROP COLUMN failed_at;
    CREATE INDEX outbox_unsent ON outbox(created_at) WHERE sent_at IS NULL;
  `.execute(db);
}
