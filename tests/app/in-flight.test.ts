import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedRead } from "../../app/utils/in-flight.server";
import { startTestApp, type TestApp } from "../support/app";
import { insertUser } from "../support/fixtures";

// sharedRead: concurrent identical reads share one query; nothing outlives the read.
describe("sharedRead", () => {
  it("runs one read for callers that ask while it is in flight, and a new one after it settles", async () => {
    let runs = 0;
    const read = () => new Promise<number>((resolve) => setTimeout(() => resolve(++runs), 5));
    const [a, b, c] = await Promise.all([sharedRead("k", read), sharedRead("k", read), sharedRead("k", read)]);
    expect([a, b, c, runs]).toEqual([1, 1, 1, 1]);
    expect(await sharedRead("k", read)).toBe(2);
    expect(await Promise.all([sharedRead("x", read), sharedRead("y", read)])).toEqual([3, 4]);
  });

  it("hands a failure to every caller that shared the read, and forgets it", async () => {
    let runs = 0;
    const failing = () => new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`down ${++runs}`)), 5));
    const results = await Promise.allSettled([sharedRead("f", failing), sharedRead("f", failing)]);
    expect(results.map((r) => (r.status === "rejected" ? (r.reason as Error).message : "ok"))).toEqual(["down 1", "down 1"]);
    expect(await sharedRead("f", async () => 7)).toBe(7);
  });
});

// getUser shares a read in flight for GET only: an action (a POST) authorises against the user as
// the database has them now, not as a read that started before a change (a role taken away).
describe("getUser and the shared read", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it("a GET joins the read in flight; a POST reads the user afresh", async () => {
    const { createSession } = await import("../../app/models/user.server");
    const { commitSessionCookie, getUser } = await import("../../app/utils/session.server");
    const admin = await insertUser(app.db, "admin", "shared-read@example.test");
    const sid = await createSession(admin.id);
    const cookie = (await commitSessionCookie(sid)).split(";")[0];
    const request = (method: string) => new Request("http://localhost/app", { method, headers: { Cookie: cookie } });

    // A page's read of this session, begun before the role changed and still in flight.
    const stale = (await getUser(request("GET")))!;
    expect(stale.role).toBe("admin");
    let settle!: () => void;
    const inFlight = sharedRead(`session:${sid}`, () => new Promise<typeof stale>((resolve) => (settle = () => resolve(stale))));
    await app.db.updateTable("users").set({ role: "analyst" }).where("id", "=", admin.id).execute();

    const [get, post] = [getUser(request("GET")), getUser(request("POST"))];
    // The POST's own read answers while the shared one is still held (one that joined it would wait).
    const held = new Promise<string>((resolve) => setTimeout(() => resolve("waited for the read in flight"), 3000));
    expect(await Promise.race([post.then((u) => u?.role), held])).toBe("analyst");
    settle();
    expect((await get)?.role).toBe("admin");
    await inFlight;
    // Once settled, nothing is kept: the next GET reads the change.
    expect((await getUser(request("GET")))?.role).toBe("analyst");
  });
});
