import { randomBytes } from "node:crypto";
import { isPostgresUrl, migrateToLatest, type Db } from "./client";

/**
 * Demo data (sign-ins everyone knows) is for trying Trustloop out: never on PostgreSQL in
 * production. TRUSTLOOP_DEMO=0 or 1 overrides.
 */
export function isDemoMode(env: Record<string, string | undefined> = process.env): boolean {
  if (env.TRUSTLOOP_DEMO === "0") return false;
  if (env.TRUSTLOOP_DEMO === "1") return true;
  return !(isPostgresUrl(env.DATABASE_URL) && env.NODE_ENV === "production");
}

/** Everything a database needs before the app serves: migrations, a session and a link-signing secret. */
export async function prepareDatabase(db: Db): Promise<{ applied: string[] }> {
  const applied = await migrateToLatest(db);
  await db
    .insertInto("app_settings")
    .values(["session_secret", "link_secret"].map((key) => ({ key, value: JSON.stringify(randomBytes(32).toString("base64url")) })))
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  return { applied };
}
