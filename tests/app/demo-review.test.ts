import { afterAll, beforeAll, expect, it } from "vitest";
import type { EvidencePack } from "../../analysis/review";
import { Client, startTestApp, type TestApp } from "../support/app";

// `npm start` shows the review board populated: one open meeting on the demo SLA, its pack frozen.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

it("the demo has one open meeting with a frozen pack, and seeding again adds nothing", async () => {
  const now = new Date("2026-12-03T09:00:00Z");
  const { seedDemoData } = await import("../../app/models/demo.server");
  await seedDemoData(now);
  // Besides the past, closed meeting whose amendment was published (demo-amendment.server.ts).
  const all = await app.db.selectFrom("review_meetings").select("status").orderBy("scheduled_for").execute();
  expect(all.map((m) => m.status)).toEqual(["closed", "open"]);
  const meetings = await app.db.selectFrom("review_meetings").selectAll().where("status", "=", "open").execute();
  expect(meetings).toHaveLength(1);
  const pack = await app.db.selectFrom("evidence_packs").selectAll().where("meeting_id", "=", meetings[0].id).executeTakeFirstOrThrow();
  const content = pack.content as EvidencePack;
  expect(content.period).toMatchObject({ start: "2026-09-04", end: "2026-12-02", timezone: "Asia/Seoul" });
  expect(content.responses).toBeGreaterThan(0);
  expect(content.compliance.objectives.length).toBeGreaterThan(0);
  // Closed demo cases were asked after closing, and enough answered for figures in both groups.
  expect(content.followUp!.sent).toBeGreaterThan(content.followUp!.answered);
  expect(content.followUp!.met.csat).not.toBeNull();
  expect(content.followUp!.breached.csat).not.toBeNull();

  // Proposals to vote on: the staff one on slow P2 first responses, with its quotes as evidence.
  const proposals = await app.db.selectFrom("proposals").select(["origin", "change", "citations", "status"]).where("meeting_id", "=", meetings[0].id).execute();
  const staff = proposals.filter((p) => p.origin === "staff");
  expect(staff).toHaveLength(1);
  expect(staff[0].change).toMatchObject({ kind: "time_target", objective: "first_response", priority: "p2" });
  expect((staff[0].change as { to: number; from: number }).to).toBeLessThan((staff[0].change as { from: number }).from);
  expect(staff[0].citations.length).toBeGreaterThan(0);
  expect(proposals.every((p) => p.status === "open")).toBe(true);

  const { seedDemoReview } = await import("../../app/models/demo-review.server");
  await seedDemoReview(now);
  expect(await app.db.selectFrom("review_meetings").select("id").execute()).toHaveLength(2);
  expect(await app.db.selectFrom("proposals").select("id").where("meeting_id", "=", meetings[0].id).execute()).toHaveLength(proposals.length);

  const c = new Client(app.url);
  await c.signIn("manager@trustloop.local", "trustloop-demo");
  const board = await (await c.get("/app/reviews", { headers: { "Accept-Language": "en" } })).text();
  expect(board).toContain("Trustloop Cloud standard SLA");
  expect(board).toContain("Open");
  const page = await c.get(`/app/reviews/${meetings[0].id}/pack`, { headers: { "Accept-Language": "en" } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("1. Customer satisfaction");
  // Seeding the whole demo (responses, cases, follow-ups, themes, a meeting) takes 30 s and more
  // on a loaded machine.
}, 180_000);
