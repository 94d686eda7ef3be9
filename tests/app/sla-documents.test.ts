import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultVersionInput, localDateAfter, localMidnight } from "../../app/models/sla.server";
import { versionFormValues } from "../../app/schemas/sla";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";

let app: TestApp;
let analyst: Client, manager: Client;
let slaId: string, v1: string;

beforeAll(async () => {
  app = await startTestApp();
  await insertUser(app.db, "analyst");
  await insertUser(app.db, "manager");
  await app.db
    .insertInto("accounts")
    .values([
      { name: "골드상사", tier: "gold", region: "kr", plan: "annual", locale: "ko" },
      { name: "Gold Corp", tier: "gold", region: "us", plan: "annual", locale: "en" },
      { name: "Bronze Ltd", tier: "bronze", region: "us", plan: "monthly", locale: "en" },
    ])
    .execute();
  analyst = new Client(app.url);
  await analyst.signIn("analyst@example.test", PASSWORD);
  manager = new Client(app.url);
  await manager.signIn("manager@example.test", PASSWORD);
});
afterAll(async () => app?.close());

const en = { headers: { "Accept-Language": "en" } };
const ko = { headers: { "Accept-Language": "ko" } };
const versionUrl = (id: string) => `/app/slas/${slaId}/versions/${id}`;

/** Every SLA row and the draft's stored content: what "nothing written" compares. */
async function snapshot() {
  const count = async (table: "slas" | "sla_versions" | "objectives" | "sla_shares" | "audit_events") =>
    Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return {
    slas: await count("slas"),
    versions: await count("sla_versions"),
    objectives: await count("objectives"),
    shares: await count("sla_shares"),
    audit: await count("audit_events"),
    rows: await app.db.selectFrom("sla_versions").selectAll().orderBy("version").execute(),
    objectiveRows: await app.db.selectFrom("objectives").selectAll().orderBy("id").execute(),
  };
}

function form(overrides: Record<string, string> = {}, drop: string[] = []) {
  const values = { ...versionFormValues(defaultVersionInput()), _intent: "save", ...overrides } as Record<string, string | string[]>;
  for (const k of drop) delete values[k];
  return values;
}

