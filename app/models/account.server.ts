import { db } from "~/db.server";

/** Customer accounts to pick from (single-use links), grouped by tier then name. */
export async function listAccounts() {
  return db
    .selectFrom("accounts")
    .select(["id", "name", "email", "tier", "region", "plan", "locale"])
    .orderBy("tier")
    .orderBy("name")
    .orderBy("id")
    .execute();
}

export type AccountRow = Awaited<ReturnType<typeof listAccounts>>[number];
