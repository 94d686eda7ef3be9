import { afterAll, beforeAll, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";

// The demo a new user starts with: every account has contacts and contract dates, some renew soon.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

it("gives every demo account contacts, a contract start and a renewal date after it", async () => {
  const { seedDemoData } = await import("../../app/models/demo.server");
  await seedDemoData(new Date("2026-12-03T09:00:00Z"));
  const rows = await app.db
    .selectFrom("accounts")
    .select(["name", "email"])
    .select((eb) => [eb.cast<string>("contract_start", "text").as("start"), eb.cast<string>("renewal_date", "text").as("renewal")])
    .select((eb) => eb.selectFrom("contacts").select((c) => c.fn.countAll<number>().as("n")).whereRef("contacts.account_id", "=", "accounts.id").as("contacts"))
    .orderBy("name")
    .execute();
  expect(rows).toHaveLength(8);
  const hanbit = rows.find((r) => r.name === "한빛물류")!;
  expect(hanbit).toEqual({ name: "한빛물류", email: "minjun.kim@hanbit-logistics.example", start: "2026-02-03", renewal: "2027-02-03", contacts: 2 });
  for (const r of rows) {
    expect(Number(r.contacts)).toBeGreaterThan(0);
    expect(r.renewal > r.start).toBe(true);
  }
  // The list shows renewals due soon first.
  const c = new Client(app.url);
  await c.signIn("manager@trustloop.local", "trustloop-demo");
  const html = await (await c.get("/app/accounts", { headers: { "Accept-Language": "en" } })).text();
  expect([...html.matchAll(/data-account="([^"]*)"/g)].map((m) => m[1]).slice(0, 2)).toEqual(["부산마켓", "한빛물류"]);
});
