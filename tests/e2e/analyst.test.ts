import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, seriousAxe, signInPage, skipBrowser } from "../support/browser";
import { createTestSurvey, insertUser, PASSWORD } from "../support/fixtures";

let app: TestApp;
let browser: Browser;
let survey: Awaited<ReturnType<typeof createTestSurvey>>;

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp();
  survey = await createTestSurvey(app.db);
  await insertUser(app.db, "analyst", "analyst@example.test");
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe.skipIf(skipBrowser)("an analyst sees a new response", () => {
  it("in the responses list and in the NPS, and the results page passes an axe scan", async () => {
    // A customer answers first.
    const customer = await browser.newContext({ locale: "en-US" });
    const answerPage = await customer.newPage();
    await answerPage.goto(`${app.url}/s/${survey.token}`);
    await answerPage.getByLabel("10 (Extremely likely)").check();
    await answerPage.getByLabel("Why?").fill("The new dashboard saves us an hour a day");
    await Promise.all([answerPage.waitForURL(/\/thanks/), answerPage.getByRole("button", { name: "Submit" }).click()]);
    await customer.close();

    for (const locale of ["en-US", "ko-KR"]) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await signInPage(page, app.url, "analyst@example.test", PASSWORD);

      await page.goto(`${app.url}/app/responses?survey=${survey.id}`);
      await expect.poll(() => page.getByText("The new dashboard saves us an hour a day").count()).toBeGreaterThan(0);
      await screenshot(page, `analyst-responses-${locale}`);

      await page.goto(`${app.url}/app/surveys/${survey.id}`);
      const nps = page.locator('[data-metric="nps"]').first();
      expect(await nps.getAttribute("data-n")).toBe("1");
      expect(Number(await nps.getAttribute("data-value"))).toBe(100);
      await screenshot(page, `analyst-results-${locale}`);
      expect(await seriousAxe(page)).toEqual([]);
      await context.close();
    }
  });
});
