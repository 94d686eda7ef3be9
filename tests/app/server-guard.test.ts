import http from "node:http";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startServer } from "../../app/server";
import { Client, startTestApp, type TestApp } from "../support/app";
import { repoRoot } from "../support/env";
import { countRows, createTestSurvey, insertUser, PASSWORD } from "../support/fixtures";

// What app/server.ts answers before (or instead of) a route: bodies that are too large or not a
// form, foreign origins, the database being away; and the security headers on every page.
let app: TestApp;
let survey: Awaited<ReturnType<typeof createTestSurvey>>;
let admin: Client;
beforeAll(async () => {
  app = await startTestApp();
  survey = await createTestSurvey(app.db);
  await insertUser(app.db, "admin", "admin@example.test");
  admin = new Client(app.url);
  await admin.signIn("admin@example.test", PASSWORD);
});
afterAll(async () => app?.close());
afterEach(() => vi.restoreAllMocks());

/** A valid answer to the test survey, urlencoded. */
function answer(): string {
  return new URLSearchParams({ _key: crypto.randomUUID(), _page: "1", [`q_${survey.nps}`]: "9" }).toString();
}

/** The <h1> and first paragraph of a page. */
async function heading(res: Response): Promise<string> {
  const html = await res.text();
  return html.match(/<h1>([^<]*)<\/h1><p>([^<]*)/)!.slice(1).join(" | ");
}

/** Raw node:http, so a body can be chunked and a response read while the body is still being sent. */
function rawPost(path: string, headers: Record<string, string>, chunks: Buffer[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${app.url}${path}`, { method: "POST", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", (e) => ((e as NodeJS.ErrnoException).code === "EPIPE" || (e as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(e)));
    (async () => {
      for (const chunk of chunks) {
        if (req.destroyed) return;
        if (!req.write(chunk)) await new Promise((r) => req.once("drain", r).once("close", r));
      }
      req.end();
    })();
  });
}

describe("a body that is not a form: 415 or 400 in the user's language, nothing written, one log line", () => {
  const cases: [string, Record<string, string>, string, number, string, string][] = [
    ["JSON", { "Content-Type": "application/json" }, '{"nps":9}', 415, "양식이 아닌 요청입니다", "Not a form"],
    ["text/plain", { "Content-Type": "text/plain" }, "nps=9", 415, "양식이 아닌 요청입니다", "Not a form"],
    ["multipart without a boundary", { "Content-Type": "multipart/form-data" }, "nps=9", 400, "양식을 읽을 수 없습니다", "The form could not be read"],
    ["multipart with a broken body", { "Content-Type": "multipart/form-data; boundary=zz" }, "--zz\r\ngarbage", 400, "양식을 읽을 수 없습니다", "The form could not be read"],
  ];
  for (const [name, headers, body, status, ko, en] of cases) {
    it(`${name} to a public survey`, async () => {
      const before = await countRows(app.db);
      const warn = vi.spyOn(console, "warn");
      const error = vi.spyOn(console, "error");
      const koRes = await fetch(`${app.url}/s/${survey.token}?lang=ko`, { method: "POST", headers, body });
      expect(koRes.status).toBe(status);
      expect(await heading(koRes)).toContain(ko);
      const enRes = await fetch(`${app.url}/s/${survey.token}?lang=en`, { method: "POST", headers, body });
      expect(enRes.status).toBe(status);
      expect(await heading(enRes)).toContain(en);
      expect(await countRows(app.db)).toEqual(before);
      expect(warn).toHaveBeenCalledTimes(2);
      for (const [line] of warn.mock.calls) expect(line).toMatch(new RegExp(`^POST /s/${survey.token} ${status} [^\n]+$`));
      expect(error).not.toHaveBeenCalled();
    });
  }

  it("JSON to the sign-in form and to a staff form", async () => {
    for (const [client, path] of [[new Client(app.url), "/login"], [admin, "/app/surveys/new"]] as const) {
      const res = await client.request(path, { method: "POST", headers: { "Content-Type": "application/json", "Accept-Language": "en" }, body: "{}" });
      expect(res.status).toBe(415);
      expect(await heading(res)).toBe("Not a form | This address only accepts what a web form sends.");
    }
  });

  it("a real bug still logs its stack: the guard only quiets what a user sent", async () => {
    const { failureOf } = await import("../../app/utils/failures.server");
    expect(failureOf(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(null);
    expect(failureOf(Object.assign(new Error("duplicate key value"), { code: "23505" }))).toBe(null);
    expect(failureOf(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toEqual({
      status: 503,
      reason: "database unavailable: 57P01",
    });
  });
});

describe("a cross-origin submission", () => {
  it("answers 403 in the user's language (Remix refused it with a 500), nothing written", async () => {
    const before = await countRows(app.db);
    const headers = { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.test", "Accept-Language": "en" };
    const res = await fetch(`${app.url}/s/${survey.token}`, { method: "POST", headers, body: answer() });
    expect(res.status).toBe(403);
    expect(await heading(res)).toBe("Sent from another site | For your safety, forms sent from other sites are refused. Please send it again from the Trustloop page.");
    const ko = await fetch(`${app.url}/s/${survey.token}`, { method: "POST", headers: { ...headers, Origin: "null", "Accept-Language": "ko" }, body: answer() });
    expect(ko.status).toBe(403);
    expect(await heading(ko)).toContain("다른 사이트에서 보낸 요청입니다");
    expect(await countRows(app.db)).toEqual(before);
  });

  it("a same-origin submission goes through", async () => {
    const res = await fetch(`${app.url}/s/${survey.token}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
      body: answer(),
      redirect: "manual",
    });
    expect(res.status).toBe(302);
  });
});

