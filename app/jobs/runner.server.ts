/**
 * Periodic jobs, started with the server (app/server.ts). A plain interval per job: a run that is
 * still going when the next is due is skipped, not stacked, and a failing run is logged in one
 * line and tried again at the next tick.
 */
export type Job = { name: string; everyMs: number; run: (now: Date) => Promise<unknown> };
export type RunningJobs = { stop: () => Promise<void> };

export function startJobs(jobs: Job[], log: (line: string) => void = console.error): RunningJobs {
  const running = new Map<string, Promise<void>>();
  const tick = (job: Job) => {
    if (running.has(job.name)) return;
    const run = job
      .run(new Date())
      .then(() => undefined)
      .catch((error: unknown) => log(`job ${job.name} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => running.delete(job.name));
    running.set(job.name, run);
  };
  const timers = jobs.map((job) => {
    const timer = setInterval(() => tick(job), job.everyMs);
    timer.unref();
    return timer;
  });
  return {
    // Waits for runs in progress, so the database is not closed under them.
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}
