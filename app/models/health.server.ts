import { sql } from "kysely";
import { db } from "~/db.server";

export async function databaseAnswers(): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
