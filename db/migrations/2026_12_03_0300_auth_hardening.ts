import { sql, type Kysely } from "kysely";

// Demo users are flagged, so production can refuse them whatever database they were seeded into;
// audit events get indexes for the admin's audit log filters.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE users ADD COLUMN is_demo boolean NOT NULL DEFAULT false;
    UPDATE users SET is_demo = true
      WHERE email IN ('admin@trustloop.local', 'manager@trustloop.local', 'analyst@trustloop.local');
    CREATE INDEX audit_events_user_at ON audit_events(user_id, at);
    CREATE INDEX audit_events_action_at ON audit_events(action, at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX audit_events_action_at;
    DROP INDEX audit_events_user_at;
    ALTER TABLE users DROP COLUMN is_demo;
  `.execute(db);
}
