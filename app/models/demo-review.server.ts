import { db } from "~/db.server";
import { openMeeting, scheduleMeeting } from "./review.server";
import { localDateAfter } from "./sla.server";

/**
 * One open review meeting for the demo SLA, its evidence pack frozen, so the review board is
 * populated on a first start: the last 90 days (while version 1 has been in force), today at
 * 10:00 in the SLA's zone, every manager and admin attending. Does nothing when the SLA already
 * has a meeting, or when there are not two people who could attend.
 */
export async function seedDemoReview(now = new Date()): Promise<void> {
  const sla = await db.selectFrom("slas").select("id").orderBy("created_at").limit(1).executeTakeFirst();
  if (!sla) return;
  if (await db.selectFrom("review_meetings").select("id").where("sla_id", "=", sla.id).limit(1).executeTakeFirst()) return;
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
}
