/**
 * npm run bench:pages (builds, then runs this file) — the CPU a page costs the server, its
 * queries' time in PostgreSQL not counted, on the database `npm run bench:dashboard` seeded (it must
 * exist). The server runs in a child process as `npm start` runs it (NODE_ENV=production, the same
 * young generation); this process signs in, requests each page over HTTP in batches, and reads the
 * server's own CPU time before and after each batch: the client is not counted.
 * /healthz is the floor (HTTP server, Remix, one query); /app/account a small staff page; the theme
 * page the one issue 8 measures. Asserts nothing.
 *   BENCH_DB_NAME (tl_bench_dashboard), BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_REQUESTS (200) per batch, BENCH_ROUNDS (5) rounds of one batch per page (and server)
 *   BENCH_WARMUP (200) requests per page and server first (the JIT is still settling after 50)
 *   BENCH_CPU_PROF=dir: a CPU profile of the server's timed batches, one file per page and round
 *   BENCH_COMPARE=dir: also the server of another built checkout that has this file, on the same
 *   database, the batches alternating (both then see the same machine)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { forkForBench, serveForBench } from "./server-child";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = process.env.BENCH_DB_NAME ?? "tl_bench_dashboard";
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
const PROF = process.env.BENCH_CPU_PROF;

async function main() {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DB_NAME])).rowCount === 1;
  await admin.end();
  if (!exists) throw new Error(`${DB_NAME} does not exist: seed it with BENCH_DB_NAME=${DB_NAME} npm run bench:dashboard`);
  const u = new URL(adminUrl);
  u.pathname = `/${DB_NAME}`;
  process.env.DATABASE_URL = u.toString();

  const { dbHandle } = await import("../../app/db.server");
  const { insertUser, PASSWORD } = await import("../support/fixtures");
  const { Client } = await import("../support/app");
  const db = dbHandle().db;
  if (!(await db.selectFrom("users").select("id").where("email", "=", "analyst@example.test").executeTakeFirst())) await insertUser(db, "analyst");
  const theme = await db.selectFrom("themes").select("id").orderBy("name").executeTakeFirstOrThrow();
  await dbHandle().close();

  // BENCH_COMPARE=<another checkout, built>: its server too, the two taking turns batch by batch, so
  // that both see the same machine (the load of a shared machine moves more than the differences).
  const roots = [root, ...(process.env.BENCH_COMPARE ? [path.resolve(process.env.BENCH_COMPARE)] : [])];
  const servers = await Promise.all(
    roots.map(async (dir) => {
      const server = await forkForBench(dir, "tests/bench/page-cost.ts");
      const client = new Client(server.url);
      await client.signIn("analyst@example.test", PASSWORD);
      return { ...server, client };
    }),
  );

  const pages = [
    ["healthz", "/healthz"],
    ["account", "/app/account?lang=en"],
    ["theme", `/app/themes/${theme.id}?lang=en`],
  ] as const;
  let bytes = new Map<string, number>();
  const get = async (client: InstanceType<typeof Client>, name: string, url: string) => {
    const res = await client.get(url);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    bytes.set(name, body.length);
  };
  if (PROF) fs.mkdirSync(PROF, { recursive: true });
  console.log(`page-cost — ${DB_NAME}, ${new Date().toISOString()}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  for (const server of servers) for (const [name, url] of pages) for (let i = 0; i < WARMUP; i++) await get(server.client, name, url);
  const cpu = new Map<string, number[]>();
  const wall = new Map<string, number[]>();
  const sys = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, k: string, v: number) => m.set(k, [...(m.get(k) ?? []), v]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, url] of pages) {
      for (const [i, server] of (round % 2 ? [...servers].reverse() : servers).entries()) {
        const key = `${name}\t${server.dir}`;
        if (PROF) await server.ask({ op: "profileStart" });
        const c0 = await server.ask<number[]>({ op: "cpu" });
        const t0 = performance.now();
        for (let j = 0; j < REQUESTS; j++) await get(server.client, name, url);
        const t = performance.now() - t0;
        const c1 = await server.ask<number[]>({ op: "cpu" });
        if (PROF) await server.ask({ op: "profileStop", file: path.join(PROF, `${name}.${round}${servers.length > 1 ? `.${i}` : ""}.cpuprofile`) });
        add(cpu, key, (c1[0] - c0[0] + c1[1] - c0[1]) / REQUESTS);
        add(sys, key, (c1[1] - c0[1]) / REQUESTS);
        add(wall, key, t / REQUESTS);
      }
    }
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const f = (v: number[]) => v.map((x) => x.toFixed(2)).join(" ");
  for (const [name] of pages) {
    for (const server of servers) {
      const key = `${name}\t${server.dir}`;
      const c = cpu.get(key)!;
      const w = wall.get(key)!;
      console.log(`${name.padEnd(8)} ${servers.length > 1 ? `${server.dir} ` : ""}server CPU ms/request median ${median(c).toFixed(2)} (${f(c)}; of it system ${median(sys.get(key)!).toFixed(2)}); wall median ${median(w).toFixed(2)} (${f(w)}); ${bytes.get(name)} bytes`);
    }
  }
  console.log(`${ROUNDS} rounds of ${REQUESTS} requests a page${servers.length > 1 ? " and server" : ""}; load average at end ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  for (const server of servers) server.child.disconnect();
}

(process.argv.includes("--serve") ? serveForBench(root) : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
