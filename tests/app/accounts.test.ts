import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";

// Customer accounts over real HTTP: create, edit, the account page, the list, CSV import, roles.
let app: TestApp;
let admin: { id: string; email: string };
let analyst: { id: string; email: string };
let manager: { id: string; email: string };

beforeAll(async () => {
  app = await startTestApp();
  admin = await insertUser(app.db, "admin");
  analyst = await insertUser(app.db, "analyst");
  manager = await insertUser(app.db, "manager");
});
afterAll(async () => app?.close());

async function as(user: { email: string }, lang = "en") {
  const c = new Client(app.url);
  await c.signIn(user.email, PASSWORD);
  const get = c.get.bind(c);
  const post = c.post.bind(c);
  c.get = (path, init = {}) => get(path, { ...init, headers: { "Accept-Language": lang, ...(init.headers ?? {}) } });
  c.post = (path, form, init = {}) => post(path, form, { ...init, headers: { "Accept-Language": lang, ...(init.headers ?? {}) } });
  return c;
}

async function count(table: "accounts" | "contacts" | "audit_events") {
  return Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
}

const good = {
  name: "Acme Korea",
  tier: "enterprise",
  region: "kr",
  plan: "annual",
  locale: "ko",
  monthlyFee: "2,500,000",
  contractStart: "2026-01-15",
  renewalDate: "2027-01-14",
  "contacts.0.name": "김지수",
  "contacts.0.email": "Jisoo.Kim@Acme.test",
  "contacts.0.locale": "ko",
  "contacts.1.name": "Sam Lee",
  "contacts.1.email": "sam@acme.test",
  "contacts.1.locale": "en",
  "contacts.2.name": "",
  "contacts.2.email": "",
  "contacts.2.locale": "ko",
};

/** The field's error message beside it (FieldError renders id acc-<field>-error). */
function fieldError(html: string, field: string): string | null {
  const m = new RegExp(`id="acc-${field.replace(/\./g, "-")}-error"[^>]*>([^<]*)<`).exec(html);
  return m ? m[1] : null;
}

describe("creating an account", () => {
  it("stores the account, its contacts (emails lower-cased, first one as the account's address) and one audit row", async () => {
    const c = await as(analyst);
    const auditBefore = await count("audit_events");
    const res = await c.post("/app/accounts/new", good);
    expect(res.status).toBe(302);
    const id = res.headers.get("location")!.split("?")[0].split("/").pop()!;
    expect(res.headers.get("location")).toBe(`/app/accounts/${id}?saved=1`);
    const row = await app.db
      .selectFrom("accounts")
      .select(["name", "tier", "region", "plan", "locale", "monthly_fee", "email"])
      .select((eb) => [eb.cast<string>("contract_start", "text").as("start"), eb.cast<string>("renewal_date", "text").as("renewal")])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      name: "Acme Korea",
      tier: "enterprise",
      region: "kr",
      plan: "annual",
      locale: "ko",
      monthly_fee: 2500000,
      email: "jisoo.kim@acme.test",
      start: "2026-01-15",
      renewal: "2027-01-14",
    });
    const contacts = await app.db.selectFrom("contacts").select(["name", "email", "locale", "position"]).where("account_id", "=", id).orderBy("position").execute();
    expect(contacts).toEqual([
      { name: "김지수", email: "jisoo.kim@acme.test", locale: "ko", position: 0 },
      { name: "Sam Lee", email: "sam@acme.test", locale: "en", position: 1 },
    ]);
    expect(await count("audit_events")).toBe(auditBefore + 1);
    const audit = await app.db.selectFrom("audit_events").selectAll().where("target_id", "=", id).execute();
    expect(audit.map((a) => [a.action, a.target_type, a.user_id])).toEqual([["account.create", "account", analyst.id]]);
    expect(audit[0].detail).toMatchObject({ name: "Acme Korea", monthlyFee: 2500000, contacts: ["jisoo.kim@acme.test", "sam@acme.test"] });
  });

  it.each([
    ["a duplicate name (any case, spaces around)", { name: "  ACME korea " }, "name", "An account with this name exists already."],
    ["a bad contact email", { "contacts.1.email": "sam-at-acme" }, "contacts.1.email", "This is not an email address."],
    ["a renewal before the contract start", { renewalDate: "2025-12-31" }, "renewalDate", "The renewal date must be after the contract start."],
    ["a negative fee", { monthlyFee: "-5" }, "monthlyFee", "The monthly fee cannot be negative."],
    ["a fee that is not a number", { monthlyFee: "lots" }, "monthlyFee", "Please enter a whole number."],
    ["an impossible date", { contractStart: "2026-02-30" }, "contractStart", "This is not a date."],
    ["a missing name", { name: " " }, "name", "This is required."],
    ["a contact name without an email", { "contacts.2.name": "Nobody" }, "contacts.2.email", "This is required."],
    ["the same email twice", { "contacts.1.email": "jisoo.kim@acme.test" }, "contacts.1.email", "This email is listed above already."],
    ["a language we do not speak", { locale: "fr" }, "locale", "This value is not valid."],
  ])("refuses %s with a 400, the message beside the field, and writes nothing", async (_name, change, field, message) => {
    const c = await as(analyst);
    const before = { accounts: await count("accounts"), contacts: await count("contacts"), audit: await count("audit_events") };
    const res = await c.post("/app/accounts/new", { ...good, ...(change as Record<string, string>) });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(fieldError(html, field)).toBe(message);
    expect(html).toContain("Please correct the marked fields.");
    expect({ accounts: await count("accounts"), contacts: await count("contacts"), audit: await count("audit_events") }).toEqual(before);
  });

  it("shows the messages in Korean for a Korean user", async () => {
    const c = await as(analyst, "ko");
    const res = await c.post("/app/accounts/new", { ...good, name: "Acme Korea", monthlyFee: "-1" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(fieldError(html, "name")).toBeNull(); // the name check runs only once the form is valid
    expect(fieldError(html, "monthlyFee")).toBe("월 요금은 0 이상이어야 합니다.");
  });

  it("refuses managers (403) and writes nothing; managers can read", async () => {
    const c = await as(manager);
    const before = await count("accounts");
    expect((await c.post("/app/accounts/new", { ...good, name: "Manager Co" })).status).toBe(403);
    expect((await c.get("/app/accounts/new")).status).toBe(403);
    expect((await c.get("/app/accounts/import")).status).toBe(403);
    expect(await count("accounts")).toBe(before);
    const list = await c.get("/app/accounts");
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain("Acme Korea");
    expect(html).not.toContain('href="/app/accounts/new"');
  });

  it("sends a signed-out visitor to sign in", async () => {
    const res = await new Client(app.url).post("/app/accounts/new", good);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?redirectTo=%2Fapp%2Faccounts%2Fnew");
  });
});