describe("body size limits, before the body is read", () => {
  const form = { "Content-Type": "application/x-www-form-urlencoded" };

  it("a public survey refuses 65 KB with Content-Length: 413 in the user's language, nothing written", async () => {
    const before = await countRows(app.db);
    const body = Buffer.from(`${answer()}&q_${survey.text}=${"a".repeat(65 * 1024)}`);
    const ko = await rawPost(`/s/${survey.token}?lang=ko`, { ...form, "Content-Length": String(body.length) }, [body]);
    expect(ko.status).toBe(413);
    expect(ko.body).toContain("<h1>보낸 내용이 너무 큽니다</h1><p>이 페이지는 64 KB까지 받을 수 있습니다.");
    const en = await rawPost(`/s/${survey.token}?lang=en`, { ...form, "Content-Length": String(body.length) }, [body]);
    expect(en.status).toBe(413);
    expect(en.body).toContain("<h1>Too much data</h1><p>This page accepts up to 64 KB. Please send less and try again.</p>");
    expect(await countRows(app.db)).toEqual(before);
  });

  it("a 100 MB body is refused from its header: the answer comes before it is sent", async () => {
    const started = Date.now();
    const chunk = Buffer.alloc(1024 * 1024, 97);
    const res = await rawPost(`/s/${survey.token}?lang=en`, { ...form, "Content-Length": String(100 * chunk.length) }, Array(100).fill(chunk));
    expect(res.status).toBe(413);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a chunked body is counted as it streams: 413 past 64 KB", async () => {
    const before = await countRows(app.db);
    const chunks = [Buffer.from(`${answer()}&q_${survey.text}=`), ...Array(20).fill(Buffer.alloc(8 * 1024, 97))];
    const res = await rawPost(`/s/${survey.token}?lang=en`, { ...form, "Transfer-Encoding": "chunked" }, chunks);
    expect(res.status).toBe(413);
    expect(res.body).toContain("This page accepts up to 64 KB.");
    expect(await countRows(app.db)).toEqual(before);
  });

  it("a chunked body under the limit is read as usual", async () => {
    const res = await rawPost(`/s/${survey.token}?lang=en`, { ...form, "Transfer-Encoding": "chunked" }, [Buffer.from(answer())]);
    expect(res.status).toBe(302);
  });

  it("staff forms take up to 1 MB, the CSV upload up to 50 MB", async () => {
    const staff = (size: number) => admin.request("/app/surveys/new", { method: "POST", headers: { ...form, "Accept-Language": "en" }, body: `title.en=${"a".repeat(size)}` });
    const big = await staff(1024 * 1024 + 1);
    expect(big.status).toBe(413);
    expect(await heading(big)).toBe("Too much data | This page accepts up to 1 MB. Please send less and try again.");
    expect((await staff(200 * 1024)).status).not.toBe(413);
    const upload = new FormData();
    upload.append("file", new Blob([`service,window_start,window_end,good_minutes,total_minutes\n${"x".repeat(2 * 1024 * 1024)}`]), "big.csv");
    expect((await admin.request("/app/measurements", { method: "POST", body: upload })).status).not.toBe(413);
    const tooBig = await rawPost(
      "/app/measurements",
      { "Content-Type": "multipart/form-data; boundary=zz", "Content-Length": String(51 * 1024 * 1024), Cookie: admin.cookie, "Accept-Language": "en" },
      [Buffer.from("--zz")], // the declared length alone gets it refused
    );
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toContain("This page accepts up to 50 MB.");
  });

  it("the limits come from the environment (BODY_LIMIT_PUBLIC), checked with zod", async () => {
    const { bodyLimitsFromEnv } = await import("../../app/utils/body-limit.server");
    expect(bodyLimitsFromEnv({})).toEqual({ public: 65536, staff: 1048576, upload: 52428800 });
    expect(bodyLimitsFromEnv({ BODY_LIMIT_PUBLIC: "2KB", BODY_LIMIT_STAFF: "3mb", BODY_LIMIT_UPLOAD: "1000" })).toEqual({ public: 2048, staff: 3145728, upload: 1000 });
    expect(() => bodyLimitsFromEnv({ BODY_LIMIT_PUBLIC: "lots" })).toThrow("BODY_LIMIT_PUBLIC");
    process.env.BODY_LIMIT_PUBLIC = "1KB";
    const build = await import(pathToFileURL(`${repoRoot}build/index.js`).href);
    const small = await startServer({ port: 0, host: "127.0.0.1", build }).finally(() => delete process.env.BODY_LIMIT_PUBLIC);
    try {
      const res = await fetch(`${small.url}/s/${survey.token}?lang=en`, { method: "POST", headers: form, body: `${answer()}&q_${survey.text}=${"a".repeat(1024)}` });
      expect(res.status).toBe(413);
      expect(await heading(res)).toBe("Too much data | This page accepts up to 1 KB. Please send less and try again.");
    } finally {
      await small.close();
    }
  });
});