describe("creating an SLA and editing its draft", () => {
  it("an analyst creates an SLA; it starts with a draft version 1", async () => {
    const res = await analyst.post("/app/slas/new", { "name.ko": "골드 SLA", "name.en": "Gold SLA", service: "cloud", tiers: "gold", tiersOther: "" }, en);
    expect(res.status).toBe(302);
    const m = /\/app\/slas\/([0-9a-f-]{36})\/versions\/([0-9a-f-]{36})/.exec(res.headers.get("location") ?? "");
    expect(m).not.toBeNull();
    [, slaId, v1] = m!;
    const version = await app.db.selectFrom("sla_versions").selectAll().where("id", "=", v1).executeTakeFirstOrThrow();
    expect(version).toMatchObject({ sla_id: slaId, version: 1, status: "draft" });
    const page = await (await analyst.get(versionUrl(v1), en)).text();
    expect(page).toContain("Gold SLA — draft of version 1");
    expect(page).toContain('name="calendar.slots.0.start"');
  });

  it("a new SLA without a name or tier gets messages beside the fields and nothing is written", async () => {
    const before = await snapshot();
    const res = await analyst.post("/app/slas/new", { "name.ko": "", "name.en": "", service: "Bad Key!", tiersOther: "" }, en);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("A Korean or an English name is needed.");
    expect(html).toContain("Use lowercase letters, digits, . _ and - only.");
    expect(html).toContain("Choose at least one customer tier.");
    expect(await snapshot()).toEqual(before);
  });

  it("a manager cannot create an SLA (drafting is the analysts')", async () => {
    const res = await manager.post("/app/slas/new", { "name.en": "X", service: "x", tiers: "gold", tiersOther: "" });
    expect(res.status).toBe(403);
  });

  it("saving the draft stores every field and its objectives", async () => {
    const res = await analyst.post(
      versionUrl(v1),
      form({
        "service.type.en": "Hosted survey platform",
        "service.type.ko": "호스팅 설문 플랫폼",
        "calendar.slots.5.day": "5",
        "calendar.slots.5.start": "22:00",
        "calendar.slots.5.end": "02:00",
        "calendar.holidays": "2026-12-25\n2027-01-01",
        "objectives.availability.target": "99",
        "objectives.resolution.p1.target": "8",
        "objectives.resolution.p1.mode": "calendar",
        "remedies.credits.0.below": "99",
        "remedies.credits.0.creditPercent": "10",
        "remedies.credits.1.below": "95",
        "remedies.credits.1.creditPercent": "25",
        "providerDuties.en": "Keep it running\nAnswer within the target",
        "providerDuties.ko": "서비스를 유지합니다\n목표 시간 안에 답합니다",
        noticePeriodDays: "14",
      }),
      en,
    );
    expect(res.status).toBe(302);
    const v = await app.db.selectFrom("sla_versions").selectAll().where("id", "=", v1).executeTakeFirstOrThrow();
    expect(v.notice_period_days).toBe(14);
    expect(v.calendar.slots).toContainEqual({ day: 5, start: "22:00", end: "02:00" });
    expect(v.calendar.holidays).toEqual(["2026-12-25", "2027-01-01"]);
    expect(v.remedies.credits).toEqual([
      { below: 99, creditPercent: 10 },
      { below: 95, creditPercent: 25 },
    ]);
    expect(v.provider_duties).toEqual({ en: ["Keep it running", "Answer within the target"], ko: ["서비스를 유지합니다", "목표 시간 안에 답합니다"] });
    const objectives = await app.db.selectFrom("objectives").selectAll().where("version_id", "=", v1).execute();
    expect(objectives.find((o) => o.kind === "resolution")).toMatchObject({ priority: "p1", target: 8, unit: "hours", mode: "calendar" });
    expect(objectives.find((o) => o.kind === "availability")).toMatchObject({ target: 99, unit: "percent" });
  });

  it("the only version of an SLA cannot be discarded", async () => {
    const before = await snapshot();
    const res = await analyst.post(versionUrl(v1), { _intent: "discard" }, en);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("An SLA's only version cannot be discarded");
    expect(await snapshot()).toEqual(before);
  });

  it("add and remove row buttons redisplay the form with the row changed and write nothing", async () => {
    const before = await snapshot();
    const added = await analyst.post(versionUrl(v1), form({ _intent: "add:calendar.slots" }), en);
    expect(added.status).toBe(200);
    const html = await added.text();
    expect(html).toContain('name="calendar.slots.5.start"');
    const removed = await analyst.post(versionUrl(v1), form({ _intent: "remove:calendar.slots:0" }), en);
    const html2 = await removed.text();
    expect(html2).toContain('name="calendar.slots.3.start"');
    expect(html2).not.toContain('name="calendar.slots.4.start"');
    expect(await snapshot()).toEqual(before);
  });
});

