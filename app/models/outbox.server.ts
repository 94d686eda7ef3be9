import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
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
};

/**
 * Queues a message for delivery. Call it inside the transaction that records what the message
 * is about, so the record and the message commit or fail together. A later issue delivers it.
 */
export async function enqueueOutbox(trx: Transaction<Database> | typeof db, entry: OutboxEntry): Promise<string> {
  const row = await trx
    .insertInto("outbox")
    .values({
      kind: entry.kind,
      to: entry.to,
      subject: entry.subject ?? "",
      body: entry.body ?? "",
      payload: JSON.stringify(entry.payload ?? {}),
      created_at: entry.at ?? new Date(),
      sent_at: entry.sentAt ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return String(row.id);
}
