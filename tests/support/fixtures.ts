import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import { hashPassword } from "../../app/utils/password.server";

export const PASSWORD = "correct horse battery";

/** A staff user straight in the table (tests of sign-in itself go through the form). */
export async function insertUser(db: Kysely<Database>, role: Role, email = `${role}@example.test`) {
  return db
    .insertInto("users")
    .values({ email, name: `Test ${role}`, role, password_hash: await hashPassword(PASSWORD) })
    .returning(["id", "email", "role"])
    .executeTakeFirstOrThrow();
}
