import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

describe("GET /healthz", () => {
  it("answers 200 with JSON while the database answers", async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toEqual({ status: "ok", database: "up" });
  });
});

describe("GET /healthz without a database", () => {
  it("answers 503 with JSON when the database does not answer", async () => {
    const { createDb } = await import("../../db/client");
    const store = (globalThis as any).__trustloop;
    const working = store.db;
    const dead = createDb({ databaseUrl: "postgres://nobody@127.0.0.1:9/none" });
    store.db = dead;
    try {
      const res = await fetch(`${app.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "unavailable", database: "down", reason: "ECONNREFUSED" });
    } finally {
      store.db = working;
      await dead.close();
    }
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
