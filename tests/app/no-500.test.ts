import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { repoRoot } from "../support/env";
import { insertUser, PASSWORD } from "../support/fixtures";

// Whatever a user can type into an address bar or a form, the server answers below 500.
let app: TestApp;
let admin: Client;
beforeAll(async () => {
  app = await startTestApp();
  await insertUser(app.db, "admin", "admin@example.test");
  admin = new Client(app.url);
  await admin.signIn("admin@example.test", PASSWORD);
});
afterAll(async () => app?.close());

const junk = ["not-a-uuid", crypto.randomUUID(), "%00", "'%3B%20drop%20table%20users%3B--", "0", "-1", "9".repeat(40), "%E2%80%AE%ED%95%9C"];

/** Flat route file names -> URL templates with one placeholder per dynamic segment. */
function routeTemplates(): string[] {
  const files = fs.readdirSync(path.join(repoRoot, "app/routes")).filter((f) => /\.tsx?$/.test(f));
  return files
    .map((f) => f.replace(/\.tsx?$/, ""))
    .filter((r) => r !== "_index")
    .map((r) =>
      "/" +
      r
        // Escaped text ([.csv], [.errors.csv]) keeps its dots.
        .replace(/\[([^\]]+)\]/g, (_m, escaped: string) => escaped.replace(/\./g, "\u0000"))
        .split(".")
        .filter((seg) => seg !== "_index")
        .map((seg) => seg.replace(/_$/, "").replace(/\u0000/g, "."))
        .join("/"),
    );
}

function fill(template: string, value: string): string {
  return template.replace(/\$[A-Za-z]+/g, value);
}

const garbageForms: Record<string, string | string[]>[] = [
  {},
  { intent: "nonsense", _intent: "nonsense" },
  { intent: "save", title: "x".repeat(20_000), "questions.0.type": "bogus", "questions.99.prompt.ko": "", name: "<script>" },
  { status: "closed", from: "not-a-date", to: "2026-13-45", priority: "p9", accountIds: ["a", "b"], file: "a,b\n1,2" },
  { email: "", password: "", lang: "xx", redirectTo: "https://evil.example" },
  // A NUL byte is an error in a PostgreSQL text parameter, so it must never get that far.
  { name: "a\u0000b", title: "\u0000", "title.ko": "\u0000", "title.en": "x\u0000", email: "a\u0000@b.c", password: "\u0000", body: "\u0000", note: "\u0000" },
];

describe("no 500 for anything a user can type", () => {
  const templates = routeTemplates();

  it("finds the app's routes", () => {
    expect(templates.length).toBeGreaterThan(15);
  });

  it("GET every route with odd parameters and odd query strings", async () => {
    const failures: string[] = [];
    for (const t of templates) {
      for (const v of t.includes("$") ? junk : [""]) {
        for (const q of ["", "?page=-1&from=yesterday&to=2026-02-31&survey=x&status=%00&sort=;&a=1&b=1&lang=zz"]) {
          const url = fill(t, v) + q;
          const res = await admin.get(url);
          await res.arrayBuffer();
          if (res.status >= 500) failures.push(`GET ${url} -> ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it("POST garbage to every route", async () => {
    const failures: string[] = [];
    for (const t of templates) {
      if (t === "/logout") continue;
      for (const v of t.includes("$") ? junk.slice(0, 3) : [""]) {
        for (const form of garbageForms) {
          const url = fill(t, v);
          const res = await admin.post(url, form);
          await res.arrayBuffer();
          if (res.status >= 500) failures.push(`POST ${url} ${JSON.stringify(form).slice(0, 80)} -> ${res.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
