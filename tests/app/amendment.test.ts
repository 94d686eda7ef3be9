import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProposalChange } from "../../analysis/review";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD, tableRowCounts } from "../support/fixtures";
import { decodeMail, insertAccountWithContacts, insertDecidedMeeting } from "../support/amend-fixtures";
import { startTestSmtp, type ReceivedMail } from "../support/smtp";

// From a decided meeting to customers' mailboxes: compose the draft with exactly the approved
// changes, publish it (the notice-period rule, exactly once), a notice per affected account with
// an email per contact, delivered over real SMTP and read back; the customer's notice page.
let app: TestApp;
let manager: Client;
let analyst: Client;
let managerId: string;
let smtp: Awaited<ReturnType<typeof startTestSmtp>> | undefined;
let received: ReceivedMail[] = [];

const en = { headers: { "Accept-Language": "en" } };
const ko = { headers: { "Accept-Language": "ko" } };
const models = async () => ({
  sla: await import("../../app/models/sla.server"),
  amendment: await import("../../app/models/amendment.server"),
  compare: await import("../../app/components/sla/compare"),
  i18n: await import("../../app/utils/i18n"),
});
const text = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");

let slaId: string;
let v1Id: string;
let acme: string;
let hanbit: string;
const SECRET_QUOTE = "Hanbit's CTO said your support is a joke";
const approvedDuty = { kind: "duty_add", side: "provider", text: { ko: "장애가 나면 30분 안에 알립니다", en: "Tell you of an outage within 30 minutes" } } as const;
const approvedTarget: ProposalChange = { kind: "time_target", objective: "first_response", priority: "p2", from: 240, to: 120 };
const rejected: ProposalChange = { kind: "availability_target", from: 99, to: 98 };

beforeAll(async () => {
  smtp = await startTestSmtp();
  received = smtp.received;
  // Mail is on from the start: a publish's emails are delivered by the queue worker (pg-boss).
  process.env.SMTP_URL = smtp.url;

  app = await startTestApp({ queue: true });
  managerId = (await insertUser(app.db, "manager")).id;
  await insertUser(app.db, "analyst");
  manager = new Client(app.url);
  await manager.signIn("manager@example.test", PASSWORD);
  analyst = new Client(app.url);
  await analyst.signIn("analyst@example.test", PASSWORD);

  const { sla } = await models();
  const input = sla.defaultVersionInput();
  input.providerDuties = { ko: ["매달 보고서를 보냅니다"], en: ["Send a monthly report"] };
  const created = await sla.createSla(managerId, { name: { ko: "골드 지원", en: "Gold support" }, service: "support", tiers: ["gold"] }, input);
  slaId = created.slaId;
  v1Id = created.versionId;
  await sla.publishVersion(managerId, v1Id, new Date("2026-01-01T00:00:00+09:00"));
  acme = await insertAccountWithContacts(app.db, { name: "Acme", tier: "gold", locale: "en" }, [
    { name: "Ann", email: "ann@acme.test", locale: "en" },
    { name: "김민지", email: "minji@acme.test", locale: "ko" },
  ]);
  hanbit = await insertAccountWithContacts(app.db, { name: "한빛", tier: "gold", locale: "ko" }, [{ name: "박서준", email: "seojun@hanbit.test", locale: "ko" }]);
  await insertAccountWithContacts(app.db, { name: "Elsewhere", tier: "silver", locale: "en" }, [{ name: "Eve", email: "eve@elsewhere.test", locale: "en" }]);
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await app?.close();
  await smtp?.close();
});

let meetingId: string;
let draftId: string;

