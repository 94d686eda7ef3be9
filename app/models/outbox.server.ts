import { sql, type Transaction } from "kysely";
import type { Database, OutboxRow } from "../../db/schema";
import { db } from "~/db.server";
import { enqueue, queueReady } from "~/jobs/queue.server";

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

/** The pg-boss job that delivers one outbox row (app/jobs/outbox.server.ts). */
export const OUTBOX_JOB = "outbox";

/**
 * Queues a message for delivery. Call it inside the transaction that records what the message
 * is about, so the record, the message and its delivery job commit or fail together;
 * app/jobs/outbox.server.ts delivers it.
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
  const id = String(row.id);
  if (!entry.sentAt) await scheduleDelivery(trx, id, at);
  return id;
}

/**
 * The delivery job of one row, in the caller's transaction, not to start before `at`. Without a
 * running queue (a script, the demo seed before the server starts it) there is no job: the
 * sweep (jobs/outbox.server.ts) enqueues due rows that have none. The job carries the row id as
 * its singleton key, which is how the sweep tells a row with a live job.
 */
async function scheduleDelivery(trx: Transaction<Database> | typeof db, id: string, at: Date): Promise<void> {
  if (!queueReady(OUTBOX_JOB)) return;
  await enqueue(OUTBOX_JOB, { outboxId: id }, { trx, singletonKey: id, ...(at.getTime() > Date.now() ? { startAfter: at } : {}) });
}

/**
 * Claims one due message for this worker: its lease (next_attempt_at) moves to `leaseUntil` and
 * the attempt is counted, in one statement. SKIP LOCKED and the lease keep two workers (or two
 * jobs for the same row) from sending it twice; a worker that dies mid-send leaves the row to be
 * retried when the lease ends. Null when the row is sent, given up, not due, leased or of a kind
 * not in `kinds`.
 */
export async function claimOutbox(opts: { id: string; now: Date; leaseUntil: Date; kinds: ("email" | "webhook")[] }): Promise<OutboxRow | null> {
  if (!opts.kinds.length || !/^\d+$/.test(opts.id)) return null;
  const { rows } = await sql<OutboxRow>`
    UPDATE outbox SET next_attempt_at = ${opts.leaseUntil}, attempts = attempts + 1
    WHERE id = (
      SELECT id FROM outbox
      WHERE id = ${opts.id} AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ${opts.now}
        AND kind IN (${sql.join(opts.kinds)})
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`.execute(db);
  return rows[0] ?? null;
}

/** Ids of messages due by `now` (oldest first), for the sweep. */
export async function dueOutboxIds(opts: { now: Date; kinds: ("email" | "webhook")[]; limit: number }): Promise<string[]> {
  if (!opts.kinds.length) return [];
  const rows = await db
    .selectFrom("outbox")
    .select("id")
    .where("sent_at", "is", null)
    .where("failed_at", "is", null)
    .where("next_attempt_at", "<=", opts.now)
    .where("kind", "in", opts.kinds)
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(opts.limit)
    .execute();
  return rows.map((r) => String(r.id));
}

export async function markOutboxSent(id: string, at: Date): Promise<void> {
  await db.updateTable("outbox").set({ sent_at: at, last_error: null }).where("id", "=", id).execute();
}

/**
 * A failed attempt: try again at `retryAt` (its job is queued with the change, so the retry is
 * not lost), or give up (failed_at) when there is none.
 */
export async function markOutboxAttemptFailed(id: string, error: string, at: Date, retryAt: Date | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("outbox")
      .set(retryAt ? { last_error: error.slice(0, 1000), next_attempt_at: retryAt } : { last_error: error.slice(0, 1000), failed_at: at })
      .where("id", "=", id)
      .execute();
    if (retryAt) await scheduleDelivery(trx, id, retryAt);
  });
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
