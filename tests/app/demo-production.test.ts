import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The server as `NODE_ENV=production npx tsx app/server.ts` runs it, on the embedded database.
process.env.NODE_ENV = "production";

import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";
import { hashPassword } from "../../app/utils/password.server";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

const en = { headers: { "Accept-Language": "en" } };

describe("demo sign-ins in production", () => {
  it("the demo seed refuses to run", async () => {
    const { seedDemoData } = await import("../../app/models/demo.server");
    await expect(seedDemoData()).rejects.toThrow("Demo data is never created with NODE_ENV=production.");
    const users = await app.db.selectFrom("users").select("email").execute();
    expect(users).toEqual([]);
  });

  it("a demo user seeded earlier (flagged by the migration) cannot sign in, with any password", async () => {
    // As a database seeded by `npm start` before the migration holds it: the migration flags it.
    await app.db
      .insertInto("users")
      .values({ email: "admin@trustloop.local", name: "Admin Kim", role: "admin", password_hash: await hashPassword("trustloop-demo"), is_demo: true })
      .execute();
    const res = await new Client(app.url).post("/login", { email: "admin@trustloop.local", password: "trustloop-demo" }, en);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Demo accounts and the demo password cannot sign in in production.");
    await app.db.updateTable("users").set({ password_hash: await hashPassword(PASSWORD) }).where("email", "=", "admin@trustloop.local").execute();
    expect((await new Client(app.url).post("/login", { email: "admin@trustloop.local", password: PASSWORD }, en)).status).toBe(403);
  });

  it("the published demo password is refused for any user; a real password works", async () => {
    await app.db
      .insertInto("users")
      .values({ email: "ops@example.test", name: "Ops", role: "admin", password_hash: await hashPassword("trustloop-demo") })
      .execute();
    expect((await new Client(app.url).post("/login", { email: "ops@example.test", password: "trustloop-demo" }, en)).status).toBe(403);
    await insertUser(app.db, "analyst", "real@example.test");
    expect((await new Client(app.url).post("/login", { email: "real@example.test", password: PASSWORD }, en)).status).toBe(302);
  });

  it("the migration flags the three demo users of an existing database", async () => {
    const { migrations } = await import("../../db/migrations/index");
    await app.db.insertInto("users").values({ email: "analyst@trustloop.local", name: "Analyst Park", role: "analyst", password_hash: "x" }).execute();
    await migrations["2026_12_03_0300_auth_hardening"].down!(app.db as any);
    await migrations["2026_12_03_0300_auth_hardening"].up(app.db as any);
    const flagged = await app.db.selectFrom("users").select(["email", "is_demo"]).orderBy("email").execute();
    expect(flagged).toEqual([
      { email: "admin@trustloop.local", is_demo: true },
      { email: "analyst@trustloop.local", is_demo: true },
      { email: "ops@example.test", is_demo: false },
      { email: "real@example.test", is_demo: false },
    ]);
  });
});
