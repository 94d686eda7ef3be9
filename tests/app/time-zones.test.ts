import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { createTestSurvey, insertUser, PASSWORD } from "../support/fixtures";

// One rule for times: staff see them in their own zone (else the organisation's), labelled;
// results count months in the organisation's zone and say so.
let app: TestApp;
let admin: Client;
let analyst: Client;
let analystId: string;
let survey: Awaited<ReturnType<typeof createTestSurvey>>;
let responseId: string;
const en = { headers: { "Accept-Language": "en" } };

beforeAll(async () => {
  app = await startTestApp();
  await insertUser(app.db, "admin");
  analystId = (await insertUser(app.db, "analyst")).id;
  admin = new Client(app.url);
  await admin.signIn("admin@example.test", PASSWORD);
  analyst = new Client(app.url);
  await analyst.signIn("analyst@example.test", PASSWORD);
  survey = await createTestSurvey(app.db);
  // 2026-11-30 20:00 UTC is 2026-12-01 05:00 in Seoul.
  const at = new Date("2026-11-30T20:00:00Z");
  responseId = (
    await app.db
      .insertInto("responses")
      .values({ survey_id: survey.id, submission_key: crypto.randomUUID(), segment: "{}", locale: "en", finished: true, started_at: new Date(at.getTime() - 120_000), submitted_at: at })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  await app.db.insertInto("answers").values({ response_id: responseId, question_id: survey.nps, value_int: 9 }).execute();
});
afterAll(async () => app?.close());

const months = (html: string) => [...html.matchAll(/data-month="(\d{4}-\d{2})"/g)].map((m) => m[1]);

describe("months and days in the organisation's zone", () => {
  it("a response at 2026-11-30T20:00Z is in December for Asia/Seoul (the default) and in November for UTC", async () => {
    const seoul = await (await analyst.get(`/app/surveys/${survey.id}`, en)).text();
    expect(months(seoul)).toEqual(["2026-12"]);
    expect(seoul).toContain("Months in Asia/Seoul");
    expect(seoul).toContain("From (Asia/Seoul)");
    // The day filter is a day in the same zone: 1 December in Seoul holds it, 30 November does not.
    expect(months(await (await analyst.get(`/app/surveys/${survey.id}?from=2026-12-01&to=2026-12-01`, en)).text())).toEqual(["2026-12"]);
    expect(months(await (await analyst.get(`/app/surveys/${survey.id}?from=2026-11-30&to=2026-11-30`, en)).text())).toEqual([]);

    const saved = await admin.post("/app/settings", { orgTimeZone: "UTC" }, en);
    expect(saved.status).toBe(302);
    const utc = await (await analyst.get(`/app/surveys/${survey.id}`, en)).text();
    expect(months(utc)).toEqual(["2026-11"]);
    expect(utc).toContain("Months in UTC");
    expect(months(await (await analyst.get(`/app/surveys/${survey.id}?from=2026-11-30&to=2026-11-30`, en)).text())).toEqual(["2026-11"]);

    // Only admins set the organisation's zone, and only to a zone that exists.
    expect((await analyst.post("/app/settings", { orgTimeZone: "Asia/Seoul" }, en)).status).toBe(403);
    const bad = await admin.post("/app/settings", { orgTimeZone: "Mars/Olympus" }, en);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Unknown time zone.");
    await admin.post("/app/settings", { orgTimeZone: "Asia/Seoul" }, en);
  });
});

describe("staff see times in their own zone, labelled", () => {
  it("the response page in the organisation's zone, then in the user's own America/New_York", async () => {
    const page = async () => (await analyst.get(`/app/responses/${responseId}`, en)).text();
    expect(await page()).toContain('<dd data-field="submitted">2026-12-01 05:00 (Asia/Seoul)</dd>');

    const res = await analyst.post("/app/account", { intent: "settings", locale: "en", timeZone: "America/New_York" }, en);
    expect(res.status).toBe(302);
    expect(await app.db.selectFrom("users").select(["time_zone", "locale"]).where("id", "=", analystId).executeTakeFirstOrThrow()).toEqual({ time_zone: "America/New_York", locale: "en" });
    const html = await page();
    expect(html).toContain('<dd data-field="submitted">2026-11-30 15:00 (America/New_York)</dd>');
    expect(html).toContain('<dd data-field="started">2026-11-30 14:58 (America/New_York)</dd>');
    // The responses list too.
    expect(await (await analyst.get(`/app/responses?survey=${survey.id}`, en)).text()).toContain("2026-11-30 15:00 (America/New_York)");

    // Back to the organisation's zone with the empty choice; a made-up zone is refused.
    const bad = await analyst.post("/app/account", { intent: "settings", locale: "en", timeZone: "Nowhere/City" }, en);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Unknown time zone.");
    await analyst.post("/app/account", { intent: "settings", locale: "en", timeZone: "" }, en);
    expect(await page()).toContain("2026-12-01 05:00 (Asia/Seoul)");
  });

  it("My settings offers the runtime's zones and changes the password after checking the current one", async () => {
    const html = await (await analyst.get("/app/account", en)).text();
    expect(html).toContain('<option value="" selected="">The organisation&#x27;s zone (Asia/Seoul)</option>');
    expect(html).toContain('<option value="America/New_York">America/New_York</option>');
    const wrong = await analyst.post("/app/account", { intent: "password", current: "not it at all", password: "brand new secret", confirm: "brand new secret" }, en);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("The current password is not right.");
    const other = new Client(app.url);
    await other.signIn("analyst@example.test", PASSWORD);
    const ok = await analyst.post("/app/account", { intent: "password", current: PASSWORD, password: "brand new secret", confirm: "brand new secret" }, en);
    expect(ok.status).toBe(302);
    // This browser stays signed in; the other one is signed out.
    expect((await analyst.get("/app")).status).toBe(200);
    expect((await other.get("/app")).status).toBe(302);
    await new Client(app.url).signIn("analyst@example.test", "brand new secret");
  });
});
