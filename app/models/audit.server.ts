import { sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { db, type Db } from "~/db.server";
import type { AuditFilter } from "~/schemas/admin";

export type AuditEntry = {
  userId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  detail?: Record<string, unknown>;
};

/** Call inside the transaction that makes the change, so the two commit or fail together. */
export async function recordAudit(trx: Transaction<Database> | Db, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto("audit_events")
    .values({
      user_id: entry.userId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}

export const AUDIT_PAGE_SIZE = 50;

export type AuditRow = {
  id: string;
  at: Date;
  action: string;
  targetType: string;
  targetId: string | null;
  detail: unknown;
  userId: string | null;
  userName: string | null;
};

/** The admin's audit log: newest first, filtered, one page. From/to are days in `timeZone` (the admin's). */
export async function listAuditEvents(filter: AuditFilter, timeZone: string): Promise<{ rows: AuditRow[]; total: number }> {
  let q = db.selectFrom("audit_events").leftJoin("users", "users.id", "audit_events.user_id");
  if (filter.actor === "system") q = q.where("audit_events.user_id", "is", null);
  else if (filter.actor) q = q.where("audit_events.user_id", "=", filter.actor);
  if (filter.action) q = q.where("audit_events.action", "=", filter.action);
  if (filter.entity) q = q.where("audit_events.target_type", "=", filter.entity);
  if (filter.entityId) q = q.where("audit_events.target_id", "=", filter.entityId);
  // The day's bounds are instants where that day starts in the zone; "to" is inclusive.
  if (filter.from) q = q.where("audit_events.at", ">=", sql<Date>`(${filter.from}::date::timestamp at time zone ${timeZone})`);
  if (filter.to) q = q.where("audit_events.at", "<", sql<Date>`((${filter.to}::date + 1)::timestamp at time zone ${timeZone})`);
  const { n } = await q.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      "audit_events.id",
      "audit_events.at",
      "audit_events.action",
      "audit_events.target_type",
      "audit_events.target_id",
      "audit_events.detail",
      "audit_events.user_id",
      "users.name as user_name",
    ])
    .orderBy("audit_events.at", "desc")
    .orderBy("audit_events.id", "desc")
    .limit(AUDIT_PAGE_SIZE)
    .offset((filter.page - 1) * AUDIT_PAGE_SIZE)
    .execute();
  return {
    total: Number(n),
    rows: rows.map((r) => ({
      id: String(r.id),
      at: r.at,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      detail: r.detail,
      userId: r.user_id,
      userName: r.user_name,
    })),
  };
}

/** What the filters offer: every user, and the actions and entity kinds that occur. */
export async function auditFilterOptions() {
  const [users, actions, entities] = await Promise.all([
    db.selectFrom("users").select(["id", "name", "email"]).orderBy("name").execute(),
    db.selectFrom("audit_events").select("action").distinct().orderBy("action").execute(),
    db.selectFrom("audit_events").select("target_type").distinct().orderBy("target_type").execute(),
  ]);
  return { users, actions: actions.map((a) => a.action), entities: entities.map((e) => e.target_type) };
}