describe("composing the amendment", () => {
  beforeAll(async () => {
    ({ meetingId } = await insertDecidedMeeting(app.db, {
      slaId,
      userId: managerId,
      proposals: [
        {
          change: approvedTarget,
          rationale: "Answer high-priority tickets faster: customers waiting on them are the least satisfied.",
          citations: [{ kind: "quote", text: SECRET_QUOTE, account: "한빛" }, { kind: "number", label: "NPS breached", value: -31.4, n: 41 }],
        },
        { change: approvedDuty, rationale: "Customers asked to hear of outages from us first." },
        { change: rejected, rationale: "Loosen availability.", status: "rejected" },
      ],
    }));
  });

  it("only managers compose; the confirmation page lists exactly the approved changes", async () => {
    expect((await analyst.get(`/app/reviews/${meetingId}/amend`, en)).status).toBe(403);
    expect((await analyst.post(`/app/reviews/${meetingId}/amend`, {}, en)).status).toBe(403);
    const page = await text(await manager.get(`/app/reviews/${meetingId}/amend`, en));
    expect(page).toContain("First response for P2 (high): 2 hours instead of 4 hours");
    expect(page).toContain("A new commitment from us: Tell you of an outage within 30 minutes");
    expect(page).not.toContain("Availability target");
  });

  it("composes a draft from the version in force with exactly the approved changes; its redline shows them and nothing else", async () => {
    const res = await manager.post(`/app/reviews/${meetingId}/amend`, {}, en);
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/app/slas/${slaId}/versions/[0-9a-f-]{36}$`));
    draftId = location.split("/").at(-1)!;
    const { sla, compare, i18n } = await models();
    const v1 = (await sla.getVersion(v1Id))!;
    const draft = (await sla.getVersion(draftId))!;
    expect(draft).toMatchObject({ status: "draft", version: 2, basedOnId: v1Id });
    const row = await app.db.selectFrom("sla_versions").select("meeting_id").where("id", "=", draftId).executeTakeFirstOrThrow();
    expect(row.meeting_id).toBe(meetingId);
    expect(draft.objectives.find((o) => o.kind === "first_response" && o.priority === "p2")).toMatchObject({ target: 2, unit: "hours" });
    expect(draft.providerDuties).toEqual({ ko: ["매달 보고서를 보냅니다", "장애가 나면 30분 안에 알립니다"], en: ["Send a monthly report", "Tell you of an outage within 30 minutes"] });
    expect(draft.objectives.find((o) => o.kind === "availability")!.target).toBe(99);
    const changed = compare.redline(v1, draft, i18n.translator("en"), "en").filter((r) => r.change !== "same");
    expect(changed.map((r) => r.id)).toEqual(["objective.first_response.p2", "providerDuties"]);
    expect(draft.changeNote.en).toBe(
      "Changes approved at the review meeting of 20 Nov 2026:\n- First response for P2 (high): 2 hours instead of 4 hours\n- A new commitment from us: Tell you of an outage within 30 minutes",
    );
    expect(draft.changeNote.ko).toContain("P2 (높음) 첫 응답 목표: 4시간 → 2시간");
    const audit = await app.db.selectFrom("audit_events").select(["action", "user_id"]).where("target_id", "=", draftId).execute();
    expect(audit).toEqual([{ action: "sla_version.amend", user_id: managerId }]);
    // The staff redline page shows the same two rows changed.
    const redlinePage = await text(await manager.get(`/app/slas/${slaId}/compare?a=1&b=2`, en));
    expect(redlinePage).toContain("0 added · 0 removed · 2 changed");
  });

  it("a second compose, or another meeting's while a draft exists, is refused with a message and writes nothing", async () => {
    const before = await tableRowCounts(app.db);
    const again = await manager.post(`/app/reviews/${meetingId}/amend`, {}, en);
    expect(again.status).toBe(409);
    expect(await text(again)).toContain("This meeting&#x27;s amendment is already version 2.");
    const other = await insertDecidedMeeting(app.db, { slaId, userId: managerId, proposals: [{ change: { kind: "review_cadence", from: "quarterly", to: "monthly" }, rationale: "More often." }] });
    const before2 = await tableRowCounts(app.db);
    const refused = await manager.post(`/app/reviews/${other.meetingId}/amend`, {}, en);
    expect(refused.status).toBe(409);
    expect(await text(refused)).toContain("This SLA already has a draft (version 2). Publish or discard it, then try again.");
    expect(await tableRowCounts(app.db)).toEqual(before2);
    expect(before2.review_meetings).toBe(before.review_meetings + 1);
  });

  it("a meeting not yet decided cannot compose", async () => {
    const open = await insertDecidedMeeting(app.db, { slaId, userId: managerId, status: "open", proposals: [] });
    const res = await manager.post(`/app/reviews/${open.meetingId}/amend`, {}, en);
    expect(res.status).toBe(400);
    expect(await text(res)).toContain("Only a decided meeting can compose an amendment.");
  });
});

describe("publishing: exactly once, with a notice per affected account", () => {
  it("concurrent publishes: exactly one succeeds, the others get 409 with a message", async () => {
    const { sla } = await models();
    const effective = sla.localDateAfter(new Date(), 3, "Asia/Seoul");
    const results = await Promise.all(
      Array.from({ length: 6 }, () => manager.post(`/app/slas/${slaId}/versions/${draftId}`, { _intent: "publish", effectiveFrom: effective }, en)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([302, 409, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(await text(r)).toContain("A published version cannot be changed.");
    const published = await app.db.selectFrom("audit_events").select("id").where("action", "=", "sla_version.publish").where("target_id", "=", draftId).execute();
    expect(published).toHaveLength(1);
  });

  it("one notice per account of the SLA's tiers, in its language, and one email per contact", async () => {
    const notices = await app.db.selectFrom("notices").selectAll().where("sla_version_id", "=", draftId).orderBy("locale").execute();
    expect(notices.map((n) => [n.account_id, n.locale, n.adverse, n.meeting_id])).toEqual([
      [acme, "en", false, meetingId],
      [hanbit, "ko", false, meetingId],
    ]);
    const mails = await app.db.selectFrom("outbox").select(["to", "subject", "body", "notice_id"]).where("notice_id", "is not", null).orderBy("to").execute();
    expect(mails.map((m) => m.to)).toEqual(["ann@acme.test", "minji@acme.test", "seojun@hanbit.test"]);
    const ann = mails[0];
    expect(ann.subject).toMatch(/^\[Gold support\] Your SLA changes on \d{1,2} \w{3} 2026$/);
    expect(ann.body).toContain("- First response for P2 (high): 2 hours instead of 4 hours");
    expect(ann.body).toContain("Answer high-priority tickets faster");
    expect(ann.body).not.toContain(SECRET_QUOTE);
    expect(mails[1].subject).toMatch(/^\[골드 지원\] 2026\. \d{1,2}\. \d{1,2}\.부터 SLA가 바뀝니다$/);
    expect(mails[1].body).toContain("- P2 (높음) 첫 응답 목표: 4시간 → 2시간");
    // Every account got its link when the version was published.
    const shares = await app.db.selectFrom("sla_shares").select("account_id").where("sla_id", "=", slaId).execute();
    expect(shares.map((s) => s.account_id).sort()).toEqual([acme, hanbit].sort());
  });

  it("delivers each email over SMTP; read back, subject and body carry the change in the contact's language", async () => {
    // The worker delivered what the publish queued, in its transaction.
    await expect.poll(() => received.map((r) => r.to[0]).sort()).toEqual(["ann@acme.test", "minji@acme.test", "seojun@hanbit.test"]);
    const byTo = new Map(received.map((r) => [r.to[0], decodeMail(r.raw)]));
    expect([...byTo.keys()].sort()).toEqual(["ann@acme.test", "minji@acme.test", "seojun@hanbit.test"]);
    const annMail = byTo.get("ann@acme.test")!;
    expect(annMail.subject).toContain("[Gold support] Your SLA changes on");
    expect(annMail.text).toContain("First response for P2 (high): 2 hours instead of 4 hours");
    expect(annMail.text).toContain("A new commitment from us: Tell you of an outage within 30 minutes");
    const seojun = byTo.get("seojun@hanbit.test")!;
    expect(seojun.subject).toContain("[골드 지원]");
    expect(seojun.subject).toContain("SLA가 바뀝니다");
    expect(seojun.text).toContain("P2 (높음) 첫 응답 목표: 4시간 → 2시간");
    expect(seojun.text).toContain("저희가 새로 약속하는 사항: 장애가 나면 30분 안에 알립니다");
    const link = seojun.text.match(/https?:\/\/\S+\/sla\/[\w-]+\/notices\/[0-9a-f-]{36}\?lang=ko/);
    expect(link).not.toBeNull();
    // The delivery status the meeting page shows.
    const { listNoticeDeliveries } = await import("../../app/models/notice.server");
    await expect.poll(async () => (await listNoticeDeliveries(meetingId)).map((d) => [d.accountName, d.deliveries.map((x) => [x.to, x.status, x.attempts])])).toEqual([
      ["Acme", [["ann@acme.test", "sent", 1], ["minji@acme.test", "sent", 1]]],
      ["한빛", [["seojun@hanbit.test", "sent", 1]]],
    ]);
  });

  it("the customer's notice page: in the account's language, the change, why, from when, the redline; no quotes or figures", async () => {
    const share = await app.db.selectFrom("sla_shares").select("token").where("account_id", "=", hanbit).executeTakeFirstOrThrow();
    const notice = await app.db.selectFrom("notices").select("id").where("account_id", "=", hanbit).executeTakeFirstOrThrow();
    const anon = new Client(app.url);
    // No language chosen: the account's (Korean), even for an English browser.
    const first = await anon.get(`/sla/${share.token}/notices/${notice.id}`, en);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`/sla/${share.token}/notices/${notice.id}?lang=ko`);
    const page = await text(await anon.get(`/sla/${share.token}/notices/${notice.id}?lang=ko`));
    expect(page).toContain('<html lang="ko"');
    expect(page).toContain("P2 (높음) 첫 응답 목표: 4시간 → 2시간");
    expect(page).toContain("저희가 새로 약속하는 사항: 장애가 나면 30분 안에 알립니다");
    expect(page).toContain("Answer high-priority tickets faster");
    expect(page).toMatch(/2026\. \d{1,2}\. \d{1,2}\. 0시 \(Asia\/Seoul 기준\)/);
    expect(page).toContain("조항별 변경 내용");
    expect(page).not.toContain(SECRET_QUOTE);
    expect(page).not.toContain("-31.4");
    expect(page).not.toContain("Loosen availability");
    expect(page).not.toContain("Acme");
    // Another account's token does not open this notice.
    const other = await app.db.selectFrom("sla_shares").select("token").where("account_id", "=", acme).executeTakeFirstOrThrow();
    expect((await anon.get(`/sla/${other.token}/notices/${notice.id}?lang=ko`)).status).toBe(404);
    // The SLA page links its notices and shows the change log without internal detail.
    const slaPage = await text(await anon.get(`/sla/${share.token}?lang=en`));
    expect(slaPage).toContain(`/sla/${share.token}/notices/${notice.id}`);
    expect(slaPage).toContain("Change log");
    expect(slaPage).toContain("First response for P2 (high): 2 hours instead of 4 hours");
    expect(slaPage).not.toContain("Answer high-priority tickets faster");
    expect(slaPage).not.toContain("/app/reviews/");
  });

  it("the staff SLA page has the change log with reason and meeting link; a resend is delivered again by the worker", async () => {
    const page = await text(await manager.get(`/app/slas/${slaId}`, en));
    expect(page).toContain("Change log");
    expect(page).toContain("Answer high-priority tickets faster");
    expect(page).toContain(`/app/reviews/${meetingId}`);
    const notice = await app.db.selectFrom("notices").select("id").where("account_id", "=", acme).executeTakeFirstOrThrow();
    expect((await analyst.post(`/app/notices/${notice.id}/resend`, {}, en)).status).toBe(403);
    received.length = 0;
    const res = await manager.post(`/app/notices/${notice.id}/resend`, {}, en);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/app/reviews/${meetingId}?resent=2#notices`);
    // Two new rows, each delivered through the same queue path as the first emails.
    const rows = () => app.db.selectFrom("outbox").select(["to", "sent_at", "attempts"]).where("notice_id", "=", notice.id).orderBy("id").execute();
    await expect.poll(async () => (await rows()).map((r) => [r.to, r.sent_at !== null, r.attempts])).toEqual([
      ["ann@acme.test", true, 1],
      ["minji@acme.test", true, 1],
      ["ann@acme.test", true, 1],
      ["minji@acme.test", true, 1],
    ]);
    expect(received.map((r) => r.to[0]).sort()).toEqual(["ann@acme.test", "minji@acme.test"]);
  });
});

