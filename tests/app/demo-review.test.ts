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
  const meetings = await app.db.selectFrom("review_meetings").selectAll().execute();
  expect(meetings).toHaveLength(1);
  expect(meetings[0].status).toBe("open");
  const pack = await app.db.selectFrom("evidence_packs").selectAll().where("meeting_id", "=", meetings[0].id).executeTakeFirstOrThrow();
  const content = pack.content as EvidencePack;
  expect(content.period).toMatchObject({ start: "2026-09-04", end: "2026-12-02", timezone: "Asia/Seoul" });
  expect(content.responses).toBeGreaterThan(0);
  expect(content.compliance.objectives.length).toBeGreaterThan(0);

  const { seedDemoReview } = await import("../../app/models/demo-review.server");
  await seedDemoReview(now);
  expect(await app.db.selectFrom("review_meetings").select("id").execute()).toHaveLength(1);

  const c = new Client(app.url);
  await c.signIn("manager@trustloop.local", "trustloop-demo");
  const board = await (await c.get("/app/reviews", { headers: { "Accept-Language": "en" } })).text();
  expect(board).toContain("Trustloop Cloud standard SLA");
  expect(board).toContain("Open");
  const page = await c.get(`/app/reviews/${meetings[0].id}/pack`, { headers: { "Accept-Language": "en" } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("1. Customer satisfaction");
});
