import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";

// The admin's user screens over HTTP: who may use them, invites and one-time links, roles,
// deactivation ending sessions, and the last-admin guard.
let app: TestApp;
let admin: Client;
let adminId: string;
const en = { headers: { "Accept-Language": "en" } };

beforeAll(async () => {
  app = await startTestApp();
  adminId = (await insertUser(app.db, "admin")).id;
  await insertUser(app.db, "manager");
  await insertUser(app.db, "analyst");
  admin = new Client(app.url);
  await admin.signIn("admin@example.test", PASSWORD);
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await app?.close();
});

const signedIn = async (email: string, password = PASSWORD) => {
  const c = new Client(app.url);
  await c.signIn(email, password);
  return c;
};
const userByEmail = (email: string) => app.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirstOrThrow();
/** The one-time link as the page shows it to the admin. */
const linkIn = (html: string) => {
  const m = /id="one-time-link"[^>]*value="([^"]+)"/.exec(html) ?? /value="([^"]+)"[^>]*id="one-time-link"/.exec(html);
  expect(m, "a one-time link on the page").not.toBeNull();
  return new URL(m![1].replace(/&amp;/g, "&"));
};
async function invite(name: string, email: string, role = "analyst") {
  const res = await admin.post("/app/users/new", { name, email, role }, en);
  expect(res.status).toBe(200);
  return { html: await res.text(), user: await userByEmail(email) };
}

describe("who may use the user screens", () => {
  it("manager and analyst get 403 on every page and action; anonymous goes to sign-in", async () => {
    const target = (await userByEmail("analyst@example.test")).id;
    for (const role of ["manager", "analyst"]) {
      const c = await signedIn(`${role}@example.test`);
      for (const url of ["/app/users", "/app/users/new", `/app/users/${target}`]) {
        expect((await c.get(url)).status, `GET ${url} as ${role}`).toBe(403);
      }
      expect((await c.post("/app/users/new", { name: "X", email: "x@example.test", role: "admin" })).status).toBe(403);
      expect((await c.post(`/app/users/${target}`, { intent: "role", role: "admin" })).status).toBe(403);
      expect((await c.post(`/app/users/${target}`, { intent: "deactivate" })).status).toBe(403);
    }
    expect(await app.db.selectFrom("users").select("email").where("email", "=", "x@example.test").executeTakeFirst()).toBeUndefined();
    expect((await userByEmail("analyst@example.test")).role).toBe("analyst");
    const anon = await new Client(app.url).get("/app/users");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toBe("/login?redirectTo=%2Fapp%2Fusers");
  });
});

describe("inviting a user and the one-time link", () => {
  it("without mail: the link is shown to the admin, stored hashed, valid 72 h, nothing queued; it works once", async () => {
    delete process.env.SMTP_URL;
    const { html, user } = await invite("Mina Park", "mina@example.test", "manager");
    expect(html).toContain("Mail is not configured (SMTP_URL), so no email was sent.");
    expect(user).toMatchObject({ name: "Mina Park", role: "manager", deactivated_at: null });
    const url = linkIn(html);
    expect(url.pathname).toMatch(/^\/set-password\/[\w-]{43}$/);
    const token = url.pathname.split("/").pop()!;
    const rows = await app.db.selectFrom("user_tokens").selectAll().where("user_id", "=", user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(rows[0].purpose).toBe("invite");
    expect(rows[0].expires_at.getTime() - rows[0].created_at.getTime()).toBe(72 * 3600_000);
    expect(await app.db.selectFrom("outbox").select("id").execute()).toEqual([]);

    const list = await (await admin.get("/app/users", en)).text();
    expect(list).toMatch(/data-user="mina@example.test">.*?<td data-status="invited">Invited \(no password yet\)<\/td><td>Never<\/td>/s);

    // An invited user has no password: nothing signs in yet.
    expect((await new Client(app.url).post("/login", { email: "mina@example.test", password: "!none" })).status).toBe(400);

    const visitor = new Client(app.url);
    const page = await visitor.get(url.pathname, en);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Welcome, Mina Park. Choose a password for mina@example.test.");
    const short = await visitor.post(url.pathname, { password: "short", confirm: "short" }, en);
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("The password needs at least 10 characters.");
    const mismatch = await visitor.post(url.pathname, { password: "long enough one", confirm: "long enough two" }, en);
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("The two passwords differ.");
    const ok = await visitor.post(url.pathname, { password: "mina's new password", confirm: "mina's new password" }, en);
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/login?passwordSet=1");

    // Used: the page and the form refuse it now, and the password stays the first one.
    const again = await visitor.get(url.pathname, en);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("This link has been used or has expired.");
    expect((await visitor.post(url.pathname, { password: "another password!", confirm: "another password!" }, en)).status).toBe(410);
    const mina = await signedIn("mina@example.test", "mina's new password");
    expect((await mina.get("/app")).status).toBe(200);
    expect((await new Client(app.url).post("/login", { email: "mina@example.test", password: "another password!" })).status).toBe(400);
    expect((await userByEmail("mina@example.test")).last_sign_in_at).not.toBeNull();
    const after = await (await admin.get("/app/users", en)).text();
    expect(after).toMatch(/data-user="mina@example.test">.*?<td data-status="active">Active<\/td>/s);

    const audit = await app.db.selectFrom("audit_events").select(["action", "user_id"]).where("target_id", "=", user.id).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["user.invite", "user.password_set", "session.create"]);
  });

  it("an expired link is refused; a reset link replaces the earlier one", async () => {
    const { html, user } = await invite("Old Link", "old-link@example.test");
    const first = linkIn(html).pathname;
    await app.db.updateTable("user_tokens").set({ expires_at: new Date(Date.now() - 1000) }).where("user_id", "=", user.id).execute();
    expect((await new Client(app.url).get(first, en)).status).toBe(410);
    expect((await new Client(app.url).post(first, { password: "password 1234", confirm: "password 1234" }, en)).status).toBe(410);
    expect((await userByEmail("old-link@example.test")).password_hash).toBe("!none");

    const reset = await admin.post(`/app/users/${user.id}`, { intent: "reset" }, en);
    expect(reset.status).toBe(200);
    const second = linkIn(await reset.text()).pathname;
    const third = linkIn(await (await admin.post(`/app/users/${user.id}`, { intent: "reset" }, en)).text()).pathname;
    expect((await new Client(app.url).get(second, en)).status).toBe(410);
    expect((await new Client(app.url).get(third, en)).status).toBe(200);
  });

  it("with mail configured, the invite also goes to the new user through the outbox", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:9";
    try {
      const { html, user } = await invite("Jun Lee", "jun@example.test");
      expect(html).toContain("The link is queued for email delivery");
      const link = linkIn(html).href;
      const mails = await app.db.selectFrom("outbox").select(["to", "subject", "body"]).where("to", "=", "jun@example.test").execute();
      expect(mails).toEqual([{ to: "jun@example.test", subject: "You are invited to Trustloop", body: `Test admin invited you to Trustloop. Set your password at the link below (usable once, for 72 hours).\n\n${link}\n` }]);
      expect(user.role).toBe("analyst");
    } finally {
      delete process.env.SMTP_URL;
    }
  });

  it("a taken email or bad input is a 400 beside the field, nothing written", async () => {
    const before = await app.db.selectFrom("users").select("id").execute();
    const taken = await admin.post("/app/users/new", { name: "Dup", email: "ANALYST@example.test", role: "analyst" }, en);
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain("A user with this email exists already.");
    const bad = await admin.post("/app/users/new", { name: "", email: "nope", role: "owner" }, en);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("This is required.");
    expect(html).toContain("This is not an email address.");
    expect(await app.db.selectFrom("users").select("id").execute()).toHaveLength(before.length);
  });
});

