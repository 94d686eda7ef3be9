/**
 * A queue worker in a process of its own, for tests that kill it (tests/app/import-crash.test.ts):
 * the app's workers (workers.server.ts) on DATABASE_URL, until it is killed.
 */
import { createDb } from "../../db/client";
import { singleton } from "../../app/utils/singleton.server";
import { registerWorkers } from "../../app/jobs/workers.server";
import { startQueue } from "../../app/jobs/queue.server";

const handle = singleton("db", () => createDb({ databaseUrl: process.env.DATABASE_URL }));
await registerWorkers();
await startQueue(handle.db);
console.log("worker ready");
setInterval(() => undefined, 60_000);
