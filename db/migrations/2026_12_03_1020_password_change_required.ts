import { sql, type Kysely } from "kysely";

// An admin may create a user with an initial password; the user must choose their own at first
// sign-in (the staff layout sends them to My settings until they do).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN must_change_password`.execute(db);
}
