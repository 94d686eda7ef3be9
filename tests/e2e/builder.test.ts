import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, signInPage, skipBrowser } from "../support/browser";
import { insertUser, PASSWORD } from "../support/fixtures";

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp();
  await insertUser(app.db, "analyst");
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe.skipIf(skipBrowser)("the survey builder after a failed save", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`moves the focus to the first field in error (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await browser.newContext({ locale: "en-US", javaScriptEnabled });
      const page = await context.newPage();
      await signInPage(page, app.url, "analyst@example.test", PASSWORD);
      await page.goto(`${app.url}/app/surveys/new`, { waitUntil: "networkidle" });
      await page.locator("input[name='title.ko']").fill("");
      await page.locator("input[name='title.en']").fill("");
      await page.getByRole("button", { name: "Save", exact: true }).first().click();
      await expect.poll(() => page.locator("[aria-invalid='true']").count()).toBeGreaterThan(0);
      const focused = await page.evaluate(() => {
        const first = document.querySelector("form.builder [aria-invalid='true']");
        return { same: document.activeElement === first, name: (document.activeElement as HTMLInputElement | null)?.name };
      });
      expect(focused.same, `focused ${focused.name}`).toBe(true);
      await context.close();
    });
  }
});
