import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import type { Db } from "~/db.server";

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
