import { sql } from "kysely";
import { db } from "~/db.server";
import { databaseUnavailable } from "~/utils/failures.server";

const timeoutMs = 2000;

/** null when the database answers within 2 s, else why not (a SQLSTATE, a socket code, "timeout"). */
export async function databaseProblem(): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
  try {
    return await Promise.race([
      sql`SELECT 1`.execute(db).then(() => null),
      timeout,
    ]);
  } catch (error) {
    return databaseUnavailable(error) ?? "error";
  } finally {
    clearTimeout(timer);
  }
}
