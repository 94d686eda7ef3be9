import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { db } from "~/db.server";
import type { Role, User } from "../../db/schema";
import { isDemoMode } from "../../db/setup";
import { decoyHash, hashPassword, needsRehash, verifyPassword } from "~/utils/password.server";
import { singleton } from "~/utils/singleton.server";
import { recordAudit } from "./audit.server";
import { DEMO_PASSWORD } from "./demo-users";

export type SafeUser = Pick<User, "id" | "email" | "name" | "role" | "locale">;

const SESSION_DAYS = 14;

/**
 * Sign-in throttling, after the OWASP Authentication Cheat Sheet ("device cookies"): failures
 * are counted per key, and past a free allowance each further try waits 2^n seconds (capped).
 * Keys: the account as seen from unknown browsers (`email:`), one known browser (`device:`: a
 * browser that signed in to this account before) and the client address (`ip:`). After
 * `lockAfter` failures from unknown browsers the account is locked for them, even with the right
 * password; a known browser still signs in (and lifts the lock), and so can an admin on the users
 * page. Strangers guessing can thus slow down, but never lock out, a user on their own browser.
 */
export const LOGIN_POLICY = {
  free: { email: 5, device: 5, ip: 30 },
  lockAfter: 10,
  maxWaitSeconds: 15 * 60,
  // A key's count starts over after this long without a failure.
  forgetAfterHours: 24,
} as const;

type KeyKind = keyof typeof LOGIN_POLICY.free;
type FailureRow = { key: string; count: number; last_at: Date };

const isFresh = (row: FailureRow, now: Date) => now.getTime() - row.last_at.getTime() < LOGIN_POLICY.forgetAfterHours * 3600_000;

/** Seconds this key must still wait before its next try (0: it may try now). */
export function backoffSeconds(kind: KeyKind, row: FailureRow | undefined, now: Date): number {
  if (!row || !isFresh(row, now)) return 0;
  const over = row.count - LOGIN_POLICY.free[kind];
  if (over < 0) return 0;
  const wait = Math.min(2 ** (over + 1), LOGIN_POLICY.maxWaitSeconds);
  return Math.max(0, Math.ceil((row.last_at.getTime() + wait * 1000 - now.getTime()) / 1000));
}

/** Whether demo users may sign in: decided once per process (app/server.ts decides it before it sets NODE_ENV). */
export function demoAllowed(): boolean {
  return singleton("demoMode", () => isDemoMode());
}

export type KnownDevice = { userId: string; nonce: string };
export type SignInResult =
  | { kind: "ok"; user: SafeUser; device: KnownDevice }
  | { kind: "failed" }
  | { kind: "wait"; seconds: number }
  | { kind: "locked" }
  | { kind: "demoRefused" };

export async function signIn(
  input: { email: string; password: string; address: string; device: KnownDevice | null },
  now = new Date(),
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  // Production never accepts the published demo password, whoever it belongs to.
  if (!demoAllowed() && input.password === DEMO_PASSWORD) return { kind: "demoRefused" };
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "name", "role", "locale", "password_hash", "is_demo"])
    .where("email", "=", email)
    .executeTakeFirst();
  const known = input.device && user && input.device.userId === user.id ? input.device : null;
  const accountKey = known ? `device:${known.nonce}` : `email:${email}`;
  const checked: [KeyKind, string][] = known ? [["device", accountKey]] : [["email", accountKey], ["ip", `ip:${input.address}`]];
  const rows = await db
    .selectFrom("login_failures")
    .select(["key", "count", "last_at"])
    .where("key", "in", [...checked.map(([, key]) => key), `email:${email}`])
    .execute();
  const row = (key: string) => rows.find((r) => r.key === key);
  const wait = Math.max(...checked.map(([kind, key]) => backoffSeconds(kind, row(key), now)));
  if (wait > 0) return { kind: "wait", seconds: wait };
  const emailRow = row(`email:${email}`);
  // Locked for unknown browsers: refused before the password is looked at, so it tells nothing.
  if (!known && emailRow && isFresh(emailRow, now) && emailRow.count >= LOGIN_POLICY.lockAfter) return { kind: "locked" };
  if (user?.is_demo && !demoAllowed()) return { kind: "demoRefused" };
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await decoyHash()));
  if (!user || !ok) {
    await recordLoginFailures(checked.map(([, key]) => key), now);
    return { kind: "failed" };
  }
  // A hash made with older parameters is replaced now, while the password is at hand.
  const rehashed = needsRehash(user.password_hash) ? await hashPassword(input.password) : null;
  await db.transaction().execute(async (trx) => {
    // A known browser's success lifts the account's lock too; an unknown one's clears only its own
    // count (the address's count stays, so a guesser cannot reset it with one good account).
    await trx.deleteFrom("login_failures").where("key", "in", known ? [accountKey, `email:${email}`] : [accountKey]).execute();
    if (rehashed) {
      await trx.updateTable("users").set({ password_hash: rehashed }).where("id", "=", user.id).where("password_hash", "=", user.password_hash).execute();
    }
  });
  const { password_hash: _hash, is_demo: _demo, ...safe } = user;
  return { kind: "ok", user: safe, device: known ?? { userId: user.id, nonce: randomBytes(18).toString("base64url") } };
}

