import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import { db } from "~/db.server";
import type { Role, User } from "../../db/schema";
import { isDemoMode } from "../../db/setup";
import { decoyHash, hashPassword, needsRehash, verifyPassword } from "~/utils/password.server";
import { singleton } from "~/utils/singleton.server";
import { recordAudit } from "./audit.server";
import { enqueueOutbox } from "./outbox.server";
import { DEMO_PASSWORD } from "./demo-users";

export type SafeUser = Pick<User, "id" | "email" | "name" | "role" | "locale"> & { time_zone?: string | null; must_change_password?: boolean };

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
  | { kind: "deactivated" }
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
    .select(["id", "email", "name", "role", "locale", "password_hash", "is_demo", "deactivated_at"])
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
  // Said only after the right password, so it tells a guesser nothing.
  if (user.deactivated_at) return { kind: "deactivated" };
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
  const { password_hash: _hash, is_demo: _demo, deactivated_at: _off, ...safe } = user;
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

export type UserStatus = "active" | "invited" | "deactivated";
export type UserListRow = SafeUser & {
  isDemo: boolean;
  failures: number;
  locked: boolean;
  lastFailureAt: Date | null;
  status: UserStatus;
  lastSignInAt: Date | null;
};

/** A password hash no password matches: an invited user has none until they follow their link. */
const NO_PASSWORD = "!none";

function statusOf(row: { deactivated_at: Date | null; password_hash: string }): UserStatus {
  return row.deactivated_at ? "deactivated" : row.password_hash === NO_PASSWORD ? "invited" : "active";
}

/** Every staff user with the sign-in failures unknown browsers made on the account (admin's users page). */
export async function listUsers(now = new Date()): Promise<UserListRow[]> {
  const rows = await db
    .selectFrom("users")
    .leftJoin("login_failures", (join) => join.on("login_failures.key", "=", sql<string>`'email:' || users.email`))
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.role",
      "users.locale",
      "users.is_demo",
      "users.deactivated_at",
      "users.password_hash",
      "users.last_sign_in_at",
      "login_failures.count",
      "login_failures.last_at",
    ])
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
      status: statusOf(r),
      lastSignInAt: r.last_sign_in_at,
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
    await trx.updateTable("users").set({ last_sign_in_at: new Date() }).where("id", "=", userId).execute();
    await recordAudit(trx, { userId, action: "session.create", targetType: "user", targetId: userId });
  });
  return id;
}

export async function getUserBySession(sessionId: string): Promise<SafeUser | null> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.email", "users.name", "users.role", "users.locale", "users.time_zone", "users.must_change_password"])
    .where("sessions.id", "=", sessionId)
    .where("sessions.expires_at", ">", new Date())
    // Deactivating deletes the sessions too; this keeps a deactivated user out whatever happens.
    .where("users.deactivated_at", "is", null)
    .executeTakeFirst();
  return row ?? null;
}

