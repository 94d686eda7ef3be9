import fs from "node:fs";
import pg from "pg";
import { createDb, pgliteExtensions, pglitePool, type DbHandle } from "../../db/client";
import { databaseUrlWithName, pgliteTemplatePath, templateDbName, testDatabaseUrl, testDbPrefix } from "./env";

export type TestDb = DbHandle & { name: string };

/**
 * A clean, migrated database for one test file: a copy of the template the global setup made.
 * PostgreSQL when TEST_DATABASE_URL is set, otherwise an in-memory PGlite.
 */
export async function createTestDb(): Promise<TestDb> {
  const name = `${testDbPrefix}${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  if (testDatabaseUrl) {
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    try {
      // Concurrent copies of one template can collide; a short retry is enough.
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDbName}"`);
          break;
        } catch (e) {
          if (attempt >= 20) throw e;
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        }
      }
    } finally {
      await admin.end();
    }
    const handle = createDb({ databaseUrl: databaseUrlWithName(testDatabaseUrl, name) });
    return {
      ...handle,
      name,
      close: async () => {
        await handle.close();
        // No FORCE: a connection still closing would be killed mid-way and raise in this process.
        // A database still in use is left for the global teardown, which drops every test database.
        const admin2 = new pg.Client({ connectionString: testDatabaseUrl });
        await admin2.connect();
        await admin2.query(`DROP DATABASE IF EXISTS "${name}"`).catch(() => undefined);
        await admin2.end();
      },
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
  const { Kysely, PostgresDialect } = await import("kysely");
  const blob = new Blob([fs.readFileSync(pgliteTemplatePath)]);
  const pglite = await PGlite.create({ loadDataDir: blob, extensions: await pgliteExtensions() });
  const db = new Kysely<any>({
    dialect: new PostgresDialect({ pool: pglitePool(pglite, createPgConfig) }),
  });
  return {
    db,
    kind: "pglite",
    name,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
