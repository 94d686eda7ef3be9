import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pick, translate, type Locale, type MessageKey } from "../../app/utils/i18n";
import { Client, startTestApp, type TestApp, signedIn } from "../support/app";
import { createTestSurvey } from "../support/fixtures";

let app: TestApp;
let admin: Client;
let interviewId: string;
let runId: string;
let surveyId: string;

beforeAll(async () => {
  app = await startTestApp();
  admin = await signedIn(app, "admin");
  const user = await app.db.selectFrom("users").select("id").where("role", "=", "admin").executeTakeFirstOrThrow();
  const { createInterview } = await import("../../app/models/interview.server");
  interviewId = (await createInterview(user.id, { accountId: null, heldOn: "2026-11-20", interviewer: "I", participants: "", language: "en", body: "One passage." })).id;
  runId = (await app.db.insertInto("discovery_runs").values({ filters: "{}", status: "done" }).returning("id").executeTakeFirstOrThrow()).id;
  surveyId = (await createTestSurvey(app.db)).id;
});
afterAll(async () => app?.close());

type Params = (locale: Locale) => Record<string, string>;
const survey: Params = (locale) => ({ title: pick({ ko: "테스트 설문", en: "Test survey" }, locale) });

// Each page's tab title is its heading, in the reader's language.
const pages = (): [string, MessageKey, Params?][] => [
  ["/app", "results.dashboard.title"],
  ["/app/account", "users.me.title"],
  ["/app/accounts", "accounts.title"],
  ["/app/accounts/new", "accounts.newTitle"],
  ["/app/audit", "audit.title"],
  ["/app/cases", "cases.title"],
  ["/app/feedback", "feedback.title"],
  ["/app/imports", "import.title"],
  ["/app/interviews", "feedback.interviews.title"],
  ["/app/interviews/new", "feedback.interviews.newTitle"],
  [`/app/interviews/${interviewId}`, "feedback.interview.title", () => ({ date: "2026-11-20" })],
  [`/app/interviews/${interviewId}/edit`, "feedback.interviews.editTitle", () => ({ date: "2026-11-20" })],
  ["/app/measurements", "measurements.title"],
  ["/app/reports", "compliance.title"],
  ["/app/responses", "results.responses.title"],
  ["/app/reviews", "review.title"],
  ["/app/settings", "users.settings.title"],
  ["/app/settings/sentiment", "feedback.sentimentSettings.title"],
  ["/app/slas", "sla.list.title"],
  ["/app/slas/new", "sla.new.title"],
  ["/app/surveys", "surveys.list.title"],
  ["/app/surveys/new", "surveys.new.title"],
  [`/app/surveys/${surveyId}`, "results.page.title", survey],
  [`/app/surveys/${surveyId}/edit`, "surveys.edit.title", survey],
  [`/app/surveys/${surveyId}/links`, "links.title", survey],
  ["/app/themes", "theme.title"],
  ["/app/themes/new", "theme.newTitle"],
  [`/app/themes/runs/${runId}`, "theme.run.title"],
  ["/app/users", "users.title"],
  ["/app/users/new", "times.users.addTitle"],
];

describe("page titles", () => {
  for (const locale of ["ko", "en"] as Locale[]) {
    it(`staff pages name themselves in ${locale}`, async () => {
      for (const [path, key, params] of pages()) {
        const res = await admin.get(path, { headers: { "Accept-Language": locale } });
        expect(res.status, path).toBe(200);
        const html = await res.text();
        const heading = translate(locale, key, params?.(locale));
        expect(html.match(/<title>([^<]*)<\/title>/)?.[1], path).toBe(`${heading} · Trustloop`);
        expect(html.match(/<h1[^>]*>([^<]*)<\/h1>/)?.[1], path).toBe(heading);
      }
    });
  }

  it("an error page is titled by its heading, inside the staff area and outside", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const analyst = await signedIn(app, "analyst");
    const cases: [Client, string, number, MessageKey][] = [
      ...[`/app/responses/${missing}`, `/app/accounts/${missing}/edit`, `/app/surveys/${missing}/manage`, `/app/reviews/${missing}/pack`, `/app/interviews/${missing}`, "/app/no-such-page"].map(
        (path): [Client, string, number, MessageKey] => [admin, path, 404, "error.notFound.title"],
      ),
      [analyst, "/app/users", 403, "error.forbidden.title"],
      [new Client(app.url), "/no-such-page", 404, "error.notFound.title"],
    ];
    for (const locale of ["ko", "en"] as Locale[]) {
      for (const [client, path, status, key] of cases) {
        const res = await client.get(path, { headers: { "Accept-Language": locale } });
        expect(res.status, path).toBe(status);
        const html = await res.text();
        expect(html.match(/<title>([^<]*)<\/title>/)?.[1], path).toBe(`${translate(locale, key)} · Trustloop`);
        expect(html.match(/<h1[^>]*>([^<]*)<\/h1>/)?.[1], path).toBe(translate(locale, key));
      }
    }
  });

  it("the sign-in page too, signed out", async () => {
    const html = await (await new Client(app.url).get("/login", { headers: { "Accept-Language": "ko" } })).text();
    expect(html).toContain("<title>로그인 · Trustloop</title>");
  });
});
