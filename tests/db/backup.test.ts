import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, pgliteExtensions, type DbConfig } from "../../db/client";
import { prepareDatabase } from "../../db/setup";
import { startServer } from "../../app/server";
import { singleton } from "../../app/utils/singleton.server";
import { Client } from "../support/app";
import { databaseUrlWithName, pgliteTemplatePath, repoRoot, templateDbName, testDatabaseUrl, testDbPrefix, tmpDir } from "../support/env";
import { createTestSurvey } from "../support/fixtures";

// npm run db:backup / db:restore on whichever database the suite runs on: responses taken over
// HTTP, backed up, the database wiped, restored, and every response is back.
const work = path.join(tmpDir, `backup-${process.pid}`);
const dbName = `${testDbPrefix}backup_${process.pid}`;
const config: DbConfig = testDatabaseUrl ? { databaseUrl: databaseUrlWithName(testDatabaseUrl, dbName) } : { dataDir: path.join(work, "pglite") };

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: testDatabaseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A migrated database of its own: a copy of the suite's template. */
async function createDatabase() {
  fs.mkdirSync(work, { recursive: true });
  if (testDatabaseUrl) return admin((c) => c.query(`CREATE DATABASE "${dbName}" TEMPLATE "${templateDbName}"`));
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = await PGlite.create({ dataDir: config.dataDir, loadDataDir: new Blob([fs.readFileSync(pgliteTemplatePath)]), extensions: await pgliteExtensions() });
  await pglite.close();
}

async function wipe() {
  if (!testDatabaseUrl) return fs.rmSync(config.dataDir!, { recursive: true, force: true });
  const c = new pg.Client({ connectionString: config.databaseUrl });
  await c.connect();
  await c.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  await c.end();
}

function npmRun(script: string, ...args: string[]): Promise<string> {
  const env = { ...process.env, DATABASE_URL: config.databaseUrl ?? "", DATA_DIR: config.dataDir ?? "" };
  return new Promise((resolve, reject) =>
    execFile("npm", ["run", "--silent", script, "--", ...args], { cwd: repoRoot, env }, (error, stdout, stderr) =>
      error ? reject(new Error(`${script}: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );
}

afterAll(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  if (testDatabaseUrl) await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
});

const snapshot = async (db: ReturnType<typeof createDb>["db"]) => ({
  responses: (await db.selectFrom("responses").select(["id", "submission_key", "finished"]).orderBy("id").execute()),
  answers: (await db.selectFrom("answers").select(["response_id", "question_id", "value_int", "why_text"]).orderBy("response_id").orderBy("question_id").execute()),
  feedback: (await db.selectFrom("feedback_items").select(["id", "text"]).orderBy("id").execute()),
});

describe(`db:backup and db:restore (${testDatabaseUrl ? "PostgreSQL, pg_dump -Fc" : "PGlite, data directory tarball"})`, () => {
  it("backs up, the database is wiped, restores: every response is back", async () => {
    await createDatabase();
    const handle = createDb(config);
    await prepareDatabase(handle.db);
    (globalThis as any).__trustloop = {};
    singleton("db", () => handle);
    const survey = await createTestSurvey(handle.db);
    const build = await import(pathToFileURL(`${repoRoot}build/index.js`).href);
    const server = await startServer({ port: 0, host: "127.0.0.1", build });
    try {
      const client = new Client(server.url.replace("localhost", "127.0.0.1"));
      for (let i = 0; i < 12; i++) {
        const res = await client.post(`/s/${survey.token}`, { _key: crypto.randomUUID(), _page: "1", [`q_${survey.nps}`]: String(i % 11), [`q_${survey.nps}_why`]: `이유 ${i}` });
        expect(res.status).toBe(302);
      }
    } finally {
      await server.close();
    }
    const before = await snapshot(handle.db);
    await handle.close();
    expect(before.responses).toHaveLength(12);
    expect(before.feedback).toHaveLength(12);

    const file = path.join(work, testDatabaseUrl ? "trustloop.dump" : "trustloop.tar.gz");
    expect(await npmRun("db:backup", file)).toMatch(/^Backed up the .* to .*trustloop\.(dump|tar\.gz) \(\d+ bytes\)\.\n$/);
    await wipe();
    const emptied = createDb(config);
    await expect(emptied.db.selectFrom("responses").select("id").execute()).rejects.toThrow(/relation "responses" does not exist/);
    await emptied.close();
    if (!testDatabaseUrl) fs.rmSync(config.dataDir!, { recursive: true, force: true }); // what the check above created

    expect(await npmRun("db:restore", file)).toMatch(/^Restored .* into the /);
    const restored = createDb(config);
    try {
      expect(await snapshot(restored.db)).toEqual(before);
    } finally {
      await restored.close();
    }
  }, 120_000);

  it("refuses a missing backup file with a message and exit code 1, touching nothing", async () => {
    await expect(npmRun("db:restore", path.join(work, "no-such-file.dump"))).rejects.toThrow(/No backup file at .*no-such-file\.dump/);
  });
});
