import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, signInPage, skipBrowser } from "../support/browser";
import { createTestSurvey, insertUser, PASSWORD } from "../support/fixtures";

// The Content-Security-Policy in a real browser: pages hydrate and work, nothing is refused, and
// an injected inline script is. Then the server's own pages (503, 413) as a person sees them.
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

/** A page that records every CSP violation (window.__violations) and every console error. */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, errors };
}

const hydrated = (page: Page) => page.waitForFunction(() => (window as any).__remixRouter?.state?.initialized === true);
const violations = (page: Page) => page.evaluate(() => (window as any).__violations as string[]);

describe.skipIf(skipBrowser)("the Content-Security-Policy in Chromium", () => {
  it("the survey hydrates, validates in the browser and submits without a violation", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const watched = await watchedPage(context);
    const { page } = watched;
    await page.goto(`${app.url}/s/${survey.token}?lang=en`);
    await hydrated(page);
    // Client-side validation (react-hook-form) runs only when the bundle executed.
    await page.getByRole("button", { name: "Submit" }).click();
    await expect.poll(() => page.locator(`#q_${survey.nps}-error`).textContent()).toBe("This is required.");
    await page.getByLabel("9", { exact: true }).check();
    await Promise.all([page.waitForURL(/\/thanks/), page.getByRole("button", { name: "Submit" }).click()]);
    await expect.poll(() => page.textContent("h1")).toBe("Thank you for your answers");
    expect(await violations(page)).toEqual([]);
    expect(watched.errors).toEqual([]);
    await context.close();
  });

  it("a staff page hydrates and navigates client-side without a violation", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const watched = await watchedPage(context);
    const { page } = watched;
    await signInPage(page, app.url, "analyst@example.test", PASSWORD);
    await hydrated(page);
    await page.getByRole("link", { name: "Surveys" }).first().click();
    await page.waitForURL(/\/app\/surveys$/);
    await expect.poll(() => page.textContent("h1")).toBe("Surveys");
    expect(await violations(page)).toEqual([]);
    expect(watched.errors).toEqual([]);
    await context.close();
  });

  it("an inline script without the nonce is refused", async () => {
    const context = await browser.newContext();
    const { page } = await watchedPage(context);
    await page.goto(`${app.url}/s/${survey.token}?lang=en`);
    await hydrated(page);
    await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.__injected = true";
      document.body.append(s);
    });
    await expect.poll(() => violations(page)).toEqual(["script-src-elem inline"]);
    expect(await page.evaluate(() => (window as any).__injected)).toBe(undefined);
    await context.close();
  });
});

describe.skipIf(skipBrowser)("the server's own pages, as a person sees them", () => {
  it("503 while the database is away, in Korean and English", async () => {
    const store = (globalThis as any).__trustloop;
    const working = store.db;
    const dead = createDb({ databaseUrl: "postgres://nobody@127.0.0.1:9/none" });
    store.db = dead;
    try {
      for (const [locale, title] of [["ko-KR", "잠시 서비스를 이용할 수 없습니다"], ["en-US", "Briefly unavailable"]]) {
        const context = await browser.newContext({ locale });
        const page = await context.newPage();
        const res = await page.goto(`${app.url}/s/${survey.token}`);
        expect(res!.status()).toBe(503);
        expect(await page.textContent("h1")).toBe(title);
        await screenshot(page, `unavailable-503-${locale.slice(0, 2)}`);
        await context.close();
      }
    } finally {
      store.db = working;
      await dead.close();
    }
  });

  it("413 for a survey answer over 64 KB (a form without JavaScript), in Korean and English", async () => {
    for (const [lang, title] of [["ko", "보낸 내용이 너무 큽니다"], ["en", "Too much data"]]) {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${app.url}/s/${survey.token}?lang=${lang}`);
      await page.locator(`input[name="q_${survey.nps}"][value="7"]`).check();
      // Past the textarea's maxlength, as a script or a tampered form would send it.
      await page.locator(`textarea[name="q_${survey.text}"]`).evaluate((t: HTMLTextAreaElement) => {
        t.removeAttribute("maxlength");
        t.value = "x".repeat(70_000);
      });
      const [res] = await Promise.all([page.waitForNavigation(), page.locator('button[type="submit"]').click()]);
      expect(res!.status()).toBe(413);
      expect(await page.textContent("h1")).toBe(title);
      await screenshot(page, `too-large-413-${lang}`);
      await context.close();
    }
  });
});
