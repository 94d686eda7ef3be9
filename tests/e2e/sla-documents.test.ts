import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, seriousAxe, signInPage, skipBrowser } from "../support/browser";
import { insertUser, PASSWORD } from "../support/fixtures";

let app: TestApp;
let browser: Browser;
let slaId: string;

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp();
  const analyst = await insertUser(app.db, "analyst", "analyst@example.test");
  const manager = await insertUser(app.db, "manager", "manager@example.test");
  await app.db.insertInto("accounts").values({ name: "한빛물류", tier: "enterprise", region: "kr", plan: "annual", locale: "ko" }).execute();
  // Version 1 published; version 2 drafted by the analyst (the models the pages use).
  const m = await import("../../app/models/sla.server");
  const base = m.defaultVersionInput();
  const v1 = {
    ...base,
    service: { type: { ko: "클라우드 설문 플랫폼", en: "Cloud survey platform" }, scope: { ko: "대시보드와 응답 수집", en: "Dashboard and response collection" } },
    providerDuties: { ko: ["장애를 즉시 공지합니다"], en: ["Announce outages promptly"] },
    remedies: { credits: [{ below: 99, creditPercent: 10 }], alternative: { ko: "대체 양식을 제공합니다", en: "We provide a fallback form" } },
  };
  const created = await m.createSla(analyst.id, { name: { ko: "엔터프라이즈 SLA", en: "Enterprise SLA" }, service: "cloud", tiers: ["enterprise"] }, v1);
  slaId = created.slaId;
  await m.publishVersion(manager.id, created.versionId, new Date("2026-01-01T00:00:00Z"));
  const draft = await m.newDraftFrom(analyst.id, created.versionId);
  await m.updateDraft(analyst.id, draft, {
    ...v1,
    calendar: { ...v1.calendar, slots: [1, 2, 3, 4, 5].map((day) => ({ day, start: "08:00", end: "20:00" })) },
    objectives: v1.objectives.map((o) => (o.kind === "availability" ? { ...o, target: 99.9 } : o)),
    providerDuties: { ko: ["장애를 즉시 공지하고 원인 보고서를 보냅니다"], en: ["Announce outages promptly and send a root-cause report"] },
    remedies: { ...v1.remedies, credits: [{ below: 99.9, creditPercent: 5 }, { below: 99, creditPercent: 10 }] },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});


describe.skipIf(skipBrowser)("SLA documents in the browser", () => {
  it("an analyst adds a slot to the draft and gets an overlap message beside it", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await signInPage(page, app.url, "analyst@example.test", PASSWORD);
    await page.goto(`${app.url}/app/slas/${slaId}`);
    await page.getByRole("link", { name: "Version 2" }).click();
    await page.getByRole("heading", { name: /draft of version 2/ }).waitFor();
    await page.getByRole("button", { name: "Add a slot" }).click();
    await page.getByLabel("Slot 6: Start").waitFor();
    await page.getByLabel("Slot 6: Start").fill("19:00");
    await page.getByLabel("Slot 6: End").fill("21:00");
    await page.getByRole("button", { name: "Save draft" }).last().click();
    await page.getByText("Slot 6 overlaps slot 1.").waitFor();
    expect(await page.getByLabel("Slot 6: Start").getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "sla-draft-overlap-en");
    expect(await seriousAxe(page, "main")).toEqual([]);
    await context.close();
  });

  it("a manager publishes version 2 and reads the redline against version 1, in English and Korean", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await signInPage(page, app.url, "manager@example.test", PASSWORD);
    await page.goto(`${app.url}/app/slas`);
    await page.getByRole("link", { name: "Enterprise SLA" }).click();
    await page.getByRole("link", { name: "Version 2" }).click();
    await page.getByText(/The notice period is 30 days/).waitFor();
    const { localDateAfter } = await import("../../app/models/sla.server");
    await page.getByLabel("Effective from").fill(localDateAfter(new Date(), 60, "Asia/Seoul"));
    await screenshot(page, "sla-publish-en");
    await Promise.all([page.waitForURL(/published=2/), page.getByRole("button", { name: "Publish this version" }).click()]);
    await page.getByText("Version published.").waitFor();
    expect(await page.getByText(/Takes effect/).count()).toBeGreaterThan(0);
    await screenshot(page, "sla-published-en");
    expect(await seriousAxe(page, "main")).toEqual([]);

    await page.getByLabel("Older version").selectOption("1");
    await page.getByLabel("Newer version").selectOption("2");
    await Promise.all([page.waitForURL(/compare\?a=1&b=2/), page.getByRole("button", { name: "Compare" }).click()]);
    await page.getByRole("heading", { name: "Enterprise SLA: version 1 ↔ version 2" }).waitFor();
    expect(await page.locator("main ins").count()).toBeGreaterThan(0);
    expect(await page.locator("main del").count()).toBeGreaterThan(0);
    expect(await page.locator("main ins").first().textContent()).toContain("added");
    await expect.poll(() => page.getByText("99.9%").count()).toBeGreaterThan(0);
    await screenshot(page, "sla-redline-en");
    expect(await seriousAxe(page, "main")).toEqual([]);

    await page.getByRole("link", { name: "한국어" }).or(page.getByRole("button", { name: "한국어" })).first().click();
    await page.getByRole("heading", { name: "엔터프라이즈 SLA: 버전 1 ↔ 버전 2" }).waitFor();
    expect(await page.locator("main del").first().textContent()).toContain("삭제");
    await screenshot(page, "sla-redline-ko");
    await context.close();
  });

  it("the customer's link shows version 1 now and announces version 2", async () => {
    const share = await app.db.selectFrom("sla_shares").select("token").executeTakeFirstOrThrow();
    const context = await browser.newContext({ locale: "ko-KR" });
    const page = await context.newPage();
    await page.goto(`${app.url}/sla/${share.token}`);
    await page.getByRole("heading", { name: "한빛물류 님께 적용되는 서비스 수준 협약" }).waitFor();
    await page.getByText(/새 버전\(2\)이 적용됩니다/).waitFor();
    await screenshot(page, "sla-public-ko");
    expect(await seriousAxe(page, "main")).toEqual([]);
    await page.getByRole("link", { name: "English" }).click();
    await page.getByRole("heading", { name: "The service level agreement for 한빛물류" }).waitFor();
    await screenshot(page, "sla-public-en");
    await context.close();
  });
});
