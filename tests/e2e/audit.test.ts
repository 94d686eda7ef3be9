import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, seriousAxe, signInPage, skipBrowser } from "../support/browser";
import { insertUser, PASSWORD } from "../support/fixtures";

// The admin's audit log and users page in a real browser, in Korean and English.
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp();
  const admin = await insertUser(app.db, "admin", "admin@example.test");
  await insertUser(app.db, "analyst", "analyst@example.test");
  const sla = await import("../../app/models/sla.server");
  const created = await sla.createSla(admin.id, { name: { ko: "지원 SLA", en: "Support SLA" }, service: "cloud", tiers: ["enterprise"] }, sla.defaultVersionInput());
  await sla.publishVersion(admin.id, created.versionId, new Date("2026-01-01T00:00:00Z"));
  await app.db.insertInto("login_failures").values({ key: "email:analyst@example.test", count: 11, first_at: new Date(), last_at: new Date() }).execute();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});


describe.skipIf(skipBrowser)("audit log and users page", () => {
  it.each([
    ["en-US", "Audit log", "Users", "Action", "Apply filters", "Locked", "Unlock"],
    ["ko-KR", "감사 기록", "사용자", "동작", "필터 적용", "잠김", "잠금 해제"],
  ])("in %s: linked from the nav, filters by action, unlocks a user", async (locale, auditNav, usersNav, actionLabel, apply, locked, unlock) => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await signInPage(page, app.url, "admin@example.test", PASSWORD);
    await page.getByRole("navigation").getByRole("link", { name: auditNav }).click();
    await page.waitForURL(/\/app\/audit/);
    await expect.poll(() => page.getByRole("heading", { level: 1, name: auditNav }).count()).toBe(1);
    // sla.create, sla_version.publish, session.create (this sign-in) at least.
    await expect.poll(() => page.locator("table.audit tbody tr").count()).toBeGreaterThanOrEqual(3);
    await page.getByLabel(actionLabel, { exact: true }).selectOption("sla_version.publish");
    await Promise.all([page.waitForURL(/action=sla_version.publish/), page.getByRole("button", { name: apply }).click()]);
    await expect.poll(() => page.locator("table.audit tbody tr").count()).toBe(1);
    expect(await page.locator("table.audit tbody tr td").nth(2).textContent()).toBe("sla_version.publish");
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, `audit-${locale}`);

    await page.getByRole("navigation").getByRole("link", { name: usersNav }).click();
    await page.waitForURL(/\/app\/users/);
    const row = page.locator("tr", { hasText: "analyst@example.test" });
    if (locale === "en-US") {
      // The URL changes before the new page has rendered: wait for the row itself.
      await expect.poll(() => row.getByText(locked, { exact: true }).count()).toBe(1);
      expect(await seriousAxe(page)).toEqual([]);
      await screenshot(page, `users-${locale}`);
      await Promise.all([page.waitForURL(/unlocked=/), row.getByRole("button", { name: unlock }).click()]);
      await expect.poll(() => row.getByText(locked, { exact: true }).count()).toBe(0);
    } else {
      await screenshot(page, `users-${locale}`);
    }
    await context.close();
  });

  it("an analyst's nav has no audit log or users link", async () => {
    // Independent of the test above, which unlocks this account only if it gets that far.
    await app.db.deleteFrom("login_failures").where("key", "=", "email:analyst@example.test").execute();
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await signInPage(page, app.url, "analyst@example.test", PASSWORD);
    expect(await page.getByRole("navigation").getByRole("link", { name: "Audit log" }).count()).toBe(0);
    expect(await page.getByRole("navigation").getByRole("link", { name: "Users" }).count()).toBe(0);
    await context.close();
  });
});
