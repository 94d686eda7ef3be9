import { sql, type Kysely } from "kysely";

// Survey housekeeping: archiving (a survey with responses is archived, never deleted) and
// surveys in one language. `languages` lists the languages the survey's content is written in;
// respondents see only those.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE surveys ADD COLUMN archived_at timestamptz;
    ALTER TABLE surveys ADD COLUMN languages jsonb NOT NULL DEFAULT '["ko", "en"]'::jsonb
      CHECK (languages IN ('["ko", "en"]'::jsonb, '["ko"]'::jsonb, '["en"]'::jsonb));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE surveys DROP COLUMN languages;
    ALTER TABLE surveys DROP COLUMN archived_at;
  `.execute(db);
}
