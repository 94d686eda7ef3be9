import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";

// Behind one reverse proxy: the proxy appends the client's address to X-Forwarded-For.
process.env.TRUST_PROXY = "1";

let app: TestApp;
let admin: Client;
beforeAll(async () => {
  app = await startTestApp();
  for (const name of ["backoff", "device", "stranger", "unlock"]) await insertUser(app.db, "analyst", `${name}@example.test`);
  await insertUser(app.db, "admin", "admin@example.test");
  admin = new Client(app.url);
  await admin.signIn("admin@example.test", PASSWORD);
});
afterAll(async () => app?.close());

const en = { "Accept-Language": "en" };
/** A request as the proxy forwards it: whatever the client wrote, then the address the proxy saw. */
const via = (address: string, forged = "") => ({ ...en, "X-Forwarded-For": forged ? `${forged}, ${address}` : address });
const tryPassword = (client: Client, email: string, password: string, address: string) => client.post("/login", { email, password }, { headers: via(address) });

/** Lets every key's backoff pass, as if the guesser had waited (the count stays). */
async function waitOutBackoff() {
  await app.db.updateTable("login_failures").set({ last_at: new Date(Date.now() - 3600_000) }).execute();
}

describe("sign-in throttling", () => {
  it("counts failures per client address as the one trusted proxy saw it, whatever the client writes in X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      // A different made-up address and a different unknown email each time: only the address can stop this.
      const res = await tryPassword(new Client(app.url), `nobody-${i}@example.test`, "guess", `203.0.113.7`);
      statuses.push(res.status);
    }
    const forged: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await new Client(app.url).post("/login", { email: `nobody-${i}@example.test`, password: "guess" }, { headers: via("203.0.113.7", `10.${i}.0.1`) });
      forged.push(res.status);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(400));
    // Past 30 the address waits 2, 4, 8 ... seconds between tries: on a slow machine one or two
    // of the 30 later tries may come after a wait ran out, but no more.
    const through = [...statuses.slice(30), ...forged].filter((s) => s === 400).length;
    expect(through).toBeLessThanOrEqual(2);
    expect([...statuses.slice(30), ...forged].filter((s) => s !== 400)).toEqual(Array(30 - through).fill(429));
    const addresses = await app.db.selectFrom("login_failures").select("key").where("key", "like", "ip:%").execute();
    expect(addresses).toEqual([{ key: "ip:203.0.113.7" }]);
    // Another client behind the same proxy is not held back.
    expect((await tryPassword(new Client(app.url), "nobody@example.test", "guess", "203.0.113.8")).status).toBe(400);
  });

  it("after five failures each further try waits 2, then 4 seconds (doubling), and then the right password works", async () => {
    const client = new Client(app.url);
    for (let i = 0; i < 5; i++) expect((await tryPassword(client, "backoff@example.test", `wrong-${i}`, "198.51.100.1")).status).toBe(400);
    const early = await tryPassword(client, "backoff@example.test", PASSWORD, "198.51.100.1");
    expect(early.status).toBe(429);
    expect(early.headers.get("retry-after")).toBe("2");
    expect(await early.text()).toContain("Too many sign-in attempts. Please try again in 2 seconds.");
    await waitOutBackoff();
    expect((await tryPassword(client, "backoff@example.test", "wrong-5", "198.51.100.1")).status).toBe(400);
    const next = await tryPassword(client, "backoff@example.test", PASSWORD, "198.51.100.1");
    expect(next.status).toBe(429);
    expect(next.headers.get("retry-after")).toBe("4");
    await waitOutBackoff();
    expect((await tryPassword(client, "backoff@example.test", PASSWORD, "198.51.100.1")).status).toBe(302);
  });

  it("ten failures from unknown browsers lock the account for them, but the owner's browser still signs in and lifts the lock", async () => {
    const owner = new Client(app.url);
    expect((await tryPassword(owner, "device@example.test", PASSWORD, "198.51.100.2")).status).toBe(302);
    expect(owner.cookie).toMatch(/__device=/);
    expect((await owner.post("/logout", {})).status).toBe(302);

    const stranger = new Client(app.url);
    for (let i = 0; i < 10; i++) {
      await waitOutBackoff();
      expect((await tryPassword(stranger, "device@example.test", `guess-${i}`, "198.51.100.3")).status).toBe(400);
    }
    await waitOutBackoff();
    // Locked for unknown browsers: even the right password is refused, and the page says what to do.
    const locked = await tryPassword(stranger, "device@example.test", PASSWORD, "198.51.100.3");
    expect(locked.status).toBe(423);
    expect(await locked.text()).toContain("this account is locked for new browsers");

    // The owner's browser, from anywhere, signs straight in: the strangers' count is not theirs.
    expect((await tryPassword(owner, "device@example.test", PASSWORD, "198.51.100.9")).status).toBe(302);
    expect((await owner.get("/app")).status).toBe(200);
    // ... and that lifts the lock for everyone.
    expect((await tryPassword(new Client(app.url), "device@example.test", PASSWORD, "198.51.100.4")).status).toBe(302);
  });

  it("a known-device cookie of one user does not open another user's locked account, and a forged one counts for nothing", async () => {
    const browser = new Client(app.url);
    expect((await tryPassword(browser, "stranger@example.test", PASSWORD, "198.51.100.5")).status).toBe(302);
    expect((await browser.post("/logout", {})).status).toBe(302);
    for (let i = 0; i < 10; i++) {
      await waitOutBackoff();
      expect((await tryPassword(new Client(app.url), "unlock@example.test", `guess-${i}`, "198.51.100.6")).status).toBe(400);
    }
    await waitOutBackoff();
    expect((await tryPassword(browser, "unlock@example.test", PASSWORD, "198.51.100.5")).status).toBe(423);
    const forged = new Client(app.url);
    forged.cookie = `__device=${Buffer.from(JSON.stringify({ userId: "00000000-0000-4000-8000-000000000000", nonce: "x".repeat(24) })).toString("base64")}`;
    expect((await tryPassword(forged, "unlock@example.test", PASSWORD, "198.51.100.7")).status).toBe(423);
  });

  it("an admin sees the lock on the users page and lifts it, with an audit row", async () => {
    const page = await (await admin.get("/app/users", { headers: en })).text();
    const row = page.slice(page.indexOf("unlock@example.test"));
    expect(row.slice(0, row.indexOf("</tr>"))).toContain("Locked");
    const user = await app.db.selectFrom("users").select("id").where("email", "=", "unlock@example.test").executeTakeFirstOrThrow();
    const res = await admin.post("/app/users", { intent: "unlock", userId: user.id }, { headers: en });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/app/users?unlocked=${user.id}`);
    const audit = await app.db.selectFrom("audit_events").select(["action", "target_id", "detail"]).where("action", "=", "user.unlock").execute();
    expect(audit).toEqual([{ action: "user.unlock", target_id: user.id, detail: { failures: 10 } }]);
    expect((await tryPassword(new Client(app.url), "unlock@example.test", PASSWORD, "198.51.100.8")).status).toBe(302);
  });

  it("only admins reach the users page", async () => {
    const analyst = new Client(app.url);
    await analyst.signIn("backoff@example.test", PASSWORD);
    expect((await analyst.get("/app/users")).status).toBe(403);
    expect((await analyst.post("/app/users", { intent: "unlock", userId: "00000000-0000-4000-8000-000000000000" })).status).toBe(403);
  });
});
