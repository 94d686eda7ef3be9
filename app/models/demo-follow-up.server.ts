import { randomUUID } from "node:crypto";
import { caseOutcome } from "../../analysis/sla";
import { mulberry32 } from "../../analysis/random";
import { db } from "~/db.server";
import { casesForReport, insertCaseWithHistory, type DemoStep } from "./case.server";
import { queueFollowUpIn } from "./follow-up.server";
import { monthOf } from "./measurement.server";
import { defaultBaseUrl } from "./notice.server";
import { saveAnswers } from "./response.server";
import { getVersionInForce, localMidnight } from "./sla.server";

const H = 60, D = 24 * 60;
// P3 histories: one meets every objective, one answers two days late (a first-response miss).
const metPlan: DemoStep[] = [
  { kind: "first_response", afterMinutes: 40 },
  { kind: "status", status: "in_progress", afterMinutes: 45 },
  { kind: "status", status: "resolved", afterMinutes: 6 * H },
  { kind: "status", status: "closed", afterMinutes: 2 * D },
];
const breachedPlan: DemoStep[] = [
  { kind: "first_response", afterMinutes: 2 * D },
  { kind: "status", status: "in_progress", afterMinutes: 2 * D + 10 },
  { kind: "status", status: "resolved", afterMinutes: 2 * D + 4 * H },
  { kind: "status", status: "closed", afterMinutes: 3 * D },
];
const titles = [
  { ko: "월말 정산 파일 생성 실패", en: "Month-end settlement file fails" },
  { ko: "API 키 재발급 요청", en: "API key needs reissuing" },
  { ko: "대시보드 수치 불일치", en: "Dashboard figures do not match" },
  { ko: "웹훅 전송 지연", en: "Webhooks arrive late" },
];

/**
 * Follow-ups for the demo: 80 more P3 cases opened in the previous month (about half answered
 * late), then, for every closed demo case, the single-use follow-up link closing sends (emails
 * recorded as sent at closing) and the customer's answer for most of them, through the
 * respondent's own model function: met cases mostly 4-5, breached ones lower. So the compliance
 * report of the previous month and the demo meeting's pack show the follow-up figures with
 * numbers. Call after seedDemoCases and before seedDemoReview; does nothing when a follow-up exists.
 */
export async function seedDemoFollowUps(now = new Date()): Promise<{ sent: number; answered: number }> {
  if (await db.selectFrom("cases").select("id").where("follow_up_link_id", "is not", null).executeTakeFirst()) return { sent: 0, answered: 0 };
  const sla = await db.selectFrom("slas").select(["id", "tiers"]).orderBy("created_at").limit(1).executeTakeFirst();
  const version = sla ? await getVersionInForce({ slaId: sla.id }, now) : null;
  if (!sla || !version) return { sent: 0, answered: 0 };
  const zone = version.calendar.timezone;
  const accounts = await db.selectFrom("accounts").select(["id", "locale"]).where("tier", "in", sla.tiers.length ? sla.tiers : ["-"]).orderBy("name").execute();
  if (!accounts.length) return { sent: 0, answered: 0 };
  const rng = mulberry32(20261203);

  // The previous month, 10:00 local on its 1st..25th: every history below is closed by now.
  const [y, m] = monthOf(now, zone).split("-").map(Number);
  const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
  for (let i = 0; i < 80; i++) {
    const account = accounts[Math.floor(rng() * accounts.length)];
    const day = 1 + Math.floor(rng() * 25);
    const openedAt = new Date(localMidnight(`${prev}-${String(day).padStart(2, "0")}`, zone).getTime() + 10 * H * 60_000);
    const title = titles[i % titles.length][account.locale === "en" ? "en" : "ko"];
    await insertCaseWithHistory({ source: "manual", accountId: account.id, priority: "p3", title, description: "", openedAt }, rng() < 0.6 ? breachedPlan : metPlan);
  }

  // Every closed case asks, as closing does.
  const closed = await db.selectFrom("cases").selectAll().where("status", "=", "closed").where("follow_up", "=", true).where("follow_up_link_id", "is", null).orderBy("status_at").execute();
  const baseUrl = defaultBaseUrl();
  for (const c of closed) await db.transaction().execute((trx) => queueFollowUpIn(trx, c, baseUrl, c.status_at));

  // Answers, judged as the report judges the cases.
  const judged = await casesForReport(sla.id, new Date(0), now, now);
  const outcome = new Map(judged.map((c) => [c.id, c.timers ? caseOutcome(c.timers) : "pending"]));
  const links = await db
    .selectFrom("cases")
    .innerJoin("links", "links.id", "cases.follow_up_link_id")
    .select(["cases.id as case_id", "cases.status_at", "links.token", "links.survey_id", "links.locale"])
    .orderBy("cases.status_at")
    .execute();
  let answered = 0;
  for (const l of links) {
    if (rng() < 0.1) continue;
    const question = await db.selectFrom("questions").select("id").where("survey_id", "=", l.survey_id).executeTakeFirstOrThrow();
    const breached = outcome.get(l.case_id) === "breached";
    const r = rng();
    const score = breached ? (r < 0.2 ? 1 : r < 0.4 ? 2 : r < 0.6 ? 3 : r < 0.85 ? 4 : 5) : r < 0.04 ? 2 : r < 0.12 ? 3 : r < 0.45 ? 4 : 5;
    const at = new Date(Math.min(now.getTime() - 60_000, l.status_at.getTime() + (2 + Math.floor(rng() * 40)) * H * 60_000));
    await saveAnswers({
      token: l.token,
      submissionKey: randomUUID(),
      page: 1,
      pageQuestionIds: [question.id],
      finish: true,
      locale: l.locale === "en" ? "en" : "ko",
      segment: {},
      answers: [{ questionId: question.id, value: { value_int: score, value_text: null, choices: null }, why: null }],
      ip: null,
      startedAt: new Date(at.getTime() - 40_000),
      now: at,
    });
    answered++;
  }
  return { sent: links.length, answered };
}
