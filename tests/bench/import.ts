/**
 * npm run bench:import — one feedback import of 200,000 rows (just under 50 MB, English and
 * Korean text, dates, star ratings, half of the rows matched to an account by customer id)
 * through the real server on PostgreSQL: the upload over HTTP (streamed to disk), the mapping
 * form, then the queue job (checks, sentiment, the write into feedback_items, the commit). Prints
 * upload time, job time, rows/s and the process's peak RSS (server, worker and this client
 * share the process). Asserts only that every row arrived.
 *
 *   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_IMPORT_ROWS (200000)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";

const root = fileURLToPath(new URL("../..", import.meta.url));
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
const dbName = "tl_bench_import";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "tl-bench-import-"));
process.env.UPLOAD_DIR = path.join(work, "uploads");

const en = ["The support team answered quickly and solved the login problem", "Billing page keeps timing out when I download invoices", "Great product, but the mobile app crashes after the update", "Response time was slow over the weekend, nobody replied", "Clear documentation and a friendly onboarding call"];
const ko = ["상담원 연결이 너무 늦어서 불편했습니다", "배송이 빨라서 좋아요 다음에도 이용할게요", "앱 업데이트 후에 로그인이 자꾸 실패합니다", "환불 처리가 깔끔하고 친절했어요", "주말에는 문의 답변이 전혀 없네요"];

function makeFile(file: string): number {
  const out = fs.openSync(file, "w");
  fs.writeSync(out, "review_id,text,date,rating,customer_id,store\n");
  let buffer = "";
  for (let i = 0; i < ROWS; i++) {
    const base = i % 3 === 0 ? ko[i % ko.length] : en[i % en.length];
    // About 245 bytes a row: 200,000 rows come to just under 50 MB (with the upload's framing).
    const text = `${base} (order ${i}). ${i % 2 ? en[(i * 7) % en.length] : ko[(i * 7) % ko.length]}, ${"details ".repeat(10 + (i % 4))}`;
    const day = String(1 + (i % 28)).padStart(2, "0");
    buffer += `r${i},"${text}",2026-${String(1 + (i % 12)).padStart(2, "0")}-${day},${1 + (i % 5)},${i % 2 ? `C-${i % 50}` : ""},${i % 4 ? "App Store" : "Google Play"}\n`;
    if (buffer.length > 1 << 20) {
      fs.writeSync(out, buffer);
      buffer = "";
    }
  }
  fs.writeSync(out, buffer);
  fs.closeSync(out);
  return fs.statSync(file).size;
}

async function main() {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  process.env.DATABASE_URL = u.toString();
  process.env.TRUSTLOOP_DEMO = "0";

  const { dbHandle } = await import("../../app/db.server");
  const { prepareDatabase } = await import("../../db/setup");
  const { insertUser, PASSWORD } = await import("../support/fixtures");
  const { startServer } = await import("../../app/server");
  const { registerWorkers } = await import("../../app/jobs/workers.server");
  const { startQueue, stopQueue } = await import("../../app/jobs/queue.server");
  const { Client } = await import("../support/app");
  const db = dbHandle().db;
  await prepareDatabase(db);
  await insertUser(db, "analyst");
  await db
    .insertInto("accounts")
    .values(Array.from({ length: 50 }, (_, i) => ({ name: `Account ${i}`, email: null, tier: "enterprise", region: "kr", plan: "annual", external_id: `C-${i}` })))
    .execute();
  const build = await import(pathToFileURL(path.join(root, "build/index.js")).href);
  const server = await startServer({ port: 0, host: "127.0.0.1", build });
  await registerWorkers();
  await startQueue(db);
  const client = new Client(server.url.replace("localhost", "127.0.0.1"));
  await client.signIn("analyst@example.test", PASSWORD);

  const file = path.join(work, "reviews.csv");
  const bytes = makeFile(file);
  console.log(`file: ${ROWS.toLocaleString("en")} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB`);
  const rssBefore = process.memoryUsage().rss;

  let t = performance.now();
  const form = new FormData();
  form.set("kind", "reviews");
  form.set("encoding", "auto");
  form.set("file", await fs.openAsBlob(file, { type: "text/csv" }), "reviews.csv");
  const res = await client.request("/app/imports", { method: "POST", body: form });
  if (res.status !== 303) throw new Error(`upload: ${res.status} ${await res.text()}`);
  const id = res.headers.get("location")!.split("/").pop()!;
  const uploadMs = performance.now() - t;
  const started = await client.post(`/app/imports/${id}`, {
    intent: "start",
    "map.externalId": "0",
    "map.text": "1",
    "map.date": "2",
    "map.score": "3",
    "map.accountExternalId": "4",
    "map.sourceName": "5",
    scale: "stars",
    fixedSourceName: "",
    encoding: "auto",
  });
  if (started.status !== 303) throw new Error(`start: ${started.status} ${await started.text()}`);

  t = performance.now();
  let row;
  for (;;) {
    row = await db.selectFrom("imports").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    if (["done", "failed", "cancelled"].includes(row.status)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const jobMs = row.finished_at && row.started_at ? row.finished_at.getTime() - row.started_at.getTime() : performance.now() - t;
  const stored = await db.selectFrom("feedback_items").select((eb) => eb.fn.countAll<number>().as("n")).where("import_id", "=", id).executeTakeFirstOrThrow();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  console.log(`status: ${row.status}${row.failure ? ` (${row.failure})` : ""}; rows imported ${row.rows_imported}, duplicates ${row.rows_duplicate}, bad ${row.rows_failed}; feedback items ${stored.n}`);
  console.log(`upload (HTTP, streamed to disk): ${(uploadMs / 1000).toFixed(1)} s`);
  console.log(`job (parse, check, sentiment, write, commit): ${(jobMs / 1000).toFixed(1)} s = ${Math.round(ROWS / (jobMs / 1000)).toLocaleString("en")} rows/s`);
  console.log(`total: ${((uploadMs + jobMs) / 1000).toFixed(1)} s`);
  console.log(`RSS before the upload ${(rssBefore / 1024 / 1024).toFixed(0)} MB; peak RSS of the process ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
  await stopQueue();
  await server.close();
  await dbHandle().close();
  fs.rmSync(work, { recursive: true, force: true });
  if (row.status !== "done" || stored.n !== ROWS) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
