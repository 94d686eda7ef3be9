import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { createTestSurvey, insertUser, PASSWORD, tableRowCounts } from "../support/fixtures";
import { seedReviewFixture } from "../support/review-fixtures";
import { generateLinksSchema } from "../../app/schemas/links";
import { endOfLocalDay, formatLocalDay } from "../../app/utils/dates";

// Issue 10, defect 2 (times) on the pages that still used the SLA calendar's zone or UTC, and
// adding a user with a password. Staff see times in their own zone (else the organisation's,
// Asia/Seoul by default), labelled; dates typed by staff are days in a zone the page names.
let app: TestApp;
let admin: Client;
let adminId: string;
let ny: Client; // a manager whose own zone is America/New_York
let nyId: string;
let seoul: Client; // a manager with no zone of their own: the organisation's
let seoulId: string;
const en = { headers: { "Accept-Language": "en" } };
const ko = { headers: { "Accept-Language": "ko" } };

beforeAll(async () => {
  app = await startTestApp();
  adminId = (await insertUser(app.db, "admin")).id;
  nyId = (await insertUser(app.db, "manager", "ny@example.test")).id;
  seoulId = (await insertUser(app.db, "manager", "seoul@example.test")).id;
  await app.db.updateTable("users").set({ time_zone: "America/New_York" }).where("id", "=", nyId).execute();
  admin = new Client(app.url);
  await admin.signIn("admin@example.test", PASSWORD);
  ny = new Client(app.url);
  await ny.signIn("ny@example.test", PASSWORD);
  seoul = new Client(app.url);
  await seoul.signIn("seoul@example.test", PASSWORD);
});
afterAll(async () => app?.close());

const html = async (c: Client, path: string, init = en) => {
  const res = await c.get(path, init);
  expect(res.status, path).toBe(200);
  return res.text();
};

describe("review board: times in the reader's zone, the period in the SLA calendar's days", () => {
  let meetingId: string;
  beforeAll(async () => {
    await seedReviewFixture(app.db, adminId);
  });

  it("the New York manager schedules 10:00 in their own zone; each manager sees the meeting in theirs, labelled", async () => {
    const form = await html(ny, "/app/reviews/new");
    expect(form).toContain("In your time zone (America/New_York).");
    expect(form).toContain("Days in the SLA calendar&#x27;s zone.");
    const sla = await app.db.selectFrom("slas").select("id").executeTakeFirstOrThrow();
    const res = await ny.post(
      "/app/reviews/new",
      { slaId: sla.id, periodStart: "2026-10-01", periodEnd: "2026-12-31", date: "2027-01-12", time: "10:00", attendees: [nyId, seoulId], quorum: "", notes: "" },
      en,
    );
    expect(res.status).toBe(302);
    meetingId = res.headers.get("location")!.split("/").pop()!;
    const row = await app.db.selectFrom("review_meetings").select("scheduled_for").where("id", "=", meetingId).executeTakeFirstOrThrow();
    expect(row.scheduled_for.toISOString()).toBe("2027-01-12T15:00:00.000Z");

    const nyPage = await html(ny, `/app/reviews/${meetingId}`);
    expect(nyPage).toContain('<dd data-field="when">2027-01-12 10:00 (America/New_York)</dd>');
    expect(nyPage).toContain("2026-10-01 to 2026-12-31 (days in Asia/Seoul)");
    const seoulPage = await html(seoul, `/app/reviews/${meetingId}`);
    expect(seoulPage).toContain('<dd data-field="when">2027-01-13 00:00 (Asia/Seoul)</dd>');

    const board = await html(ny, "/app/reviews");
    expect(board).toContain("2027-01-12 10:00 (America/New_York)</a>");
    expect(board).toContain("Days in Asia/Seoul (the SLA calendar)");
    expect(await html(seoul, "/app/reviews")).toContain("2027-01-13 00:00 (Asia/Seoul)</a>");

    // On the day New York's clocks go forward, 10:00 there is 14:00Z (not 15:00Z).
    const dst = await ny.post(
      "/app/reviews/new",
      { slaId: sla.id, periodStart: "2027-01-01", periodEnd: "2027-03-31", date: "2027-03-14", time: "10:00", attendees: [nyId, seoulId], quorum: "", notes: "" },
      en,
    );
    expect(dst.status).toBe(302);
    const dstId = dst.headers.get("location")!.split("/").pop()!;
    expect((await app.db.selectFrom("review_meetings").select("scheduled_for").where("id", "=", dstId).executeTakeFirstOrThrow()).scheduled_for.toISOString()).toBe("2027-03-14T14:00:00.000Z");
    expect(await html(ny, `/app/reviews/${dstId}`)).toContain('<dd data-field="when">2027-03-14 10:00 (America/New_York)</dd>');
  });

  it("the freeze time on the meeting and the pack, and a decision time, in each reader's zone", async () => {
    expect((await ny.post(`/app/reviews/${meetingId}`, { intent: "open" }, en)).status).toBeLessThan(400);
    // A known instant, so the page text is exact.
    await app.db.updateTable("evidence_packs").set({ frozen_at: new Date("2026-12-03T16:30:00Z") }).where("meeting_id", "=", meetingId).execute();
    expect(await html(ny, `/app/reviews/${meetingId}`)).toContain("Frozen 2026-12-03 11:30 (America/New_York) by Test manager");
    expect(await html(seoul, `/app/reviews/${meetingId}`)).toContain("Frozen 2026-12-04 01:30 (Asia/Seoul) by Test manager");
    const pack = await html(ny, `/app/reviews/${meetingId}/pack`);
    expect(pack).toContain("Frozen 2026-12-03 11:30 (America/New_York). Definitions:");
    expect(pack).toContain("days are counted in the SLA calendar&#x27;s zone (Asia/Seoul)");
    expect(await html(seoul, `/app/reviews/${meetingId}/pack`, ko)).toContain("2026-12-04 01:30 (Asia/Seoul)에 동결된 자료입니다.");

    const { demoAmendmentChange } = await import("../../app/models/demo-amendment.server");
    await app.db
      .insertInto("proposals")
      .values({ meeting_id: meetingId, position: 0, origin: "staff", change: JSON.stringify(demoAmendmentChange), adverse: false, rationale: "zone test", citations: "[]", status: "approved", decided_at: new Date("2026-12-03T16:30:00Z"), created_by: nyId })
      .execute();
    expect(await html(ny, `/app/reviews/${meetingId}`)).toContain("Decided 2026-12-03 11:30 (America/New_York); it can no longer change.");
    expect(await html(seoul, `/app/reviews/${meetingId}`)).toContain("Decided 2026-12-04 01:30 (Asia/Seoul); it can no longer change.");
  });
});

