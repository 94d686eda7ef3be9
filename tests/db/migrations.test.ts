import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { migrations } from "../../db/migrations/index";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.close());

describe("migrations", () => {
  it("every migration listed in code is applied to the test database", async () => {
    const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(t.db);
    expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
  });

  it("each test file gets its own database: rows written here are not in the template", async () => {
    await t.db
      .insertInto("accounts")
      .values({ name: "Isolation check", tier: "gold", region: "kr", plan: "pro" })
      .execute();
    const again = await createTestDb();
    try {
      const seen = await again.db.selectFrom("accounts").select("name").where("name", "=", "Isolation check").execute();
      expect(seen).toEqual([]);
    } finally {
      await again.close();
    }
  });
});
