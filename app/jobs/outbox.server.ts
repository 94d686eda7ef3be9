// Delivers the outbox: email over SMTP (SMTP_URL, nodemailer) and webhooks over HTTP POST,
// at least once, with backoff. Rows are claimed with a lease (models/outbox.server.ts), so the
// worker may run in several processes.
import nodemailer, { type Transporter } from "nodemailer";
import { claimDueOutbox, markOutboxAttemptFailed, markOutboxSent } from "~/models/outbox.server";
import type { Job } from "./runner.server";

/** Minutes to wait after the n-th failed attempt; past the list the message is given up. */
export const retryMinutes = [1, 5, 30, 120, 720];
const LEASE_MS = 5 * 60_000;

export function mailConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env.SMTP_URL;
}

let transport: { url: string; transporter: Transporter } | null = null;
function mailer(url: string): Transporter {
  if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport(url) };
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

export type DeliveryRun = { claimed: number; sent: number; failed: number };

/**
 * One pass: claims what is due and sends it. Email waits in the queue while no SMTP_URL is set
 * (it is not claimed, so it loses no attempts).
 */
export async function deliverDueOutbox(opts: { now?: Date; limit?: number } = {}): Promise<DeliveryRun> {
  const now = opts.now ?? new Date();
  const kinds: ("email" | "webhook")[] = mailConfigured() ? ["email", "webhook"] : ["webhook"];
  const rows = await claimDueOutbox({ now, leaseUntil: new Date(now.getTime() + LEASE_MS), limit: opts.limit ?? 20, kinds });
  const run: DeliveryRun = { claimed: rows.length, sent: 0, failed: 0 };
  for (const row of rows) {
    try {
      await send(row);
      await markOutboxSent(row.id, new Date());
      run.sent++;
    } catch (e) {
      const wait = retryMinutes[row.attempts - 1];
      const retryAt = wait === undefined ? null : new Date(now.getTime() + wait * 60_000);
      await markOutboxAttemptFailed(row.id, e instanceof Error ? e.message : String(e), now, retryAt);
      run.failed++;
    }
  }
  return run;
}

/** Started with the server by the job runner: a pass every 5 s. */
export const outboxJob: Job = { name: "outbox", everyMs: 5_000, run: (now) => deliverDueOutbox({ now }) };
