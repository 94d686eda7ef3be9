/**
 * The job queue: pg-boss 10 over our own database handle, on PostgreSQL and on PGlite alike.
 * Long work (imports, discovery runs, re-scoring) is enqueued by a request and run by a worker
 * in the server process, with retries. pg-boss keeps its tables in the `pgboss` schema, beside
 * (never inside) our migrations; `installQueueSchema` creates it ahead of time (the test template
 * does, so each test database starts with it), and `startQueue` creates or upgrades it otherwise.
 *
 * Handlers are plain async functions `(data, job) => Promise<void>`: a test can call one directly
 * without a queue. A handler that throws fails the job, which pg-boss retries up to the worker's
 * `retryLimit`; a job whose worker died (kill -9) stays active until `expireInSeconds`, then
 * counts as failed and is retried the same way.
 *
 * State lives in the process-wide singleton store, so the Remix build (a separate bundle of these
 * modules) and the server/test code that started the queue share one instance.
 */
import { CompiledQuery } from "kysely";
import PgBoss from "pg-boss";
import type { Db } from "../../db/client";
import { singleton } from "../utils/singleton.server";

export const QUEUE_SCHEMA = "pgboss";

export type JobInfo = { id: string; name: string; retryCount: number };
export type JobHandler<T = any> = (data: T, job: JobInfo) => Promise<unknown>;
export type WorkerOptions = {
  /** Retries after the first failure (default 2). */
  retryLimit?: number;
  /** Seconds between tries (default 1). */
  retryDelay?: number;
  /** A job still active after this long counts as failed (its worker died); default 15 minutes. */
  expireInSeconds?: number;
  /** How often an idle worker looks for a job (pg-boss minimum 0.5 s; default 1 s). */
  pollingIntervalSeconds?: number;
};
type Worker = { name: string; handler: JobHandler; options: WorkerOptions };

type QueueState = {
  boss: PgBoss | null;
  starting: Promise<PgBoss> | null;
  workers: Map<string, Worker>;
  /** Names whose pg-boss worker is running in this process. */
  working: Set<string>;
  /** Queues known to exist (created by this process). */
  created: Set<string>;
};

const state = (): QueueState =>
  singleton<QueueState>("queue", () => ({ boss: null, starting: null, workers: new Map(), working: new Set(), created: new Set() }));

/** pg-boss's `db` option: every statement goes through our Kysely pool (pg Pool or PGlite's). */
function bossDb(db: Db) {
  return {
    // Without values pg uses the simple protocol, which runs pg-boss's multi-statement plans.
    executeSql: (text: string, values?: unknown[]) => db.executeQuery(CompiledQuery.raw(text, values ?? [])),
  };
}

function newBoss(db: Db, extra: Partial<PgBoss.ConstructorOptions> = {}): PgBoss {
  const boss = new PgBoss({
    db: bossDb(db),
    schema: QUEUE_SCHEMA,
    // Cron scheduling is not used (periodic work, such as the outbox sweep, is in runner.server.ts); it would poll every 30 s.
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: 30,
    ...extra,
  } as PgBoss.ConstructorOptions);
  boss.on("error", (error: Error) => console.error(`queue: ${error.message}`));
  return boss;
}

/** Creates (or upgrades) the pgboss schema without starting any worker or timer. */
export async function installQueueSchema(db: Db): Promise<void> {
  const boss = newBoss(db, { supervise: false });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
}

/** Starts the queue on `db` and every worker registered so far (and later). Idempotent. */
export async function startQueue(db: Db): Promise<PgBoss> {
  const s = state();
  if (s.boss) return s.boss;
  s.starting ??= (async () => {
    const boss = newBoss(db);
    await boss.start();
    s.boss = boss;
    for (const worker of s.workers.values()) await startWorker(boss, worker);
    return boss;
  })().finally(() => (s.starting = null));
  return s.starting;
}

/** Stops the workers, waiting (up to `timeoutMs`) for jobs in progress, so the database can close under none. */
export async function stopQueue(timeoutMs = 10_000): Promise<void> {
  const s = state();
  if (s.starting) await s.starting.catch(() => undefined);
  const boss = s.boss;
  if (!boss) return;
  s.boss = null;
  s.working.clear();
  s.created.clear();
  await new Promise<void>((resolve) => {
    boss.once("stopped", () => resolve());
    boss.stop({ graceful: true, wait: true, timeout: timeoutMs }).catch(() => resolve());
  });
}

export function queueRunning(): boolean {
  return state().boss !== null;
}