async function recordLoginFailures(keys: string[], now: Date): Promise<void> {
  const forgetBefore = new Date(now.getTime() - LOGIN_POLICY.forgetAfterHours * 3600_000);
  await db.transaction().execute(async (trx) => {
    for (const key of keys) {
      await trx
        .insertInto("login_failures")
        .values({ key, count: 1, first_at: now, last_at: now })
        .onConflict((oc) =>
          oc.column("key").doUpdateSet({
            // A failure long after the last one starts the count over.
            count: sql`CASE WHEN login_failures.last_at < ${forgetBefore} THEN 1 ELSE login_failures.count + 1 END`,
            first_at: sql`CASE WHEN login_failures.last_at < ${forgetBefore} THEN ${now} ELSE login_failures.first_at END`,
            last_at: now,
          }),
        )
        .execute();
    }
  });
}

export type UserListRow = SafeUser & { isDemo: boolean; failures: number; locked: boolean; lastFailureAt: Date | null };

/** Every staff user with the sign-in failures unknown browsers made on the account (admin's users page). */
export async function listUsers(now = new Date()): Promise<UserListRow[]> {
  const rows = await db
    .selectFrom("users")
    .leftJoin("login_failures", (join) => join.on("login_failures.key", "=", sql<string>`'email:' || users.email`))
    .select(["users.id", "users.email", "users.name", "users.role", "users.locale", "users.is_demo", "login_failures.count", "login_failures.last_at"])
    .orderBy("users.email")
    .execute();
  return rows.map((r) => {
    const fresh = r.last_at && r.count !== null ? isFresh({ key: "", count: r.count, last_at: r.last_at }, now) : false;
    const failures = fresh ? r.count ?? 0 : 0;
    return {
      id: r.id,
      email: r.email,
      name: r.name,
      role: r.role,
      locale: r.locale,
      isDemo: r.is_demo,
      failures,
      locked: failures >= LOGIN_POLICY.lockAfter,
      lastFailureAt: fresh ? r.last_at : null,
    };
  });
}

/** An admin lifts a lock: the account's failure count from unknown browsers starts over. */
export async function unlockUser(adminId: string, userId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select(["id", "email"]).where("id", "=", userId).executeTakeFirst();
    if (!user) return false;
    const cleared = await trx.deleteFrom("login_failures").where("key", "=", `email:${user.email}`).returning("count").executeTakeFirst();
    await recordAudit(trx, { userId: adminId, action: "user.unlock", targetType: "user", targetId: user.id, detail: { failures: cleared?.count ?? 0 } });
    return true;
  });
}

export async function createUser(input: { email: string; name: string; role: Role; password: string; demo?: boolean }) {
  const password_hash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto("users")
      .values({ email: input.email.trim().toLowerCase(), name: input.name, role: input.role, password_hash, is_demo: input.demo ?? false })
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
