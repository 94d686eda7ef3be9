/**
 * The app's server in a child process, as `npm start` runs it (NODE_ENV=production, the same young
 * generation), for the benches that time pages over HTTP: the client's own work is then not counted
 * as the server's. A bench forks its own file with --serve (so that BENCH_COMPARE can fork another
 * checkout's), and asks the child over IPC for its CPU time, a CPU profile, or the SELECTs that the
 * requests between recordStart and recordStop ran.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";

export type Recorded = { text: string; values: unknown[] };
type Ask = { op: "cpu" } | { op: "profileStart" } | { op: "profileStop"; file: string } | { op: "recordStart" } | { op: "recordStop" };

/** The child's side: start the server of the checkout at `root` and answer the parent. */
export async function serveForBench(root: string) {
  process.env.NODE_ENV = "production";
  process.env.TRUSTLOOP_DEMO = "0";
  let recording: Recorded[] | null = null;
  // Every query of the app goes through pg.Client#query (Kysely's driver and sql`` alike).
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [q, v] = args;
    if (recording) {
      const text = typeof q === "string" ? q : (q as { text?: string })?.text;
      const values = Array.isArray(v) ? v : ((q as { values?: unknown[] })?.values ?? []);
      if (text && /^\s*(select|with)\b/i.test(text)) recording.push({ text, values });
    }
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  const { startServer } = await import(pathToFileURL(path.join(root, "app/server.ts")).href);
  const build = await import(pathToFileURL(path.join(root, "build/index.js")).href);
  const server = await startServer({ port: 0, host: "127.0.0.1", build });
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  const ops: Record<Ask["op"], (ask: Ask) => Promise<unknown>> = {
    cpu: async () => {
      const c = process.cpuUsage();
      return [c.user / 1000, c.system / 1000];
    },
    profileStart: async () => {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.setSamplingInterval", { interval: 100 });
      await session.post("Profiler.start");
    },
    profileStop: async (ask) => {
      const { profile } = await session.post("Profiler.stop");
      fs.writeFileSync((ask as { file: string }).file, JSON.stringify(profile));
      session.disconnect();
    },
    recordStart: async () => {
      recording = [];
    },
    recordStop: async () => {
      const statements = recording;
      recording = null;
      return statements;
    },
  };
  process.on("message", async (ask: Ask) => process.send!({ result: (await ops[ask.op](ask)) ?? null }));
  process.on("disconnect", () => process.exit(0));
  process.send!({ result: server.url.replace("localhost", "127.0.0.1") });
}

export type BenchServer = {
  dir: string;
  url: string;
  child: ChildProcess;
  ask: <T>(message: Ask) => Promise<T>;
  cpuMs: () => Promise<number>;
};

/** The parent's side: fork `script` of the checkout at `dir` with --serve, wait for its URL. */
export async function forkForBench(dir: string, script: string): Promise<BenchServer> {
  const child = fork(path.join(dir, script), ["--serve"], { cwd: dir, execArgv: ["--max-semi-space-size=64", "--import", "tsx"], env: process.env });
  let pending: ((v: unknown) => void) | null = null;
  child.on("message", (m: { result: unknown }) => pending?.(m.result));
  child.on("exit", (code) => {
    if (code) throw new Error(`${script} --serve exited with ${code}`);
  });
  const next = <T>(message?: Ask) =>
    new Promise<T>((resolve) => {
      pending = resolve as (v: unknown) => void;
      if (message) child.send(message);
    });
  const url = await next<string>();
  const ask = <T>(message: Ask) => next<T>(message);
  const cpuMs = async () => (await ask<number[]>({ op: "cpu" })).reduce((a, b) => a + b, 0);
  return { dir, url, child, ask, cpuMs };
}