describe("roles, deactivation and the last admin", () => {
  it("a role change is saved exactly", async () => {
    const u = await insertUser(app.db, "analyst", "role-change@example.test");
    const res = await admin.post(`/app/users/${u.id}`, { intent: "role", role: "manager" }, en);
    expect(res.status).toBe(302);
    expect((await userByEmail("role-change@example.test")).role).toBe("manager");
    expect(await (await admin.get(`/app/users/${u.id}?done=role`, en)).text()).toContain("Role of Test analyst saved.");
  });

  it("deactivating ends the user's session at once; they cannot sign in until reactivated", async () => {
    const u = await insertUser(app.db, "analyst", "leaver@example.test");
    const leaver = await signedIn("leaver@example.test");
    expect((await leaver.get("/app")).status).toBe(200);
    const res = await admin.post(`/app/users/${u.id}`, { intent: "deactivate" }, en);
    expect(res.status).toBe(302);
    expect(await app.db.selectFrom("sessions").select("id").where("user_id", "=", u.id).execute()).toEqual([]);
    const next = await leaver.get("/app/responses");
    expect(next.status).toBe(302);
    expect(next.headers.get("location")).toBe("/login?redirectTo=%2Fapp%2Fresponses");
    const refused = await new Client(app.url).post("/login", { email: "leaver@example.test", password: PASSWORD }, en);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("This account is deactivated.");
    expect(await (await admin.get("/app/users", en)).text()).toMatch(/data-user="leaver@example.test">.*?<td data-status="deactivated">Deactivated<\/td>/s);
    // No reset link for a deactivated user.
    expect((await admin.post(`/app/users/${u.id}`, { intent: "reset" }, en)).status).toBe(404);

    expect((await admin.post(`/app/users/${u.id}`, { intent: "reactivate" }, en)).status).toBe(302);
    expect((await (await signedIn("leaver@example.test")).get("/app")).status).toBe(200);
  });

  it("the last active admin cannot be demoted or deactivated; with two, one may go", async () => {
    const demote = await admin.post(`/app/users/${adminId}`, { intent: "role", role: "analyst" }, en);
    expect(demote.status).toBe(409);
    expect(await demote.text()).toContain("The last active admin cannot be demoted or deactivated.");
    const self = await admin.post(`/app/users/${adminId}`, { intent: "deactivate" }, en);
    expect(self.status).toBe(409);
    expect(await self.text()).toContain("You cannot deactivate your own account.");
    expect(await userByEmail("admin@example.test")).toMatchObject({ role: "admin", deactivated_at: null });

    // A second admin, deactivated, does not count.
    const other = await insertUser(app.db, "admin", "admin2@example.test");
    await app.db.updateTable("users").set({ deactivated_at: new Date() }).where("id", "=", other.id).execute();
    expect((await admin.post(`/app/users/${adminId}`, { intent: "role", role: "manager" }, en)).status).toBe(409);
    await app.db.updateTable("users").set({ deactivated_at: null }).where("id", "=", other.id).execute();

    // Two active admins demoting each other at the same moment: one wins, one admin is left.
    const second = await signedIn("admin2@example.test");
    const [a, b] = await Promise.all([
      admin.post(`/app/users/${other.id}`, { intent: "role", role: "analyst" }, en),
      second.post(`/app/users/${adminId}`, { intent: "role", role: "analyst" }, en),
    ]);
    // The loser is refused by the guard (409), or by its role check when the winner committed first (403).
    expect([a.status, b.status].sort()).toEqual(a.status === 403 || b.status === 403 ? [302, 403] : [302, 409]);
    const activeAdmins = () => app.db.selectFrom("users").select("id").where("role", "=", "admin").where("deactivated_at", "is", null).execute();
    expect(await activeAdmins()).toHaveLength(1);

    // The same race under the role check, straight at the model: both transactions reach the guard.
    const { changeUserRole, deactivateUser } = await import("../../app/models/user.server");
    await app.db.updateTable("users").set({ role: "admin" }).where("id", "in", [adminId, other.id]).execute();
    const results = await Promise.allSettled([changeUserRole(adminId, other.id, "analyst"), deactivateUser(other.id, adminId)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason.code).toBe("lastAdmin");
    expect(await activeAdmins()).toHaveLength(1);
  });
});
