import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, seriousAxe, signInPage, skipBrowser } from "../support/browser";
import { insertUser, PASSWORD } from "../support/fixtures";
import { createTestMeeting, insertTestProposal } from "../support/review-fixtures";

// Two managers decide a proposal in Chromium, one of them with JavaScript off: the forms are
// plain posts. The proposal page and form pass axe.
let app: TestApp;
let browser: Browser;
let meetingId: string;
let proposalId: string;
let formMeetingId: string;

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp();
  const m1 = await insertUser(app.db, "manager", "m1@example.test");
  const m2 = await insertUser(app.db, "manager", "m2@example.test");
  await app.db.updateTable("users").set({ name: "Kim Manager" }).where("id", "=", m1.id).execute();
  await app.db.updateTable("users").set({ name: "Lee Manager" }).where("id", "=", m2.id).execute();
  ({ meetingId } = await createTestMeeting(app.db, { userId: m1.id, attendees: [m1.id, m2.id], quorum: 2 }));
  proposalId = await insertTestProposal(app.db, meetingId, m1.id);
  // Once its only proposal is decided the first meeting takes no more; the form is tried on another.
  ({ meetingId: formMeetingId } = await createTestMeeting(app.db, { userId: m1.id, attendees: [m1.id, m2.id], quorum: 2 }));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});


describe.skipIf(skipBrowser)("a proposal decided by two managers", () => {
  it("votes with the keyboard, then in Korean with JavaScript off; the second vote decides; a bad target comes back beside its field; axe clean", async () => {
    const url = `${app.url}/app/reviews/${meetingId}/proposals/${proposalId}`;
    const one = await browser.newContext({ locale: "en-US" });
    const page = await one.newPage();
    await signInPage(page, app.url, "m1@example.test", PASSWORD);
    await page.goto(url, { waitUntil: "networkidle" });
    expect(await seriousAxe(page)).toEqual([]);
    await expect.poll(() => page.getByText("This proposal cites no evidence.").count()).toBe(1);
    // Keyboard only: focus the radio group, pick, type a comment, submit with Enter on the button.
    await page.getByRole("radio", { name: "Approve" }).focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Customers asked for this.");
    await page.keyboard.press("Tab");
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.keyboard.press("Enter")]);
    await page.waitForLoadState("networkidle");
    await expect.poll(() => page.getByText("Your vote is recorded.").count()).toBe(1);
    await expect.poll(() => page.locator(".votes li").allTextContents()).toEqual(["Kim Manager: Approve — Customers asked for this."]);
    await screenshot(page, "proposal-one-vote-en");

    const two = await browser.newContext({ locale: "ko-KR", javaScriptEnabled: false });
    const page2 = await two.newPage();
    // A step that cannot happen fails with its own message, well inside the test's time.
    page2.setDefaultTimeout(20_000);
    await signInPage(page2, app.url, "m2@example.test", PASSWORD);
    await page2.goto(url);
    await page2.getByRole("radio", { name: "반대" }).check();
    await Promise.all([page2.waitForURL(/done=vote/), page2.getByRole("button", { name: "투표하기" }).click()]);
    await expect.poll(() => page2.locator(".proposal .pill").first().textContent()).toBe("부결됨");
    expect(await page2.getByRole("radio").count()).toBe(0);
    await screenshot(page2, "proposal-decided-ko");
    const row = await app.db.selectFrom("proposals").select(["status", "decided_at"]).where("id", "=", proposalId).executeTakeFirstOrThrow();
    expect(row.status).toBe("rejected");
    expect(row.decided_at).toBeInstanceOf(Date);

    // The staff proposal form, in Korean, with JavaScript off: a bad target comes back beside its field.
    await page2.goto(`${app.url}/app/reviews/${formMeetingId}/proposals/new`);
    await page2.getByLabel("바꿀 항목").selectOption("availability_target");
    await page2.getByLabel("새 가용성 목표 (%)").fill("-5");
    await page2.getByLabel("근거 설명").fill("장애가 잦았습니다.");
    await page2.getByRole("button", { name: "제안 저장" }).click();
    await expect.poll(() => page2.locator("#f-toPercent-error").textContent()).toBe("가용성 목표는 0%보다 크고 100% 이하여야 합니다.");
    await screenshot(page2, "proposal-form-error-ko");
    // axe needs scripts: the same pages in the first browser (English), decided and the form.
    await page.goto(url, { waitUntil: "networkidle" });
    expect(await seriousAxe(page)).toEqual([]);
    await page.goto(`${app.url}/app/reviews/${formMeetingId}/proposals/new`, { waitUntil: "networkidle" });
    expect(await seriousAxe(page)).toEqual([]);
    await one.close();
    await two.close();
  }, 120_000);
});
