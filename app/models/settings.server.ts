import { db } from "~/db.server";

export async function getSetting<T>(key: string): Promise<T | undefined> {
  const row = await db.selectFrom("app_settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value as T | undefined;
}

/** A setting made once on first use (a random secret, say); concurrent first uses agree on one. */
export async function getOrCreateSetting<T>(key: string, make: () => T): Promise<T> {
  await db
    .insertInto("app_settings")
    .values({ key, value: JSON.stringify(make()) })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  return (await getSetting<T>(key))!;
}