describe("audit log: the date filters are days in the admin's zone", () => {
  it("an event at 2026-12-03T16:30Z is on 4 December in Seoul and on 3 December in New York", async () => {
    await app.db.insertInto("audit_events").values({ user_id: null, action: "test.zone", target_type: "probe", target_id: "z", detail: "{}", at: new Date("2026-12-03T16:30:00Z") }).execute();
    const page = (q: string) => html(admin, `/app/audit?action=test.zone&${q}`);
    const dec4 = await page("from=2026-12-04&to=2026-12-04");
    expect(dec4).toContain("Events: 1");
    expect(dec4).toContain("2026-12-04 01:30</time>");
    expect(dec4).toContain("From (Asia/Seoul)");
    expect(dec4).toContain("To (Asia/Seoul, inclusive)");
    expect(dec4).toContain("Times and the date filters are in Asia/Seoul.");
    expect(await page("from=2026-12-03&to=2026-12-03")).toContain("Events: 0");
    // "To" alone: the end of 3 December in Seoul (15:00Z) is before the event.
    expect(await page("to=2026-12-03")).toContain("Events: 0");
    expect(await page("from=2026-12-04")).toContain("Events: 1");

    await app.db.updateTable("users").set({ time_zone: "America/New_York" }).where("id", "=", adminId).execute();
    const dec3 = await page("from=2026-12-03&to=2026-12-03");
    expect(dec3).toContain("Events: 1");
    expect(dec3).toContain("2026-12-03 11:30</time>");
    expect(dec3).toContain("From (America/New_York)");
    expect(await page("from=2026-12-04&to=2026-12-04")).toContain("Events: 0");
    expect(await html(admin, "/app/audit", ko)).toContain("시작일 (America/New_York)");
    await app.db.updateTable("users").set({ time_zone: null }).where("id", "=", adminId).execute();
  });
});

