import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await insertUser(app.db, "analyst", "analyst@example.test");
  await insertUser(app.db, "manager", "locked@example.test");
});
afterAll(async () => app?.close());

describe("staff sign-in", () => {
  it("staff pages need a session: a visitor is sent to sign-in with the page to come back to", async () => {
    const res = await new Client(app.url).get("/app?tab=1");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fapp%3Ftab%3D1");
  });

  it("signs in with the right password, keeps a cookie session, and signs out", async () => {
    const client = new Client(app.url);
    const res = await client.post("/login", { email: "Analyst@Example.test", password: PASSWORD, redirectTo: "/app" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/app");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/__session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect((await client.get("/app")).status).toBe(200);
    expect((await client.post("/logout", {})).status).toBe(302);
    expect((await client.get("/app")).status).toBe(302);
  });

  it("a wrong password and an unknown email get the same message", async () => {
    const wrong = await new Client(app.url).post("/login", { email: "analyst@example.test", password: "nope" }, { headers: { "Accept-Language": "en" } });
    const unknown = await new Client(app.url).post("/login", { email: "nobody@example.test", password: "nope" }, { headers: { "Accept-Language": "en" } });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const message = "The email or password is not correct.";
    expect(await wrong.text()).toContain(message);
    expect(await unknown.text()).toContain(message);
  });

  it("an empty form gets messages beside the fields", async () => {
    const res = await new Client(app.url).post("/login", { email: "", password: "" }, { headers: { "Accept-Language": "ko" } });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="email-error"');
    expect(html).toContain('id="password-error"');
    expect(html).toContain("필수 항목입니다.");
  });

  it("repeated failures lock the email for a while, even with the right password", async () => {
    const client = new Client(app.url);
    for (let i = 0; i < 5; i++) {
      expect((await client.post("/login", { email: "locked@example.test", password: `wrong-${i}` })).status).toBe(400);
    }
    const res = await client.post("/login", { email: "locked@example.test", password: PASSWORD }, { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBeTruthy();
    expect(await res.text()).toContain("Too many sign-in attempts");
  });

  it("never redirects to another site after sign-in", async () => {
    const res = await new Client(app.url).post("/login", { email: "analyst@example.test", password: PASSWORD, redirectTo: "//evil.example" });
    expect(res.headers.get("location")).toBe("/app");
  });
});
