// The child side of startAppProcess (app-process.ts): the test app on its own database, in a
// process of its own, doing what the parent asks over IPC. Run by node --import tsx.
import { CompiledQuery } from "kysely";
import { startTestApp } from "./app";
import { createTestSurvey, insertUser, tableRowCounts } from "./fixtures";
import { watchLoop } from "./loop-delay";

export type ChildRequest = { id: number; op: keyof typeof ops; args: unknown[] };
export type ChildReply = { id: number; result?: unknown; error?: string };

// The server as production runs it: React's production renderer. Under the test runner NODE_ENV is
// "test", which loads React's development build, several times slower to render; NODE_ENV goes
// back to "test" before the app starts (the test-only password cost depends on it).
const testEnv = process.env.NODE_ENV;
process.env.NODE_ENV = "production";
await import("react");
await import("react/jsx-runtime");
await import("react-dom/server");
process.env.NODE_ENV = testEnv;
const app = await startTestApp();
let watch: ReturnType<typeof watchLoop> | null = null;

const ops = {
  insertUser: (role: Parameters<typeof insertUser>[1]) => insertUser(app.db, role),
  createTestSurvey: (opts: Parameters<typeof createTestSurvey>[1]) => createTestSurvey(app.db, opts),
  tableRowCounts: () => tableRowCounts(app.db),
  query: async (text: string, params: unknown[] = []) => (await app.db.executeQuery(CompiledQuery.raw(text, params))).rows,
  /** Starts timing this process's event loop (see loop-delay.ts); loopReport says what it saw. */
  watchLoop: (stallMs?: number) => void (watch = watchLoop("server process", stallMs)),
  loopReport: () => watch?.report() ?? null,
  /** MB of heap in use after a full collection (the child runs with --expose-gc): what is kept. */
  heapAfterGc: () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed / 2 ** 20;
  },
};

process.on("message", async ({ id, op, args }: ChildRequest) => {
  try {
    const result = await (ops[op] as (...a: unknown[]) => Promise<unknown>)(...args);
    process.send!({ id, result } satisfies ChildReply);
  } catch (error) {
    process.send!({ id, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies ChildReply);
  }
});
// The parent going away (a killed test run) ends this process too.
process.on("disconnect", async () => {
  await app.close();
  process.exit(0);
});
process.send!({ id: 0, result: app.url } satisfies ChildReply);
