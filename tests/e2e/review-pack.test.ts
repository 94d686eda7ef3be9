import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, seriousAxe, signInPage, skipBrowser } from "../support/browser";
import { insertUser, PASSWORD } from "../support/fixtures";
import { seedReviewFixture } from "../support/review-fixtures";

// A manager opens a meeting in Chromium, reads the frozen pack, and prints it to an A4 PDF: the
// page's own print stylesheet (page breaks between sections) gives more than one page.
let app: TestApp;
let browser: Browser;
let meetingId: string;

const sections = {
  en: ["1. Customer satisfaction", "2. SLA compliance", "3. Satisfaction: customers whose cases met the SLA against those with a breach", "4. Open and at-risk cases", "5. Complaint themes", "6. The previous meeting's decisions and what followed"],
  ko: ["1. 고객 만족도", "2. SLA 준수", "3. SLA 충족 고객과 초과 고객의 만족도", "4. 열린 케이스와 위험 케이스", "5. 불만 주제", "6. 이전 회의의 결정과 그 후"],
};

/** Pages of a PDF: its page objects ("/Type /Page", not the "/Type /Pages" tree). */
const pageCount = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp();
  const admin = await insertUser(app.db, "admin", "admin@example.test");
  const manager = await insertUser(app.db, "manager", "manager@example.test");
  await seedReviewFixture(app.db, admin.id).then(async (fx) => {
    const review = await import("../../app/models/review.server");
    meetingId = await review.scheduleMeeting(admin.id, {
      slaId: fx.slaId,
      periodStart: "2026-10-01",
      periodEnd: "2026-12-31",
      date: "2027-01-12",
      time: "10:00",
      attendees: [admin.id, manager.id],
      quorum: null,
      notes: "",
    });
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});


describe.skipIf(skipBrowser)("the evidence pack in the browser", () => {
  it("a manager opens the meeting; the pack reads in English and prints to an A4 PDF of several pages", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await signInPage(page, app.url, "manager@example.test", PASSWORD);
    await page.goto(`${app.url}/app/reviews`);
    await page.getByRole("link", { name: /2027-01-12 10:00/ }).click();
    await page.getByRole("heading", { name: "Review meeting: Cloud SLA" }).waitFor();
    expect(await seriousAxe(page, "main")).toEqual([]);
    await page.getByRole("button", { name: "Open the meeting (freeze the evidence)" }).click();
    await page.getByText("The meeting is open and its evidence is frozen.").waitFor();
    await page.getByRole("link", { name: "Read the evidence pack" }).click();
    await page.getByRole("heading", { name: "Evidence pack: Cloud SLA" }).waitFor();
    for (const title of sections.en) await page.getByRole("heading", { name: title, exact: true }).waitFor();
    // The fixture's known answers: NPS 25.0 over 40 answers, against 0.0 over 30.
    const nps = page.locator('tr[data-metric="nps"]');
    expect(await nps.locator('td[data-value="current"]').textContent()).toBe("25.0");
    expect(await nps.locator('td[data-value="previous"]').textContent()).toBe("0.0");
    expect(await nps.textContent()).toContain("-1.4 – 47.9");
    expect(await seriousAxe(page, "main")).toEqual([]);
    await screenshot(page, "review-pack-en");

    await page.emulateMedia({ media: "print" });
    // Printed, each part starts on a new page and no table row is split.
    expect(await page.locator(".pack-section").first().evaluate((el) => getComputedStyle(el).breakBefore)).toBe("page");
    expect(await page.locator(".pack-table tr").first().evaluate((el) => getComputedStyle(el).breakInside)).toBe("avoid");
    expect(await page.locator(".topbar").evaluate((el) => getComputedStyle(el).display)).toBe("none");
    const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(sections.en.length);
    await context.close();
  });

  it("reads in Korean (Noto Sans CJK), with no serious accessibility issue", async () => {
    const context = await browser.newContext({ locale: "ko-KR" });
    const page = await context.newPage();
    await signInPage(page, app.url, "manager@example.test", PASSWORD);
    await page.goto(`${app.url}/app/reviews/${meetingId}/pack`);
    for (const title of sections.ko) await page.getByRole("heading", { name: title, exact: true }).waitFor();
    await page.getByText("주제 분석 수치는 아직 없습니다", { exact: false }).waitFor();
    expect(await page.locator(".evidence-pack").evaluate((el) => getComputedStyle(el).fontFamily)).toContain("Noto Sans CJK KR");
    expect(await seriousAxe(page, "main")).toEqual([]);
    await screenshot(page, "review-pack-ko");
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(sections.ko.length);
    await context.close();
  });

  it("the server's Download PDF is an A4 PDF of the same pack, printed by Chromium", async () => {
    const client = new Client(app.url);
    await client.signIn("manager@example.test", PASSWORD);
    const res = await client.get(`/app/reviews/${meetingId}/pack.pdf`, { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pageCount(pdf)).toBeGreaterThanOrEqual(sections.en.length);
    // A4 is 595 x 842 points.
    const boxes = [...pdf.toString("latin1").matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)];
    expect(boxes.length).toBe(pageCount(pdf));
    for (const [, w, h] of boxes) expect([Math.round(Number(w)), Math.round(Number(h))]).toEqual([595, 842]);
  }, 120_000);
});
