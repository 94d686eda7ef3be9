import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, seriousAxe, signInPage, skipBrowser } from "../support/browser";
import { insertUser, PASSWORD } from "../support/fixtures";

// A discovery run over Korean and English items in a real browser, in both UI languages: each
// candidate says its language, a Korean candidate merged into an English one names both; axe clean.
let app: TestApp;
let browser: Browser;
let runId: string;

const EN = [
  ["app crashes on login", "the app crashes when I log in", "login crash on the mobile app", "crash at login screen again", "mobile app crashes during login"],
  ["invoice sent to the wrong address", "wrong billing address on the invoice", "invoice address is wrong", "the invoice shows an old billing address", "billing invoice went to wrong address"],
];
const KO = [
  ["배송이 너무 늦게 도착했어요", "택배 배송이 일주일이나 걸렸어요", "배송 지연이 너무 심해요", "주문한 물건 배송이 늦어요", "배송이 늦어서 불편했어요"],
  ["환불 요청했는데 아직 안 들어왔어요", "환불 처리가 너무 느려요", "환불금이 계좌로 입금되지 않았어요", "환불 신청 후 답이 없어요", "결제 취소 환불이 안 돼요"],
];

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp();
  await insertUser(app.db, "analyst", "analyst@example.test");
  const rows = [
    ...EN.flatMap((g) => g.flatMap((t) => [t, `${t} today`, `again: ${t}`])).map((text) => ({ text, language: "en" })),
    ...KO.flatMap((g) => g.flatMap((t) => [t, `${t} 정말`, `또 ${t}`])).map((text) => ({ text, language: "ko" })),
  ];
  await app.db
    .insertInto("feedback_items")
    .values(rows.map((r) => ({ source: "import" as const, ...r })))
    .execute();
  const themes = await import("../../app/models/theme.server");
  runId = await themes.startDiscoveryRun(null, { sources: ["import"] });
  await themes.runQueuedDiscoveryRuns();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe.skipIf(skipBrowser)("discovery candidates in two languages, in the browser", () => {
  it("each candidate shows its language in Korean and English; a cross-language merge shows both", async () => {
    const candidates = (await app.db.selectFrom("discovery_runs").select("candidates").where("id", "=", runId).executeTakeFirstOrThrow()).candidates;
    const e = candidates.find((c) => c.languages?.[0] === "en")!;
    const k = candidates.find((c) => c.languages?.[0] === "ko")!;
    for (const locale of ["ko-KR", "en-US"] as const) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await signInPage(page, app.url, "analyst@example.test", PASSWORD);
      await page.goto(`${app.url}/app/themes/runs/${runId}`, { waitUntil: "networkidle" });
      const isKo = locale === "ko-KR";
      await expect.poll(() => page.locator(`[data-candidate="${k.id}"] [data-languages]`).textContent()).toBe(isKo ? "언어: 한국어" : "Language: Korean");
      // Korean first, before the merge below; English after it
      expect(await page.locator(`[data-candidate="${e.id}"] [data-languages]`).textContent()).toBe(isKo ? "언어: 영어" : "Languages: English, Korean");
      expect(await page.locator("[data-languages]").count()).toBe(candidates.length);
      expect(await seriousAxe(page)).toEqual([]);
      await screenshot(page, `themes-run-languages-${isKo ? "ko" : "en"}`);
      if (isKo) {
        // merge the Korean candidate into the English one from the page
        const card = page.locator(`[data-candidate="${k.id}"]`);
        await card.getByLabel("합칠 대상").selectOption(`candidate:${e.id}`);
        await Promise.all([page.waitForURL(new RegExp(`/app/themes/runs/${runId}$`)), card.getByRole("button", { name: "합치기" }).click()]);
        await expect.poll(() => page.locator(`[data-candidate="${e.id}"] [data-languages]`).textContent()).toBe("언어: 영어, 한국어");
        await screenshot(page, "themes-run-languages-merged-ko");
      } else expect(await page.locator(`[data-candidate="${e.id}"] [data-languages]`).getAttribute("data-languages")).toBe("en ko");
      await context.close();
    }
  }, 120_000);
});
