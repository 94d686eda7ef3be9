import { sql } from "kysely";
import { db } from "~/db.server";
import { DEFAULT_ORG_TIME_ZONE, isTimeZone } from "~/utils/dates";
import { sharedRead } from "~/utils/in-flight.server";
import { recordAudit } from "./audit.server";

export async function getSetting<T>(key: string): Promise<T | undefined> {
  const row = await db.selectFrom("app_settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value as T | undefined;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await db
    .insertInto("app_settings")
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}

/** The organisation's time zone: staff without their own see times in it; results bucket months in it. */
export async function orgTimeZone(): Promise<string> {
  const zone = await sharedRead("org_time_zone", () => getSetting<string>("org_time_zone"));
  return typeof zone === "string" && isTimeZone(zone) ? zone : DEFAULT_ORG_TIME_ZONE;
}

export async function setOrgTimeZone(adminId: string, zone: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("app_settings").select("value").where("key", "=", "org_time_zone").executeTakeFirst();
    await trx
      .insertInto("app_settings")
      .values({ key: "org_time_zone", value: JSON.stringify(zone) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(zone) }))
      .execute();
    // Theme figures (theme_counts) count months in the organisation's zone.
    await sql`SELECT theme_counts_rebuild(${zone})`.execute(trx);
    await recordAudit(trx, { userId: adminId, action: "settings.org_time_zone", targetType: "settings", targetId: "org_time_zone", detail: { from: before?.value ?? null, to: zone } });
  });
}

/** The zone a staff user sees times in: their own, else the organisation's (`org` when the caller has read it). */
export async function userTimeZone(user: { time_zone?: string | null }, org?: string): Promise<string> {
  return user.time_zone && isTimeZone(user.time_zone) ? user.time_zone : (org ?? orgTimeZone());
}
