import { runQueuedDiscoveryRuns } from "~/models/theme.server";
import type { Job } from "./runner.server";

/**
 * Theme discovery runs, claimed by a lease on the discovery_runs row (so two processes never
 * compute one run). The handler is a plain function of the run (executeDiscoveryRun); moving it
 * onto the pg-boss queue is a change of this line.
 */
export const discoveryJob: Job = { name: "discovery", everyMs: 2_000, run: (now) => runQueuedDiscoveryRuns(now) };