describe("bad input on a draft: 400, a message beside the field in the user's language, nothing written", () => {
  const cases: { name: string; values: Record<string, string>; field: string; en: string; ko: string }[] = [
    {
      name: "overlapping slots on one day",
      values: { "calendar.slots.5.day": "1", "calendar.slots.5.start": "17:00", "calendar.slots.5.end": "19:00" },
      field: "calendar-slots-5-error",
      en: "Slot 6 overlaps slot 1.",
      ko: "6번째 구간이 1번째 구간과 겹칩니다.",
    },
    {
      name: "an overnight slot running into the next day's slot",
      values: { "calendar.slots.5.day": "4", "calendar.slots.5.start": "22:00", "calendar.slots.5.end": "10:00" },
      field: "calendar-slots-5-error",
      en: "Slot 6 overlaps slot 5.",
      ko: "6번째 구간이 5번째 구간과 겹칩니다.",
    },
    {
      name: "an unknown time zone",
      values: { "calendar.timezone": "Mars/Olympus_Mons" },
      field: "calendar-timezone-error",
      en: "Unknown time zone: Mars/Olympus_Mons.",
      ko: "알 수 없는 시간대입니다: Mars/Olympus_Mons.",
    },
    {
      name: "a time that is not a time",
      values: { "calendar.slots.0.end": "25:00" },
      field: "calendar-slots-0-end-error",
      en: "Times must be HH:MM (e.g. 09:00). You entered: 25:00",
      ko: "시간은 HH:MM 형식이어야 합니다 (예: 09:00). 입력값: 25:00",
    },
    {
      name: "an availability target of 0",
      values: { "objectives.availability.target": "0" },
      field: "objectives-availability-target-error",
      en: "A target must be more than 0.",
      ko: "목표는 0보다 커야 합니다.",
    },
    {
      name: "a negative response target",
      values: { "objectives.first_response.p2.target": "-4" },
      field: "objectives-first_response-p2-target-error",
      en: "A target must be more than 0.",
      ko: "목표는 0보다 커야 합니다.",
    },
    {
      name: "a target that is not a number",
      values: { "objectives.resolution.p3.target": "soon" },
      field: "objectives-resolution-p3-target-error",
      en: "Please enter a number.",
      ko: "숫자를 입력해 주세요.",
    },
    {
      name: "credit tiers with the same threshold",
      values: {
        "remedies.credits.0.below": "99",
        "remedies.credits.0.creditPercent": "10",
        "remedies.credits.1.below": "99",
        "remedies.credits.1.creditPercent": "20",
      },
      field: "remedies-credits-1-below-error",
      en: "Tier 2 has the same threshold as tier 1.",
      ko: "2번째 구간의 기준이 1번째 구간과 같습니다.",
    },
    {
      name: "credit tiers where lower availability earns less",
      values: {
        "remedies.credits.0.below": "99",
        "remedies.credits.0.creditPercent": "30",
        "remedies.credits.1.below": "95",
        "remedies.credits.1.creditPercent": "10",
      },
      field: "remedies-credits-1-creditPercent-error",
      en: "Tier 2 (lower availability) credits less than tier 1.",
      ko: "가용성이 더 낮은 구간(2번째)의 크레딧이 1번째 구간보다 작습니다.",
    },
    {
      name: "credit tiers with the same threshold after a half-filled row (the message names the form's rows)",
      values: {
        "remedies.credits.0.below": "99.9",
        "remedies.credits.0.creditPercent": "",
        "remedies.credits.1.below": "99",
        "remedies.credits.1.creditPercent": "10",
        "remedies.credits.2.below": "99",
        "remedies.credits.2.creditPercent": "20",
      },
      field: "remedies-credits-2-below-error",
      en: "Tier 3 has the same threshold as tier 2.",
      ko: "3번째 구간의 기준이 2번째 구간과 같습니다.",
    },
    {
      name: "a negative notice period",
      values: { noticePeriodDays: "-1" },
      field: "noticePeriodDays-error",
      en: "The notice period cannot be negative.",
      ko: "공지 기간은 0일 이상이어야 합니다.",
    },
    {
      name: "a holiday that is not a date",
      values: { "calendar.holidays": "2026-12-25\n2026-02-30" },
      field: "calendar-holidays-error",
      en: "Line 2 is not a date (YYYY-MM-DD): 2026-02-30",
      ko: "2번째 줄이 날짜(YYYY-MM-DD)가 아닙니다: 2026-02-30",
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const before = await snapshot();
      const resEn = await analyst.post(versionUrl(v1), form(c.values), en);
      expect(resEn.status).toBe(400);
      const html = await resEn.text();
      // the message is beside its field: in the element the field's aria-describedby names
      expect(new RegExp(`id="${c.field}"[^>]*>([^<]*)`).exec(html)?.[1]).toContain(c.en.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
      // What the person typed is shown again, not the stored draft.
      for (const v of Object.values(c.values)) expect(html).toContain(v.split("\n")[0]);
      const resKo = await analyst.post(versionUrl(v1), form(c.values), ko);
      expect(resKo.status).toBe(400);
      expect(await resKo.text()).toContain(c.ko);
      expect(await snapshot()).toEqual(before);
    });
  }
});

