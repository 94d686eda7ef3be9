// npm run bench:intake — completed NPS responses over HTTP through the real app to PostgreSQL at
// increasing offered rates, then the same against a bare node:http + pg floor. Prints figures; asserts nothing.
//   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_SECONDS (30), BENCH_RATES (50,100,200,400,800),
//   BENCH_CPU_PROF (a directory for a CPU profile of the server), BENCH_FLOOR=0 (skip the floor),
//   BENCH_LOOP=1 (event-loop delay and GC pauses of the server and of this load generator, per rate)
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freePort } from "../support/chaos";
import { formatLoopReport, watchLoop } from "../support/loop-delay";

const root = fileURLToPath(new URL("../..", import.meta.url));
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const seconds = Number(process.env.BENCH_SECONDS ?? 30);
const rates = (process.env.BENCH_RATES ?? "50,100,200,400,800").split(",").map(Number);
// BENCH_DB_NAME keeps two benches on one PostgreSQL server apart.
const dbName = process.env.BENCH_DB_NAME ?? "tl_bench_intake";
const loop = process.env.BENCH_LOOP === "1";
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

async function resetDatabase() {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
}

async function prepare() {
  await resetDatabase();
  process.env.DATABASE_URL = dbUrl;
  const { dbHandle } = await import("../../app/db.server");
  const { prepareDatabase } = await import("../../db/setup");
  const { createSurvey } = await import("../../app/models/survey.server");
  const handle = dbHandle();
  await prepareDatabase(handle.db);
  const surveyId = await createSurvey(null, {
    title: { ko: "벤치마크", en: "Benchmark" },
    intro: {},
    status: "open",
    anonymous: false,
    closesAt: null,
    responseLimit: null,
    questions: [{ type: "nps", required: true, page: 1, prompt: { ko: "추천?", en: "Recommend?" }, whyPrompt: { ko: "이유", en: "Why" }, options: [] }],
  });
  const q = await handle.db.selectFrom("questions").select("id").where("survey_id", "=", surveyId).executeTakeFirstOrThrow();
  const link = await handle.db.selectFrom("links").select("token").where("survey_id", "=", surveyId).executeTakeFirstOrThrow();
  await handle.close();
  return { surveyId, questionId: q.id, token: link.token };
}

