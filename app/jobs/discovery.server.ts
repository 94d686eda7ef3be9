import { DISCOVERY_JOB, runDiscoveryJob } from "~/models/theme.server";

/**
 * Theme discovery runs on the pg-boss queue (queue.server.ts): a request enqueues the run's id,
 * a worker runs it. The handler is a plain function of the run id; it claims the run with a lease
 * on the discovery_runs row first, so a retry or a second worker never computes one run twice.
 */
export { DISCOVERY_JOB };
export const discoveryJobHandler = async (data: { runId: string }) => runDiscoveryJob(data.runId);
/** A run is one pure computation; one retry covers a worker that died, the lease covers the rest. */
export const discoveryWorkerOptions = { retryLimit: 1, expireInSeconds: 30 * 60 };
