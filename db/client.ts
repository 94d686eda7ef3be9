import { Kysely, Migrator, PostgresDialect } from "kysely";
import { appendFileSync } from "node:fs";
import pg from "pg";
import type { Database } from "./schema";
import { migrations } from "./migrations/index";

export type Db = Kysely<Database>;

// bigint counts (count(*)) arrive as strings by default; our counts fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric too: percentages and means, never money beyond double precision.
pg.types.setTypeParser(1700, (v) => Number(v));

export type DbConfig = {
  /** postgres://... selects PostgreSQL through pg; anything else selects embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory ("memory://" for a throwaway database). */
  dataDir?: string;
};

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  return { databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR ?? ".data/pglite" };
}

/**
 * Extensions every PGlite instance of ours loads: the migrations create pg_trgm (feedback text
 * search), and a database that has it must be opened with it. Use for every PGlite.create.
 */
export async function pgliteExtensions() {
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  return { pg_trgm };
}

export type DbHandle = { db: Db; kind: "postgres" | "pglite"; close: () => Promise<void> };

type PGliteLike = { waitReady: Promise<void>; execProtocolStream: (message: Uint8Array, options?: object) => Promise<unknown> };

const slowLog = process.env.PGLITE_SLOW_LOG ? pgliteSlowLog(process.env.PGLITE_SLOW_LOG, Number(process.env.PGLITE_SLOW_MS ?? 20)) : null;

/** PGLITE_SLOW_LOG=file: appends each protocol message whose synchronous run took over PGLITE_SLOW_MS (20) ms, with the last statement's SQL. */
function pgliteSlowLog(file: string, overMs: number) {
  let lastSql = "";
  return (message: Uint8Array, ms: number) => {
    const type = String.fromCharCode(message[0]);
    if (type === "P" || type === "Q") {
      let i = 5;
      if (type === "P") while (message[i] !== 0) i++;
      const start = type === "P" ? i + 1 : 5;
      let end = start;
      while (end < message.length && message[end] !== 0) end++;
      lastSql = Buffer.from(message.subarray(start, end)).toString().replace(/\s+/g, " ");
    }
    if (ms > overMs) appendFileSync(file, `${new Date().toISOString().slice(11, 23)} ${ms.toFixed(1)} ms ${type} ${lastSql.slice(0, 300)}\n`);
  };
}

/**
 * A pg Pool over a PGlite instance (one connection: PGlite is one session). PGlite runs each
 * protocol message synchronously in WebAssembly on this thread, and its adapter chains the next
 * message in a microtask, so a request's queries and render would run as one unbroken stretch
 * and no other connection (a /healthz probe, another respondent) could even be accepted until it
 * ended. Each message first yields to the event loop (setImmediate), so other requests get their
 * turn between statements.
 */
export function pglitePool(
  instance: PGliteLike,
  createPgConfig: (pglite: PGliteLike) => unknown,
): pg.Pool {
  const yielding: PGliteLike = {
    get waitReady() {
      return instance.waitReady;
    },
    execProtocolStream: (message, options) =>
      new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (!slowLog) return instance.execProtocolStream(message, options);
        const t0 = performance.now();
        const result = instance.execProtocolStream(message, options);
        slowLog(message, performance.now() - t0);
        return result;
      }),
  };
  return new pg.Pool(createPgConfig(yielding) as pg.PoolConfig);
}

/** One Kysely instance over either database; the same dialect serves both. */
export function createDb(config: DbConfig = configFromEnv()): DbHandle {
  if (isPostgresUrl(config.databaseUrl)) {
    // A connection attempt to a database that is away fails within seconds instead of hanging.
    // JIT off: it compiles by estimated cost, and a branch that a one-time filter skips (the answer
    // counts' after-a-zone-change branch) is costed as a full scan: 1.5 s of compiling for a 5 ms query.
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10, connectionTimeoutMillis: 3000, options: "-c jit=off" });
    // A connection dropped by the server (restart, crash, admin) must not crash the process. The
    // pool listens on idle clients only; a client checked out between two queries of a transaction
    // emits its `error` with nobody listening, so every client gets a listener of its own. The
    // query in flight fails (the app answers 503) and the pool discards the dead client on release.
    const lost = (error: Error) => console.error(`database connection lost: ${error.message}`);
    pool.on("error", lost);
    pool.on("connect", (client) => client.on("error", lost));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "postgres", close: () => db.destroy() };
  }
  const dataDir = config.dataDir ?? ".data/pglite";
  let pglite: { close(): Promise<void> } | undefined;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      // PGlite is loaded lazily so the pg path never pays for the WASM module.
      pool: async () => {
        const { PGlite } = await import("@electric-sql/pglite");
        const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
        if (!dataDir.startsWith("memory://")) {
          const fs = await import("node:fs");
          fs.mkdirSync(dataDir, { recursive: true });
        }
        const instance = await PGlite.create(dataDir, { extensions: await pgliteExtensions() });
        pglite = instance;
        return pglitePool(instance, createPgConfig);
      },
    }),
  });
  return {
    db,
    kind: "pglite",
    close: async () => {
      await db.destroy();
      await pglite?.close();
    },
  };
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  // Unordered: a migration from a branch merged after a later-dated one still runs on databases
  // that already have the later one (long-lived bench and staging databases).
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
