// A throwaway PostgreSQL cluster to break on purpose (restart, kill -9), the real server as a
// child process against it, and survey posts over HTTP. Used by tests/app/db-outage.test.ts and
// `npm run chaos:db`. Never touches the machine's own PostgreSQL server.
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { repoRoot, tmpDir } from "./env";

export const pgBin = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
export const pgAvailable = fs.existsSync(path.join(pgBin, "initdb"));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// initdb and postgres refuse to run as root: run them as the postgres user then.
const asRoot = process.getuid?.() === 0;
function pgCommand(tool: string, args: string[]): [string, string[]] {
  const bin = path.join(pgBin, tool);
  return asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
}
// Asynchronous, so the posts keep flowing while pg_ctl waits.
function runPg(tool: string, args: string[]): Promise<void> {
  const [cmd, argv] = pgCommand(tool, args);
  return new Promise((resolve, reject) => execFile(cmd, argv, (error, _stdout, stderr) => (error ? reject(new Error(`${tool}: ${stderr || error.message}`)) : resolve())));
}

export type Cluster = {
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: sessions are terminated (57P01), the server comes back at once. */
  restartFast(): Promise<void>;
  /** SIGKILL to the postmaster and every backend, as a crash or an OOM kill would; stays down. */
  kill9(): Promise<void>;
  /** Starts it again (after kill9: crash recovery). */
  start(): Promise<void>;
  destroy(): Promise<void>;
};

export async function startCluster(name: string): Promise<Cluster> {
  const dir = path.join(tmpDir, `pg-${name}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    fs.chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  const port = await freePort();
  await runPg("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=40`;
  const start = () => runPg("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-o", options, "-w", "-t", "30", "start"]);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restartFast: () => runPg("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-m", "fast", "-w", "-t", "30", "restart"]),
    kill9: async () => {
      const pid = Number(fs.readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
      const children = execFileSync("ps", ["-o", "pid=", "--ppid", String(pid)]).toString().split(/\s+/).filter(Boolean).map(Number);
      for (const p of [pid, ...children]) {
        try {
          process.kill(p, "SIGKILL");
        } catch {
          // already gone
        }
      }
      // Shared memory is released only when the last backend has gone.
      const alive = (p: number) => {
        try {
          process.kill(p, 0);
          return true;
        } catch {
          return false;
        }
      };
      while ([pid, ...children].some(alive)) await sleep(20);
    },
    start,
    destroy: async () => {
      await runPg("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => undefined); // not running
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type ServerProcess = { url: string; child: ChildProcess; exited: () => boolean; log: () => string; stop: () => Promise<void> };

/** `tsx app/server.ts` (the built app) against the given database, on a free port. */
export async function startServerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const tsx = path.join(repoRoot, "node_modules/tsx/dist/cli.mjs");
  const child = spawn(process.execPath, [tsx, "app/server.ts"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: "production", TRUSTLOOP_DEMO: "0",
      // Every post comes from this one address: the respond rate limit would measure itself.
      RESPOND_LIMIT_PER_ADDRESS: "100000000", RESPOND_LIMIT_PER_LINK: "100000000", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let exitedWith: number | string | null = null;
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  child.on("exit", (code, signal) => (exitedWith = code ?? signal));
  const deadline = Date.now() + 60_000;
  while (!/running at/.test(output)) {
    if (exitedWith !== null) throw new Error(`server exited with ${exitedWith}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await sleep(50);
  }
  // The first requests compile and warm the route modules; measure from a warm server.
  for (let i = 0; i < 5; i++) await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.arrayBuffer());
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    exited: () => exitedWith !== null,
    log: () => output,
    stop: async () => {
      if (exitedWith !== null) return;
      child.kill("SIGTERM");
      while (exitedWith === null) await sleep(20);
    },
  };
}

/** sent and answered are performance.now() times. */
export type Post = { key: string; status: number; sent: number; answered: number };

/**
 * Completed NPS answers to a survey link at a steady rate until stop() is called. Each post has
 * its own submission key, so what the server acknowledged (302) can be looked up afterwards.
 */
export function drivePosts(url: string, questionId: string, perSecond: number, maxInFlight = 32) {
  const posts: Post[] = [];
  const inFlight = new Set<Promise<void>>();
  let skipped = 0;
  let running = true;
  const loop = (async () => {
    let next = performance.now();
    while (running) {
      // Never a burst to catch up, never more than maxInFlight waiting: a stalled server is
      // measured as skipped posts, not by piling up connections.
      next = Math.max(next + 1000 / perSecond, performance.now());
      if (inFlight.size >= maxInFlight) skipped++;
      else {
        const key = crypto.randomUUID();
        const sent = performance.now();
        const body = new URLSearchParams({ _key: key, _page: "1", [`q_${questionId}`]: String(posts.length % 11), [`q_${questionId}_why`]: "chaos" });
        const p = fetch(url, { method: "POST", body, redirect: "manual", signal: AbortSignal.timeout(10_000) })
          .then(async (res) => {
            await res.arrayBuffer();
            posts.push({ key, status: res.status, sent, answered: performance.now() });
          })
          .catch(() => {
            posts.push({ key, status: 0, sent, answered: performance.now() }); // no answer: refused, reset or timed out
          })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await sleep(Math.max(1, next - performance.now()));
    }
  })();
  return {
    posts,
    skipped: () => skipped,
    stop: async () => {
      running = false;
      await loop;
      await Promise.all(inFlight);
      return posts;
    },
  };
}

/** Which of these submission keys the database holds a response for. */
export async function storedKeys(databaseUrl: string, keys: string[]): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ submission_key: string }>("SELECT submission_key FROM responses WHERE submission_key = ANY($1)", [keys]);
    return new Set(rows.map((r) => r.submission_key));
  } finally {
    await client.end();
  }
}

/** Polls until the database accepts connections again. */
export async function waitForDatabase(databaseUrl: string): Promise<void> {
  for (;;) {
    const client = new pg.Client({ connectionString: databaseUrl });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await sleep(25);
    }
  }
}
