import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";
import { launchBrowser, screenshot, seriousAxe, signInPage, skipBrowser } from "../support/browser";
import { insertUser, PASSWORD } from "../support/fixtures";

// The loop the review board exists for, in Chromium: a manager opens a meeting (the pack is
// frozen) and reads the pack, two managers approve a proposal, a manager composes the amendment
// and publishes it, and the customer reads the notice in their language. English and Korean.
let app: TestApp;
let browser: Browser;
let meetingId: string;
let slaId: string;
let accountId: string;

beforeAll(async () => {
  if (skipBrowser) return;
  app = await startTestApp();
  const m1 = await insertUser(app.db, "manager", "m1@example.test");
  const m2 = await insertUser(app.db, "manager", "m2@example.test");
  const sla = await import("../../app/models/sla.server");
  const created = await sla.createSla(m1.id, { name: { ko: "루프 SLA", en: "Loop SLA" }, service: "loop-svc", tiers: ["enterprise"] }, sla.defaultVersionInput());
  await sla.publishVersion(m1.id, created.versionId, new Date("2026-01-01T00:00:00Z"), new Date("2025-12-01T00:00:00Z"));
  slaId = created.slaId;
  const account = await app.db
    .insertInto("accounts")
    .values({ name: "한빛상사", email: "ops@hanbit.test", tier: "enterprise", region: "kr", plan: "annual", locale: "ko" })
    .returning("id")
    .executeTakeFirstOrThrow();
  accountId = account.id;
  await app.db.insertInto("contacts").values({ account_id: accountId, email: "ops@hanbit.test", locale: "ko" }).execute();
  const review = await import("../../app/models/review.server");
  meetingId = await review.scheduleMeeting(m1.id, {
    slaId,
    periodStart: "2026-09-01",
    periodEnd: "2026-11-30",
    date: "2026-12-02",
    time: "10:00",
    attendees: [m1.id, m2.id],
    quorum: 2,
    notes: "",
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});


describe.skipIf(skipBrowser)("the review loop", () => {
  it("open, read the pack, approve with two managers, compose, publish, and the customer's notice", async () => {
    const en = await browser.newContext({ locale: "en-US" });
    const page = await en.newPage();
    page.setDefaultTimeout(20_000);
    await signInPage(page, app.url, "m1@example.test", PASSWORD);

    // Open the meeting with the keyboard: the pack is frozen.
    await page.goto(`${app.url}/app/reviews/${meetingId}`, { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Open the meeting (freeze the evidence)" }).focus();
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.keyboard.press("Enter")]);
    await expect.poll(() => page.getByText("The meeting is open and its evidence is frozen.").count()).toBe(1);
    expect(await app.db.selectFrom("evidence_packs").select("id").where("meeting_id", "=", meetingId).execute()).toHaveLength(1);

    // Read the pack.
    await page.goto(`${app.url}/app/reviews/${meetingId}/pack`, { waitUntil: "networkidle" });
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("Evidence pack: Loop SLA");
    expect(await seriousAxe(page)).toEqual([]);

    // A staff proposal: P1 first response from 60 to 30 minutes (straight through the model; the
    // form is tested in proposals.test.ts), then two managers approve it in the browser.
    const { createStaffProposal } = await import("../../app/models/proposal.server");
    const m1 = await app.db.selectFrom("users").select("id").where("email", "=", "m1@example.test").executeTakeFirstOrThrow();
    const proposalId = await createStaffProposal(
      m1.id,
      meetingId,
      { kind: "time_target", objective: "first_response", priority: "p1", from: 60, to: 30 },
      "Urgent cases waited too long for a first answer.",
      [],
    );
    const vote = async (p: Page, approve: string, submit: string) => {
      await p.goto(`${app.url}/app/reviews/${meetingId}/proposals/${proposalId}`, { waitUntil: "networkidle" });
      await p.getByRole("radio", { name: approve }).check();
      await Promise.all([p.waitForURL(/done=vote/), p.getByRole("button", { name: submit }).click()]);
    };
    await vote(page, "Approve", "Cast vote");
    const ko = await browser.newContext({ locale: "ko-KR" });
    const page2 = await ko.newPage();
    page2.setDefaultTimeout(20_000);
    await signInPage(page2, app.url, "m2@example.test", PASSWORD);
    await vote(page2, "찬성", "투표하기");
    const decided = await app.db.selectFrom("proposals").select("status").where("id", "=", proposalId).executeTakeFirstOrThrow();
    expect(decided.status).toBe("approved");
    expect((await app.db.selectFrom("review_meetings").select("status").where("id", "=", meetingId).executeTakeFirstOrThrow()).status).toBe("decided");

    // Compose the amendment from the meeting page, then publish it far enough ahead.
    await page.goto(`${app.url}/app/reviews/${meetingId}`, { waitUntil: "networkidle" });
    // The decision records a process change beside the amendment.
    await page.getByLabel("What changes").fill("A second on-call engineer covers urgent tickets in the evening.");
    await page.getByLabel("Metric it aims at").selectOption("first_response:p1");
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Record", exact: true }).click()]);
    await expect.poll(() => page.locator("table.process-changes tbody tr").count()).toBe(1);
    expect(await seriousAxe(page)).toEqual([]);
    await screenshot(page, "review-loop-meeting-en");
    await Promise.all([page.waitForURL(/\/amend$/), page.getByRole("link", { name: "Compose the SLA amendment" }).click()]);
    await Promise.all([page.waitForURL(/\/versions\//), page.getByRole("button", { name: "Compose the draft" }).click()]);
    await screenshot(page, "review-loop-draft-en");
    await page.getByLabel("Effective from").fill("2027-03-01");
    await Promise.all([page.waitForURL(/published=/), page.getByRole("button", { name: "Publish this version" }).click()]);
    const version = await app.db.selectFrom("sla_versions").select(["id", "status", "meeting_id"]).where("sla_id", "=", slaId).where("version", "=", 2).executeTakeFirstOrThrow();
    expect(version).toMatchObject({ status: "published", meeting_id: meetingId });

    // The customer reads the notice in the account's language (Korean) under its SLA link.
    const notice = await app.db.selectFrom("notices").select(["id", "locale"]).where("account_id", "=", accountId).executeTakeFirstOrThrow();
    expect(notice.locale).toBe("ko");
    const share = await app.db.selectFrom("sla_shares").select("token").where("account_id", "=", accountId).where("sla_id", "=", slaId).executeTakeFirstOrThrow();
    const customer = await (await browser.newContext({ locale: "ko-KR" })).newPage();
    await customer.goto(`${app.url}/sla/${share.token}/notices/${notice.id}`, { waitUntil: "networkidle" });
    const text = await customer.locator("main").textContent();
    expect(text).toContain("무엇이 바뀌나요");
    expect(text).toContain("30분");
    expect(text).toContain("Urgent cases waited too long for a first answer.");
    expect(await seriousAxe(customer)).toEqual([]);
    await screenshot(customer, "review-loop-notice-ko");
    expect(await app.db.selectFrom("outbox").select("to").where("notice_id", "=", notice.id).execute()).toEqual([{ to: "ops@hanbit.test" }]);
    await en.close();
    await ko.close();
  }, 180_000);
});
