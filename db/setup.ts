import { randomBytes } from "node:crypto";
import { migrateToLatest, type Db } from "./client";

/**
 * Demo data (sign-ins everyone knows) is for trying Trustloop out: never with
 * NODE_ENV=production, whatever the database and whatever TRUSTLOOP_DEMO says. Outside
 * production it is on unless TRUSTLOOP_DEMO=0.
 */
export function isDemoMode(env: Record<string, string | undefined> = process.env): boolean {
  if (env.NODE_ENV === "production") return false;
  return env.TRUSTLOOP_DEMO !== "0";
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
