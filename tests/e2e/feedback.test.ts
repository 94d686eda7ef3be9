import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, seriousAxe, signInPage, skipBrowser } from "../support/browser";
import { insertUser, PASSWORD } from "../support/fixtures";

// An analyst records an interview, tags a passage and finds it in the feedback list, with the
// keyboard alone, in Korean and in English; axe finds nothing serious on either page.
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp();
  await insertUser(app.db, "analyst", "analyst@example.test");
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});


/** Tab until the element with this id has focus (as a keyboard user would), at most 60 presses. */
async function tabTo(page: Page, id: string) {
  for (let i = 0; i < 60; i++) {
    if ((await page.evaluate(() => document.activeElement?.id ?? "")) === id) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached #${id}`);
}

const cases = [
  {
    lang: "en",
    locale: "en-US",
    body: ["Support answered within the hour and the engineer was excellent.", "The outage in March was terrible and nobody told us what happened."],
    theme: "Incident communication",
    search: "outage",
    expect: { saved: "Saved.", tagged: "1 passage tagged.", estimate: "Estimated sentiment", hand: "(by hand)", total: "1 feedback item" },
  },
  {
    lang: "ko",
    locale: "ko-KR",
    body: ["요즘은 응답이 빨라져서 아주 만족해요.", "장애가 났을 때 아무도 알려 주지 않아서 정말 실망했어요."],
    theme: "장애 공지",
    search: "장애가",
    expect: { saved: "저장했습니다.", tagged: "구절 1개에 주제를 표시했습니다.", estimate: "추정 감성", hand: "(직접 지정)", total: "피드백 1건" },
  },
];

describe.skipIf(skipBrowser)("interviews and the feedback list in the browser", () => {
  it.each(cases)("records an interview, tags a passage and finds it, keyboard only ($lang)", async (c) => {
    const context = await browser.newContext({ locale: c.locale });
    const page = await context.newPage();
    await signInPage(page, app.url, "analyst@example.test", PASSWORD);

    await page.goto(`${app.url}/app/interviews/new`, { waitUntil: "networkidle" });
    expect(await seriousAxe(page)).toEqual([]);
    await tabTo(page, "iv-participants");
    await page.keyboard.type(c.lang === "ko" ? "김민준" : "Nancy Davolio");
    await tabTo(page, "iv-body");
    await page.keyboard.type(c.body.join("\n\n"));
    // Enter in a one-line field submits the form.
    await tabTo(page, "iv-participants");
    await Promise.all([page.waitForURL(/\/app\/interviews\/[0-9a-f-]{36}\?saved=1$/), page.keyboard.press("Enter")]);
    await page.waitForLoadState("networkidle");
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe(c.expect.saved);
    const interviewId = page.url().split("?")[0].split("/").pop()!;
    const items = await app.db.selectFrom("feedback_items").select(["id", "text", "sentiment_label"]).where("interview_id", "=", interviewId).orderBy("passage_index").execute();
    expect(items.map((i) => i.text)).toEqual(c.body);
    expect(items.map((i) => i.sentiment_label)).toEqual(["positive", "negative"]);

    // Highlight: tick the second passage with Space, name a new theme, Enter.
    await tabTo(page, `hl-${items[1].id}`);
    await page.keyboard.press("Space");
    await tabTo(page, "hl-newTheme");
    await page.keyboard.type(c.theme);
    await Promise.all([page.waitForURL(/tagged=1$/), page.keyboard.press("Enter")]);
    await page.waitForLoadState("networkidle");
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe(c.expect.tagged);
    expect(await page.locator("#passage-2 .chip").textContent()).toBe(`${c.theme} ${c.expect.hand}`);
    expect(await page.locator("#passage-2 .sentiment").textContent()).toContain(c.expect.estimate);
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, `interview-${c.lang}`);

    await page.goto(`${app.url}/app/feedback`, { waitUntil: "networkidle" });
    await tabTo(page, "fb-q");
    await page.keyboard.type(c.search);
    await Promise.all([page.waitForURL(/\/app\/feedback\?q=/), page.keyboard.press("Enter")]);
    await page.waitForLoadState("networkidle");
    await expect.poll(() => page.locator(".total").textContent()).toBe(c.expect.total);
    expect(await page.locator(".feedback-item .feedback-text").allTextContents()).toEqual([c.body[1]]);
    expect(await page.locator(".feedback-item .chip").textContent()).toBe(`${c.theme} ${c.expect.hand}`);
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, `feedback-${c.lang}`);
    // The item links back to its passage.
    expect(await page.locator(".feedback-item a").getAttribute("href")).toBe(`/app/interviews/${interviewId}#passage-2`);
    await context.close();
    // Two pages, four axe runs and keyboard typing: slow on a shared 2-core machine.
  }, 120_000);
});
