import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app";

// The demo workspace: two interviews with hand tags, sentiment on every item, seeding twice adds nothing.
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

it("seeds a Korean and an English interview with highlights, and every demo item has sentiment", async () => {
  const { seedDemoData } = await import("../../app/models/demo.server");
  await seedDemoData(new Date("2026-12-03T09:00:00Z"));
  const interviews = await app.db.selectFrom("interviews").select(["language", "held_on"]).orderBy("language").execute();
  expect(interviews.map((i) => i.language)).toEqual(["en", "ko"]);
  const passages = await app.db.selectFrom("feedback_items").select("id").where("source", "=", "interview").execute();
  expect(passages).toHaveLength(10);
  const tags = await app.db
    .selectFrom("theme_assignments")
    .innerJoin("themes", "themes.id", "theme_assignments.theme_id")
    .select(["themes.name", "theme_assignments.assigned_by"])
    .orderBy("themes.name")
    .execute();
  expect(tags.map((t) => `${t.name}/${t.assigned_by}`)).toEqual([
    "Escalation contact/hand",
    "Incident communication/hand",
    "Incident communication/hand",
    "지원 응답 지연/hand",
    "지원 응답 지연/hand",
    "지원 응답 지연/hand",
  ]);
  const unscored = await app.db.selectFrom("feedback_items").select("id").where("sentiment_model", "is", null).execute();
  expect(unscored).toEqual([]);

  // A demo database from before sentiment: its items are scored at the next start, nothing is added twice.
  await app.db.updateTable("feedback_items").set({ sentiment_label: null, sentiment_score: null, sentiment_confidence: null, sentiment_model: null }).where("source", "=", "survey").execute();
  const before = await app.db.selectFrom("feedback_items").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  await seedDemoData(new Date("2026-12-04T09:00:00Z"));
  const after = await app.db.selectFrom("feedback_items").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  expect(Number(after.n)).toBe(Number(before.n));
  expect(await app.db.selectFrom("interviews").select("id").execute()).toHaveLength(2);
  expect(await app.db.selectFrom("feedback_items").select("id").where("sentiment_model", "is", null).execute()).toEqual([]);
  // Seeding 300 responses twice takes a while on a shared machine.
}, 120_000);
