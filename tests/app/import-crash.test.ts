import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDatabase } from "../../db/setup";
import { singleton } from "../../app/utils/singleton.server";
import { createTestDb, type TestDb } from "../support/db";
import { databaseUrlWithName, repoRoot, testDatabaseUrl, tmpDir } from "../support/env";
import { insertUser } from "../support/fixtures";

// A worker killed (kill -9) in the middle of an import leaves no row of it in feedback_items; the
// import shows as stopped and retryable, and a retry on a new worker imports every row once.
// PostgreSQL only: the worker is another process on the same database (PGlite is one process's).
const uploads = `${tmpDir}/uploads-crash-${process.pid}`;
process.env.UPLOAD_DIR = uploads;
// A heartbeat older than 2 s means the worker is gone (the default is a minute).
process.env.IMPORT_STALL_SECONDS = "2";
const ROWS = 60_000;

let testDb: TestDb;
const children: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/import-worker.ts"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrlWithName(testDatabaseUrl!, testDb.name), NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr!.on("data", (d: Buffer) => process.stderr.write(`worker: ${d}`));
  children.push(child);
  return child;
}

async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!testDatabaseUrl)("an import whose worker is killed", () => {
  beforeAll(async () => {
    testDb = await createTestDb();
    await prepareDatabase(testDb.db);
    (globalThis as any).__trustloop = {};
    singleton("db", () => testDb);
    // The queue in this process only sends: no worker is registered here.
    await (await import("../../app/jobs/queue.server")).startQueue(testDb.db);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await (await import("../../app/jobs/queue.server")).stopQueue();
    await testDb?.close();
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  it("stores nothing, shows it stopped, and completes on retry", async () => {
    const imports = await import("../../app/models/import.server");
    const user = await insertUser(testDb.db, "analyst");
    const lines = ["id,text,date"];
    for (let i = 0; i < ROWS; i++) lines.push(`k${i},"Row ${i}: the support team answered, slowly",2026-07-01`);
    const form = new FormData();
    form.set("kind", "tickets");
    form.set("file", new Blob([lines.join("\n")], { type: "text/csv" }), "tickets.csv");
    const uploaded = await imports.receiveUpload(new Request("http://localhost/app/imports", { method: "POST", body: form }), user.id, 100 * 1024 * 1024);
    if (!uploaded.ok) throw new Error(uploaded.key);
    const id = uploaded.id;
    expect(await imports.saveMapping(user.id, id, { mapping: { scale: "stars", fixedSourceName: "Helpdesk", externalId: 0, text: 1, date: 2 }, encoding: "auto", skipBadRows: false })).toEqual({ ok: true });
    expect(await imports.startImport(user.id, id)).toEqual({ ok: true });

    const first = startWorker();
    const row = () => testDb.db.selectFrom("imports").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    // Kill it once it is well into the file, and before it could have finished.
    const seen = await until(async () => {
      const r = await row();
      return r.rows_done >= 10_000 ? r : null;
    }, 120_000, "the worker to read 10,000 rows");
    expect(seen.status).toBe("running");
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));

    const items = () => testDb.db.selectFrom("feedback_items").select((eb) => eb.fn.countAll<number>().as("n")).where("import_id", "=", id).executeTakeFirstOrThrow();
    expect((await items()).n).toBe(0);
    const dead = await row();
    expect(dead.status).toBe("running");
    expect(dead.rows_done).toBeLessThan(ROWS);
    // Once the heartbeat is stale the page shows it stopped, with a retry.
    const stopped = await until(async () => {
      const v = await imports.getImport(id);
      return v?.display === "stalled" ? v : null;
    }, 10_000, "the import to show as stopped");
    expect(stopped.retryable).toBe(true);
    expect((await items()).n).toBe(0);

    expect(await imports.retryImport(user.id, id)).toEqual({ ok: true });
    startWorker();
    const done = await until(async () => {
      const r = await row();
      return ["done", "failed"].includes(r.status) ? r : null;
    }, 240_000, "the retry to finish");
    expect(done).toMatchObject({ status: "done", rows_total: ROWS, rows_imported: ROWS, rows_duplicate: 0, rows_failed: 0, attempt: 2 });
    expect((await items()).n).toBe(ROWS);
    // Every line once: the dead attempt's staged rows were cleared, not added.
    const lines2 = await testDb.db.selectFrom("feedback_items").select((eb) => [eb.fn.min("import_row").as("lo"), eb.fn.max("import_row").as("hi"), eb.fn.count("import_row").distinct().as("n")]).where("import_id", "=", id).executeTakeFirstOrThrow();
    expect(lines2).toEqual({ lo: 2, hi: ROWS + 1, n: ROWS });
    expect(await testDb.db.selectFrom("import_rows").select("line").where("import_id", "=", id).execute()).toEqual([]);
    const audit = await testDb.db.selectFrom("audit_events").select("action").where("target_id", "=", id).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["import.upload", "import.map", "import.start", "import.retry"]);
  }, 400_000);
});
