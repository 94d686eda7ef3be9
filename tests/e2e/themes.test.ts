import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, seriousAxe, signInPage, skipBrowser } from "../support/browser";
import { createTestSurvey, insertUser, PASSWORD } from "../support/fixtures";

// Themes in a real browser, Korean and English: a discovery run followed live to its end, two
// candidates merged, one renamed and accepted (keyboard only), the theme page and the dashboard
// with their charts (role img, a data table behind each), and axe on every page.
let app: TestApp;
let browser: Browser;
let seededId: string;

const groups = [
  ["app crashes on login", "the app crashes when I log in", "login crash on the mobile app", "crash at login screen again", "mobile app crashes during login"],
  ["invoice sent to the wrong address", "wrong billing address on the invoice", "invoice address is wrong", "the invoice shows an old billing address", "billing invoice went to wrong address"],
  ["dashboard export to csv is broken", "csv export from the dashboard fails", "cannot export dashboard data to csv", "the csv export button does nothing", "dashboard csv export error"],
];

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp();
  await insertUser(app.db, "analyst", "analyst@example.test");
  const survey = await createTestSurvey(app.db);
  // Survey answers with "why?" texts over three months, so the dashboard and theme page have charts.
  const slow = ["support took days to answer", "slow first response from support", "waited days for a reply from support", "nobody answered my ticket", "support response time is slow"];
  for (let i = 0; i < 36; i++) {
    const at = new Date(Date.UTC(2026, 8 + (i % 3), 5 + (i % 20)));
    const score = i % 3 === 0 ? 3 : i % 3 === 1 ? 9 : 7;
    const r = await app.db
      .insertInto("responses")
      .values({ survey_id: survey.id, submission_key: crypto.randomUUID(), segment: JSON.stringify({ tier: i % 2 ? "enterprise" : "standard" }), locale: "en", finished: true, submitted_at: at })
      .returning("id")
      .executeTakeFirstOrThrow();
    await app.db.insertInto("answers").values({ response_id: r.id, question_id: survey.nps, value_int: score }).execute();
    await app.db
      .insertInto("feedback_items")
      .values({ source: "survey", response_id: r.id, question_id: survey.nps, text: `${slow[i % 5]} (${i})`, language: "en", score, score_scale: "nps", occurred_at: at, sentiment_score: -0.4, sentiment_label: "negative", segment: JSON.stringify({ tier: i % 2 ? "enterprise" : "standard" }) })
      .execute();
  }
  await app.db
    .insertInto("feedback_items")
    .values(groups.flatMap((g) => g.flatMap((t) => [t, `${t} today`, `again: ${t}`])).map((text) => ({ source: "import" as const, text, language: "en" })))
    .execute();
  const themes = await import("../../app/models/theme.server");
  seededId = await themes.createSeededTheme(null, { name: "Slow first response", slaArea: "response_speed", examples: slow, itemIds: [] });
  const surveyItems = await app.db.selectFrom("feedback_items").select("id").where("source", "=", "survey").execute();
  await themes.assignThemesToItems(surveyItems.map((i) => i.id));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});


/** Tabs until the focused element matches, then returns; fails after max presses. */
async function tabTo(page: Page, matches: () => Promise<boolean>, max = 200) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await matches()) return;
  }
  throw new Error("never reached by Tab");
}
const focusedIs = (page: Page, selector: string) => () => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

