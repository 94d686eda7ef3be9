import { IMPORT_JOB, runImportJob } from "~/models/import.server";
import { DISCOVERY_JOB, discoveryJobHandler, discoveryWorkerOptions } from "./discovery.server";
import { OUTBOX_JOB } from "~/models/outbox.server";
import { outboxJobHandler, outboxWorkerOptions } from "./outbox.server";
import { registerWorker } from "./queue.server";

/**
 * Every queue worker the server runs (see queue.server.ts). One line per job kind: the server
 * registers these before it starts the queue, and tests that need a kind register it themselves.
 */
export async function registerWorkers(): Promise<void> {
  await registerWorker(DISCOVERY_JOB, discoveryJobHandler, discoveryWorkerOptions);
  // A worker that died mid-import leaves the job active: after an hour pg-boss retries it, and
  // the import itself shows as stopped (retryable by hand) once its heartbeat is a minute old.
  await registerWorker(IMPORT_JOB, runImportJob, { retryLimit: 2, retryDelay: 5, expireInSeconds: 3600 });
  await registerWorker(OUTBOX_JOB, outboxJobHandler, outboxWorkerOptions);
}
