import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { createTestSurvey, insertUser, PASSWORD } from "../support/fixtures";

let app: TestApp;
let analyst: Client;
let manager: Client;
let survey: Awaited<ReturnType<typeof createTestSurvey>>;
let accounts: { id: string; name: string; tier: string }[];

beforeAll(async () => {
  app = await startTestApp();
  await insertUser(app.db, "analyst");
  await insertUser(app.db, "manager");
  analyst = new Client(app.url);
  await analyst.signIn("analyst@example.test", PASSWORD);
  manager = new Client(app.url);
  await manager.signIn("manager@example.test", PASSWORD);
  survey = await createTestSurvey(app.db);
  accounts = await app.db
    .insertInto("accounts")
    .values([
      { name: "한빛상사, 서울", email: "cs@hanbit.example", tier: "enterprise", region: "kr-seoul", plan: "pro", locale: "ko" },
      { name: "=Acme \"Global\"", email: "ops@acme.example", tier: "enterprise", region: "us-east", plan: "pro", locale: "en" },
      { name: "작은가게", email: null, tier: "smb", region: "kr-busan", plan: "basic", locale: "ko" },
    ])
    .returning(["id", "name", "tier"])
    .execute();
});
afterAll(async () => app?.close());

async function counts() {
  const n = async (table: "links" | "audit_events") =>
    Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return { links: await n("links"), audit: await n("audit_events") };
}

const page = () => `/app/surveys/${survey.id}/links`;

