import { configFromEnv, createDb, type Db, type DbHandle } from "../db/client";
import { singleton } from "./utils/singleton.server";

export function dbHandle(): DbHandle {
  return singleton("db", () => createDb(configFromEnv()));
}

/**
 * The app's Kysely instance. Resolved at each use rather than at import, so whoever sets up the
 * process (app/server.ts, or the test harness with its own database) decides which database it is.
 */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const real = dbHandle().db as unknown as Record<PropertyKey, unknown>;
    const value = real[prop];
    return typeof value === "function" ? (value as Function).bind(real) : value;
  },
});
export type { Db };
