import fs from "node:fs";
import pg from "pg";
import { installQueueSchema } from "../../app/jobs/queue.server";
import { createDb, migrateToLatest, pgliteExtensions } from "../../db/client";
import { databaseUrlWithName, pgliteTemplatePath, templateDbName, testDatabaseUrl, testDbPrefix, tmpDir } from "./env";

async function dropTestDatabases(url: string) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2",
    [`${testDbPrefix}%`, templateDbName],
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await admin.end();
}

// Migrate once into a template; each test file then gets a copy of it (see db.ts).
export default async function setup() {
  fs.mkdirSync(tmpDir, { recursive: true });
  if (testDatabaseUrl) {
    await dropTestDatabases(testDatabaseUrl);
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${templateDbName}"`);
    await admin.end();
    const handle = createDb({ databaseUrl: databaseUrlWithName(testDatabaseUrl, templateDbName) });
    await migrateToLatest(handle.db);
    // The job queue's own schema too, so no test pays for creating it (about 0.1 s on PGlite).
    await installQueueSchema(handle.db);
    await handle.close();
    // After the run every worker has exited, so nothing is connected to what is dropped.
    return () => dropTestDatabases(testDatabaseUrl!);
  } else {
    const { PGlite } = await import("@electric-sql/pglite");
    const pglite = await PGlite.create("memory://", { extensions: await pgliteExtensions() });
    const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
    const { Kysely, PostgresDialect } = await import("kysely");
    const db = new Kysely<any>({
      dialect: new PostgresDialect({ pool: new pg.Pool(createPgConfig(pglite) as pg.PoolConfig) }),
    });
    await migrateToLatest(db);
    await installQueueSchema(db);
    await db.destroy();
    const dump = await pglite.dumpDataDir("gzip");
    fs.writeFileSync(pgliteTemplatePath, Buffer.from(await dump.arrayBuffer()));
    await pglite.close();
  }
}