describe.skipIf(skipBrowser)("themes in the browser", () => {
  it("runs discovery (followed live), merges two candidates, renames one and accepts it, keyboard only", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await signInPage(page, app.url, "analyst@example.test", PASSWORD);
    await page.goto(`${app.url}/app/themes`, { waitUntil: "networkidle" });
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, "themes-list-en");

    // Tick "Imported" and "Only items no theme holds", then start, with the keyboard.
    await tabTo(page, focusedIs(page, 'input[name="sources"][value="import"]'));
    await page.keyboard.press("Space");
    await tabTo(page, focusedIs(page, 'input[name="unassignedOnly"]'));
    await page.keyboard.press("Space");
    await tabTo(page, focusedIs(page, 'form button[type="submit"]'));
    await Promise.all([page.waitForURL(/\/app\/themes\/runs\/[0-9a-f-]{36}$/), page.keyboard.press("Enter")]);
    await expect.poll(() => page.locator("[data-status]").getAttribute("data-status")).toBe("queued");
    expect(await page.getByRole("link", { name: "Refresh" }).count()).toBe(1);
    await screenshot(page, "themes-run-queued-en");

    // The job runs; the open page follows it without a reload (useRevalidator polling).
    const { runQueuedDiscoveryRuns } = await import("../../app/models/theme.server");
    await runQueuedDiscoveryRuns();
    await expect.poll(() => page.locator("[data-status]").getAttribute("data-status"), { timeout: 15_000 }).toBe("done");
    await expect.poll(() => page.getByText("45 of 45 items read").count()).toBe(1);
    const cards = page.locator("section[data-candidate]");
    expect(await cards.count()).toBeGreaterThanOrEqual(3);
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, "themes-run-done-en");

    // Merge d3 into d2 (keyboard: focus the select, choose with arrows, press the button).
    const d2 = page.locator('section[data-candidate="d2"]');
    const d2Size = Number(await d2.getAttribute("data-size"));
    const d3Size = Number(await page.locator('section[data-candidate="d3"]').getAttribute("data-size"));
    await page.locator('section[data-candidate="d3"] select[name="into"]').focus();
    await page.locator('section[data-candidate="d3"] select[name="into"]').selectOption("candidate:d2");
    await tabTo(page, focusedIs(page, 'section[data-candidate="d3"] form button'));
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.keyboard.press("Enter")]);
    await expect.poll(() => page.locator('section[data-candidate="d3"]').getAttribute("data-state")).toBe("merged");
    await expect.poll(() => d2.getAttribute("data-size")).toBe(String(d2Size + d3Size));

    // Rename d2, then accept it.
    await d2.locator('input[name="label"]').focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("Invoices and exports");
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.keyboard.press("Enter")]);
    await expect.poll(() => d2.locator("h3").innerText()).toBe("Invoices and exports");
    await d2.getByRole("button", { name: "Accept as theme" }).focus();
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.keyboard.press("Enter")]);
    await expect.poll(() => d2.getAttribute("data-state")).toBe("accepted");
    const theme = await app.db.selectFrom("themes").select(["id", "origin"]).where("name", "=", "Invoices and exports").executeTakeFirstOrThrow();
    expect(theme.origin).toBe("discovered");
    const n = await app.db.selectFrom("theme_assignments").select((eb) => eb.fn.countAll().as("n")).where("theme_id", "=", theme.id).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(d2Size + d3Size);
    await screenshot(page, "themes-run-accepted-en");
    await context.close();
  }, 120_000);

  it("the theme page and the dashboard render their charts as images with a data table, in Korean and English", async () => {
    for (const locale of ["ko-KR", "en-US"] as const) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await signInPage(page, app.url, "analyst@example.test", PASSWORD);
      await page.goto(`${app.url}/app/themes/${seededId}`, { waitUntil: "networkidle" });
      const chart = page.locator("figure.chart svg[role=img]");
      expect(await chart.count()).toBe(1);
      expect(await chart.locator("title").textContent()).toBe(locale === "ko-KR" ? "월별 건수" : "Volume by month");
      expect(await chart.locator("desc").count()).toBe(1);
      // the table behind the chart opens from the keyboard and holds the months
      await page.locator("figure.chart summary").first().focus();
      await page.keyboard.press("Enter");
      const rows = page.locator("figure.chart details table tbody tr");
      await expect.poll(() => rows.count()).toBe(3);
      expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Slow first response");
      expect(await seriousAxe(page)).toEqual([]);
      await screenshot(page, `theme-page-${locale.slice(0, 2)}`);

      await page.goto(`${app.url}/app`, { waitUntil: "networkidle" });
      const charts = page.locator("figure.chart svg[role=img]");
      // NPS has answers; the fixture has no CSAT question, so that chart says so instead
      expect(await charts.count()).toBe(1);
      expect(await page.locator("figure.chart details table").count()).toBe(1);
      expect(await page.getByText(locale === "ko-KR" ? "최근 12개월 동안 답이 없습니다." : "No answers in the last twelve months.").count()).toBe(1);
      expect(await page.getByRole("link", { name: locale === "ko-KR" ? "주제" : "Themes", exact: true }).count()).toBe(1);
      expect(await seriousAxe(page)).toEqual([]);
      await screenshot(page, `dashboard-${locale.slice(0, 2)}`);
      await context.close();
    }
  }, 120_000);
});
