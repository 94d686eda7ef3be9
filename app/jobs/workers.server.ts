import { DISCOVERY_JOB, discoveryJobHandler, discoveryWorkerOptions } from "./discovery.server";
import { registerWorker } from "./queue.server";

/**
 * Every queue worker the server runs (see queue.server.ts). One line per job kind: the server
 * registers these before it starts the queue, and tests that need a kind register it themselves.
 */

export async function registerWorkers(): Promise<void> {
  await registerWorker(DISCOVERY_JOB, discoveryJobHandler, discoveryWorkerOptions);
  // Added by each job kind, e.g.: await registerWorker(IMPORT_JOB, runImportJob, { ... });
}
