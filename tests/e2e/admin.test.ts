import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, seriousAxe, signInPage, skipBrowser } from "../support/browser";
import { createTestSurvey, insertUser, PASSWORD } from "../support/fixtures";

// The admin's users screen, an account page and a response page in English and Korean
// (screenshots in tests/.tmp/screenshots, looked at), axe on each, and the users screen with the
// keyboard alone.
let app: TestApp;
let browser: Browser;
let accountId: string;
let responseId: string;

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp();
  await insertUser(app.db, "admin", "admin@example.test");
  await insertUser(app.db, "analyst", "analyst@example.test");
  await app.db.updateTable("users").set({ last_sign_in_at: new Date("2026-12-01T00:30:00Z") }).where("email", "=", "analyst@example.test").execute();
  accountId = (
    await app.db
      .insertInto("accounts")
      .values({ name: "Northwind Korea", email: "ops@northwind.example", tier: "enterprise", region: "kr", plan: "annual", locale: "en" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  await app.db.insertInto("contacts").values({ account_id: accountId, name: "Nancy Davolio", email: "ops@northwind.example", locale: "en" }).execute();
  const survey = await createTestSurvey(app.db);
  const at = new Date("2026-11-30T20:00:00Z");
  responseId = (
    await app.db
      .insertInto("responses")
      .values({
        survey_id: survey.id,
        account_id: accountId,
        submission_key: crypto.randomUUID(),
        segment: JSON.stringify({ account: accountId, tier: "enterprise", region: "kr", plan: "annual" }),
        locale: "en",
        finished: true,
        started_at: new Date(at.getTime() - 90_000),
        submitted_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  await app.db
    .insertInto("answers")
    .values([
      { response_id: responseId, question_id: survey.nps, value_int: 6, why_text: "Exports were slow this month." },
      { response_id: responseId, question_id: survey.choice, choices: JSON.stringify(["support"]) },
    ])
    .execute();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});


/** Presses Tab until the focused element matches, as a keyboard user would. */
async function tabTo(page: Page, matches: (el: { tag: string; text: string; id: string; name: string }) => boolean, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement & { name?: string };
      return { tag: a?.tagName ?? "", text: (a?.textContent ?? "").trim(), id: a?.id ?? "", name: a?.name ?? "" };
    });
    if (matches(el)) return;
  }
  throw new Error("never reached by Tab");
}

const langs = [
  { lang: "en", locale: "en-US", title: "Users", add: "Add a user", password: "Set a password now", active: "Active", linkTitle: "One-time link for Kim Keyboard", account: "Northwind Korea" },
  { lang: "ko", locale: "ko-KR", title: "사용자", add: "사용자 추가", password: "지금 비밀번호 정하기", active: "활성", linkTitle: "Kim Keyboard의 일회용 링크", account: "Northwind Korea" },
];

describe.skipIf(skipBrowser)("admin screens in the browser", () => {
  it.each(langs)("users, an account and a response page ($lang): screenshots, axe", async (c) => {
    const context = await browser.newContext({ locale: c.locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInPage(page, app.url, "admin@example.test", PASSWORD);

    await page.goto(`${app.url}/app/users`, { waitUntil: "networkidle" });
    expect(await page.locator("h1").textContent()).toBe(c.title);
    expect(await page.locator('tr[data-user="analyst@example.test"] td[data-status]').textContent()).toBe(c.active);
    // Last sign-in in the viewer's zone (the organisation's, Asia/Seoul): 00:30 UTC is 09:30 there.
    expect(await page.locator('tr[data-user="analyst@example.test"] time').textContent()).toBe("2026-12-01 09:30");
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, `admin-users-${c.lang}`);

    // Add a user: by invite link or with a password, on one page.
    await page.goto(`${app.url}/app/users/new`, { waitUntil: "networkidle" });
    expect(await page.locator("h1").textContent()).toBe(c.add);
    expect(await page.locator('label:has(input[value="password"])').textContent()).toContain(c.password);
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, `admin-users-new-${c.lang}`);

    await page.goto(`${app.url}/app/accounts/${accountId}`, { waitUntil: "networkidle" });
    expect(await page.locator("h1").textContent()).toBe(c.account);
    // Its response, at the viewer's local time, labelled.
    expect(await page.locator(`a[href="/app/responses/${responseId}"]`).textContent()).toBe("2026-12-01 05:00 (Asia/Seoul)");
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, `admin-account-${c.lang}`);

    await page.goto(`${app.url}/app/responses/${responseId}`, { waitUntil: "networkidle" });
    expect(await page.locator('[data-field="submitted"]').textContent()).toBe("2026-12-01 05:00 (Asia/Seoul)");
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, `admin-response-${c.lang}`);
    await context.close();
  }, 120_000);

  it("adds a user with a password: a short one is refused beside the field before posting, then the user is added", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await signInPage(page, app.url, "admin@example.test", PASSWORD);
    await page.goto(`${app.url}/app/users/new`, { waitUntil: "networkidle" });
    await page.fill("#user-name", "Park Password");
    await page.fill("#user-email", "park@example.test");
    await page.check('input[name="method"][value="password"]');
    await page.fill("#pw-password", "short");
    await page.fill("#pw-confirm", "short");
    await page.click('main button[type="submit"]');
    await expect.poll(() => page.locator("#pw-password-error").textContent()).toBe("The password needs at least 10 characters.");
    await page.fill("#pw-password", "park-initial-1");
    await page.fill("#pw-confirm", "park-initial-1");
    await page.click('main button[type="submit"]');
    await expect.poll(() => page.locator('[role="status"]').first().textContent()).toContain("Park Password (park@example.test) was added.");
    expect(await page.locator("#pw-password").inputValue()).toBe("");
    await screenshot(page, "admin-users-new-created-en");
    await context.close();
  }, 120_000);

  it("the users screen with the keyboard alone: invite a user and read the one-time link", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await signInPage(page, app.url, "admin@example.test", PASSWORD);
    await page.goto(`${app.url}/app/users`, { waitUntil: "networkidle" });
    await tabTo(page, (el) => el.tag === "A" && el.text === "Add a user");
    await Promise.all([page.waitForURL(/\/app\/users\/new$/), page.keyboard.press("Enter")]);
    await page.waitForLoadState("networkidle");
    await tabTo(page, (el) => el.id === "user-name");
    await page.keyboard.type("Kim Keyboard");
    await page.keyboard.press("Tab");
    await page.keyboard.type("kim@example.test");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("user-role");
    // The way in: the invite link is chosen; the password fields are only for the other way.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe("invite");
    await tabTo(page, (el) => el.tag === "BUTTON", 4);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Add the user");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#one-time-link-h").textContent()).toBe("One-time link for Kim Keyboard");
    const link = await page.locator("#one-time-link").inputValue();
    expect(link).toMatch(/\/set-password\/[\w-]{43}$/);
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, "admin-invite-link-en");

    // Back to the list by keyboard: the new user is there, invited.
    await page.goto(`${app.url}/app/users`, { waitUntil: "networkidle" });
    await tabTo(page, (el) => el.tag === "A" && el.text === "Kim Keyboard");
    await Promise.all([page.waitForURL(/\/app\/users\/[0-9a-f-]{36}$/), page.keyboard.press("Enter")]);
    await page.waitForLoadState("networkidle");
    expect(await page.locator("[data-status]").textContent()).toBe("Invited (no password yet)");
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, "admin-user-en");
    await context.close();
  }, 120_000);
});
