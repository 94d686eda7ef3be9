import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { singleton } from "../../app/utils/singleton.server";
import { createTestDb, type TestDb } from "../support/db";
import { insertUser } from "../support/fixtures";

// The models use the process-wide database handle; point it at this file's database.
let t: TestDb;
let m: typeof import("../../app/models/sla.server");
let analyst: string, manager: string;
beforeAll(async () => {
  t = await createTestDb();
  (globalThis as any).__trustloop = {};
  singleton("db", () => t);
  m = await import("../../app/models/sla.server");
  analyst = (await insertUser(t.db, "analyst")).id;
  manager = (await insertUser(t.db, "manager")).id;
  await t.db
    .insertInto("accounts")
    .values([
      { name: "Gold One", tier: "gold", region: "kr", plan: "annual" },
      { name: "Gold Two", tier: "gold", region: "kr", plan: "annual" },
      { name: "Silver One", tier: "silver", region: "us", plan: "monthly" },
    ])
    .execute();
});
afterAll(async () => t?.close());

const day = (s: string) => new Date(`${s}T00:00:00Z`);

describe("SLA versions", () => {
  let slaId: string, v1: string, v2: string;

  it("creates an SLA with a first draft carrying the default calendar and objectives", async () => {
    ({ slaId, versionId: v1 } = await m.createSla(analyst, { name: { en: "Gold SLA" }, service: "cloud", tiers: ["gold"] }));
    const v = await m.getVersion(v1);
    expect(v?.status).toBe("draft");
    expect(v?.version).toBe(1);
    expect(v?.calendar.timezone).toBe("Asia/Seoul");
    expect(v?.objectives.map((o) => o.kind)).toContain("availability");
  });

  it("no version is in force before one is published", async () => {
    expect(await m.getVersionInForce({ slaId }, day("2026-06-01"))).toBeNull();
    expect(await m.getVersionInForce({ tier: "gold" }, day("2026-06-01"))).toBeNull();
  });

  it("publishing makes the version govern from its effective date, and links for each account in the tiers", async () => {
    await m.publishVersion(manager, v1, day("2026-01-01"), day("2025-12-01"));
    const inForce = await m.getVersionInForce({ tier: "gold" }, day("2026-03-01"));
    expect(inForce?.id).toBe(v1);
    expect(inForce?.calendar.slots.length).toBe(5);
    expect(inForce?.objectives.length).toBeGreaterThan(0);
    expect(await m.getVersionInForce({ tier: "gold" }, day("2025-12-31"))).toBeNull();
    expect(await m.getVersionInForce({ tier: "silver" }, day("2026-03-01"))).toBeNull();
    const shares = await m.listShares(slaId);
    expect(shares.map((s) => s.account_name).sort()).toEqual(["Gold One", "Gold Two"]);
    expect(new Set(shares.map((s) => s.token)).size).toBe(2);
    const audit = await t.db.selectFrom("audit_events").select("action").where("target_id", "=", v1).execute();
    expect(audit.map((a) => a.action)).toContain("sla_version.publish");
  });

  it("a published version cannot be changed: the model refuses, and so does the database", async () => {
    const before = await m.getVersion(v1);
    await expect(m.updateDraft(analyst, v1, { ...before!, noticePeriodDays: 1 })).rejects.toMatchObject({ code: "published" });
    await expect(sql`UPDATE sla_versions SET notice_period_days = 1 WHERE id = ${v1}`.execute(t.db)).rejects.toThrow(/published/);
    await expect(sql`DELETE FROM objectives WHERE version_id = ${v1}`.execute(t.db)).rejects.toThrow(/published/);
    await expect(sql`DELETE FROM sla_versions WHERE id = ${v1}`.execute(t.db)).rejects.toThrow(/published/);
    expect(await m.getVersion(v1)).toEqual(before);
  });

  it("a new draft copies every field and objective, and only one draft may exist", async () => {
    v2 = await m.newDraftFrom(analyst, v1);
    const [a, b] = [await m.getVersion(v1), await m.getVersion(v2)];
    expect(b?.version).toBe(2);
    expect(b?.basedOnId).toBe(v1);
    const pickDoc = (v: typeof a) => ({ service: v!.service, calendar: v!.calendar, objectives: v!.objectives, remedies: v!.remedies, duties: [v!.providerDuties, v!.customerDuties], notice: v!.noticePeriodDays, cadence: v!.reviewCadence });
    expect(pickDoc(b)).toEqual(pickDoc(a));
    await expect(m.newDraftFrom(analyst, v1)).rejects.toMatchObject({ code: "draftExists" });
  });

  it("the version in force follows effective dates: the old one before, the new one after", async () => {
    const draft = (await m.getVersion(v2))!;
    await m.updateDraft(analyst, v2, { ...draft, calendar: { ...draft.calendar, timezone: "Europe/Berlin" } });
    await m.publishVersion(manager, v2, day("2026-07-01"), day("2026-05-01"));
    expect((await m.getVersionInForce({ slaId }, day("2026-06-30")))?.version).toBe(1);
    const later = await m.getVersionInForce({ slaId }, day("2026-07-02"));
    expect(later?.version).toBe(2);
    expect(later?.calendar.timezone).toBe("Europe/Berlin");
  });

  it("listSlasForTier finds SLAs by tier", async () => {
    expect((await m.listSlasForTier("gold")).map((s) => s.id)).toEqual([slaId]);
    expect(await m.listSlasForTier("bronze")).toEqual([]);
  });

  it("an unknown or malformed id is not found rather than an error", async () => {
    expect(await m.getVersion("not-a-uuid")).toBeNull();
    expect(await m.getVersionInForce({ slaId: "not-a-uuid" })).toBeNull();
    expect(await m.openShare("short")).toBeNull();
  });

  it("localMidnight and localDateAfter work in the calendar's zone", () => {
    expect(m.localMidnight("2026-03-01", "Asia/Seoul").toISOString()).toBe("2026-02-28T15:00:00.000Z");
    // New York switches to summer time on 2026-03-08: midnight that day is still UTC-5.
    expect(m.localMidnight("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(m.localDateAfter(new Date("2026-02-28T16:00:00Z"), 30, "Asia/Seoul")).toBe("2026-03-31");
  });
});

describe("demo SLA", () => {
  it("seeds one published version in force and one draft, once", async () => {
    const { seedDemoSla } = await import("../../app/models/demo-sla.server");
    // Start from no SLAs: this file's other SLA would make the seed skip.
    const fresh = await createTestDb();
    (globalThis as any).__trustloop = {};
    singleton("db", () => fresh);
    try {
      await insertUser(fresh.db, "manager");
      await insertUser(fresh.db, "analyst");
      await fresh.db.insertInto("accounts").values({ name: "Demo", tier: "enterprise", region: "kr", plan: "annual" }).execute();
      const now = new Date("2026-11-27T00:00:00Z");
      await seedDemoSla(now);
      await seedDemoSla(now);
      const versions = await fresh.db.selectFrom("sla_versions").select(["version", "status"]).orderBy("version").execute();
      // 2 is the amendment of a past review meeting (demo-amendment.server.ts), in force since its notice period ran.
      expect(versions).toEqual([
        { version: 1, status: "published" },
        { version: 2, status: "published" },
        { version: 3, status: "draft" },
      ]);
      expect((await m.getVersionInForce({ tier: "enterprise" }, now))?.version).toBe(2);
      expect(await fresh.db.selectFrom("notices").select("locale").execute()).toEqual([{ locale: "ko" }]);
      expect(await fresh.db.selectFrom("sla_shares").select("token").execute()).toHaveLength(1);
    } finally {
      (globalThis as any).__trustloop = {};
      singleton("db", () => t);
      await fresh.close();
    }
  });
});
