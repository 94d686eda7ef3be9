// Delivers the outbox: email over SMTP (SMTP_URL, nodemailer) and webhooks over HTTP POST,
// at least once, with backoff. Each row has a pg-boss job (queued with the row, in its
// transaction; see models/outbox.server.ts); the worker claims the row with a lease, so two
// workers (or two jobs for one row) never send it twice. A failed attempt queues the next job
// for its retry time. A slow sweep queues a job for any due row that has none (written while no
// queue ran, or its job lost), so every committed row is delivered.
import nodemailer, { type Transporter } from "nodemailer";
import { claimOutbox, dueOutboxIds, markOutboxAttemptFailed, markOutboxSent, OUTBOX_JOB } from "~/models/outbox.server";
import { enqueue, liveJobKeys, queueReady, type WorkerOptions } from "./queue.server";
import type { Job } from "./runner.server";

/** Minutes to wait after the n-th failed attempt; past the list the message is given up. */
export const retryMinutes = [1, 5, 30, 120, 720];
const LEASE_MS = 5 * 60_000;

export function mailConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env.SMTP_URL;
}

let transport: { url: string; transporter: Transporter } | null = null;
function mailer(url: string): Transporter {
  // Timeouts well inside the lease, so a hung server cannot outlast it and let a second worker send.
  if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport({ url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 }) };
  return transport.transporter;
}

async function send(row: { kind: "email" | "webhook"; to: string; subject: string; body: string; payload: Record<string, unknown> }) {
  if (row.kind === "email") {
    await mailer(process.env.SMTP_URL!).sendMail({
      from: process.env.SMTP_FROM || "Trustloop <no-reply@trustloop.local>",
      to: row.to,
      subject: row.subject,
      text: row.body,
    });
    return;
  }
  const res = await fetch(row.to, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(row.payload),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
}

/** Kinds that can be delivered now: email waits (unclaimed, losing no attempt) while no SMTP_URL is set. */
function deliverableKinds(): ("email" | "webhook")[] {
  return mailConfigured() ? ["email", "webhook"] : ["webhook"];
}

/**
 * One attempt at one row, at `now`: "skipped" when it is not for this attempt (sent, given up,
 * not due, leased by another worker, or email without SMTP_URL).
 */
export async function deliverOutbox(id: string, now = new Date()): Promise<"sent" | "failed" | "skipped"> {
  const row = await claimOutbox({ id, now, leaseUntil: new Date(now.getTime() + LEASE_MS), kinds: deliverableKinds() });
  if (!row) return "skipped";
  try {
    await send(row);
    await markOutboxSent(row.id, new Date());
    return "sent";
  } catch (e) {
    const wait = retryMinutes[row.attempts - 1];
    const retryAt = wait === undefined ? null : new Date(now.getTime() + wait * 60_000);
    await markOutboxAttemptFailed(row.id, e instanceof Error ? e.message : String(e), now, retryAt);
    return "failed";
  }
}

/** The pg-boss handler (registered in workers.server.ts). */
export const outboxJobHandler = async (data: { outboxId: string }) => deliverOutbox(String(data.outboxId));

/**
 * pg-boss retries only a handler that threw (the database went away mid-attempt), soon; SMTP
 * failures are not thrown, they follow retryMinutes. A job still active after the lease counts
 * as failed and is retried, by when the row is claimable again.
 */
export const outboxWorkerOptions: WorkerOptions = { retryLimit: 3, retryDelay: 10, expireInSeconds: LEASE_MS / 1000 };

/**
 * Queues a delivery job for each due row (up to `limit`, oldest first) that has no live job.
 * Returns how many it queued. Nothing without a running queue.
 */
export async function sweepOutbox(now = new Date(), limit = 500): Promise<number> {
  if (!queueReady(OUTBOX_JOB)) return 0;
  const ids = await dueOutboxIds({ now, kinds: deliverableKinds(), limit });
  const live = await liveJobKeys(OUTBOX_JOB, ids);
  let queued = 0;
  for (const id of ids) {
    if (live.has(id)) continue;
    await enqueue(OUTBOX_JOB, { outboxId: id }, { singletonKey: id });
    queued++;
  }
  return queued;
}

/** Started with the server by the job runner (and once at start): a cheap pass every minute. */
export const outboxSweepJob: Job = { name: "outbox-sweep", everyMs: 60_000, run: (now) => sweepOutbox(now) };
