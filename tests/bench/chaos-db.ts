// npm run chaos:db — survey posts to the demo survey over real HTTP while the database restarts
// (pg_ctl restart -m fast) and is killed -9, on a throwaway PostgreSQL cluster of its own (never
// the machine's server). Prints, per run: sent / acknowledged / stored / 5xx / 503 / recovery.
// Goal: stored >= acknowledged in every run, no crash, 503 while the database is away, every post
// acknowledged again within 2 s of the database being back. Prints figures; asserts nothing.
//   CHAOS_RUNS (10), CHAOS_RATE (60 posts/s), CHAOS_DOWN_MS (1500: how long a killed database stays down), PG_BIN
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { repoRoot } from "../support/env";
import { drivePosts, sleep, startCluster, startServerProcess, storedKeys, type Post, type ServerProcess } from "../support/chaos";

const runs = Number(process.env.CHAOS_RUNS ?? 10);
const rate = Number(process.env.CHAOS_RATE ?? 60);
const downMs = Number(process.env.CHAOS_DOWN_MS ?? 1500);

// Every bench builds what it needs: the server runs the Remix build.
if (!fs.existsSync(path.join(repoRoot, "build/index.js"))) execFileSync("npx", ["remix", "build"], { cwd: repoRoot, stdio: "inherit" });

const cluster = await startCluster("chaos");
console.log(`chaos:db — ${runs} runs at ${rate} posts/s, PostgreSQL on port ${cluster.port} (its own cluster), ${new Date().toISOString()}`);

// The demo data, seeded in this process so the server itself starts as production would.
process.env.DATABASE_URL = cluster.url;
{
  const { dbHandle } = await import("../../app/db.server");
  const { prepareDatabase } = await import("../../db/setup");
  const { seedDemoData } = await import("../../app/models/demo.server");
  await prepareDatabase(dbHandle().db);
  await seedDemoData();
  await dbHandle().close();
}
const client = new pg.Client({ connectionString: cluster.url });
await client.connect();
const { rows } = await client.query<{ id: string }>(
  "SELECT q.id FROM questions q JOIN links l ON l.survey_id = q.survey_id WHERE l.token = 'demo' AND q.type = 'nps'",
);
await client.end();
const questionId = rows[0].id;

type Row = { run: number; fault: string; sent: number; skipped: number; acknowledged: number; stored: number; lost: number; e5xx: number; e503: number; noAnswer: number; recoveryMs: number; firstAckMs: number; p50Before: number; crashed: boolean };

let server: ServerProcess = await startServerProcess(cluster.url);
let crashes = 0;
const table: Row[] = [];
try {
  for (let run = 1; run <= runs; run++) {
    const kill = run % 2 === 0;
    const load = drivePosts(`${server.url}/s/demo?lang=en`, questionId, rate);
    await sleep(1500);
    const faultAt = performance.now();
    let backAt: number;
    if (kill) {
      await cluster.kill9();
      await sleep(downMs);
      await cluster.start();
      backAt = performance.now();
    } else {
      await cluster.restartFast();
      backAt = performance.now();
    }
    await sleep(3000);
    const posts = await load.stop();
    const crashed = server.exited();
    if (crashed) {
      crashes++;
      server = await startServerProcess(cluster.url);
    }
    const keys = posts.map((p) => p.key);
    const stored = await storedKeys(cluster.url, keys);
    const acknowledged = posts.filter((p) => p.status === 302);
    table.push({
      run,
      fault: kill ? `kill -9, down ${downMs} ms` : "restart -m fast",
      sent: posts.length,
      skipped: load.skipped(),
      acknowledged: acknowledged.length,
      stored: stored.size,
      lost: acknowledged.filter((p) => !stored.has(p.key)).length,
      e5xx: posts.filter((p) => p.status >= 500).length,
      e503: posts.filter((p) => p.status === 503).length,
      noAnswer: posts.filter((p) => p.status === 0).length,
      recoveryMs: recovery(posts, backAt),
      p50Before: median(posts.filter((p) => p.status === 302 && p.answered < faultAt).map((p) => p.answered - p.sent)),
      firstAckMs: Math.min(...posts.filter((p) => p.status === 302 && p.sent > backAt).map((p) => p.answered - backAt)),
      crashed,
    });
  }
} finally {
  await server.stop();
  await cluster.destroy();
}

/**
 * From the database being back (pg_ctl returned) to the sending of the last post that still
 * failed; 0: every post sent after it was acknowledged. "first 302" is when the first of those
 * acknowledgements arrived (request latency included).
 */
function recovery(posts: Post[], backAt: number): number {
  const failedAfter = posts.filter((p) => p.status !== 302 && p.sent > backAt).map((p) => p.sent - backAt);
  return failedAfter.length ? Math.max(...failedAfter) : 0;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
}

const header = ["run", "fault", "sent", "not sent (32 waiting)", "acknowledged", "stored", "acknowledged not stored", "5xx", "503", "no answer", "recovery ms", "first 302 ms", "p50 ms before the fault", "server crashed"];
console.log(`\n| ${header.join(" | ")} |\n|${header.map(() => "---").join("|")}|`);
for (const r of table) {
  console.log(`| ${[r.run, r.fault, r.sent, r.skipped, r.acknowledged, r.stored, r.lost, r.e5xx, r.e503, r.noAnswer, r.recoveryMs.toFixed(0), r.firstAckMs.toFixed(0), r.p50Before.toFixed(0), r.crashed ? "yes" : "no"].join(" | ")} |`);
}
const worst = Math.max(...table.map((r) => r.recoveryMs));
const sum = (k: keyof Row) => table.reduce((n, r) => n + (r[k] as number), 0);
console.log(
  `\n${crashes} crashes over ${runs} runs; ${sum("acknowledged")} acknowledged, ${sum("lost")} of them not stored; ` +
    `${sum("e503")} answered 503, ${sum("e5xx") - sum("e503")} other 5xx, ${sum("noAnswer")} without an answer; ` +
    `posts sent more than ${worst.toFixed(0)} ms after the database was back were all acknowledged.`,
);