describe("editing an account", () => {
  it("saves the change, replaces the contacts and audits before and after; managers get 403", async () => {
    const c = await as(admin);
    const res = await c.post("/app/accounts/new", { ...good, name: "Edit Me", "contacts.0.email": "one@edit.test", "contacts.1.email": "two@edit.test" });
    const id = res.headers.get("location")!.split("?")[0].split("/").pop()!;
    const m = await as(manager);
    expect((await m.post(`/app/accounts/${id}/edit`, { ...good, name: "Hijacked" })).status).toBe(403);
    expect((await m.get(`/app/accounts/${id}/edit`)).status).toBe(403);
    const form = await (await c.get(`/app/accounts/${id}/edit`)).text();
    expect(form).toContain('value="one@edit.test"');
    const saved = await c.post(`/app/accounts/${id}/edit`, {
      ...good,
      name: "Edited Co",
      monthlyFee: "0",
      renewalDate: "",
      "contacts.0.name": "",
      "contacts.0.email": "",
      "contacts.1.email": "two@edit.test",
    });
    expect(saved.status).toBe(302);
    const row = await app.db.selectFrom("accounts").select(["name", "monthly_fee", "email"]).select((eb) => eb.cast<string>("renewal_date", "text").as("renewal")).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: "Edited Co", monthly_fee: 0, email: "two@edit.test", renewal: null });
    const contacts = await app.db.selectFrom("contacts").select(["email", "position"]).where("account_id", "=", id).execute();
    expect(contacts).toEqual([{ email: "two@edit.test", position: 0 }]);
    const audit = await app.db.selectFrom("audit_events").selectAll().where("target_id", "=", id).where("action", "=", "account.update").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toMatchObject({ before: { name: "Edit Me", renewal_date: "2027-01-14" }, after: { name: "Edited Co", renewalDate: null, contacts: ["two@edit.test"] } });
  });

  it("refuses renaming onto another account's name with a 400, changing nothing", async () => {
    const c = await as(analyst);
    const res = await c.post("/app/accounts/new", { ...good, name: "Second Co", "contacts.0.email": "a@second.test", "contacts.1.name": "", "contacts.1.email": "" });
    const id = res.headers.get("location")!.split("?")[0].split("/").pop()!;
    const audit = await count("audit_events");
    const clash = await c.post(`/app/accounts/${id}/edit`, { ...good, name: "acme korea" });
    expect(clash.status).toBe(400);
    expect(fieldError(await clash.text(), "name")).toBe("An account with this name exists already.");
    expect((await app.db.selectFrom("accounts").select("name").where("id", "=", id).executeTakeFirstOrThrow()).name).toBe("Second Co");
    expect(await app.db.selectFrom("contacts").select("email").where("account_id", "=", id).execute()).toEqual([{ email: "a@second.test" }]);
    expect(await count("audit_events")).toBe(audit);
  });

  it("answers 404 for an account that does not exist", async () => {
    const c = await as(analyst);
    expect((await c.get("/app/accounts/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await c.get("/app/accounts/not-a-uuid/edit")).status).toBe(404);
    expect((await c.post("/app/accounts/00000000-0000-4000-8000-000000000000/edit", good)).status).toBe(404);
  });
});

describe("the account page", () => {
  it("shows contract, contacts, the SLA in force for its tier with links, responses, feedback and cases; no notices yet", async () => {
    const sla = await import("../../app/models/sla.server");
    const created = await sla.createSla(admin.id, { name: { ko: "기업 SLA", en: "Enterprise SLA" }, service: "acc-svc", tiers: ["platinum"] });
    await sla.publishVersion(admin.id, created.versionId, new Date("2026-02-01T00:00:00Z"));
    const c = await as(analyst);
    const res = await c.post("/app/accounts/new", { ...good, name: "Page Co", tier: "platinum", "contacts.0.email": "p@page.test", "contacts.1.name": "", "contacts.1.email": "" });
    const id = res.headers.get("location")!.split("?")[0].split("/").pop()!;
    await sla.ensureShares(admin.id, created.slaId);
    const share = await app.db.selectFrom("sla_shares").select("token").where("account_id", "=", id).executeTakeFirstOrThrow();
    const survey = await app.db.insertInto("surveys").values({ title: JSON.stringify({ ko: "추천 설문", en: "NPS survey" }), status: "open", metric_definitions: "{}" }).returning("id").executeTakeFirstOrThrow();
    const q = await app.db.insertInto("questions").values({ survey_id: survey.id, position: 1, type: "nps", prompt: JSON.stringify({ en: "Recommend?" }) }).returning("id").executeTakeFirstOrThrow();
    const r = await app.db
      .insertInto("responses")
      .values({ survey_id: survey.id, account_id: id, submission_key: "acc-page-1", locale: "en", finished: true, started_at: new Date("2026-11-30T08:00:00Z"), submitted_at: new Date("2026-11-30T08:05:00Z") })
      .returning("id")
      .executeTakeFirstOrThrow();
    await app.db.insertInto("answers").values({ response_id: r.id, question_id: q.id, value_int: 4 }).execute();
    await app.db.insertInto("feedback_items").values({ source: "survey", response_id: r.id, account_id: id, text: "Dashboards time out every Monday.", language: "en", score: 4, score_scale: "nps", occurred_at: new Date("2026-11-30T08:05:00Z") }).execute();
    const cases = await import("../../app/models/case.server");
    await cases.insertCaseWithHistory({ source: "manual", accountId: id, priority: "p2", title: "Monday timeouts", description: "", openedAt: new Date("2026-12-01T00:00:00Z"), slaVersionId: created.versionId }, []);

    const page = await c.get(`/app/accounts/${id}?saved=1`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<h1>Page Co</h1>");
    expect(html).toContain('<dd data-field="monthlyFee">2,500,000</dd>');
    expect(html).toContain('<dd data-field="contractStart">2026-01-15</dd>');
    expect(html).toContain("p@page.test");
    expect(html).toContain('<p data-field="sla">Enterprise SLA v1 (in force since 2026-02-01)</p>');
    expect(html).toContain(`href="/app/slas/${created.slaId}"`);
    expect(html).toContain(`href="/sla/${share.token}"`);
    expect(html).toContain("No notices yet.");
    expect(html).toContain(`href="/app/responses/${r.id}"`);
    expect(html).toContain("NPS 4");
    expect(html).toContain("Dashboards time out every Monday.");
    expect(html).toContain("Monday timeouts");
    expect(html).toContain('href="/app/accounts/' + id + '/edit"');

    const ko = await (await as(manager, "ko")).get(`/app/accounts/${id}`);
    const koHtml = await ko.text();
    expect(koHtml).toContain('<p data-field="sla">기업 SLA v1 (시행일 2026-02-01)</p>');
    expect(koHtml).toContain("아직 보낸 안내가 없습니다.");
    // Managers read but do not edit.
    expect(koHtml).not.toContain(`/app/accounts/${id}/edit`);
  });

  it("says plainly when no SLA covers the tier and when there are no contacts", async () => {
    const c = await as(analyst);
    const res = await c.post("/app/accounts/new", { ...good, name: "Bare Co", tier: "bronze", "contacts.0.email": "", "contacts.0.name": "", "contacts.1.email": "", "contacts.1.name": "" });
    const id = res.headers.get("location")!.split("?")[0].split("/").pop()!;
    const html = await (await c.get(`/app/accounts/${id}`)).text();
    expect(html).toContain("No SLA is in force for tier &#x27;bronze&#x27;.");
    expect(html).toContain("No contacts yet: nothing can be sent to this account.");
  });
});

describe("the account list", () => {
  it("filters, puts renewals first (soonest first, no date last) and pages", async () => {
    const { dayOf } = await import("../../app/models/account.server");
    const now = new Date();
    await app.db
      .insertInto("accounts")
      .values([
        { name: "List Later", tier: "list", region: "us", plan: "monthly", renewal_date: dayOf(now, 200) },
        { name: "List Soon", tier: "list", region: "us", plan: "monthly", renewal_date: dayOf(now, 10) },
        { name: "List Overdue", tier: "list", region: "us", plan: "monthly", renewal_date: dayOf(now, -3) },
        { name: "List None", tier: "list", region: "us", plan: "monthly" },
        { name: "List EU", tier: "list", region: "eu", plan: "monthly", renewal_date: dayOf(now, 30) },
      ])
      .execute();
    const c = await as(manager);
    const names = (html: string) => [...html.matchAll(/data-account="([^"]*)"/g)].map((m) => m[1]);
    const html = await (await c.get("/app/accounts?tier=list&region=us")).text();
    expect(names(html)).toEqual(["List Overdue", "List Soon", "List Later", "List None"]);
    expect(html).toContain("Accounts found: 4");
    expect(names(await (await c.get("/app/accounts?tier=list&renewal=due")).text())).toEqual(["List Soon", "List EU"]);
    expect(names(await (await c.get("/app/accounts?tier=list&renewal=overdue")).text())).toEqual(["List Overdue"]);
    expect(names(await (await c.get("/app/accounts?tier=list&sort=name")).text())).toEqual(["List EU", "List Later", "List None", "List Overdue", "List Soon"]);
    expect(names(await (await c.get("/app/accounts?q=eu&tier=list")).text())).toEqual(["List EU"]);
    // Unknown values fall back instead of failing.
    expect((await c.get("/app/accounts?sort=bogus&page=-4&locale=fr")).status).toBe(200);
    await app.db
      .insertInto("accounts")
      .values(Array.from({ length: 30 }, (_, i) => ({ name: `Paged ${String(i).padStart(2, "0")}`, tier: "paged", region: "kr", plan: "p" })))
      .execute();
    const p1 = await (await c.get("/app/accounts?tier=paged&sort=name")).text();
    expect(names(p1)).toHaveLength(25);
    expect(p1).toContain("Page 1 of 2");
    const p2 = await (await c.get("/app/accounts?tier=paged&sort=name&page=2")).text();
    expect(names(p2)).toEqual(["Paged 25", "Paged 26", "Paged 27", "Paged 28", "Paged 29"]);
  });
});

describe("CSV import", () => {
  const csv = [
    "회사,등급,지역,요금제,언어,월요금,contract_start,renewal_date,담당자,이메일",
    "Import One,enterprise,kr,annual,ko,\"1,200,000\",2026-03-01,2027-02-28,정민,jm@one.test; ops@one.test",
    "Import Two,business,us,monthly,en,300000,,,,",
  ].join("\n");

  it("previews the rows as they will be stored with the guessed mapping, storing nothing", async () => {
    const c = await as(analyst);
    const before = await count("accounts");
    const res = await c.post("/app/accounts/import", { intent: "preview", csv });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Preview as stored (first 2 of 2 rows)");
    expect(html).toContain("<td>Import One</td>");
    expect(html).toContain('<td class="num">1200000</td>');
    expect(html).toContain("정민 &lt;jm@one.test&gt;, ops@one.test");
    // The guessed mapping is shown as selected options.
    expect(html).toMatch(/<select id="map-monthlyFee" name="map.monthlyFee">[\s\S]*?<option value="5" selected="">월요금<\/option>/);
    expect(html).toContain("Import all rows (2)");
    expect(await count("accounts")).toBe(before);
  });

  it("imports all rows with one audit row", async () => {
    const c = await as(analyst);
    const audit = await count("audit_events");
    const res = await c.post("/app/accounts/import", { intent: "import", csv, mapped: "1", "map.name": "0", "map.tier": "1", "map.region": "2", "map.plan": "3", "map.locale": "4", "map.monthlyFee": "5", "map.contractStart": "6", "map.renewalDate": "7", "map.contactName": "8", "map.contactEmails": "9" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/app/accounts?imported=2&sort=created");
    const one = await app.db.selectFrom("accounts").select(["id", "locale", "monthly_fee", "email"]).where("name", "=", "Import One").executeTakeFirstOrThrow();
    expect(one).toMatchObject({ locale: "ko", monthly_fee: 1200000, email: "jm@one.test" });
    expect(await app.db.selectFrom("contacts").select(["name", "email", "locale"]).where("account_id", "=", one.id).orderBy("position").execute()).toEqual([
      { name: "정민", email: "jm@one.test", locale: "ko" },
      { name: "", email: "ops@one.test", locale: "ko" },
    ]);
    expect(await count("audit_events")).toBe(audit + 1);
    const row = await app.db.selectFrom("audit_events").selectAll().where("action", "=", "account.import").executeTakeFirstOrThrow();
    expect(row.detail).toEqual({ count: 2, names: ["Import One", "Import Two"] });
    const list = await (await c.get("/app/accounts?imported=2&sort=created")).text();
    expect(list).toContain("Accounts imported: 2.");
  });

  it("refuses the whole file with line-numbered errors when any line is bad, storing nothing", async () => {
    const c = await as(analyst);
    const before = { accounts: await count("accounts"), contacts: await count("contacts"), audit: await count("audit_events") };
    const bad = [
      "name,tier,region,plan,monthly_fee,renewal_date,contract_start,email",
      "Fine Co,enterprise,kr,annual,100,2027-01-01,2026-01-01,fine@fine.test",
      "Import One,enterprise,kr,annual,100,,,",
      "Neg Co,enterprise,kr,annual,-100,,,",
      "Late Co,enterprise,kr,annual,100,2025-01-01,2026-01-01,not-an-email",
      "Fine Co,standard,kr,annual,100,,,",
    ].join("\n");
    const res = await c.post("/app/accounts/import", { intent: "import", csv: bad });
    expect(res.status).toBe(400);
    const html = await res.text();
    const errors = [...html.matchAll(/<li>(Line [^<]*)<\/li>/g)].map((m) => m[1].replace(/&#x27;/g, "'"));
    expect(errors).toEqual([
      "Line 4 · Monthly fee: The monthly fee cannot be negative.",
      "Line 5 · Renewal date: The renewal date must be after the contract start.",
      "Line 5 · Contact emails: This is not an email address.",
      "Line 6 · Account name: Same name as line 2.",
    ]);
    expect(html).toContain("Errors: 4. Nothing was stored.");
    expect({ accounts: await count("accounts"), contacts: await count("contacts"), audit: await count("audit_events") }).toEqual(before);
    // Once the file itself is clean, a name already stored refuses its line; still nothing stored.
    const clash = await c.post("/app/accounts/import", { intent: "import", csv: bad.split("\n").slice(0, 3).join("\n") });
    expect(clash.status).toBe(400);
    expect([...(await clash.text()).matchAll(/<li>(Line [^<]*)<\/li>/g)].map((m) => m[1])).toEqual(["Line 3 · Account name: An account with this name exists already."]);
    expect({ accounts: await count("accounts"), contacts: await count("contacts"), audit: await count("audit_events") }).toEqual(before);
  });

  it("says which required fields are not mapped, and refuses managers", async () => {
    const c = await as(analyst);
    const res = await c.post("/app/accounts/import", { intent: "preview", csv: "company,segment\nA,b", mapped: "1", "map.name": "0" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Line 1: Required fields not mapped to a column: tier, region, plan, monthlyFee");
    const m = await as(manager);
    expect((await m.post("/app/accounts/import", { intent: "import", csv })).status).toBe(403);
  });
});