describe("publishing", () => {
  it("an analyst may not publish (403) and the draft stays a draft", async () => {
    const before = await snapshot();
    const res = await analyst.post(versionUrl(v1), { _intent: "publish", effectiveFrom: localDateAfter(new Date(), 30, "Asia/Seoul") });
    expect(res.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("a manager sees the notice period beside the effective date", async () => {
    const html = await (await manager.get(versionUrl(v1), en)).text();
    expect(html).toContain("The notice period is 14 days");
    expect(html).toContain('name="effectiveFrom"');
  });

  it("a bad effective date is a 400 and nothing is written", async () => {
    const before = await snapshot();
    const res = await manager.post(versionUrl(v1), { _intent: "publish", effectiveFrom: "2026-13-45" }, en);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("This is not a date.");
    expect(await snapshot()).toEqual(before);
  });

  it("an effective date in the past is refused", async () => {
    const before = await snapshot();
    const res = await manager.post(versionUrl(v1), { _intent: "publish", effectiveFrom: localDateAfter(new Date(), -1, "Asia/Seoul") }, en);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("The effective date must be today or later");
    expect(await snapshot()).toEqual(before);
  });

  it("a manager publishes: status, who, when and effective date in one go, with an audit row and customer links", async () => {
    const today = localDateAfter(new Date(), 0, "Asia/Seoul");
    const res = await manager.post(versionUrl(v1), { _intent: "publish", effectiveFrom: today }, en);
    expect(res.status).toBe(302);
    // Sooner than the 14-day notice period: published, with a warning on the SLA page.
    const location = res.headers.get("location")!;
    expect(location).toContain("shortNotice=14");
    expect(await (await manager.get(location, en)).text()).toContain("The effective date is sooner than the notice period (14 days)");
    const v = await app.db.selectFrom("sla_versions").selectAll().where("id", "=", v1).executeTakeFirstOrThrow();
    const mgr = await app.db.selectFrom("users").select("id").where("role", "=", "manager").executeTakeFirstOrThrow();
    expect(v.status).toBe("published");
    expect(v.published_by).toBe(mgr.id);
    expect(v.published_at).not.toBeNull();
    // Midnight in Seoul, the calendar's zone.
    expect(v.effective_from?.toISOString()).toBe(localMidnight(today, "Asia/Seoul").toISOString());
    expect(v.effective_from?.toISOString()).toMatch(/T15:00:00.000Z$/);
    const audit = await app.db.selectFrom("audit_events").selectAll().where("action", "=", "sla_version.publish").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target_id: v1, user_id: mgr.id });
    const shares = await app.db.selectFrom("sla_shares").innerJoin("accounts", "accounts.id", "sla_shares.account_id").select(["accounts.name", "sla_shares.token"]).execute();
    expect(shares.map((s) => s.name).sort()).toEqual(["Gold Corp", "골드상사"]);
    expect(shares.every((s) => s.token.length >= 20)).toBe(true);
  });

  it("a published version cannot be changed: 409 with a message, row unchanged", async () => {
    const before = await snapshot();
    const res = await analyst.post(versionUrl(v1), form({ noticePeriodDays: "1" }), en);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("A published version cannot be changed.");
    const again = await manager.post(versionUrl(v1), { _intent: "publish", effectiveFrom: localDateAfter(new Date(), 30, "Asia/Seoul") }, en);
    expect(again.status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });
});

describe("new draft, redline and the customer's page", () => {
  let v2: string;

  it("a new draft from a published version copies it", async () => {
    const res = await analyst.post(versionUrl(v1), { _intent: "newDraft" }, en);
    expect(res.status).toBe(302);
    v2 = /versions\/([0-9a-f-]{36})/.exec(res.headers.get("location") ?? "")![1];
    const [a, b] = await Promise.all([v1, v2].map((id) => app.db.selectFrom("sla_versions").selectAll().where("id", "=", id).executeTakeFirstOrThrow()));
    expect(b).toMatchObject({ version: 2, status: "draft", based_on_id: v1 });
    for (const k of ["service", "calendar", "provider_duties", "customer_duties", "remedies", "notice_period_days", "review_cadence"] as const) expect(b[k]).toEqual(a[k]);
    const objectives = async (id: string) =>
      (await app.db.selectFrom("objectives").select(["kind", "priority", "target", "unit", "mode", "window"]).where("version_id", "=", id).orderBy("position").execute());
    expect(await objectives(v2)).toEqual(await objectives(v1));
    const second = await analyst.post(versionUrl(v1), { _intent: "newDraft" }, en);
    expect(second.status).toBe(409);
    expect(await second.text()).toContain("There is already a draft.");
  });

  it("the redline shows what changed, in English and Korean, with <ins>/<del> and text labels", async () => {
    const current = versionFormValues(defaultVersionInput());
    const stored = await app.db.selectFrom("sla_versions").selectAll().where("id", "=", v2).executeTakeFirstOrThrow();
    expect(stored.status).toBe("draft");
    const res = await analyst.post(
      versionUrl(v2),
      form({
        ...Object.fromEntries(Object.entries(current).filter(([k]) => k.startsWith("calendar.slots"))),
        "service.type.en": "Hosted survey and feedback platform",
        "service.type.ko": "호스팅 설문 플랫폼",
        "calendar.slots.5.day": "5",
        "calendar.slots.5.start": "22:00",
        "calendar.slots.5.end": "02:00",
        "calendar.holidays": "2026-12-25\n2027-01-01",
        "objectives.availability.target": "99.9",
        "objectives.resolution.p1.target": "8",
        "objectives.resolution.p2.target": "24",
        "objectives.resolution.p1.mode": "calendar",
        "remedies.credits.0.below": "99",
        "remedies.credits.0.creditPercent": "10",
        "providerDuties.en": "Keep it running\nAnswer within the target",
        "providerDuties.ko": "서비스를 유지합니다\n목표 시간 안에 답합니다",
        noticePeriodDays: "14",
      }),
      en,
    );
    expect(res.status).toBe(302);
    const html = await (await analyst.get(`/app/slas/${slaId}/compare?a=1&b=2`, en)).text();
    expect(html).toContain("Gold SLA: version 1 ↔ version 2");
    expect(html).toMatch(/<del><span class="sr-only">\[removed: <\/span>99%/);
    expect(html).toMatch(/<ins><span class="sr-only">\[added: <\/span>99.9%/);
    expect(html).toMatch(/<ins><span class="sr-only">\[added: <\/span>and feedback /);
    // The 95 % credit tier was dropped: a removed row.
    expect(html).toContain("Credit below 95% availability");
    expect(html).toMatch(/1 added · 1 removed · \d+ changed/);
    const koHtml = await (await analyst.get(`/app/slas/${slaId}/compare?a=1&b=2`, ko)).text();
    expect(koHtml).toContain("버전 1 ↔ 버전 2");
    expect(koHtml).toMatch(/<del><span class="sr-only">\[삭제: <\/span>99%/);
    expect(koHtml).toContain("가용성");
  });

  it("an unknown version number in the compare address is a 404", async () => {
    expect((await analyst.get(`/app/slas/${slaId}/compare?a=1&b=9`)).status).toBe(404);
  });

  it("the customer's page shows the version that applies now, in Korean and in English, without sign-in", async () => {
    const share = await app.db
      .selectFrom("sla_shares")
      .innerJoin("accounts", "accounts.id", "sla_shares.account_id")
      .select("sla_shares.token")
      .where("accounts.name", "=", "골드상사")
      .executeTakeFirstOrThrow();
    const koRes = await new Client(app.url).get(`/sla/${share.token}?lang=ko`);
    expect(koRes.status).toBe(200);
    const koHtml = await koRes.text();
    expect(koHtml).toContain('<html lang="ko"');
    expect(koHtml).toContain("골드상사 님께 적용되는 서비스 수준 협약");
    expect(koHtml).toContain("버전 1");
    expect(koHtml).toContain("호스팅 설문 플랫폼");
    expect(koHtml).toContain("서비스를 유지합니다");
    expect(koHtml).toContain("월 가용성 99% 미만: 월 요금의 10%");
    expect(koHtml).toContain("시간대: Asia/Seoul");
    // The draft (version 2) is not the customer's business yet.
    expect(koHtml).not.toContain("99.9");
    const enHtml = await (await new Client(app.url).get(`/sla/${share.token}?lang=en`)).text();
    expect(enHtml).toContain('<html lang="en"');
    expect(enHtml).toContain("The service level agreement for 골드상사");
    expect(enHtml).toContain("Hosted survey platform");
    expect(enHtml).toContain("Keep it running");
    expect(enHtml).toContain("Monthly availability below 99%: 10% of the monthly fee");
    expect(enHtml).toContain("22:00–02:00 next day");
  });

  it("an unknown token is a kind 404 page in the right language", async () => {
    const res = await new Client(app.url).get("/sla/this-token-does-not-exist-at-all", en);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("SLA not found");
    const koRes = await new Client(app.url).get("/sla/this-token-does-not-exist-at-all", ko);
    expect(koRes.status).toBe(404);
    expect(await koRes.text()).toContain("SLA를 찾을 수 없습니다");
  });

  it("the SLA list shows the version in force and the draft", async () => {
    const html = await (await analyst.get("/app/slas", en)).text();
    expect(html).toContain("Gold SLA");
    expect(html).toContain(`href="/app/slas/${slaId}/versions/${v1}"`);
    expect(html).toContain(`href="/app/slas/${slaId}/versions/${v2}"`);
  });

  it("the SLA page links 'Edit draft' to the draft's form", async () => {
    const html = await (await analyst.get(`/app/slas/${slaId}`, en)).text();
    expect(html).toMatch(new RegExp(`<a [^>]*href="/app/slas/${slaId}/versions/${v2}#edit"[^>]*>Edit draft</a>`));
    expect(await (await analyst.get(versionUrl(v2), en)).text()).toContain('<div id="edit">');
  });

  it("the list gives a coming version's effective date as the day in the SLA's zone, not a UTC time", async () => {
    const day = localDateAfter(new Date(), 30, "Asia/Seoul");
    expect((await manager.post(versionUrl(v2), { _intent: "publish", effectiveFrom: day }, en)).status).toBe(302);
    const [y, m, d] = day.split("-").map(Number);
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const html = await (await analyst.get("/app/slas", en)).text();
    // Midnight in Seoul is 15:00 UTC the day before; the list once showed exactly that.
    expect(html).toContain(`${d} ${months[m - 1]} ${y}`);
    expect(html).not.toMatch(/\d{4}-\d{2}-\d{2} 15:00/);
  });

  it("the customer's page says what the coming version changes, in plain words", async () => {
    const share = await app.db
      .selectFrom("sla_shares")
      .innerJoin("accounts", "accounts.id", "sla_shares.account_id")
      .select("sla_shares.token")
      .where("accounts.name", "=", "Gold Corp")
      .executeTakeFirstOrThrow();
    const text = async (lang: string) => (await (await new Client(app.url).get(`/sla/${share.token}?lang=${lang}`)).text()).replaceAll("<!-- -->", "");
    const html = await text("en");
    expect(html).toContain("What changes from the version that applies now:");
    expect(html).toContain("<li><strong>Availability</strong>: Availability: at least 99% per calendar month becomes Availability: at least 99.9% per calendar month.</li>");
    expect(html).toContain("<li><strong>Service type</strong>: Hosted survey platform becomes Hosted survey and feedback platform.</li>");
    expect(html).toContain("<li><strong>Credit below 95% availability</strong>: removed (was: Monthly availability below 95%: 25% of the monthly fee)</li>");
    const koHtml = await text("ko");
    expect(koHtml).toContain("현재 버전과 달라지는 점:");
    expect(koHtml).toMatch(/변경 전: [^<]*99% [^<]*· 변경 후: [^<]*99.9%/);
  });
});
