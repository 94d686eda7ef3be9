import { sql, type Transaction } from "kysely";
import type { Database, OutboxRow } from "../../db/schema";
import { db } from "~/db.server";

export type OutboxEntry = {
  kind: "email" | "webhook";
  to: string;
  subject?: string;
  body?: string;
  payload?: Record<string, unknown>;
  at?: Date;
  /** Seed data only: history that was already delivered. */
  sentAt?: Date | null;
  /** The notice this email tells (notice.server.ts), for its delivery status and resend. */
  noticeId?: string | null;
};

/**
 * Queues a message for delivery. Call it inside the transaction that records what the message
 * is about, so the record and the message commit or fail together; app/jobs/outbox.server.ts
 * delivers it.
 */
export async function enqueueOutbox(trx: Transaction<Database> | typeof db, entry: OutboxEntry): Promise<string> {
  const at = entry.at ?? new Date();
  const row = await trx
    .insertInto("outbox")
    .values({
      kind: entry.kind,
      to: entry.to,
      subject: entry.subject ?? "",
      body: entry.body ?? "",
      payload: JSON.stringify(entry.payload ?? {}),
      created_at: at,
      next_attempt_at: at,
      sent_at: entry.sentAt ?? null,
      notice_id: entry.noticeId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return String(row.id);
}

/**
 * Claims up to `limit` due messages for one worker: their lease (next_attempt_at) moves to
 * `leaseUntil` and the attempt is counted, in one statement. SKIP LOCKED keeps two workers off
 * the same rows; a worker that dies mid-send leaves the row to be retried when the lease ends.
 */
export async function claimDueOutbox(opts: { now: Date; leaseUntil: Date; limit: number; kinds: ("email" | "webhook")[] }): Promise<OutboxRow[]> {
  if (!opts.kinds.length) return [];
  const { rows } = await sql<OutboxRow>`
    UPDATE outbox SET next_attempt_at = ${opts.leaseUntil}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox
      WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ${opts.now}
        AND kind IN (${sql.join(opts.kinds)})
      ORDER BY next_attempt_at, id
      LIMIT ${opts.limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`.execute(db);
  return rows;
}

export async function markOutboxSent(id: string, at: Date): Promise<void> {
  await db.updateTable("outbox").set({ sent_at: at, last_error: null }).where("id", "=", id).execute();
}

/** A failed attempt: try again at `retryAt`, or give up (failed_at) when there is none. */
export async function markOutboxAttemptFailed(id: string, error: string, at: Date, retryAt: Date | null): Promise<void> {
  await db
    .updateTable("outbox")
    .set(retryAt ? { last_error: error.slice(0, 1000), next_attempt_at: retryAt } : { last_error: error.slice(0, 1000), failed_at: at })
    .where("id", "=", id)
    .execute();
}

export type DeliveryStatus = Pick<OutboxRow, "id" | "to" | "sent_at" | "failed_at" | "attempts" | "last_error" | "next_attempt_at">;

/** Delivery state of the messages queued for one case, newest first. */
export async function outboxForCase(caseId: string): Promise<DeliveryStatus[]> {
  return db
    .selectFrom("outbox")
    .select(["id", "to", "sent_at", "failed_at", "attempts", "last_error", "next_attempt_at"])
    .where(sql<boolean>`payload->>'caseId' = ${caseId}`)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
}