export async function deleteSession(sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

// ---- Admin screens: invite, roles, deactivate, one-time links ----

/** A one-time link (invite or password reset) is valid this long, and once. */
export const ONE_TIME_LINK_HOURS = 72;

export class UserAdminError extends Error {
  constructor(readonly code: "notFound" | "lastAdmin" | "emailTaken" | "self") {
    super(code);
  }
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

type Trx = Parameters<Parameters<ReturnType<typeof db.transaction>["execute"]>[0]>[0];

/** The mail a one-time link goes out in (when mail is configured), in the admin's words. */
export type LinkMail = { subject: string; body: (url: string) => string } | null;

/**
 * Issues a one-time link for `userId`: earlier unused links of the user stop working, and only
 * the token's SHA-256 is stored. With `mail`, the link also goes to the user through the outbox,
 * in the same transaction.
 */
async function issueToken(
  trx: Trx,
  opts: { userId: string; email: string; purpose: "invite" | "reset"; by: string; origin: string; mail: LinkMail; now: Date },
): Promise<{ url: string; expiresAt: Date }> {
  await trx.updateTable("user_tokens").set({ used_at: opts.now }).where("user_id", "=", opts.userId).where("used_at", "is", null).execute();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(opts.now.getTime() + ONE_TIME_LINK_HOURS * 3600_000);
  await trx
    .insertInto("user_tokens")
    .values({ user_id: opts.userId, token_hash: hashToken(token), purpose: opts.purpose, created_by: opts.by, created_at: opts.now, expires_at: expiresAt })
    .execute();
  const url = `${opts.origin}/set-password/${token}`;
  if (opts.mail) {
    await enqueueOutbox(trx, { kind: "email", to: opts.email, subject: opts.mail.subject, body: opts.mail.body(url), payload: { userId: opts.userId, purpose: opts.purpose }, at: opts.now });
  }
  return { url, expiresAt };
}

/**
 * Locks the active admin rows (in id order) for the rest of the transaction, before anything else
 * is locked: two admins demoting each other at once queue here instead of deadlocking, and the
 * second sees the first one's change (READ COMMITTED re-checks the WHERE of a row it waited for),
 * so the last active admin is never removed. Returns a check to call once the target is known.
 */
async function lockAdmins(trx: Trx): Promise<(userId: string) => void> {
  const admins = await trx
    .selectFrom("users")
    .select("id")
    .where("role", "=", "admin")
    .where("deactivated_at", "is", null)
    .orderBy("id")
    .forUpdate()
    .execute();
  return (userId) => {
    if (admins.some((a) => a.id === userId) && admins.length <= 1) throw new UserAdminError("lastAdmin");
  };
}

async function lockUser(trx: Trx, userId: string) {
  const user = await trx
    .selectFrom("users")
    .select(["id", "email", "name", "role", "deactivated_at", "password_hash"])
    .where("id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  if (!user) throw new UserAdminError("notFound");
  return user;
}

/** Creates a user without a password and a one-time link that lets them set one. */
export async function inviteUser(
  adminId: string,
  input: { name: string; email: string; role: Role },
  opts: { origin: string; mail: LinkMail; now?: Date },
): Promise<{ userId: string; url: string; expiresAt: Date }> {
  const now = opts.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    if (taken) throw new UserAdminError("emailTaken");
    const user = await trx
      .insertInto("users")
      .values({ email, name: input.name, role: input.role, password_hash: NO_PASSWORD })
      .returning("id")
      .executeTakeFirstOrThrow();
    const link = await issueToken(trx, { userId: user.id, email, purpose: "invite", by: adminId, origin: opts.origin, mail: opts.mail, now });
    await recordAudit(trx, { userId: adminId, action: "user.invite", targetType: "user", targetId: user.id, detail: { role: input.role, mailed: !!opts.mail } });
    return { userId: user.id, ...link };
  });
}

/**
 * Creates a user with the password the admin typed (they tell it to the user themselves); the
 * user must change it at first sign-in. No link is made, and earlier links cannot exist.
 */
export async function createUserWithPassword(adminId: string, input: { name: string; email: string; role: Role; password: string }): Promise<{ userId: string }> {
  const email = input.email.trim().toLowerCase();
  const password_hash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
    if (taken) throw new UserAdminError("emailTaken");
    const user = await trx
      .insertInto("users")
      .values({ email, name: input.name, role: input.role, password_hash, must_change_password: true })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { userId: adminId, action: "user.create_with_password", targetType: "user", targetId: user.id, detail: { role: input.role, mustChangePassword: true } });
    return { userId: user.id };
  });
}

export type UserDetail = UserListRow & { createdAt: Date; deactivatedAt: Date | null; pendingLinkExpiresAt: Date | null; pendingLinkPurpose: "invite" | "reset" | null };

export async function getUserForAdmin(userId: string, now = new Date()): Promise<UserDetail | null> {
  const row = (await listUsers(now)).find((u) => u.id === userId);
  if (!row) return null;
  const user = await db.selectFrom("users").select(["created_at", "deactivated_at"]).where("id", "=", userId).executeTakeFirstOrThrow();
  const pending = await db
    .selectFrom("user_tokens")
    .select(["expires_at", "purpose"])
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  return { ...row, createdAt: user.created_at, deactivatedAt: user.deactivated_at, pendingLinkExpiresAt: pending?.expires_at ?? null, pendingLinkPurpose: pending?.purpose ?? null };
}

export async function changeUserRole(adminId: string, userId: string, role: Role): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const assertNotLastAdmin = await lockAdmins(trx);
    const user = await lockUser(trx, userId);
    if (user.role === role) return;
    if (role !== "admin") assertNotLastAdmin(userId);
    await trx.updateTable("users").set({ role }).where("id", "=", userId).execute();
    await recordAudit(trx, { userId: adminId, action: "user.role", targetType: "user", targetId: userId, detail: { from: user.role, to: role } });
  });
}

/** Deactivates a user: their sessions end in the same transaction, and sign-in refuses them. */
export async function deactivateUser(adminId: string, userId: string, now = new Date()): Promise<void> {
  if (adminId === userId) throw new UserAdminError("self");
  await db.transaction().execute(async (trx) => {
    const assertNotLastAdmin = await lockAdmins(trx);
    const user = await lockUser(trx, userId);
    if (user.deactivated_at) return;
    assertNotLastAdmin(userId);
    await trx.updateTable("users").set({ deactivated_at: now }).where("id", "=", userId).execute();
    const ended = await trx.deleteFrom("sessions").where("user_id", "=", userId).executeTakeFirst();
    // Links not yet followed must not bring the user back.
    await trx.updateTable("user_tokens").set({ used_at: now }).where("user_id", "=", userId).where("used_at", "is", null).execute();
    await recordAudit(trx, { userId: adminId, action: "user.deactivate", targetType: "user", targetId: userId, detail: { sessionsEnded: Number(ended.numDeletedRows) } });
  });
}