describe("survey close date and link expiry: the end of that day in the organisation's zone", () => {
  let survey: Awaited<ReturnType<typeof createTestSurvey>>;
  let accountId: string;
  beforeAll(async () => {
    survey = await createTestSurvey(app.db);
    accountId = (await app.db.insertInto("accounts").values({ name: "Zone Co", email: "z@x.test", tier: "smb", region: "kr", plan: "monthly", monthly_fee: 1 }).returning("id").executeTakeFirstOrThrow()).id;
  });

  it("a link expiring 2099-12-04 is stored as 2099-12-04T14:59:59.999Z (Seoul), the page says whose day it is", async () => {
    const page = await html(admin, `/app/surveys/${survey.id}/links`);
    expect(page).toContain("Usable until the end of that day in the organisation&#x27;s zone (Asia/Seoul).");
    const res = await admin.post(`/app/surveys/${survey.id}/links`, { intent: "generate", accountIds: accountId, expiresAt: "2099-12-04" }, en);
    expect(res.status).toBeLessThan(400);
    const link = await app.db.selectFrom("links").select("expires_at").where("account_id", "=", accountId).executeTakeFirstOrThrow();
    expect(link.expires_at!.toISOString()).toBe("2099-12-04T14:59:59.999Z");
    expect(await html(admin, `/app/surveys/${survey.id}/links`)).toContain("2099-12-04 23:59 (Asia/Seoul)");
  });

  it("a link expiring 2026-12-04 in Seoul takes answers until 2026-12-04T14:59:59.999Z and refuses them from 15:00Z", async () => {
    const parsed = generateLinksSchema("2026-12-01", "Asia/Seoul").parse({ intent: "generate", accountIds: accountId, expiresAt: "2026-12-04" });
    expect(parsed.expiresAt!.toISOString()).toBe("2026-12-04T14:59:59.999Z");
    const { openSurveyLink } = await import("../../app/models/response.server");
    const link = await app.db
      .insertInto("links")
      .values({ survey_id: survey.id, token: `zone${Date.now()}`, kind: "single", account_id: accountId, hidden: "{}", expires_at: parsed.expiresAt })
      .returning("token")
      .executeTakeFirstOrThrow();
    expect((await openSurveyLink(link.token, new Date("2026-12-04T14:59:59Z"))).problem).toBeNull();
    expect((await openSurveyLink(link.token, new Date("2026-12-04T15:00:00Z"))).problem).toBe("expired");
  });

  it("over HTTP: a link that ended with yesterday in Seoul is refused, one that ends with today is open", async () => {
    const day = (offset: number) => formatLocalDay(new Date(Date.now() + offset * 86_400_000), "Asia/Seoul");
    const make = async (d: string) =>
      (
        await app.db
          .insertInto("links")
          .values({ survey_id: survey.id, token: `zone${d.replace(/-/g, "")}${Math.floor(Math.random() * 1e6)}`, kind: "single", account_id: accountId, hidden: "{}", expires_at: endOfLocalDay(d, "Asia/Seoul") })
          .returning("token")
          .executeTakeFirstOrThrow()
      ).token;
    const today = await new Client(app.url).get(`/s/${await make(day(0))}`, en);
    expect(today.status).toBe(200);
    expect(await today.text()).not.toContain("This link has expired");
    const yesterday = await new Client(app.url).get(`/s/${await make(day(-1))}`, en);
    expect(await yesterday.text()).toContain("This link has expired");
  });

  it("a close date of 2099-12-04 is stored as the end of that day in Seoul and shown back as 2099-12-04", async () => {
    const form = await html(admin, `/app/surveys/${survey.id}/edit`);
    expect(form).toContain("No answers are taken after the end of that day in the organisation&#x27;s zone (Asia/Seoul).");
    const { closesAtOf } = await import("../../app/schemas/survey");
    expect(closesAtOf("2099-12-04", "Asia/Seoul").toISOString()).toBe("2099-12-04T14:59:59.999Z");
    await app.db.updateTable("surveys").set({ closes_at: closesAtOf("2099-12-04", "Asia/Seoul") }).where("id", "=", survey.id).execute();
    expect(await html(admin, `/app/surveys/${survey.id}/edit`)).toMatch(/id="closesAt"[^>]*value="2099-12-04"|value="2099-12-04"[^>]*id="closesAt"/);
  });
});

