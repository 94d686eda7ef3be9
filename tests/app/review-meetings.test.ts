import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { draftProposals, packToReviewEvidence, type EvidencePack } from "../../analysis/review";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD, tableRowCounts } from "../support/fixtures";
import { seedReviewFixture } from "../support/review-fixtures";

// Meetings over HTTP: scheduling (and its refusals), the states, who may do what, and the pack
// frozen at opening (figures checked against the fixture's known answers).
let app: TestApp;
let fx: Awaited<ReturnType<typeof seedReviewFixture>>;
let admin: { id: string };
let manager: { id: string };
let manager2: { id: string };
let analystUser: { id: string };
const clients = {} as Record<"manager" | "analyst", Client>;
const en = { headers: { "Accept-Language": "en" } };
const ko = { headers: { "Accept-Language": "ko" } };

beforeAll(async () => {
  app = await startTestApp();
  admin = await insertUser(app.db, "admin");
  manager = await insertUser(app.db, "manager");
  manager2 = await insertUser(app.db, "manager", "manager2@example.test");
  analystUser = await insertUser(app.db, "analyst");
  for (const role of ["manager", "analyst"] as const) {
    clients[role] = new Client(app.url);
    await clients[role].signIn(`${role}@example.test`, PASSWORD);
  }
  fx = await seedReviewFixture(app.db, admin.id);
});
afterAll(async () => app?.close());

const form = (over: Record<string, string | string[]> = {}) => ({
  slaId: fx.slaId,
  periodStart: "2026-10-01",
  periodEnd: "2026-12-31",
  date: "2027-01-12",
  time: "10:00",
  attendees: [manager.id, manager2.id, admin.id],
  quorum: "",
  notes: "Q4 review",
  ...over,
});

async function schedule(over: Record<string, string | string[]> = {}): Promise<string> {
  const res = await clients.analyst.post("/app/reviews/new", form(over), en);
  expect(res.status).toBe(302);
  return res.headers.get("location")!.split("/").pop()!;
}

const meeting = (id: string) => app.db.selectFrom("review_meetings").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const packOf = async (id: string) => app.db.selectFrom("evidence_packs").selectAll().where("meeting_id", "=", id).executeTakeFirst();
const auditOf = async (id: string) => (await app.db.selectFrom("audit_events").select("action").where("target_id", "=", id).orderBy("id").execute()).map((r) => r.action);
const npsOf = (content: unknown) => (content as EvidencePack).metrics.find((m) => m.metric === "nps")!;

describe("scheduling", () => {
  it("refuses a period that ends before it starts: 400, the message beside the field, in the reader's language, nothing written", async () => {
    const before = await tableRowCounts(app.db);
    const res = await clients.analyst.post("/app/reviews/new", form({ periodStart: "2026-12-31", periodEnd: "2026-10-01" }), en);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/id="rm-periodEnd-error"[^>]*>The last day is before the first day\./);
    const resKo = await clients.analyst.post("/app/reviews/new", form({ periodStart: "2026-12-31", periodEnd: "2026-10-01" }), ko);
    expect(resKo.status).toBe(400);
    expect(await resKo.text()).toMatch(/id="rm-periodEnd-error"[^>]*>종료일이 시작일보다 빠릅니다\./);
    expect(await tableRowCounts(app.db)).toEqual(before);
  });

  it("refuses a quorum above the number of attendees, an analyst as attendee, one attendee, a date that does not exist", async () => {
    const before = await tableRowCounts(app.db);
    const cases: [Record<string, string | string[]>, string, RegExp][] = [
      [{ quorum: "4" }, "quorum", /The quorum is larger than the number of attendees\./],
      [{ attendees: [manager.id, analystUser.id] }, "attendees", /Only managers and admins can attend\./],
      [{ attendees: [manager.id], quorum: "" }, "attendees", /Please choose at least two attendees\./],
      [{ periodStart: "2026-02-30" }, "periodStart", /This is not a date\./],
      [{ time: "25:00" }, "time", /Please enter the time as HH:MM\./],
    ];
    for (const [over, field, message] of cases) {
      const res = await clients.analyst.post("/app/reviews/new", form(over), en);
      expect(res.status, field).toBe(400);
      const html = await res.text();
      expect(html, field).toMatch(new RegExp(`id="rm-${field}-error"[^>]*>${message.source}`));
    }
    expect(await tableRowCounts(app.db)).toEqual(before);
  });

  it("an analyst schedules; the quorum defaults to a majority of attendees (3 -> 2, 4 -> 3), audited", async () => {
    const id = await schedule();
    const m = await meeting(id);
    expect(m).toMatchObject({ status: "scheduled", quorum: 2, notes: "Q4 review" });
    // 10:00 in Seoul is 01:00 UTC.
    expect(m.scheduled_for.toISOString()).toBe("2027-01-12T01:00:00.000Z");
    const attendees = await app.db.selectFrom("review_attendees").select("user_id").where("meeting_id", "=", id).execute();
    expect(attendees.map((a) => a.user_id).sort()).toEqual([manager.id, manager2.id, admin.id].sort());
    expect(await auditOf(id)).toEqual(["review.schedule"]);
    const extra = await insertUser(app.db, "manager", "manager3@example.test");
    const id4 = await schedule({ attendees: [manager.id, manager2.id, admin.id, extra.id] });
    expect((await meeting(id4)).quorum).toBe(3);
  });

  it("the board lists the SLA with its next review due (overdue: quarterly from 2026-01-01, no meeting held) and the meetings", async () => {
    const html = await (await clients.analyst.get("/app/reviews", en)).text();
    expect(html).toContain("Cloud SLA");
    expect(html).toContain("2026-04-01");
    expect(html).toMatch(/Overdue \(\d+ days\)/);
    expect(html).toContain("Scheduled");
  });
});

