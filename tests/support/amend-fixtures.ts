import type { Kysely } from "kysely";
import type { ProposalChange } from "../../analysis/review";
import { isAdverse } from "../../analysis/review";
import type { Database } from "../../db/schema";

/**
 * A decided review meeting of an SLA with the given proposals, written directly (the meeting
 * and voting pages are another piece of work): what composeAmendment starts from.
 */
export async function insertDecidedMeeting(
  db: Kysely<Database>,
  opts: {
    slaId: string;
    userId: string;
    status?: "scheduled" | "open" | "decided" | "closed";
    scheduledFor?: Date;
    proposals: { change: ProposalChange; rationale: string; status?: "approved" | "rejected" | "open"; citations?: unknown[] }[];
  },
): Promise<{ meetingId: string; proposalIds: string[] }> {
  const at = opts.scheduledFor ?? new Date("2026-11-20T01:00:00Z");
  const status = opts.status ?? "decided";
  const meeting = await db
    .insertInto("review_meetings")
    .values({
      sla_id: opts.slaId,
      period_start: "2026-07-01",
      period_end: "2026-09-30",
      scheduled_for: at,
      quorum: 2,
      status,
      opened_at: at,
      decided_at: status === "decided" || status === "closed" ? at : null,
      closed_at: status === "closed" ? at : null,
      created_by: opts.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const proposalIds: string[] = [];
  for (const [i, p] of opts.proposals.entries()) {
    const decided = (p.status ?? "approved") !== "open";
    const row = await db
      .insertInto("proposals")
      .values({
        meeting_id: meeting.id,
        position: i,
        origin: "staff",
        change: JSON.stringify(p.change),
        adverse: isAdverse(p.change),
        rationale: p.rationale,
        citations: JSON.stringify(p.citations ?? []),
        status: p.status ?? "approved",
        decided_at: decided ? at : null,
        created_by: opts.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    proposalIds.push(row.id);
  }
  return { meetingId: meeting.id, proposalIds };
}

/** An account of a tier with contacts (name, email, language). */
export async function insertAccountWithContacts(
  db: Kysely<Database>,
  account: { name: string; tier: string; locale: "ko" | "en"; email?: string | null },
  contacts: { name: string; email: string; locale: "ko" | "en" }[],
): Promise<string> {
  const { id } = await db
    .insertInto("accounts")
    .values({ name: account.name, email: account.email ?? null, tier: account.tier, region: "kr", plan: "annual", locale: account.locale })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (contacts.length) await db.insertInto("contacts").values(contacts.map((c, i) => ({ account_id: id, ...c, position: i }))).execute();
  return id;
}

/** A raw RFC 5322 message (as nodemailer writes it) -> its decoded subject and text body. */
export function decodeMail(raw: string): { subject: string; text: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const header = (name: string) => unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim() ?? "";
  const words = (s: string) =>
    s
      .replace(/\?=\s+=\?/g, "?==?")
      .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
        enc.toLowerCase() === "b" ? Buffer.from(data, "base64").toString("utf8") : qp(data.replace(/_/g, " ")),
      );
  const body = rest.join("\n\n");
  const cte = header("Content-Transfer-Encoding").toLowerCase();
  const text = cte === "base64" ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : cte === "quoted-printable" ? qp(body) : body;
  return { subject: words(header("Subject")), text: text.replace(/\r\n/g, "\n") };
}

function qp(s: string): string {
  const bytes: number[] = [];
  const soft = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}
