// Demo data only: a past review meeting of the demo SLA (decided, then closed) with one approved
// proposal, its amendment composed and published, and the notices sent, so `npm start` shows a
// change log, a meeting link and a customer notice page. Called by seedDemoSla between version 1
// and the open draft; does nothing when an amendment exists already.
import type { ProposalChange } from "../../analysis/review";
import { isAdverse } from "../../analysis/review";
import { db } from "~/db.server";
import { composeAmendment } from "./amendment.server";
import { defaultBaseUrl } from "./notice.server";
import { localDateAfter, localMidnight, publishVersion } from "./sla.server";

const DAY = 86_400_000;

/** The approved change: what the evening-outage complaints asked for first. */
export const demoAmendmentChange: ProposalChange = {
  kind: "duty_add",
  side: "provider",
  text: { ko: "P1 장애는 해결 후 5영업일 안에 원인 분석 보고서를 보냅니다", en: "Send a root-cause report within 5 business days of resolving a P1 outage" },
};

/** Returns the published amendment's version id (null when there was nothing to do). */
export async function seedDemoAmendment(slaId: string, now = new Date()): Promise<string | null> {
  if (await db.selectFrom("sla_versions").select("id").where("sla_id", "=", slaId).where("meeting_id", "is not", null).executeTakeFirst()) return null;
  const managers = await db.selectFrom("users").select("id").where("role", "in", ["manager", "admin"]).orderBy("role", "desc").orderBy("created_at").limit(2).execute();
  if (!managers.length) return null;
  const chair = managers[0].id;
  const heldAt = new Date(now.getTime() - 40 * DAY);
  const publishedAt = new Date(heldAt.getTime() + 2 * DAY);
  const periodEnd = localDateAfter(heldAt, -10, "Asia/Seoul");
  const periodStart = localDateAfter(heldAt, -100, "Asia/Seoul");

  const meeting = await db
    .insertInto("review_meetings")
    .values({
      sla_id: slaId,
      period_start: periodStart,
      period_end: periodEnd,
      scheduled_for: heldAt,
      quorum: Math.max(1, managers.length),
      status: "decided",
      notes: "",
      opened_at: heldAt,
      decided_at: heldAt,
      created_by: chair,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("review_attendees").values(managers.map((m) => ({ meeting_id: meeting.id, user_id: m.id }))).execute();
  const proposal = await db
    .insertInto("proposals")
    .values({
      meeting_id: meeting.id,
      position: 0,
      origin: "staff",
      change: JSON.stringify(demoAmendmentChange),
      adverse: isAdverse(demoAmendmentChange),
      // One rationale text for every reader, so the demo writes it in both languages.
      rationale:
        "이번 분기 P1 장애 뒤, 고객사들은 원인을 너무 늦게 알았다고 말했습니다. P1 장애를 해결하면 5영업일 안에 원인 분석 보고서를 보냅니다.\n\nAfter the P1 outages of the quarter, customers told us they learnt the cause too late. We will send a root-cause report within 5 business days of resolving each P1 outage.",
      citations: JSON.stringify([]),
      status: "open",
      created_by: chair,
      created_at: heldAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  // Votes go in while the proposal is open; deciding it makes both immutable.
  await db
    .insertInto("votes")
    .values(managers.map((m) => ({ proposal_id: proposal.id, user_id: m.id, choice: "approve" as const, comment: "", cast_at: heldAt })))
    .execute();
  await db.updateTable("proposals").set({ status: "approved", decided_at: heldAt }).where("id", "=", proposal.id).execute();

  const { versionId } = await composeAmendment(meeting.id, chair, heldAt);
  // Favourable to customers, but given the usual 30 days' notice all the same.
  const effective = localMidnight(localDateAfter(publishedAt, 30, "Asia/Seoul"), "Asia/Seoul");
  await publishVersion(chair, versionId, effective, publishedAt, { baseUrl: defaultBaseUrl() });
  // The notices went out at the time: their emails are history, not waiting mail.
  const notices = await db.selectFrom("notices").select("id").where("sla_version_id", "=", versionId).execute();
  if (notices.length) {
    await db
      .updateTable("outbox")
      .set({ created_at: publishedAt, next_attempt_at: publishedAt, sent_at: new Date(publishedAt.getTime() + 60_000), attempts: 1 })
      .where("notice_id", "in", notices.map((n) => n.id))
      .execute();
  }
  await db.updateTable("review_meetings").set({ status: "closed", closed_at: publishedAt, updated_at: publishedAt }).where("id", "=", meeting.id).execute();
  return versionId;
}