describe("the builder saves a close date as the end of that day in the organisation's zone", () => {
  it("2099-12-04 in Seoul is 2099-12-04T14:59:59.999Z; in UTC it is 23:59:59.999Z", async () => {
    const post = (title: string) =>
      admin.post(
        "/app/surveys/new",
        {
          intent: "save",
          languages: "both",
          "title.ko": title,
          "title.en": title,
          "intro.ko": "",
          "intro.en": "",
          status: "draft",
          closesAt: "2099-12-04",
          responseLimit: "",
          "questions.0.id": "",
          "questions.0.type": "nps",
          "questions.0.required": "on",
          "questions.0.page": "1",
          "questions.0.prompt.ko": "추천?",
          "questions.0.prompt.en": "Recommend?",
          "questions.0.whyPrompt.ko": "",
          "questions.0.whyPrompt.en": "",
          "questions.0.options.ko": "",
          "questions.0.options.en": "",
        },
        en,
      );
    const closes = async (title: string) =>
      (await app.db.selectFrom("surveys").select("closes_at").where(sql<boolean>`title->>'en' = ${title}`).executeTakeFirstOrThrow()).closes_at!.toISOString();
    expect((await post("Zone Seoul")).status).toBe(302);
    expect(await closes("Zone Seoul")).toBe("2099-12-04T14:59:59.999Z");
    await admin.post("/app/settings", { orgTimeZone: "UTC" }, en);
    expect((await post("Zone UTC")).status).toBe(302);
    expect(await closes("Zone UTC")).toBe("2099-12-04T23:59:59.999Z");
    await admin.post("/app/settings", { orgTimeZone: "Asia/Seoul" }, en);
  });
});

describe("theme page months in the organisation's zone", () => {
  it("an item at 2026-11-30T20:00Z counts in December in Seoul and in November in UTC, and the page says which", async () => {
    const themeId = (await app.db.insertInto("themes").values({ name: "Zone theme", origin: "seeded", sla_area: "response_speed" }).returning("id").executeTakeFirstOrThrow()).id;
    const item = await app.db
      .insertInto("feedback_items")
      .values({ source: "import", segment: "{}", language: "en", text: "late at night", occurred_at: new Date("2026-11-30T20:00:00Z") })
      .returning("id")
      .executeTakeFirstOrThrow();
    await app.db.insertInto("theme_assignments").values({ feedback_item_id: item.id, theme_id: themeId, confidence: 0.9, assigned_by: "hand" }).execute();
    const months = (page: string) => [...page.matchAll(/<tr><th scope="row">(\d{4}-\d{2})<\/th><td class="num">(\d+)<\/td><\/tr>/g)].map((m) => [m[1], Number(m[2])]);
    const seoulPage = await html(seoul, `/app/themes/${themeId}`);
    expect(months(seoulPage)).toEqual([["2026-12", 1]]);
    expect(seoulPage).toContain("Months are calendar months in the organisation&#x27;s zone (Asia/Seoul).");
    await admin.post("/app/settings", { orgTimeZone: "UTC" }, en);
    const utcPage = await html(seoul, `/app/themes/${themeId}`);
    expect(months(utcPage)).toEqual([["2026-11", 1]]);
    expect(utcPage).toContain("(UTC).");
    await admin.post("/app/settings", { orgTimeZone: "Asia/Seoul" }, en);
  });
});