describe("the distribution page", () => {
  it("shows the public link as a full URL and how to add hidden fields", async () => {
    const res = await analyst.get(page(), { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`value="${app.url}/s/${survey.token}"`);
    expect(html).toContain("?tier=..&amp;region=..&amp;plan=..&amp;account=..&amp;ticket=..");
    expect(html).toContain("한빛상사, 서울");
  });

  it("sets the public link's language", async () => {
    const res = await analyst.post(page(), { intent: "publicLocale", locale: "en" });
    expect(res.status).toBe(302);
    const link = await app.db.selectFrom("links").select("locale").where("token", "=", survey.token).executeTakeFirstOrThrow();
    expect(link.locale).toBe("en");
    expect((await analyst.post(page(), { intent: "publicLocale", locale: "fr" })).status).toBe(400);
  });
});

describe("generating single-use links", () => {
  it("creates one link per chosen account in one go, with the account's segment snapshotted", async () => {
    const before = await counts();
    const [hanbit, acme] = accounts;
    const res = await analyst.post(page(), {
      intent: "generate",
      accountIds: [hanbit.id, acme.id],
      expiresAt: "2099-12-31",
      ticket: "T-1234",
      locale: "",
    });
    expect(res.status).toBe(302);
    const links = await app.db
      .selectFrom("links")
      .selectAll()
      .where("survey_id", "=", survey.id)
      .where("kind", "=", "single")
      .orderBy("created_at")
      .execute();
    expect(links).toHaveLength(2);
    const byAccount = new Map(links.map((l) => [l.account_id, l]));
    expect(byAccount.get(hanbit.id)!.hidden).toEqual({ account: hanbit.id, tier: "enterprise", region: "kr-seoul", plan: "pro", ticket: "T-1234" });
    expect(byAccount.get(acme.id)!.hidden).toEqual({ account: acme.id, tier: "enterprise", region: "us-east", plan: "pro", ticket: "T-1234" });
    // No language chosen: each account's own.
    expect(byAccount.get(hanbit.id)!.locale).toBe("ko");
    expect(byAccount.get(acme.id)!.locale).toBe("en");
    // The end of 31 December in the organisation's zone (Asia/Seoul, UTC+9).
    expect(new Date(byAccount.get(hanbit.id)!.expires_at!).toISOString()).toBe("2099-12-31T14:59:59.999Z");
    expect(new Set(links.map((l) => l.token)).size).toBe(2);
    const after = await counts();
    expect(after.links).toBe(before.links + 2);
    expect(after.audit).toBe(before.audit + 1);

    const list = await (await analyst.get(page(), { headers: { "Accept-Language": "en" } })).text();
    for (const l of links) expect(list).toContain(`/s/${l.token}`);
    expect(list).toContain("Not used");
  });

  it("generating again skips accounts that already have a live link and says so, unless asked", async () => {
    const [hanbit, acme] = accounts;
    const before = await counts();
    const again = await analyst.post(page(), { intent: "generate", accountIds: [hanbit.id, acme.id], locale: "" });
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toContain("generated=0&skipped=2");
    expect((await counts()).links).toBe(before.links);
    const html = (await (await analyst.get(again.headers.get("location")!, { headers: { "Accept-Language": "en" } })).text()).replaceAll("<!-- -->", "");
    expect(html).toContain("Generated 0 single-use links. Skipped 2 accounts that already have a live link; tick the box below to make new ones anyway.");
    const forced = await analyst.post(page(), { intent: "generate", accountIds: [hanbit.id], locale: "", includeLive: "on" });
    expect(forced.headers.get("location")).toContain("generated=1&skipped=0");
    expect((await counts()).links).toBe(before.links + 1);
  });

  it("a chosen language applies to the whole batch", async () => {
    const smb = accounts[2];
    expect((await analyst.post(page(), { intent: "generate", accountIds: smb.id, locale: "en" })).status).toBe(302);
    const link = await app.db.selectFrom("links").select(["locale", "expires_at"]).where("account_id", "=", smb.id).executeTakeFirstOrThrow();
    expect(link.locale).toBe("en");
    expect(link.expires_at).toBeNull();
  });

  describe("bad input: 400 with a message, and no link written", () => {
    let before: Awaited<ReturnType<typeof counts>>;
    beforeEach(async () => {
      before = await counts();
    });
    const cases: [string, () => Record<string, string | string[]>, string][] = [
      ["no account chosen", () => ({}), "Please choose at least one account."],
      ["an account that does not exist", () => ({ accountIds: [accounts[0].id, "00000000-0000-4000-8000-000000000000"] }), "An account that does not exist was chosen."],
      ["an account id that is not an id", () => ({ accountIds: "drop table" }), "An account that does not exist was chosen."],
      ["an expiry date in the past", () => ({ accountIds: accounts[0].id, expiresAt: "2020-01-01" }), "This expiry date is in the past."],
      ["an expiry that is not a date", () => ({ accountIds: accounts[0].id, expiresAt: "tomorrow" }), "This is not a date."],
      ["a ticket id with spaces and markup", () => ({ accountIds: accounts[0].id, ticket: "<b>T 1</b>" }), "Use letters, digits and _ . : @ - for the ticket id"],
      ["a language we do not speak", () => ({ accountIds: accounts[0].id, locale: "fr" }), "This value is not valid."],
    ];
    for (const [name, form, message] of cases) {
      it(name, async () => {
        const res = await analyst.post(page(), { intent: "generate", ...form() }, { headers: { "Accept-Language": "en" } });
        expect(res.status).toBe(400);
        expect(await res.text()).toContain(message);
        expect(await counts()).toEqual(before);
      });
    }
  });
});

describe("the CSV of single-use links", () => {
  it("is UTF-8 with a BOM, Korean names intact, one row per link with the mail-merge columns", async () => {
    const res = await analyst.get(`${page()}.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="survey-[0-9a-f]{8}-links\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split("\r\n");
    expect(lines[0]).toBe("account,email,tier,region,plan,language,url,expires_at,used_at");
    const single = await app.db.selectFrom("links").select(["token", "account_id"]).where("survey_id", "=", survey.id).where("kind", "=", "single").execute();
    expect(lines.filter((l) => l !== "")).toHaveLength(1 + single.length);
    const hanbitToken = single.find((l) => l.account_id === accounts[0].id)!.token;
    expect(text).toContain(`"한빛상사, 서울",cs@hanbit.example,enterprise,kr-seoul,pro,ko,${app.url}/s/${hanbitToken},2099-12-31T14:59:59.999Z,\r\n`);
    // A name that looks like a formula is defused.
    expect(text).toContain(`"'=Acme ""Global""",ops@acme.example`);
  });

  it("marks a used link with its time", async () => {
    await app.db.updateTable("links").set({ used_at: new Date("2026-05-01T10:00:00Z") }).where("account_id", "=", accounts[0].id).execute();
    const text = await (await analyst.get(`${page()}.csv`)).text();
    expect(text).toMatch(/한빛상사, 서울.*,2026-05-01T10:00:00\.000Z\r\n/);
  });
});

describe("roles", () => {
  it("an unauthenticated visitor is sent to sign-in for the page, the action and the CSV", async () => {
    const anon = new Client(app.url);
    for (const res of [await anon.get(page()), await anon.get(`${page()}.csv`), await anon.post(page(), { intent: "generate", accountIds: accounts[0].id })]) {
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    }
  });

  it("a manager may view and download but not generate", async () => {
    expect((await manager.get(page())).status).toBe(200);
    expect((await manager.get(`${page()}.csv`)).status).toBe(200);
    const before = await counts();
    expect((await manager.post(page(), { intent: "generate", accountIds: accounts[0].id })).status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});