function start(cmd: string[], env: Record<string, string>): Promise<ChildProcess> {
  // Its own process group, so stopping it stops npx's children too.
  const child = spawn(cmd[0], cmd.slice(1), { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"], detached: true });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (/running at|ready/.test(chunk.toString())) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** Stops it and waits for its exit (and the event-loop summary it prints then). */
async function stop(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  if (child.pid) process.kill(-child.pid, "SIGTERM");
  await exited;
}

const whys = [
  "Support answered quickly and fixed the problem.",
  "지원 응답이 빨라서 좋았습니다.",
  "The outage last week took too long to resolve.",
  "요금이 조금 비싸요.",
];

type Step = { offered: number; sent: number; ok: number; errors: number; throughput: number; p50: number; p95: number; p99: number };

async function run(url: string, questionId: string, offered: number): Promise<Step> {
  const latencies: number[] = [];
  // With BENCH_LOOP: when each answered request was sent (wall clock) and took, to set the slowest
  // beside the stalls of the server and of this process.
  const timed: [number, number][] = [];
  let ok = 0;
  let errors = 0;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = 256;
  const watch = loop ? watchLoop(`load generator at ${offered}/s from ${new Date().toISOString().slice(11, 23)}`) : null;
  const started = performance.now();
  const end = started + seconds * 1000;
  const interval = 1000 / offered;
  let next = started;
  while (performance.now() < end) {
    const now = performance.now();
    if (now < next) {
      await new Promise((r) => setTimeout(r, Math.min(next - now, 5)));
      continue;
    }
    next += interval;
    if (inFlight.size >= maxInFlight) {
      errors++; // offered load the server could not absorb
      continue;
    }
    sent++;
    const body = new URLSearchParams({
      _key: crypto.randomUUID(),
      _page: "1",
      [`q_${questionId}`]: String(sent % 11),
      [`q_${questionId}_why`]: whys[sent % whys.length],
    });
    const t0 = performance.now();
    const sentAt = Date.now();
    const p = fetch(url, { method: "POST", body, redirect: "manual" })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status === 302) {
          ok++;
          latencies.push(performance.now() - t0);
          if (loop) timed.push([sentAt, performance.now() - t0]);
        } else errors++;
      })
      .catch(() => {
        errors++;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  if (watch) {
    watch.stop();
    console.error(formatLoopReport(watch.report()));
    const slowest = timed.sort((a, b) => b[1] - a[1]).slice(0, Math.ceil(timed.length / 100));
    console.error(`slowest 1 % (sent at, ms): ${slowest.map(([at, ms]) => `${new Date(at).toISOString().slice(11, 23)} ${ms.toFixed(0)}`).join(", ")}`);
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN);
  return { offered, sent, ok, errors, throughput: ok / elapsed, p50: q(0.5), p95: q(0.95), p99: q(0.99) };
}

function print(title: string, steps: Step[]) {
  console.log(`\n${title}`);
  console.log("offered/s  sent     ok       errors  done/s   p50 ms  p95 ms  p99 ms");
  for (const s of steps) {
    console.log(
      [s.offered, s.sent, s.ok, s.errors, s.throughput.toFixed(1), s.p50.toFixed(1), s.p95.toFixed(1), s.p99.toFixed(1)]
        .map((v, i) => String(v).padEnd(i === 0 ? 11 : 9))
        .join(""),
    );
  }
}

const { surveyId, questionId, token } = await prepare();
console.log(`bench:intake — ${seconds} s per rate, rates ${rates.join(", ")}/s, PostgreSQL ${adminUrl.replace(/\/\/[^@]*@/, "//")}, ${new Date().toISOString()}`);

// Every request comes from this one address: lift the respond rate limits (README, configuration).
// BENCH_CPU_PROF=dir writes a CPU profile of the server (node --cpu-prof) there when it stops.
const node = [
  "node",
  // As `npm start` runs it (package.json): a young generation of 64 MB, see README "Measured".
  "--max-semi-space-size=64",
  ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
  "--import",
  "tsx",
  ...(loop ? ["--import", "./tests/support/loop-delay.ts"] : []),
];
const appPort = await freePort();
const app = await start([...node, "app/server.ts"], {
  LOOP_DELAY_NAME: loop ? "server" : "",
  DATABASE_URL: dbUrl,
  PORT: String(appPort),
  TRUSTLOOP_DEMO: "0",
  NODE_ENV: "production",
  RESPOND_LIMIT_PER_ADDRESS: "100000000",
  RESPOND_LIMIT_PER_LINK: "100000000",
});
const ours: Step[] = [];
try {
  for (const rate of rates) {
    // The server's event-loop report for what came before (start-up, the previous rate), then this rate's.
    if (loop) process.kill(app.pid!, "SIGUSR2");
    ours.push(await run(`http://127.0.0.1:${appPort}/s/${token}`, questionId, rate));
    if (loop) {
      process.kill(app.pid!, "SIGUSR2");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
} finally {
  await stop(app);
}
print("Trustloop (Remix server, zod validation, one transaction per response)", ours);

if (process.env.BENCH_FLOOR === "0") process.exit(0);
const floorPort = await freePort();
const floor = await start(["npx", "tsx", "tests/bench/floor-server.ts"], { DATABASE_URL: dbUrl, PORT: String(floorPort), SURVEY_ID: surveyId, QUESTION_ID: questionId });
const bare: Step[] = [];
try {
  for (const rate of rates) bare.push(await run(`http://127.0.0.1:${floorPort}/`, questionId, rate));
} finally {
  await stop(floor);
}
print("Floor (bare node:http + pg, same rows)", bare);

const best = (steps: Step[]) => Math.max(...steps.map((s) => s.throughput));
console.log(`\nBest sustained: Trustloop ${best(ours).toFixed(1)}/s, floor ${best(bare).toFixed(1)}/s — ${((100 * best(ours)) / best(bare)).toFixed(0)} % of the floor`);
process.exit(0);
