import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, seriousAxe, skipBrowser } from "../support/browser";
import { createTestSurvey } from "../support/fixtures";

let app: TestApp;
let browser: Browser;
let survey: Awaited<ReturnType<typeof createTestSurvey>>;

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp();
  survey = await createTestSurvey(app.db);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function latestAnswer() {
  return app.db
    .selectFrom("answers")
    .innerJoin("responses", "responses.id", "answers.response_id")
    .select(["answers.value_int", "answers.why_text", "responses.finished", "responses.locale"])
    .where("answers.question_id", "=", survey.nps)
    .orderBy("responses.submitted_at", "desc")
    .executeTakeFirst();
}

describe.skipIf(skipBrowser)("a customer answers a survey in Chromium", () => {
  it("with the keyboard alone (JavaScript on)", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(`${app.url}/s/${survey.token}`);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("en");
    // Tab from the top of the page to the first point of the NPS radio group.
    let guard = 0;
    while (!(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === "radio")) && guard++ < 10) {
      await page.keyboard.press("Tab");
    }
    // Arrow keys move through a radio group and select: from 0 to 8.
    await page.keyboard.press("Space");
    for (let i = 0; i < 8; i++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Quick answers from support");
    await screenshot(page, "respond-keyboard-en");
    // Submit with Enter from the submit button: tab until it has focus.
    guard = 0;
    while (!(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute("type") === "submit")) && guard++ < 20) {
      await page.keyboard.press("Tab");
    }
    await Promise.all([page.waitForURL(/\/thanks/), page.keyboard.press("Enter")]);
    await expect.poll(() => page.textContent("h1")).toBe("Thank you for your answers");
    const answer = await latestAnswer();
    expect(answer).toMatchObject({ value_int: 8, why_text: "Quick answers from support", finished: true, locale: "en" });
    await context.close();
  });

  it("shows the error beside the field as you go when a required answer is missing (JavaScript on)", async () => {
    const context = await browser.newContext({ locale: "ko-KR" });
    const page = await context.newPage();
    await page.goto(`${app.url}/s/${survey.token}`);
    await page.getByRole("button", { name: "제출" }).click();
    await expect.poll(() => page.locator(`#q_${survey.nps}-error`).textContent()).toBe("필수 항목입니다.");
    await screenshot(page, "respond-required-ko");
    await context.close();
  });

  it("with JavaScript off: a plain form post, validated by the server", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "ko-KR" });
    const page = await context.newPage();
    await page.goto(`${app.url}/s/${survey.token}`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ko");
    // Submitting without the required NPS answer comes back with the message beside the field.
    await page.getByRole("button", { name: "제출" }).click();
    expect(await page.locator(`#q_${survey.nps}-error`).textContent()).toBe("필수 항목입니다.");
    await screenshot(page, "respond-nojs-error-ko");
    await page.getByLabel("3", { exact: true }).check();
    await page.getByLabel("이유는?").fill("응답이 너무 늦어요");
    await page.getByLabel("가격").check();
    await Promise.all([page.waitForURL(/\/thanks/), page.getByRole("button", { name: "제출" }).click()]);
    expect(await page.textContent("h1")).toBe("응답해 주셔서 감사합니다");
    const answer = await latestAnswer();
    expect(answer).toMatchObject({ value_int: 3, why_text: "응답이 너무 늦어요", finished: true, locale: "ko" });
    await context.close();
  });

  it("the survey page has no serious or critical accessibility violation (axe), in both languages", async () => {
    for (const locale of ["ko-KR", "en-US"]) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto(`${app.url}/s/${survey.token}`);
      await screenshot(page, `respond-${locale}`);
      expect(await seriousAxe(page)).toEqual([]);
      await context.close();
    }
  });
});