export async function reactivateUser(adminId: string, userId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await lockUser(trx, userId);
    if (!user.deactivated_at) return;
    await trx.updateTable("users").set({ deactivated_at: null }).where("id", "=", userId).execute();
    await recordAudit(trx, { userId: adminId, action: "user.reactivate", targetType: "user", targetId: userId });
  });
}

/** A new one-time link for a user to set a new password (the old password keeps working until then). */
export async function createPasswordResetLink(
  adminId: string,
  userId: string,
  opts: { origin: string; mail: LinkMail; now?: Date },
): Promise<{ url: string; expiresAt: Date }> {
  const now = opts.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const user = await lockUser(trx, userId);
    if (user.deactivated_at) throw new UserAdminError("notFound");
    const purpose = user.password_hash === NO_PASSWORD ? "invite" : "reset";
    const link = await issueToken(trx, { userId, email: user.email, purpose, by: adminId, origin: opts.origin, mail: opts.mail, now });
    await recordAudit(trx, { userId: adminId, action: "user.reset_link", targetType: "user", targetId: userId, detail: { mailed: !!opts.mail } });
    return link;
  });
}

/** Whom a one-time link is for, while it is still valid (the set-password page). */
export async function findOneTimeLink(token: string, now = new Date()): Promise<{ name: string; email: string; purpose: "invite" | "reset" } | null> {
  const row = await db
    .selectFrom("user_tokens")
    .innerJoin("users", "users.id", "user_tokens.user_id")
    .select(["users.name", "users.email", "user_tokens.purpose"])
    .where("user_tokens.token_hash", "=", hashToken(token))
    .where("user_tokens.used_at", "is", null)
    .where("user_tokens.expires_at", ">", now)
    .where("users.deactivated_at", "is", null)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Sets the password through a one-time link, once: the token row is locked and marked used in
 * the transaction that sets the password. The user's other sessions end (a reset after a leak
 * must lock the thief out) and sign-in failures on the account are forgotten.
 */
export async function redeemOneTimeLink(token: string, password: string, now = new Date()): Promise<{ userId: string } | null> {
  const password_hash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("user_tokens")
      .innerJoin("users", "users.id", "user_tokens.user_id")
      .select(["user_tokens.id", "user_tokens.user_id", "user_tokens.purpose", "users.email"])
      .where("user_tokens.token_hash", "=", hashToken(token))
      .where("user_tokens.used_at", "is", null)
      .where("user_tokens.expires_at", ">", now)
      .where("users.deactivated_at", "is", null)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return null;
    await trx.updateTable("user_tokens").set({ used_at: now }).where("id", "=", row.id).execute();
    await trx.updateTable("users").set({ password_hash, must_change_password: false }).where("id", "=", row.user_id).execute();
    await trx.deleteFrom("sessions").where("user_id", "=", row.user_id).execute();
    await trx.deleteFrom("login_failures").where("key", "=", `email:${row.email}`).execute();
    await recordAudit(trx, { userId: row.user_id, action: "user.password_set", targetType: "user", targetId: row.user_id, detail: { purpose: row.purpose } });
    return { userId: row.user_id };
  });
}

// ---- My settings ----

export async function getMySettings(userId: string): Promise<{ locale: "ko" | "en"; timeZone: string | null }> {
  const row = await db.selectFrom("users").select(["locale", "time_zone"]).where("id", "=", userId).executeTakeFirstOrThrow();
  return { locale: row.locale, timeZone: row.time_zone };
}

export async function updateMySettings(userId: string, input: { locale: "ko" | "en"; timeZone: string | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("users").select(["locale", "time_zone"]).where("id", "=", userId).executeTakeFirstOrThrow();
    await trx.updateTable("users").set({ locale: input.locale, time_zone: input.timeZone }).where("id", "=", userId).execute();
    await recordAudit(trx, {
      userId,
      action: "user.settings",
      targetType: "user",
      targetId: userId,
      detail: { from: { locale: before.locale, timeZone: before.time_zone }, to: input },
    });
  });
}

/**
 * A signed-in user changes their own password: the current one is checked first, and every other
 * session of theirs ends (the one in use stays).
 */
export async function changeMyPassword(userId: string, keepSessionId: string | null, current: string, next: string): Promise<boolean> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(current, row.password_hash))) return false;
  const password_hash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ password_hash, must_change_password: false }).where("id", "=", userId).execute();
    let others = trx.deleteFrom("sessions").where("user_id", "=", userId);
    if (keepSessionId) others = others.where("id", "<>", keepSessionId);
    await others.execute();
    await recordAudit(trx, { userId, action: "user.password_change", targetType: "user", targetId: userId });
  });
  return true;
}

/** Active staff by name: owners of process changes, attendees and the like. */
export async function listStaff(): Promise<{ id: string; name: string; role: string }[]> {
  return db.selectFrom("users").select(["id", "name", "role"]).where("deactivated_at", "is", null).orderBy("name").execute();
}
