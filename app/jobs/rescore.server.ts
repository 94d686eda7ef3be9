// Re-scores every feedback item after the sentiment model changes (models/sentiment.server.ts
// queues a run). A run is claimed with a lease and processed in batches of 1,000, each its own
// transaction with the cursor; a worker that dies leaves the run to the next claim once the lease
// ends, and it resumes after the last committed batch. Items still unscored (written before
// sentiment existed) are scored at each tick too.
import { claimRescore, rescoreNextBatch, scoreUnscoredItems, scorerForKey } from "~/models/sentiment.server";
import type { Job } from "./runner.server";

const LEASE_MS = 60_000;

export type RescoreTick = { runId: string | null; batches: number; unscored: number };

/** One tick: claims an open run and works it until it ends (or `maxBatches`), then backfills unscored items. */
export async function runRescore(opts: { now?: () => Date; maxBatches?: number; batch?: number } = {}): Promise<RescoreTick> {
  const now = opts.now ?? (() => new Date());
  const run = await claimRescore(now(), LEASE_MS);
  let batches = 0;
  if (run) {
    const scorer = await scorerForKey(run.modelKey);
    while (batches < (opts.maxBatches ?? Infinity)) {
      batches++;
      if (!(await rescoreNextBatch(run.id, scorer, now(), LEASE_MS, opts.batch))) break;
    }
  }
  const unscored = await scoreUnscoredItems();
  return { runId: run?.id ?? null, batches, unscored };
}

export const rescoreJob: Job = { name: "sentiment-rescore", everyMs: 2_000, run: () => runRescore() };
