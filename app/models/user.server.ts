import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { db } from "~/db.server";
import type { Role, User } from "../../db/schema";
import { decoyHash, hashPassword, verifyPassword } from "~/utils/password.server";
import { recordAudit } from "./audit.server";

export type SafeUser = Pick<User, "id" | "email" | "name" | "role" | "locale">;

const SESSION_DAYS = 14;
// Wrong passwords within the window lock a key for the window's remainder: five for one email,
// more for one client address (an office behind one address has many people).
export const LOGIN_WINDOW_MINUTES = 15;
export type ThrottleKey = { key: string; max: number };
export function loginThrottleKeys(email: string, address: string): ThrottleKey[] {
  return [
    { key: `email:${email.trim().toLowerCase()}`, max: 5 },
    { key: `ip:${address}`, max: 30 },
  ];
}

export async function createUser(input: { email: string; name: string; role: Role; password: string }) {
  const password_hash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto("users")
      .values({ email: input.email.trim().toLowerCase(), name: input.name, role: input.role, password_hash })
      .returning(["id", "email", "name", "role", "locale"])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { userId: null, action: "user.create", targetType: "user", targetId: user.id, detail: { role: user.role } });
    return user;
  });
}

export async function countUsers(): Promise<number> {
  const row = await db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The user for these credentials, or null; an unknown email takes as long as a wrong password. */
export async function verifyLogin(email: string, password: string): Promise<SafeUser | null> {
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "name", "role", "locale", "password_hash"])
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? decoyHash);
  if (!user || !ok) return null;
  const { password_hash: _ignored, ...safe } = user;
  return safe;
}

/** Minutes until these keys may try again, or 0 when they may try now. */
export async function loginLockMinutes(keys: ThrottleKey[], now = new Date()): Promise<number> {
  const rows = await db.selectFrom("login_failures").selectAll().where("key", "in", keys.map((k) => k.key)).execute();
  let minutes = 0;
  for (const row of rows) {
    const max = keys.find((k) => k.key === row.key)?.max ?? 5;
    const windowEnd = row.first_at.getTime() + LOGIN_WINDOW_MINUTES * 60_000;
    if (row.count >= max && windowEnd > now.getTime()) {
      minutes = Math.max(minutes, Math.ceil((windowEnd - now.getTime()) / 60_000));
    }
  }
  return minutes;
}

export async function recordLoginFailure(keys: ThrottleKey[], now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - LOGIN_WINDOW_MINUTES * 60_000);
  await db.transaction().execute(async (trx) => {
    for (const { key } of keys) {
      await trx
        .insertInto("login_failures")
        .values({ key, count: 1, first_at: now, last_at: now })
        .onConflict((oc) =>
          oc.column("key").doUpdateSet({
            // A failure after the window has passed starts a new window.
            count: sql`CASE WHEN login_failures.first_at < ${windowStart} THEN 1 ELSE login_failures.count + 1 END`,
            first_at: sql`CASE WHEN login_failures.first_at < ${windowStart} THEN ${now} ELSE login_failures.first_at END`,
            last_at: now,
          }),
        )
        .execute();
    }
  });
}

/** After a good sign-in only the email's count is cleared: a guesser cannot reset the address's. */
export async function clearLoginFailures(keys: ThrottleKey[]): Promise<void> {
  await db.deleteFrom("login_failures").where("key", "in", keys.filter((k) => k.key.startsWith("email:")).map((k) => k.key)).execute();
}

export async function createSession(userId: string): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  const expires = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("sessions").values({ id, user_id: userId, expires_at: expires }).execute();
    await recordAudit(trx, { userId, action: "session.create", targetType: "user", targetId: userId });
  });
  return id;
}

export async function getUserBySession(sessionId: string): Promise<SafeUser | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.email", "users.name", "users.role", "users.locale"])
    .where("sessions.id", "=", sessionId)
    .where("sessions.expires_at", ">", new Date())
    .executeTakeFirst();
  return row ?? null;
}

export async function deleteSession(sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}
