import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, seriousAxe, signInPage, skipBrowser } from "../support/browser";
import { insertUser, PASSWORD } from "../support/fixtures";

// A complaint case through its life in a real browser, with its timers, and the compliance report.
let app: TestApp;
let browser: Browser;
let slaId: string;

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp();
  const manager = await insertUser(app.db, "manager", "manager@example.test");
  const sla = await import("../../app/models/sla.server");
  const input = sla.defaultVersionInput();
  // Round the clock, so the timers run whenever the test runs.
  input.calendar = { timezone: "Asia/Seoul", slots: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: "00:00", end: "00:00" })), holidays: [] };
  input.objectives = [
    { kind: "availability", priority: null, target: 99.9, unit: "percent", mode: null, window: "month" },
    { kind: "first_response", priority: "p2", target: 4, unit: "hours", mode: "business", window: "month" },
    { kind: "progress_update", priority: "p2", target: 8, unit: "hours", mode: "business", window: "month" },
    { kind: "resolution", priority: "p2", target: 24, unit: "hours", mode: "business", window: "month" },
  ];
  input.remedies = { credits: [{ below: 99.9, creditPercent: 10 }], alternative: {} };
  const created = await sla.createSla(manager.id, { name: { ko: "지원 SLA", en: "Support SLA" }, service: "cloud", tiers: ["enterprise"] }, input);
  slaId = created.slaId;
  await sla.publishVersion(manager.id, created.versionId, new Date(Date.now() - 86_400_000));
  await app.db.insertInto("accounts").values({ name: "Acme Korea", email: "ops@acme.test", tier: "enterprise", region: "kr", plan: "annual" }).execute();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});


/** Submits and waits for the action's answer and the page's revalidation, so the next step sees the new page. */
async function submit(page: Page, form: string, button: string | RegExp) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    // The revalidation after the action: until it lands, the page still shows the old state.
    page.waitForResponse((r) => r.request().method() === "GET" && r.url().includes(".data")),
    page.getByRole("form", { name: form }).getByRole("button", { name: button }).click(),
  ]);
  await page.waitForLoadState("networkidle");
}

describe.skipIf(skipBrowser)("a case through its life", () => {
  it("opens, shows its timers, pauses while waiting on the customer, sends a progress notice, resolves and closes", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await signInPage(page, app.url, "manager@example.test", PASSWORD);

    await page.goto(`${app.url}/app/cases/new`, { waitUntil: "networkidle" });
    await page.getByLabel("Account").selectOption({ label: "Acme Korea (enterprise)" });
    await page.getByLabel("Priority").selectOption("p2");
    await page.getByLabel("Title").fill("Dashboard takes a minute to load");
    await Promise.all([page.waitForURL(/\/app\/cases\/[0-9a-f-]{36}$/), page.getByRole("button", { name: "Open case" }).click()]);
    const caseUrl = page.url();

    const timers = page.locator("table.timers");
    await expect.poll(() => timers.locator("tr[data-timer]").count()).toBe(3);
    expect(await timers.locator('tr[data-timer="first_response"]').getAttribute("data-state")).toBe("running");
    expect(await timers.locator('tr[data-timer="resolution"]').innerText()).toContain("left");
    await expect.poll(() => page.getByText("If the case is reopened, the resolution clock resumes").count()).toBe(1);
    await screenshot(page, "case-opened-en");

    await page.getByLabel("First reply sent to the customer").fill("Thanks, we are looking at it.");
    await submit(page, "Record first response", "Record first response");
    await expect.poll(() => page.getByText(/^First response: /).count()).toBe(1);
    expect(await timers.locator('tr[data-timer="first_response"]').getAttribute("data-state")).toBe("met");

    await page.getByLabel("New status").selectOption("in_progress");
    await submit(page, "Change status", "Change status");
    await page.getByLabel("New status").selectOption("waiting_on_customer");
    await submit(page, "Change status", "Change status");
    await expect.poll(() => timers.locator('tr[data-timer="resolution"]').getAttribute("data-state")).toBe("paused");
    await expect.poll(() => page.getByText("Timers are paused while the case waits on the customer").count()).toBe(1);
    await screenshot(page, "case-waiting-en");
    expect(await seriousAxe(page)).toEqual([]);

    await page.getByLabel("New status").selectOption("in_progress");
    await submit(page, "Change status", "Change status");
    await page.getByLabel("Update for the customer").fill("The fix is deployed to staging; production tonight.");
    await submit(page, "Send a progress update", "Send a progress update");
    await expect.poll(() => page.getByText("Progress update recorded and queued for delivery.").count()).toBe(1);
    // The form starts empty again, so a second click cannot send the same notice twice by accident.
    await expect.poll(() => page.getByLabel("Update for the customer").inputValue()).toBe("");
    const mail = await app.db.selectFrom("outbox").selectAll().executeTakeFirstOrThrow();
    expect(mail.to).toBe("ops@acme.test");

    await page.getByLabel("New status").selectOption("resolved");
    await submit(page, "Change status", "Change status");
    await page.getByLabel("New status").selectOption("closed");
    await submit(page, "Change status", "Change status");
    await expect.poll(() => timers.locator('tr[data-timer="resolution"]').getAttribute("data-state")).toBe("met");
    // A closed case offers only a reopen: waiting on the customer is not on the list.
    await expect.poll(() => page.getByLabel("New status").locator("option").allInnerTexts()).toEqual(["Reopened"]);
    await screenshot(page, "case-closed-en");
    await context.close();

    const ko = await browser.newContext({ locale: "ko-KR" });
    const koPage = await ko.newPage();
    await signInPage(koPage, app.url, "manager@example.test", PASSWORD);
    await koPage.goto(caseUrl, { waitUntil: "networkidle" });
    await expect.poll(() => koPage.getByRole("heading", { name: "SLA 타이머" }).count()).toBe(1);
    await expect.poll(() => koPage.getByText("재오픈 규칙").count()).toBe(1);
    await screenshot(koPage, "case-closed-ko");
    await koPage.goto(`${app.url}/app/cases`, { waitUntil: "networkidle" });
    await screenshot(koPage, "cases-list-ko");
    await ko.close();
  });

  it("the compliance report shows the case, prints cleanly and passes an axe scan, in both languages", async () => {
    for (const locale of ["en-US", "ko-KR"]) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await signInPage(page, app.url, "manager@example.test", PASSWORD);
      await page.goto(`${app.url}/app/reports?sla=${slaId}`, { waitUntil: "networkidle" });
      const firstResponse = page.locator('tr[data-objective="first_response"][data-priority="all"] td.share-met');
      await expect.poll(() => firstResponse.innerText()).toBe("100.0 %");
      await screenshot(page, `report-${locale}`);
      expect(await seriousAxe(page)).toEqual([]);
      await page.emulateMedia({ media: "print" });
      expect(await page.locator("header.topbar").isVisible()).toBe(false);
      expect(await page.locator("form").first().isVisible()).toBe(false);
      await screenshot(page, `report-print-${locale}`);
      await context.close();
    }
  });
});
