import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, seriousAxe, signInPage, skipBrowser } from "../support/browser";
import { tmpDir } from "../support/env";
import { insertUser, PASSWORD } from "../support/fixtures";

// An analyst uploads a CSV of reviews, checks the mapping and preview, starts the import with
// "skip bad rows", and watches the page update itself until the result shows (JavaScript on).
let app: TestApp;
let browser: Browser;
const uploads = `${tmpDir}/uploads-e2e-${process.pid}`;
process.env.UPLOAD_DIR = uploads;

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp({ queue: true });
  await insertUser(app.db, "analyst", "analyst@example.test");
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  fs.rmSync(uploads, { recursive: true, force: true });
});


const cases = [
  {
    lang: "en",
    locale: "en-US",
    labels: { file: "CSV file", upload: "Upload", skip: /Skip bad rows/, start: "Start import" },
    expect: { preview: "Preview: the first 3 rows", error: "Line 3 · rating: Not a whole number from 1 to 5: 7", imported: "2 rows imported", skipped: "1 bad row skipped" },
  },
  {
    lang: "ko",
    locale: "ko-KR",
    labels: { file: "CSV 파일", upload: "올리기", skip: /잘못된 행은 건너뛰고/, start: "가져오기 시작" },
    expect: { preview: "미리 보기: 처음 3행", error: "3번째 줄 · rating: 1에서 5 사이의 정수가 아닙니다: 7", imported: "가져온 행: 2", skipped: "잘못되어 건너뛴 행: 1" },
  },
];

describe.skipIf(skipBrowser)("feedback imports in the browser", () => {
  it.each(cases)("uploads, previews and imports with live progress ($lang)", async (c) => {
    const context = await browser.newContext({ locale: c.locale });
    const page = await context.newPage();
    await signInPage(page, app.url, "analyst@example.test", PASSWORD);
    await page.goto(`${app.url}/app/imports`, { waitUntil: "networkidle" });
    expect(await seriousAxe(page)).toEqual([]);
    const csv = `id,text,date,rating\n${c.lang}1,"Fast answers, thank you",2026-11-01,5\n${c.lang}2,Too slow,2026-11-02,7\n${c.lang}3,배송이 빨라서 좋아요,2026-11-03,4\n`;
    await page.getByLabel(c.labels.file).setInputFiles({ name: "reviews.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await Promise.all([page.waitForURL(/\/app\/imports\/[0-9a-f-]{36}$/), page.getByRole("button", { name: c.labels.upload }).click()]);
    await page.waitForLoadState("networkidle");
    await screenshot(page, `imports-mapping-${c.lang}`);
    await expect.poll(() => page.locator("main").innerText()).toContain(c.expect.preview);
    expect(await page.locator("main").innerText()).toContain(c.expect.error);
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, `imports-mapping-${c.lang}`);

    await page.getByLabel(c.labels.skip).check();
    await page.getByRole("button", { name: c.labels.start }).click();
    // No reload by us: the page polls while the job runs and shows the result when it ends.
    await expect.poll(() => page.locator("main").innerText(), { timeout: 30_000 }).toContain(c.expect.imported);
    expect(await page.locator("main").innerText()).toContain(c.expect.skipped);
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, `imports-result-${c.lang}`);
    await context.close();
  }, 90_000);
});
