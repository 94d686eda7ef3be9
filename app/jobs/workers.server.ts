/**
 * Every queue worker the server runs (see queue.server.ts). One line per job kind: the server
 * registers these before it starts the queue; `startTestApp({ queue: true })` does the same.
 */
import { IMPORT_JOB, runImportJob } from "~/models/import.server";
import { registerWorker } from "./queue.server";

export async function registerWorkers(): Promise<void> {
  // A worker that died mid-import leaves the job active: after an hour pg-boss retries it, and
  // the import itself shows as stopped (retryable by hand) once its heartbeat is a minute old.
  await registerWorker(IMPORT_JOB, runImportJob, { retryLimit: 2, retryDelay: 5, expireInSeconds: 3600 });
}
