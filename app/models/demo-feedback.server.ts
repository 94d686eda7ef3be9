// Demo data for the feedback workspace: two interview notes (one Korean, one English) with a few
// passages tagged by hand, and a sentiment estimate on every demo feedback item (items written
// before sentiment existed are scored here). Idempotent: runs on every demo start, adds the
// interviews once, and only to a database whose users include the demo ones.
import { db } from "~/db.server";
import { createInterview, highlightPassages } from "./interview.server";
import { scoreUnscoredItems } from "./sentiment.server";

const KO_BODY = [
  "지난달 결제 장애 때 고객센터 연결까지 40분이 걸렸습니다. 그동안 저희 운영팀은 원인도 모른 채 고객 문의를 받아야 했어요.",
  "장애 공지가 영어로만 올라와서 현장 직원들이 내용을 바로 이해하지 못했습니다. 한국어 공지를 꼭 함께 부탁드립니다.",
  "담당 엔지니어가 바뀔 때마다 같은 설명을 처음부터 다시 해야 하는 점이 가장 불편합니다.",
  "그래도 최근 두 달은 응답이 눈에 띄게 빨라져서 만족하고 있습니다.",
  "월간 리포트에 문의 처리 시간과 재오픈 건수도 보여 주시면 내부 보고에 큰 도움이 될 것 같아요.",
].join("\n\n");

const EN_BODY = [
  "The onboarding was smooth and the solutions engineer knew our stack well.",
  "Our main frustration is weekend coverage: a P1 opened on Saturday waited until Monday morning for a real answer.",
  "We would like a named escalation contact who can pull in an engineer without a new ticket.",
  "Status page updates lag behind the actual incident by 20 to 30 minutes, so our own customers hear about outages from Twitter first.",
  "Pricing is fair for what we get, and the API documentation has improved a lot this year.",
].join("\n\n");

/** Adds the demo interviews (once) and scores any demo item still without sentiment. */
export async function seedDemoFeedback(now = new Date()): Promise<void> {
  const demoUser = await db.selectFrom("users").select(["id"]).where("is_demo", "=", true).where("role", "=", "analyst").executeTakeFirst();
  if (!demoUser) return;
  const already = await db.selectFrom("interviews").select("id").limit(1).executeTakeFirst();
  if (!already) {
    const account = async (name: string) => (await db.selectFrom("accounts").select("id").where("name", "=", name).executeTakeFirst())?.id ?? null;
    const day = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const ko = await createInterview(demoUser.id, {
      accountId: await account("한빛물류"),
      heldOn: day(12),
      interviewer: "이서연",
      participants: "김민준 (한빛물류 운영팀장)",
      language: "ko",
      body: KO_BODY,
    });
    const en = await createInterview(demoUser.id, {
      accountId: await account("Northwind Traders"),
      heldOn: day(5),
      interviewer: "Analyst (demo)",
      participants: "Nancy Davolio, Andrew Fuller",
      language: "en",
      body: EN_BODY,
    });
    const passages = async (interviewId: string) =>
      (await db.selectFrom("feedback_items").select("id").where("interview_id", "=", interviewId).orderBy("passage_index").execute()).map((r) => r.id);
    const koItems = await passages(ko.id);
    const enItems = await passages(en.id);
    const slow = await highlightPassages(demoUser.id, ko.id, { passages: [koItems[0], koItems[2]], themeId: null, newTheme: "지원 응답 지연" });
    await highlightPassages(demoUser.id, ko.id, { passages: [koItems[1]], themeId: null, newTheme: "Incident communication" });
    const comms = await db.selectFrom("themes").select("id").where("name", "=", "Incident communication").executeTakeFirstOrThrow();
    await highlightPassages(demoUser.id, en.id, { passages: [enItems[1]], themeId: slow.themeId, newTheme: "" });
    await highlightPassages(demoUser.id, en.id, { passages: [enItems[3]], themeId: comms.id, newTheme: "" });
    await highlightPassages(demoUser.id, en.id, { passages: [enItems[2]], themeId: null, newTheme: "Escalation contact" });
  }
  // Demo items written before sentiment existed: the re-score job would do it too, this is at once.
  while ((await scoreUnscoredItems()) > 0);
}