describe("users list: last sign-in and last failure in the admin's zone, labelled", () => {
  it("a recent failure shows at its local time in Seoul, then in New York for a user set to it", async () => {
    // A half-hour instant about an hour ago: recent enough to be shown, on different days or hours in the two zones.
    const at = new Date(Math.floor((Date.now() - 3600_000) / 1800_000) * 1800_000);
    const local = (zone: string) => {
      const p = Object.fromEntries(new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at).map((x) => [x.type, x.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    };
    expect(local("Asia/Seoul")).not.toBe(local("America/New_York"));
    await app.db.insertInto("login_failures").values({ key: "email:seoul@example.test", count: 2, first_at: new Date(at.getTime() - 1800_000), last_at: at }).execute();
    const row = (page: string) => page.slice(page.indexOf('data-user="seoul@example.test"'), page.indexOf("</tr>", page.indexOf('data-user="seoul@example.test"')));
    const seoulList = await html(admin, "/app/users");
    expect(seoulList).toContain("Times in Asia/Seoul");
    expect(row(seoulList)).toContain(`${local("Asia/Seoul")}<!-- -->)`);
    expect(row(seoulList)).not.toContain("GMT");
    await app.db.updateTable("users").set({ time_zone: "America/New_York" }).where("id", "=", adminId).execute();
    const nyList = await html(admin, "/app/users");
    expect(nyList).toContain("Times in America/New_York");
    expect(row(nyList)).toContain(`${local("America/New_York")}<!-- -->)`);
    expect(nyList).not.toContain("(UTC)");
    await app.db.updateTable("users").set({ time_zone: null }).where("id", "=", adminId).execute();
  });
});

describe("add a user with a password", () => {
  const form = (over: Record<string, string> = {}) => ({ name: "Kim Minji", email: "Minji@Example.test", role: "analyst", method: "password", password: "first-pass-123", confirm: "first-pass-123", ...over });

  it("refuses a short password, a mismatch and a taken email: 400, the message beside the field, Korean or English, nothing written", async () => {
    const before = await tableRowCounts(app.db);
    const short = await admin.post("/app/users/new", form({ password: "short", confirm: "short" }), en);
    expect(short.status).toBe(400);
    const shortHtml = await short.text();
    expect(shortHtml).toMatch(/id="pw-password-error"[^>]*>The password needs at least 10 characters\./);
    expect(shortHtml).not.toContain("short</");
    const mismatch = await admin.post("/app/users/new", form({ confirm: "first-pass-124" }), ko);
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toMatch(/id="pw-confirm-error"[^>]*>두 비밀번호가 다릅니다\./);
    const taken = await admin.post("/app/users/new", form({ email: "ny@example.test" }), en);
    expect(taken.status).toBe(400);
    expect(await taken.text()).toMatch(/id="user-email-error"[^>]*>A user with this email exists already\./);
    expect(await tableRowCounts(app.db)).toEqual(before);
    // Only admins.
    expect((await ny.post("/app/users/new", form(), en)).status).toBe(403);
  });

  it("creates the user in one step, audited; they sign in, must change the password first, then work", async () => {
    const res = await admin.post("/app/users/new", form(), en);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Kim Minji (minji@example.test) was added. They sign in with the password you set and must change it first.");
    const user = await app.db.selectFrom("users").selectAll().where("email", "=", "minji@example.test").executeTakeFirstOrThrow();
    expect(user).toMatchObject({ name: "Kim Minji", role: "analyst", must_change_password: true, deactivated_at: null });
    const audit = await app.db.selectFrom("audit_events").select(["user_id", "action", "detail"]).where("target_id", "=", user.id).execute();
    expect(audit).toEqual([{ user_id: adminId, action: "user.create_with_password", detail: { role: "analyst", mustChangePassword: true } }]);
    expect(await html(admin, "/app/users")).toMatch(/data-user="minji@example.test"[\s\S]*?data-status="active"/);

    const minji = new Client(app.url);
    await minji.signIn("minji@example.test", "first-pass-123");
    const blocked = await minji.get("/app/responses", en);
    expect(blocked.status).toBe(302);
    expect(blocked.headers.get("location")).toBe("/app/account?must=password");
    expect(await html(minji, "/app/account")).toContain("An admin chose your password. Change it to continue.");
    const changed = await minji.post("/app/account", { intent: "password", current: "first-pass-123", password: "my-own-secret-1", confirm: "my-own-secret-1" }, en);
    expect(changed.status).toBe(302);
    expect((await app.db.selectFrom("users").select("must_change_password").where("id", "=", user.id).executeTakeFirstOrThrow()).must_change_password).toBe(false);
    expect((await minji.get("/app/responses", en)).status).toBe(200);
    expect(await html(minji, "/app/account")).not.toContain("An admin chose your password.");
    await new Client(app.url).signIn("minji@example.test", "my-own-secret-1");
  });

  it("the page offers both ways, in English and Korean", async () => {
    const page = await html(admin, "/app/users/new");
    expect(page).toContain("Send an invite link");
    expect(page).toContain("Set a password now");
    expect(page).toContain('id="pw-password"');
    const pageKo = await html(admin, "/app/users/new", ko);
    expect(pageKo).toContain("초대 링크 보내기");
    expect(pageKo).toContain("지금 비밀번호 정하기");
  });
});