/**
 * Whether `enqueue(name, data, { trx })` can run now without a round trip outside the
 * transaction: the queue is started in this process and `name` exists (a registered worker's
 * queue is created at start). Code that has a fallback (a sweep) checks this instead of failing.
 */
export function queueReady(name: string): boolean {
  const s = state();
  return s.boss !== null && s.created.has(name);
}

/**
 * Registers the handler for jobs named `name`; it runs in this process once the queue is started
 * (now, if it already is). Registering a name again replaces the handler for the next start.
 */
export async function registerWorker<T>(name: string, handler: JobHandler<T>, options: WorkerOptions = {}): Promise<void> {
  const s = state();
  const worker: Worker = { name, handler: handler as JobHandler, options };
  s.workers.set(name, worker);
  if (s.boss) await startWorker(s.boss, worker);
}

async function startWorker(boss: PgBoss, worker: Worker): Promise<void> {
  const s = state();
  await ensureQueue(boss, worker.name, worker.options);
  if (s.working.has(worker.name)) return;
  s.working.add(worker.name);
  const options = { pollingIntervalSeconds: worker.options.pollingIntervalSeconds ?? 1, batchSize: 1, includeMetadata: true as const };
  await boss.work<any>(worker.name, options, async (jobs) => {
    for (const job of jobs) {
      // Looked up per job, so a handler registered again takes over.
      const current = s.workers.get(worker.name) ?? worker;
      await current.handler(job.data, { id: job.id, name: job.name, retryCount: job.retryCount });
    }
  });
}

async function ensureQueue(boss: PgBoss, name: string, options: WorkerOptions, update = true): Promise<void> {
  const queue = {
    name,
    retryLimit: options.retryLimit ?? 2,
    retryDelay: options.retryDelay ?? 1,
    expireInSeconds: options.expireInSeconds ?? 15 * 60,
  };
  // createQueue does nothing when the queue exists; updateQueue brings its options up to date.
  await boss.createQueue(name, queue);
  if (update) await boss.updateQueue(name, queue);
  state().created.add(name);
}

async function startedBoss(): Promise<PgBoss> {
  const s = state();
  const boss = s.boss ?? (s.starting ? await s.starting : null);
  if (!boss) throw new Error("queue not started");
  return boss;
}

/**
 * Makes sure the queue `name` exists; call it before `enqueue(name, data, { trx })`, outside the
 * transaction (on PGlite a transaction holds the only connection).
 */
export async function prepareQueue(name: string): Promise<void> {
  const s = state();
  if (s.created.has(name)) return;
  const worker = s.workers.get(name);
  await ensureQueue(await startedBoss(), name, worker?.options ?? {}, !!worker);
}

/**
 * Adds a job; a worker in any process started on the same database runs it. Returns the job id.
 * The queue must be started in this process (the server does; tests call startQueue). With
 * `trx`, the job is inserted in that transaction: it exists if and only if the change commits
 * (call prepareQueue(name) before opening the transaction).
 */
export async function enqueue<T extends object>(name: string, data: T, options: PgBoss.SendOptions & { trx?: Db } = {}): Promise<string> {
  const s = state();
  const boss = s.boss ?? (s.starting ? await s.starting : null);
  if (!boss) throw new Error(`queue not started: cannot enqueue ${name}`);
  const { trx, ...send } = options;
  if (trx) {
    if (!s.created.has(name)) throw new Error(`queue ${name} not prepared: call prepareQueue before the transaction`);
    send.db = bossDb(trx);
  } else await prepareQueue(name);
  const id = await boss.send(name, data, send);
  if (!id) throw new Error(`queue refused job ${name}`);
  return id;
}

/**
 * Of `keys`, those that have a live job (created, retry or active) named `name` with that
 * `singletonKey`. On a standard queue the key does not deduplicate; it only tags the job.
 */
export async function liveJobKeys(name: string, keys: string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const boss = await startedBoss();
  const { rows } = await boss
    .getDb()
    .executeSql(`SELECT DISTINCT singleton_key AS key FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state < 'completed' AND singleton_key = ANY($2::text[])`, [name, keys]);
  return new Set(rows.map((r: { key: string }) => r.key));
}

/** A job's state as pg-boss keeps it (created, retry, active, completed, cancelled, failed), or null. */
export async function jobState(name: string, id: string): Promise<{ state: string; retryCount: number } | null> {
  const boss = state().boss;
  if (!boss) throw new Error("queue not started");
  const job = await boss.getJobById(name, id);
  return job ? { state: job.state, retryCount: job.retryCount } : null;
}
