import { db } from "~/db.server";
import { createStaffProposal, draftProposalsFromPack } from "./proposal.server";
import { openMeeting, scheduleMeeting } from "./review.server";
import { getVersionInForce, localDateAfter } from "./sla.server";

/**
 * One open review meeting for the demo SLA, its evidence pack frozen, so the review board is
 * populated on a first start: the last 90 days (while version 1 has been in force), today at
 * 10:00 in the SLA's zone, every manager and admin attending. Does nothing when the SLA already
 * has a meeting, or when there are not two people who could attend.
 */
export async function seedDemoReview(now = new Date()): Promise<void> {
  const sla = await db.selectFrom("slas").select("id").orderBy("created_at").limit(1).executeTakeFirst();
  if (!sla) return;
  // The past, closed meeting of demo-amendment.server.ts does not count: this one is the open one.
  if (await db.selectFrom("review_meetings").select("id").where("sla_id", "=", sla.id).where("status", "!=", "closed").limit(1).executeTakeFirst()) return;
  const attendees = await db.selectFrom("users").select(["id", "role"]).where("role", "in", ["manager", "admin"]).orderBy("role", "desc").execute();
  const analyst = await db.selectFrom("users").select("id").where("role", "=", "analyst").executeTakeFirst();
  if (attendees.length < 2) return;
  const zone = "Asia/Seoul";
  const id = await scheduleMeeting(
    analyst?.id ?? attendees[0].id,
    {
      slaId: sla.id,
      periodStart: localDateAfter(now, -90, zone),
      periodEnd: localDateAfter(now, -1, zone),
      date: localDateAfter(now, 0, zone),
      time: "10:00",
      attendees: attendees.map((a) => a.id),
      quorum: null,
      notes: "분기 검토: 저녁 시간대 장애 불만과 P2 첫 응답 지연을 먼저 봅니다.\nQuarterly review: evening outages and slow P2 first responses first.",
    },
    now,
  );
  // The manager (not the admin) opens it, as on the board.
  await openMeeting(attendees[0].id, id, now);
  // Proposals to vote on: what the rules draft from the frozen pack, and one an analyst wrote by
  // hand with its evidence (the demo complaints about slow P2 first responses).
  const author = analyst?.id ?? attendees[0].id;
  await draftProposalsFromPack(author, id, "ko");
  const version = await getVersionInForce({ slaId: sla.id }, now);
  const p2 = version?.objectives.find((o) => o.kind === "first_response" && o.priority === "p2");
  const from = p2 ? (p2.unit === "hours" ? p2.target * 60 : p2.target) : 0;
  if (from > 60) {
    const quotes = await db
      .selectFrom("feedback_items")
      .select(["text"])
      .where("score", "<=", 6)
      .where("source", "=", "survey")
      .orderBy("occurred_at", "desc")
      .limit(2)
      .execute();
    await createStaffProposal(
      author,
      id,
      { kind: "time_target", objective: "first_response", priority: "p2", from, to: Math.round(from / 2) },
      "P2 첫 응답이 늦다는 불만이 분기 내내 이어졌습니다. 목표를 절반으로 줄이고 당번 인원을 늘립니다.\nComplaints about slow P2 first responses ran all quarter: halve the target and staff the rota for it.",
      quotes.map((q) => ({ kind: "quote" as const, text: q.text, source: "Survey" })),
    );
  }
}
