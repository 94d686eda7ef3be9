import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, seriousAxe, signInPage, skipBrowser } from "../support/browser";
import { createTestSurvey, insertUser, PASSWORD } from "../support/fixtures";

// An analyst adds a customer account with a contact and opens its page, in English and in Korean.
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp();
  const analyst = await insertUser(app.db, "analyst", "analyst@example.test");
  const sla = await import("../../app/models/sla.server");
  const created = await sla.createSla(analyst.id, { name: { ko: "기업 SLA", en: "Enterprise SLA" }, service: "cloud", tiers: ["enterprise"] });
  await sla.publishVersion(analyst.id, created.versionId, new Date("2026-01-01T00:00:00Z"));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});


const cases = [
  {
    lang: "en",
    locale: "en-US",
    name: "Northwind Korea",
    labels: { name: "Account name", tier: "Tier", region: "Region", plan: "Plan", fee: "Monthly fee", start: "Contract start", renewal: "Renewal date", create: "Create account" },
    expect: { sla: "Enterprise SLA v1 (in force since 2026-01-01)", notices: "No notices yet.", saved: "Saved.", fix: "Please correct the marked fields.", bad: "This is not an email address.", due: "Renewal due soon" },
  },
  {
    lang: "ko",
    locale: "ko-KR",
    name: "한빛물류 부산",
    labels: { name: "고객사 이름", tier: "등급", region: "지역", plan: "요금제", fee: "월 요금", start: "계약 시작일", renewal: "갱신일", create: "고객사 만들기" },
    expect: { sla: "기업 SLA v1 (시행일 2026-01-01)", notices: "아직 보낸 안내가 없습니다.", saved: "저장했습니다.", fix: "표시된 항목을 고쳐 주세요.", bad: "이메일 주소 형식이 아닙니다.", due: "갱신 임박" },
  },
];

describe.skipIf(skipBrowser)("customer accounts in the browser", () => {
  it.each(cases)("creates an account with a contact and opens its page ($lang)", async (c) => {
    const context = await browser.newContext({ locale: c.locale });
    const page = await context.newPage();
    await signInPage(page, app.url, "analyst@example.test", PASSWORD);

    await page.goto(`${app.url}/app/accounts/new`, { waitUntil: "networkidle" });
    expect(await seriousAxe(page)).toEqual([]);
    await page.getByLabel(c.labels.name).fill(c.name);
    await page.getByLabel(c.labels.tier).fill("enterprise");
    await page.getByLabel(c.labels.region).fill("kr");
    await page.getByLabel(c.labels.plan).fill("annual");
    await page.getByLabel(c.labels.fee).fill("1500000");
    await page.getByLabel(c.labels.start).fill("2026-03-01");
    // Renewal in 30 days: inside the 90-day window, so the page flags it as due soon.
    const renewal = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel(c.labels.renewal).fill(renewal);
    await page.locator("#acc-contacts-0-name").fill(c.lang === "ko" ? "김민준" : "Nancy Davolio");
    // A bad email first: the browser says so beside the field and nothing is posted.
    await page.locator("#acc-contacts-0-email").fill("nancy-at-example");
    await page.getByRole("button", { name: c.labels.create }).click();
    await expect.poll(() => page.locator("#acc-contacts-0-email-error").textContent()).toBe(c.expect.bad);
    await page.locator("#acc-contacts-0-email").fill(c.lang === "ko" ? "minjun@hanbit.example" : "nancy@northwind.example");
    await Promise.all([page.waitForURL(/\/app\/accounts\/[0-9a-f-]{36}\?saved=1$/), page.getByRole("button", { name: c.labels.create }).click()]);
    await page.waitForLoadState("networkidle");

    await expect.poll(() => page.locator("h1").textContent()).toBe(c.name);
    expect(await page.getByRole("status").textContent()).toBe(c.expect.saved);
    expect(await page.locator('[data-field="sla"]').textContent()).toBe(c.expect.sla);
    expect(await page.getByText(c.expect.notices).count()).toBe(1);
    expect(await page.getByText(c.lang === "ko" ? "minjun@hanbit.example" : "nancy@northwind.example").count()).toBe(1);
    expect(await page.locator('[data-field="renewalDate"]').textContent()).toBe(`${renewal} ${c.expect.due}`);
    expect(await seriousAxe(page)).toEqual([]);

    // A response from this account, to see it listed and open the response page.
    const accountId = page.url().split("?")[0].split("/").pop()!;
    const survey = await createTestSurvey(app.db);
    const r = await app.db
      .insertInto("responses")
      .values({ survey_id: survey.id, account_id: accountId, submission_key: crypto.randomUUID(), locale: c.lang as "ko" | "en", finished: true, started_at: new Date("2026-11-30T08:00:00Z"), submitted_at: new Date("2026-11-30T08:03:00Z"), duration_seconds: 180 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await app.db.insertInto("answers").values([
      { response_id: r.id, question_id: survey.nps, value_int: 4, why_text: c.lang === "ko" ? "지원 답변이 너무 늦습니다." : "Support answers far too late." },
      { response_id: r.id, question_id: survey.choice, choices: JSON.stringify(["support"]) },
    ]).execute();
    await page.reload({ waitUntil: "networkidle" });
    await screenshot(page, `account-page-${c.lang}`);
    await Promise.all([page.waitForURL(/\/app\/responses\/[0-9a-f-]{36}$/), page.locator(`a[href="/app/responses/${r.id}"]`).first().click()]);
    await page.waitForLoadState("networkidle");
    await expect.poll(() => page.locator('[data-answer="2"]').textContent()).toBe(c.lang === "ko" ? "지원" : "Support");
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, `response-page-${c.lang}`);
    await context.close();
  });
});