describe("keep-alive after an answer given before the body was read", () => {
  /** Requests one after another through one keep-alive socket; each result says whether it reused the socket. */
  async function onOneSocket(requests: { method: string; path: string; headers?: Record<string, string>; body?: string }[]) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const results: { status: number; reused: boolean; connection: string | undefined }[] = [];
    try {
      for (const r of requests) {
        results.push(
          await new Promise((resolve, reject) => {
            const req = http.request(`${app.url}${r.path}`, { method: r.method, agent, headers: r.headers }, (res) => {
              res.resume();
              res.on("end", () => resolve({ status: res.statusCode!, reused: req.reusedSocket, connection: res.headers.connection }));
            });
            req.on("error", reject);
            req.end(r.body);
          }),
        );
      }
    } finally {
      agent.destroy();
    }
    return results;
  }
  const form = { "Content-Type": "application/x-www-form-urlencoded" };
  const next = { method: "GET", path: "/healthz" };

  it("a POST with a body to a route without an action (405), then a GET on the same socket", async () => {
    // Staff forms may be 1 MB: more than the buffers between the socket and the route hold.
    const results = await onOneSocket([{ method: "POST", path: "/app/audit", headers: form, body: `x=${"a".repeat(900 * 1024)}` }, next, next]);
    expect(results).toEqual([
      { status: 405, reused: false, connection: "keep-alive" },
      { status: 200, reused: true, connection: "keep-alive" },
      { status: 200, reused: true, connection: "keep-alive" },
    ]);
  });

  it("the same after a 403 (cross-origin), a 415 (not a form) and a 429 (rate limit)", async () => {
    const path = `/s/${survey.token}?lang=en`;
    const refused = await onOneSocket([
      { method: "POST", path, headers: { ...form, Origin: "https://evil.test" }, body: answer() + `&q_${survey.text}=${"a".repeat(60 * 1024)}` },
      next,
      { method: "POST", path, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: "a".repeat(60 * 1024) }) },
      next,
    ]);
    expect(refused.map((r) => [r.status, r.reused])).toEqual([[403, false], [200, true], [415, true], [200, true]]);
    process.env.RESPOND_LIMIT_PER_LINK = "1";
    try {
      const limited = await onOneSocket([{ method: "POST", path, headers: form, body: answer() + `&q_${survey.text}=${"a".repeat(60 * 1024)}` }, next]);
      expect(limited.map((r) => [r.status, r.reused])).toEqual([[429, false], [200, true]]);
    } finally {
      delete process.env.RESPOND_LIMIT_PER_LINK;
    }
  });

  it("a body over the limit is not read: the answer closes the connection, and the next request gets a new one", async () => {
    const big = `${answer()}&q_${survey.text}=${"a".repeat(65 * 1024)}`;
    const results = await onOneSocket([{ method: "POST", path: `/s/${survey.token}?lang=en`, headers: form, body: big }, next]);
    expect(results).toEqual([
      { status: 413, reused: false, connection: "close" },
      { status: 200, reused: false, connection: "keep-alive" },
    ]);
  });
});

