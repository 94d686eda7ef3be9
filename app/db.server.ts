import { configFromEnv, createDb } from "../db/client";
import { singleton } from "./utils/singleton.server";

// Construction opens nothing: pg and PGlite connect on the first query.
export const dbHandle = singleton("db", () => createDb(configFromEnv()));
export const db = dbHandle.db;
export type { Db } from "../db/client";
