import { pathToFileURL } from "node:url";
import { prepareDatabase } from "../../db/setup";
import { startServer } from "../../app/server";
import { singleton } from "../../app/utils/singleton.server";
import { repoRoot } from "./env";
import { createTestDb, type TestDb } from "./db";
import { insertUser, PASSWORD } from "./fixtures";
import type { Role } from "../../db/schema";

export type TestApp = { url: string; db: TestDb["db"]; close: () => Promise<void> };

/**
 * The real Remix server (the `npm test` build) over real HTTP, on its own clean database.
 * One per test file: the database handle is the process-wide singleton the app uses.
 */
export async function startTestApp(options: { queue?: boolean } = {}): Promise<TestApp> {
  const testDb = await createTestDb();
  await prepareDatabase(testDb.db);
  (globalThis as any).__trustloop = {};
  singleton("db", () => testDb);
  const build = await import(pathToFileURL(`${repoRoot}build/index.js`).href);
  const server = await startServer({ port: 0, host: "127.0.0.1", build });
  // The job queue (pg-boss) with the workers registered so far; `queue: true` for tests that enqueue.
  const queue = options.queue ? await import("../../app/jobs/queue.server") : null;
  if (queue) {
    await (await import("../../app/jobs/workers.server")).registerWorkers();
    await queue.startQueue(testDb.db);
  }
  return {
    url: server.url.replace("localhost", "127.0.0.1"),
    db: testDb.db,
    close: async () => {
      await server.close();
      await queue?.stopQueue();
      await testDb.close();
    },
  };
}

/** A cookie jar of one: enough for a signed-in staff user. */
export class Client {
  cookie = "";
  constructor(readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set("Cookie", this.cookie);
    const res = await fetch(this.base + path, { redirect: "manual", ...init, headers });
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const [pair] = c.split(";");
      const [name] = pair.split("=");
      const rest = this.cookie
        .split("; ")
        .filter((p) => p && !p.startsWith(`${name}=`));
      this.cookie = [...rest, pair].join("; ");
    }
    return res;
  }

  get(path: string, init: RequestInit = {}) {
    return this.request(path, init);
  }

  post(path: string, form: Record<string, string | string[]> | URLSearchParams, init: RequestInit = {}) {
    const body = form instanceof URLSearchParams ? form : toParams(form);
    return this.request(path, { ...init, method: "POST", body });
  }

  async signIn(email: string, password: string): Promise<void> {
    const res = await this.post("/login", { email, password });
    if (res.status !== 302 && res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  }
}

export function toParams(form: Record<string, string | string[]>): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of ([] as string[]).concat(v)) p.append(k, one);
  return p;
}

/** A client signed in as a new staff user of this role (`<role>@example.test`). */
export async function signedIn(app: TestApp, role: Role): Promise<Client> {
  await insertUser(app.db, role);
  const client = new Client(app.url);
  await client.signIn(`${role}@example.test`, PASSWORD);
  return client;
}
