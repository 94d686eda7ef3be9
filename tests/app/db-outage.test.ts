import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { prepareDatabase } from "../../db/setup";
import { singleton } from "../../app/utils/singleton.server";
import { drivePosts, pgAvailable, pgBin, sleep, startCluster, startServerProcess, storedKeys, type Cluster, type ServerProcess } from "../support/chaos";
import { testDatabaseUrl } from "../support/env";
import { createTestSurvey } from "../support/fixtures";

// The server process under survey posts while its PostgreSQL restarts (fast) and is killed -9:
// it stays up, answers 503 while the database is away, and recovers by itself. Its own cluster in
// tests/.tmp on a free port, never the machine's server.
const skipReason = !testDatabaseUrl
  ? "Database outage test skipped: it runs with the PostgreSQL suite (TEST_DATABASE_URL); PGlite has no server to restart."
  : !pgAvailable
    ? `Database outage test skipped: no initdb in ${pgBin} (set PG_BIN).`
    : null;
if (skipReason) console.log(skipReason);

describe.skipIf(skipReason !== null)("the server through a PostgreSQL restart and a crash", () => {
  let cluster: Cluster;
  let server: ServerProcess;
  let survey: Awaited<ReturnType<typeof createTestSurvey>>;
  beforeAll(async () => {
    cluster = await startCluster("outage");
    const handle = createDb({ databaseUrl: cluster.url });
    await prepareDatabase(handle.db);
    (globalThis as any).__trustloop = {};
    singleton("db", () => handle);
    survey = await createTestSurvey(handle.db);
    await handle.close();
    server = await startServerProcess(cluster.url);
  });
  afterAll(async () => {
    await server?.stop();
    await cluster?.destroy();
  });

  it("stays up, answers 503 while the database is away, 302 again within 2 s, loses no acknowledged answer", async () => {
    const load = drivePosts(`${server.url}/s/${survey.token}?lang=en`, survey.nps, 30);
    await sleep(800);
    await cluster.restartFast();
    await sleep(800);
    await cluster.kill9();
    const downAt = performance.now();
    // While it is down: /healthz says why, a page is the 503 page in the user's language.
    await sleep(300);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "unavailable", database: "down", reason: "ECONNREFUSED" });
    const page = await fetch(`${server.url}/s/${survey.token}?lang=ko`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("<h1>잠시 서비스를 이용할 수 없습니다</h1>");
    await sleep(700);
    const startingAt = performance.now();
    await cluster.start();
    const backAt = performance.now();
    await sleep(2500);
    const posts = await load.stop();

    expect(server.exited()).toBe(false);
    const byStatus = (from: number, to: number) => {
      const counts: Record<number, number> = {};
      for (const p of posts) if (p.sent >= from && p.sent < to) counts[p.status] = (counts[p.status] ?? 0) + 1;
      return counts;
    };
    // Only acknowledgements and 503s, ever: no 500, no dropped connection.
    expect(Object.keys(byStatus(0, Infinity)).sort()).toEqual(["302", "503"]);
    // While it was killed every post got a 503.
    expect(Object.keys(byStatus(downAt + 50, startingAt))).toEqual(["503"]);
    // Within 2 s of the database being back, every post is acknowledged again.
    expect(Object.keys(byStatus(backAt + 2000, Infinity))).toEqual(["302"]);
    expect(byStatus(backAt + 2000, Infinity)[302]).toBeGreaterThan(5);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // What the server acknowledged is in the database.
    const acknowledged = posts.filter((p) => p.status === 302).map((p) => p.key);
    const stored = await storedKeys(cluster.url, posts.map((p) => p.key));
    expect(acknowledged.filter((k) => !stored.has(k))).toEqual([]);
    // The outage is logged as one line per request, never a stack trace.
    expect(server.log()).not.toMatch(/^\s+at /m);
  }, 60_000);
});
