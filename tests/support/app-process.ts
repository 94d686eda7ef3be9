import { spawn } from "node:child_process";
import path from "node:path";
import type { ChildReply, ChildRequest } from "./app-child";
import { repoRoot } from "./env";
import type { LoopReport } from "./loop-delay";

export type AppProcess = {
  url: string;
  /** Runs one of app-child.ts's operations on the child's database and returns its result. */
  call: <T = unknown>(op: ChildRequest["op"], ...args: unknown[]) => Promise<T>;
  loopReport: () => Promise<LoopReport | null>;
  /** The last lines the server wrote (for a failure message). */
  log: () => string;
  close: () => Promise<void>;
};

/**
 * The test app (startTestApp: the real server on its own clean database, PGlite or PostgreSQL as
 * the test run says) in a child process, for tests that time the server: what the test process
 * does (generating inputs, its own garbage collection) then cannot hold up the server's event loop.
 */
export async function startAppProcess(options: { cpuProfileDir?: string } = {}): Promise<AppProcess> {
  const profile = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  // The young generation npm start gives the server (package.json).
  const child = spawn(process.execPath, [...profile, "--max-semi-space-size=64", "--expose-gc", "--import", "tsx", path.join(repoRoot, "tests/support/app-child.ts")], {
    cwd: repoRoot,
    env: process.env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let exited = false;
  child.on("message", (reply: ChildReply) => {
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error !== undefined) w?.reject(new Error(reply.error));
    else w?.resolve(reply.result);
  });
  child.on("exit", (code, signal) => {
    exited = true;
    for (const w of waiting.values()) w.reject(new Error(`app process exited (${code ?? signal}):\n${output}`));
    waiting.clear();
  });
  const ask = <T>(id: number, message?: ChildRequest) =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error(`app process has exited:\n${output}`));
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (message) child.send(message);
    });
  const url = await ask<string>(0);
  let next = 1;
  const call = <T>(op: ChildRequest["op"], ...args: unknown[]) => {
    const id = next++;
    return ask<T>(id, { id, op, args });
  };
  return {
    url: url.replace("localhost", "127.0.0.1"),
    call,
    loopReport: () => call<LoopReport | null>("loopReport"),
    log: () => output,
    close: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.disconnect();
      await gone;
    },
  };
}
