import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp, signedIn } from "../support/app";

let app: TestApp;
let staff: Client;

beforeAll(async () => {
  app = await startTestApp();
  staff = await signedIn(app, "analyst");
});
afterAll(async () => app?.close());

const en = { headers: { "Accept-Language": "en" } };
const ko = { headers: { "Accept-Language": "ko" } };

describe("not found inside the staff area", () => {
  it("a missing case, or an address no page has, is a 404 that keeps the navigation", async () => {
    for (const path of [`/app/cases/${crypto.randomUUID()}`, "/app/no-such-page", "/app/surveys/x/y/z"]) {
      const res = await staff.get(path, en);
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(html, path).toContain("<h1>Page not found</h1>");
      expect(html, path).toMatch(/<nav aria-label="[^"]+"><ul class="nav-groups">.*?<a[^>]*href="\/app"/);
      expect(html, path).toMatch(/href="\/app\/cases"[^>]*>Cases</);
    }
    const koHtml = await (await staff.get("/app/no-such-page", ko)).text();
    expect(koHtml).toContain("<h1>페이지를 찾을 수 없습니다</h1>");
    expect(koHtml).toMatch(/href="\/app\/cases"[^>]*>케이스</);
  });

  it("signed out, an unknown staff address asks for sign-in first; outside /app the 404 page has no staff navigation", async () => {
    const anon = new Client(app.url);
    const res = await anon.get("/app/no-such-page");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fapp%2Fno-such-page");
    const outside = await anon.get("/no-such-page", en);
    expect(outside.status).toBe(404);
    const html = await outside.text();
    expect(html).toContain("<h1>Page not found</h1>");
    expect(html).not.toContain('href="/app/cases"');
  });
});
