import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate, type Locale, type MessageKey } from "../../app/utils/i18n";
import { Client, startTestApp, type TestApp, signedIn } from "../support/app";

let app: TestApp;
let admin: Client;

beforeAll(async () => {
  app = await startTestApp();
  admin = await signedIn(app, "admin");
});
afterAll(async () => app?.close());

// Each page's tab title is its heading, in the reader's language.
const pages: [string, MessageKey][] = [
  ["/app/account", "users.me.title"],
  ["/app/accounts", "accounts.title"],
  ["/app/accounts/new", "accounts.newTitle"],
  ["/app/audit", "audit.title"],
  ["/app/cases", "cases.title"],
  ["/app/imports", "import.title"],
  ["/app/measurements", "measurements.title"],
  ["/app/reports", "compliance.title"],
  ["/app/reviews", "review.title"],
  ["/app/settings", "users.settings.title"],
  ["/app/slas", "sla.list.title"],
  ["/app/slas/new", "sla.new.title"],
  ["/app/surveys", "surveys.list.title"],
  ["/app/surveys/new", "surveys.new.title"],
  ["/app/users", "users.title"],
  ["/app/users/new", "times.users.addTitle"],
];

describe("page titles", () => {
  for (const locale of ["ko", "en"] as Locale[]) {
    it(`staff pages name themselves in ${locale}`, async () => {
      for (const [path, key] of pages) {
        const res = await admin.get(path, { headers: { "Accept-Language": locale } });
        expect(res.status, path).toBe(200);
        const title = (await res.text()).match(/<title>([^<]*)<\/title>/)?.[1];
        expect(title, path).toBe(`${translate(locale, key)} · Trustloop`);
      }
    });
  }

  it("the sign-in page too, signed out", async () => {
    const html = await (await new Client(app.url).get("/login", { headers: { "Accept-Language": "ko" } })).text();
    expect(html).toContain("<title>로그인 · Trustloop</title>");
  });
});
