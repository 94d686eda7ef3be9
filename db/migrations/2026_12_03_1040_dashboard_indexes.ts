import { sql, type Kysely } from "kysely";

// The dashboard's recent-period reads (segments over the last 30 days, the survey cards' recent
// counts) take finished responses by submission time across every survey; the only index on
// submitted_at led with survey_id.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX responses_finished_submitted ON responses(submitted_at) WHERE finished`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX responses_finished_submitted`.execute(db);
}
