import { db } from "~/db.server";

export async function getSetting<T>(key: string): Promise<T | undefined> {
  const row = await db.selectFrom("app_settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value as T | undefined;
}
