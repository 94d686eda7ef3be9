import { sql, type Kysely } from "kysely";

// The theme-assignment job walks items in (created_at, id) order from its mark every run; without
// an index each run sorted every item (a parallel scan of 1,000,000 rows per batch of 2,000).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX feedback_items_created ON feedback_items(created_at, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX feedback_items_created`.execute(db);
}