describe("states and roles", () => {
  let id: string;
  beforeAll(async () => {
    id = await schedule({ periodStart: "2026-10-01", periodEnd: "2026-12-31" });
  });

  it("analysts may edit notes before opening, but get 403 for open, refresh and close", async () => {
    const notes = await clients.analyst.post(`/app/reviews/${id}`, { intent: "notes", notes: "Read the pack first" }, en);
    expect(notes.status).toBe(200);
    expect((await meeting(id)).notes).toBe("Read the pack first");
    const before = await tableRowCounts(app.db);
    for (const intent of ["open", "refresh", "close"]) {
      const res = await clients.analyst.post(`/app/reviews/${id}`, { intent }, en);
      expect(res.status, intent).toBe(403);
    }
    expect(await tableRowCounts(app.db)).toEqual(before);
    expect((await meeting(id)).status).toBe("scheduled");
  });

  it("a manager opens it: the pack is frozen with the definitions' version and the fixture's exact NPS figures", async () => {
    const res = await clients.manager.post(`/app/reviews/${id}`, { intent: "open" }, en);
    expect(res.status).toBe(200);
    const m = await meeting(id);
    expect(m.status).toBe("open");
    expect(m.opened_at).not.toBeNull();
    const pack = (await packOf(id))!;
    expect(pack.definitions_version).toMatch(/^pack-1;/);
    expect(pack.refreshed_count).toBe(0);
    const nps = npsOf(pack.content);
    expect(nps.current.result).toMatchObject({ n: 40, promoters: 20, passives: 10, detractors: 10, nps: 25 });
    if (nps.current.metric !== "nps") throw new Error("nps");
    expect(nps.current.result.interval!.low).toBeCloseTo(-1.364, 2);
    expect(nps.current.result.interval!.high).toBeCloseTo(47.875, 2);
    expect(nps.previous.result).toMatchObject({ n: 30, nps: 0 });
    expect(nps.change.difference).toBe(25);
    expect(nps.change.p).toBeCloseTo(0.2172, 3);
    expect(nps.change.significant).toBe(false);
    const region = nps.segments.find((s) => s.dimension === "region")!.groups;
    expect(region).toEqual([
      { value: "jp", n: 10, tooFew: true, figure: null },
      expect.objectContaining({ value: "kr", n: 30, tooFew: false }),
    ]);
    const content = pack.content as EvidencePack;
    expect(content.period).toMatchObject({ start: "2026-10-01", end: "2026-12-31", timezone: "Asia/Seoul", months: ["2026-10", "2026-11", "2026-12"], previousStart: "2026-07-01", previousEnd: "2026-09-30" });
    // Alpha (all met): 30 answers, NPS 66.7; Beta (breached): 10 answers, NPS -100.
    expect(content.satisfaction.met.nps).toMatchObject({ n: 30, promoters: 20, detractors: 0 });
    expect(content.satisfaction.breached.nps).toMatchObject({ n: 10, nps: -100 });
    const fr = content.compliance.objectives.find((o) => o.objective === "first_response" && o.priority === "p2")!;
    expect(fr).toMatchObject({ met: 1, breached: 1, shareMet: 0.5 });
    expect(fr.months).toEqual([
      { month: "2026-10", met: 1, breached: 1, misses: 1 },
      { month: "2026-11", met: 0, breached: 0, misses: 0 },
      { month: "2026-12", met: 0, breached: 0, misses: 0 },
    ]);
    expect(content.availability!.months[0]).toMatchObject({ month: "2026-10", meetsObjective: false });
    expect(content.availability!.months[0].percent).toBeCloseTo(99.328, 3);
    // 10 % of each fee for October: 200,000 + 50,000.
    expect(content.credits.total).toBe(250_000);
    expect(content.themes).toEqual({ available: false });
    expect(await auditOf(id)).toEqual(["review.schedule", "review.notes", "review.open"]);
  });

  it("the frozen pack stays as it was when data changes, and opening again neither recomputes nor writes", async () => {
    await fx.answer(fx.alphaId, "kr", "annual", 0, 10, "2026-12-01T03:00:00Z");
    const before = await packOf(id);
    const again = await clients.manager.post(`/app/reviews/${id}`, { intent: "open" }, en);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("The meeting&#x27;s current state does not allow this.");
    const after = await packOf(id);
    expect(after).toEqual(before);
    const html = await (await clients.analyst.get(`/app/reviews/${id}/pack`, en)).text();
    expect(html).toMatch(/<tr data-metric="nps"><th scope="row">NPS<\/th><td data-value="current">25\.0<\/td><td>40<\/td>/);
  });

  it("the pack page shows the sections and says plainly that theme figures are not available yet, in Korean too", async () => {
    const html = await (await clients.analyst.get(`/app/reviews/${id}/pack`, en)).text();
    for (const title of ["1. Customer satisfaction", "2. SLA compliance", "3. Satisfaction: customers whose cases met the SLA", "4. Open and at-risk cases", "5. Complaint themes", "6. The previous meeting"]) {
      expect(html).toContain(title);
    }
    expect(html).toContain("Theme figures are not available yet");
    expect(html).toContain("too few answers (n=10, minimum 30)");
    const htmlKo = await (await clients.analyst.get(`/app/reviews/${id}/pack`, ko)).text();
    expect(htmlKo).toContain("1. 고객 만족도");
    expect(htmlKo).toContain("주제 분석 수치는 아직 없습니다");
  });

  it("the CSV carries the same numbers", async () => {
    const res = await clients.analyst.get(`/app/reviews/${id}/pack.csv`, en);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const rows: string[][] = parse((await res.text()).replace(/^\uFEFF/, ""));
    expect(rows[0]).toEqual(["section", "item", "segment", "metric", "value"]);
    const find = (...key: string[]) => rows.find((r) => key.every((k, i) => r[i] === k))?.[4];
    expect(find("satisfaction", "nps", "current", "nps")).toBe("25");
    expect(find("satisfaction", "nps", "current", "n")).toBe("40");
    expect(find("satisfaction", "nps", "previous", "nps")).toBe("0");
    expect(find("segment", "nps", "region=jp", "too_few_answers")).toBe("yes");
    expect(find("credit", "total", "", "amount")).toBe("250000");
  });

  it("refresh recomputes (the new answers count now) and is audited", async () => {
    const res = await clients.manager.post(`/app/reviews/${id}`, { intent: "refresh" }, en);
    expect(res.status).toBe(200);
    const pack = (await packOf(id))!;
    expect(pack.refreshed_count).toBe(1);
    // 10 more detractors: n 50, P 20, D 20 -> NPS 0.
    expect(npsOf(pack.content).current.result).toMatchObject({ n: 50, nps: 0 });
    expect((await auditOf(id)).at(-1)).toBe("review.refresh");
  });

  it("the pack turns into the evidence the proposal rules read", async () => {
    const content = (await packOf(id))!.content as EvidencePack;
    const ev = packToReviewEvidence(content);
    expect(ev.satisfaction).toEqual({ met: { promoters: 20, passives: 10, detractors: 10 }, breached: { promoters: 0, passives: 0, detractors: 10 } });
    expect(ev.objectives.map((o) => `${o.objective}:${o.priority}:${o.targetMinutes}`)).toEqual(["first_response:p2:240", "resolution:p2:1440"]);
    expect(ev.objectives[0].months.map((m) => m.month)).toEqual(["2026-10", "2026-11", "2026-12"]);
    expect(ev.availability!.targetPercent).toBe(99.9);
    expect(ev.availability!.months[0].coverage).toBe(1);
    expect(ev.themes).toEqual([]);
    // October is measured in full and below target while the credit table pays there: no credit draft;
    // the SLA has no alternative service, so the rule proposes one.
    expect(draftProposals(ev).map((d) => d.rule)).toContain("availability_below_target");
  });

  it("refresh is refused once a vote exists, and the pack stays", async () => {
    const p = await app.db
      .insertInto("proposals")
      .values({ meeting_id: id, origin: "staff", change: JSON.stringify({ kind: "availability_target", from: 99.9, to: 99.95 }), adverse: false, rationale: "Outages in October" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await app.db.insertInto("votes").values({ proposal_id: p.id, user_id: manager.id, choice: "approve" }).execute();
    const before = await packOf(id);
    const res = await clients.manager.post(`/app/reviews/${id}`, { intent: "refresh" }, en);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Votes have been cast");
    expect(await packOf(id)).toEqual(before);
    // Closing waits for the open proposal.
    const close = await clients.manager.post(`/app/reviews/${id}`, { intent: "close" }, en);
    expect(close.status).toBe(409);
    expect((await meeting(id)).status).toBe("open");
    await app.db.updateTable("proposals").set({ status: "withdrawn" }).where("id", "=", p.id).execute();
  });

  it("a manager records a process change and marks it done; analysts cannot; a bad metric is a 400 that writes nothing", async () => {
    const res = await clients.manager.post(`/app/reviews/${id}`, { intent: "processChange", description: "Second on-call engineer\nin the evening", metric: "availability", ownerId: manager2.id, dueOn: "2027-02-01" }, en);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Process change recorded.");
    const rows = await app.db.selectFrom("process_changes").selectAll().where("meeting_id", "=", id).execute();
    expect(rows.map((r) => [r.description, r.metric, r.owner_id, r.proposal_id])).toEqual([["Second on-call engineer\nin the evening", "availability", manager2.id, null]]);
    const { listProcessChanges } = await import("../../app/models/review.server");
    expect((await listProcessChanges(id)).map((r) => [r.dueOn, r.doneOn])).toEqual([["2027-02-01", null]]);

    const before = await tableRowCounts(app.db);
    expect((await clients.analyst.post(`/app/reviews/${id}`, { intent: "processChange", description: "x", metric: "nps" }, en)).status).toBe(403);
    const bad = await clients.manager.post(`/app/reviews/${id}`, { intent: "processChange", description: "Faster answers", metric: "speed" }, ko);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("목록에 있는 지표를 고르세요.");
    const noOwner = await clients.manager.post(`/app/reviews/${id}`, { intent: "processChange", description: "Faster answers", metric: "nps", ownerId: crypto.randomUUID() }, en);
    expect(noOwner.status).toBe(400);
    expect(await noOwner.text()).toContain("Choose an owner from the list.");
    expect(await tableRowCounts(app.db)).toEqual(before);

    const done = await clients.manager.post(`/app/reviews/${id}`, { intent: "processDone", processChangeId: rows[0].id, doneOn: "2027-01-20" }, en);
    expect(done.status).toBe(200);
    expect((await listProcessChanges(id)).map((r) => r.doneOn)).toEqual(["2027-01-20"]);
    expect((await auditOf(rows[0].id))).toEqual(["review.processChange", "review.processDone"]);
  });

  it("a manager closes it; notes can no longer change", async () => {
    const res = await clients.manager.post(`/app/reviews/${id}`, { intent: "close" }, en);
    expect(res.status).toBe(200);
    const m = await meeting(id);
    expect(m.status).toBe("closed");
    expect(m.closed_at).not.toBeNull();
    const notes = await clients.analyst.post(`/app/reviews/${id}`, { intent: "notes", notes: "late" }, en);
    expect(notes.status).toBe(409);
    expect((await auditOf(id)).at(-1)).toBe("review.close");
  });

  it("the next meeting's pack names this one as previous, with its process changes before and after", async () => {
    await app.db
      .insertInto("process_changes")
      .values([
        { meeting_id: id, description: "Escalate P2 at half the clock", metric: "first_response:p2", owner_id: manager.id },
        { meeting_id: id, description: "Call detractors back", metric: "nps" },
      ])
      .execute();
    const next = await schedule({ periodStart: "2027-01-01", periodEnd: "2027-03-31", date: "2027-04-10" });
    const { buildEvidencePack } = await import("../../app/models/evidence.server");
    const pack = await buildEvidencePack(fx.slaId, "2027-01-01", "2027-03-31", new Date("2027-04-10T00:00:00Z"));
    expect(pack.previous.meeting).toEqual({ id, periodStart: "2026-10-01", periodEnd: "2026-12-31" });
    const escalate = pack.previous.processChanges.find((c) => c.metric === "first_response:p2")!;
    expect(escalate.before).toMatchObject({ kind: "share_met", n: 2, value: 0.5 });
    expect(escalate.after).toMatchObject({ kind: "share_met", n: 0, value: null });
    const nps = pack.previous.processChanges.find((c) => c.metric === "nps")!;
    expect(nps.before).toMatchObject({ kind: "nps", n: 50, value: 0 });
    expect(nps.after).toMatchObject({ kind: "nps", n: 0, value: null });
    expect(next).toBeTruthy();
  });

  it("the PDF answers 503 with a message in the reader's language when the server has no Chromium", async () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    try {
      const res = await clients.analyst.get(`/app/reviews/${id}/pack.pdf`, en);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain("This server has no Chromium to make the PDF");
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});