describe("the database away: 503 in the user's language, /healthz says why, back by itself", () => {
  it("pages and submissions answer 503, one log line each, then 200 again", async () => {
    const { createDb } = await import("../../db/client");
    const store = (globalThis as any).__trustloop;
    const working = store.db;
    const dead = createDb({ databaseUrl: "postgres://nobody@127.0.0.1:9/none" });
    const warn = vi.spyOn(console, "warn");
    const error = vi.spyOn(console, "error");
    store.db = dead;
    try {
      const page = await fetch(`${app.url}/s/${survey.token}?lang=en`);
      expect(page.status).toBe(503);
      expect(page.headers.get("retry-after")).toBe("5");
      expect(await heading(page)).toBe(
        "Briefly unavailable | The database cannot be reached right now. Please try again in a moment; if you were sending a form, send it again.",
      );
      const post = await fetch(`${app.url}/s/${survey.token}?lang=ko`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: answer() });
      expect(post.status).toBe(503);
      expect(await heading(post)).toContain("잠시 서비스를 이용할 수 없습니다");
      const staff = await admin.get("/app/surveys", { headers: { "Accept-Language": "en" } });
      expect(staff.status).toBe(503);
      const health = await fetch(`${app.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: "unavailable", database: "down", reason: "ECONNREFUSED" });
      expect(warn.mock.calls.map((c) => c[0])).toEqual([
        `GET /s/${survey.token} 503 database unavailable: ECONNREFUSED`,
        `POST /s/${survey.token} 503 database unavailable: ECONNREFUSED`,
        "GET /app/surveys 503 database unavailable: ECONNREFUSED",
      ]);
      expect(error).not.toHaveBeenCalled();
    } finally {
      store.db = working;
      await dead.close();
    }
    expect((await fetch(`${app.url}/s/${survey.token}?lang=en`)).status).toBe(200);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("every connection failure pg reports maps to 503", async () => {
    const { databaseUnavailable } = await import("../../app/utils/failures.server");
    const pgError = (code: string) => Object.assign(new Error("x"), { code });
    expect(["57P01", "57P02", "57P03", "08006", "08001", "53300", "ECONNREFUSED", "ECONNRESET"].map((c) => databaseUnavailable(pgError(c)))).toEqual([
      "57P01", "57P02", "57P03", "08006", "08001", "53300", "ECONNREFUSED", "ECONNRESET",
    ]);
    expect(databaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe("Connection terminated unexpectedly");
    expect(databaseUnavailable(new AggregateError([pgError("ECONNREFUSED")]))).toBe("ECONNREFUSED");
    expect(databaseUnavailable(pgError("42P01"))).toBe(null);
  });
});

describe("security headers", () => {
  it("a CSP whose script nonce is on every inline script and changes per response", async () => {
    const res = await fetch(`${app.url}/s/${survey.token}?lang=en`);
    const csp = res.headers.get("content-security-policy")!;
    const nonce = csp.match(/script-src 'self' 'nonce-([A-Za-z0-9+/=]{24})'/)![1];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    const html = await res.text();
    const scripts = html.match(/<script[^>]*>/g)!;
    expect(scripts.length).toBeGreaterThan(2);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const again = (await fetch(`${app.url}/s/${survey.token}?lang=en`)).headers.get("content-security-policy")!;
    expect(again).not.toContain(nonce);
  });

  it("nosniff, a same-origin referrer, no framing, no HSTS over plain HTTP", async () => {
    const res = await fetch(`${app.url}/login`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("strict-transport-security")).toBe(null);
    expect(res.headers.get("x-powered-by")).toBe(null);
  });

  it("HSTS and upgrade-insecure-requests with COOKIE_SECURE=1", async () => {
    process.env.COOKIE_SECURE = "1";
    const build = await import(pathToFileURL(`${repoRoot}build/index.js`).href);
    const secure = await startServer({ port: 0, host: "127.0.0.1", build }).finally(() => delete process.env.COOKIE_SECURE);
    try {
      const res = await fetch(`${secure.url}/login`);
      expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
      expect(res.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    } finally {
      await secure.close();
    }
  });

  it("files in public/ and the build's assets come with the same headers; other paths go to the app", async () => {
    const icon = await fetch(`${app.url}/favicon.svg`);
    expect([icon.status, icon.headers.get("content-type"), icon.headers.get("cache-control")]).toEqual([200, "image/svg+xml", "public, max-age=3600"]);
    expect(await icon.text()).toContain("<svg");
    const html = await (await fetch(`${app.url}/login?lang=en`)).text();
    const css = await fetch(`${app.url}${html.match(/href="(\/build\/[^"]+\.css)"/)![1]}`);
    expect([css.status, css.headers.get("cache-control")]).toEqual([200, "public, max-age=31536000, immutable"]);
    for (const res of [icon, css]) {
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self' 'nonce-");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
    // A name public/ does not hold is the app's: its 404 page, not the static server's.
    const missing = await fetch(`${app.url}/favicon.png?lang=en`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("<html");
  });

  it("Cache-Control: private, no-store on staff pages and customer SLA pages, not on a survey", async () => {
    for (const path of ["/app", "/app/surveys", "/app/responses", `/app/surveys/${survey.id}`]) {
      const res = await admin.get(path);
      expect([path, res.status, res.headers.get("cache-control")]).toEqual([path, 200, "private, no-store"]);
    }
    const sla = await fetch(`${app.url}/sla/this-token-does-not-exist-at-all`);
    expect(sla.status).toBe(404);
    expect(sla.headers.get("cache-control")).toBe("private, no-store");
    expect((await fetch(`${app.url}/s/${survey.token}?lang=en`)).headers.get("cache-control")).toBe(null);
  });
});