describe("adverse changes need the notice period", () => {
  it("inside the notice period: 400 with the message beside the date, nothing written; at the earliest date it publishes", async () => {
    const { sla } = await models();
    const v2 = (await sla.listVersions(slaId)).find((v) => v.version === 2)!;
    // v2 takes effect in 3 days; make v3 with an adverse change from it, once v2 is in force.
    const { meetingId: m3 } = await insertDecidedMeeting(app.db, {
      slaId,
      userId: managerId,
      proposals: [{ change: { kind: "availability_target", from: 99, to: 98 }, rationale: "Maintenance windows need room." }],
    });
    const { amendment } = await models();
    const inFourDays = new Date(Date.now() + 4 * 86_400_000);
    const { versionId: v3 } = await amendment.composeAmendment(m3, managerId, inFourDays);
    expect(v2.noticePeriodDays).toBe(30);
    // Publishing is judged against the version in force at the time of publishing (v2, from then).
    const tooSoon = new Date(inFourDays.getTime() + 10 * 86_400_000);
    const before = await tableRowCounts(app.db);
    await expect(sla.publishVersion(managerId, v3, tooSoon, inFourDays)).rejects.toMatchObject({ code: "noticePeriod", params: { days: 30 } });
    expect(await tableRowCounts(app.db)).toEqual(before);
    // Over HTTP (judged now, against v1 in force: the change from v1 is adverse too).
    const date = sla.localDateAfter(new Date(), 10, "Asia/Seoul");
    const res = await manager.post(`/app/slas/${slaId}/versions/${v3}`, { _intent: "publish", effectiveFrom: date }, en);
    expect(res.status).toBe(400);
    const html = await text(res);
    const earliest = sla.earliestEffectiveDate(new Date(), 30, "Asia/Seoul");
    expect(html).toContain(`can take effect 30 days after publication at the earliest: choose ${earliest} or later.`);
    expect(html).toMatch(/id="f-effectiveFrom"[^>]*aria-invalid="true"/);
    expect(await tableRowCounts(app.db)).toEqual(before);
    const ok = await manager.post(`/app/slas/${slaId}/versions/${v3}`, { _intent: "publish", effectiveFrom: earliest }, en);
    expect(ok.status).toBe(302);
    const notices = await app.db.selectFrom("notices").select(["adverse", "locale"]).where("sla_version_id", "=", v3).orderBy("locale").execute();
    expect(notices).toEqual([
      { adverse: true, locale: "en" },
      { adverse: true, locale: "ko" },
    ]);
  });
});
