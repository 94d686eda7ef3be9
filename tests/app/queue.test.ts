import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDb, type TestDb } from "../support/db";
import { enqueue, jobState, queueRunning, registerWorker, startQueue, stopQueue } from "../../app/jobs/queue.server";

// The job queue (pg-boss) on whichever database the suite runs on: PGlite through its pg-compatible
// pool, or PostgreSQL. The test template already holds the pgboss schema (global-setup).
let testDb: TestDb;

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  testDb = await createTestDb();
});

afterAll(async () => {
  await stopQueue();
  await testDb?.close();
});

describe("job queue", () => {
  it("finds the pgboss schema in the template and starts on it", async () => {
    const { rows } = await sql<{ version: number }>`SELECT version FROM pgboss.version`.execute(testDb.db);
    expect(rows).toHaveLength(1);
    const started = Date.now();
    await startQueue(testDb.db);
    expect(queueRunning()).toBe(true);
    // Only a version check when the schema is there; generous for a loaded machine.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("runs an enqueued job once, with its data", async () => {
    const seen: { data: unknown; retryCount: number }[] = [];
    await registerWorker<{ n: number }>("test-once", async (data, job) => void seen.push({ data, retryCount: job.retryCount }), { pollingIntervalSeconds: 0.5 });
    const id = await enqueue("test-once", { n: 7 });
    await until(async () => (await jobState("test-once", id))?.state === "completed");
    // Give a second worker poll the chance to run it again, which it must not.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(seen).toEqual([{ data: { n: 7 }, retryCount: 0 }]);
  });

  it("retries a failing job, then completes it", async () => {
    const tries: number[] = [];
    await registerWorker(
      "test-retry",
      async (_data, job) => {
        tries.push(job.retryCount);
        if (job.retryCount < 2) throw new Error("not yet");
      },
      { retryLimit: 3, retryDelay: 1, pollingIntervalSeconds: 0.5 },
    );
    const id = await enqueue("test-retry", {});
    await until(async () => (await jobState("test-retry", id))?.state === "completed", 30_000);
    expect(tries).toEqual([0, 1, 2]);
    expect(await jobState("test-retry", id)).toEqual({ state: "completed", retryCount: 2 });
  });

  it("gives up after retryLimit retries and marks the job failed", async () => {
    let tries = 0;
    await registerWorker(
      "test-fail",
      async () => {
        tries++;
        throw new Error("always");
      },
      { retryLimit: 1, retryDelay: 1, pollingIntervalSeconds: 0.5 },
    );
    const id = await enqueue("test-fail", {});
    await until(async () => (await jobState("test-fail", id))?.state === "failed", 30_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(tries).toBe(2);
  });

  it("stops, and refuses to enqueue while stopped", async () => {
    await stopQueue();
    expect(queueRunning()).toBe(false);
    await expect(enqueue("test-once", { n: 1 })).rejects.toThrow(/queue not started/);
  });
});
