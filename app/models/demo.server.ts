import { mulberry32 } from "../../analysis/random";
import type { Segment } from "../../db/schema";
import { db } from "~/db.server";
import { seedDemoCases } from "./case.server";
import { seedDemoFeedback } from "./demo-feedback.server";
import { seedDemoFollowUps } from "./demo-follow-up.server";
import { seedDemoSla } from "./demo-sla.server";
import { seedDemoReview } from "./demo-review.server";
import { seedDemoThemes } from "./demo-themes.server";
import { demoComments, demoWhy } from "./demo-texts";
import { saveAnswers } from "./response.server";
import { createSurvey, newToken } from "./survey.server";
import { DEMO_PASSWORD, demoUsers } from "./demo-users";
import { countUsers, createUser, demoAllowed } from "./user.server";

export { DEMO_PASSWORD, demoUsers };

// Contract months ago and months to renewal, relative to the seeding day, so some renewals are due soon.
const demoAccounts = [
  { name: "한빛물류", tier: "enterprise", region: "kr", plan: "annual", locale: "ko" as const, started: 10, renews: 2, contacts: [["김민준", "minjun.kim@hanbit-logistics.example"], ["이서연", "seoyeon.lee@hanbit-logistics.example"]] },
  { name: "서울핀테크", tier: "enterprise", region: "kr", plan: "annual", locale: "ko" as const, started: 20, renews: 4, contacts: [["박지훈", "jihoon.park@seoulfintech.example"]] },
  { name: "부산마켓", tier: "business", region: "kr", plan: "monthly", locale: "ko" as const, started: 5, renews: 1, contacts: [["최유나", "yuna.choi@busanmarket.example"]] },
  { name: "제주여행사", tier: "standard", region: "kr", plan: "monthly", locale: "ko" as const, started: 3, renews: 9, contacts: [["정하늘", "haneul.jung@jejutravel.example"]] },
  { name: "Northwind Traders", tier: "enterprise", region: "us", plan: "annual", locale: "en" as const, started: 14, renews: 10, contacts: [["Nancy Davolio", "nancy@northwind.example"], ["Andrew Fuller", "andrew@northwind.example"]] },
  { name: "Contoso Health", tier: "business", region: "eu", plan: "annual", locale: "en" as const, started: 8, renews: 4, contacts: [["Megan Bowen", "megan@contoso-health.example"]] },
  { name: "Tailspin Toys", tier: "standard", region: "us", plan: "monthly", locale: "en" as const, started: 2, renews: 10, contacts: [["Alex Wilber", "alex@tailspintoys.example"]] },
  { name: "Fabrikam Japan", tier: "business", region: "jp", plan: "monthly", locale: "en" as const, started: 6, renews: 3, contacts: [["Yuki Tanaka", "yuki.tanaka@fabrikam.example"]] },
];

/** YYYY-MM-DD, months from now (negative: ago). */
function monthsFrom(now: Date, months: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, Math.min(now.getUTCDate(), 28)));
  return d.toISOString().slice(0, 10);
}

export function demoInfoLines(): string[] {
  return [
    "",
    "Demo sign-ins (password for all: " + DEMO_PASSWORD + "):",
    ...demoUsers.map((u) => `  ${u.role.padEnd(8)} ${u.email}`),
    "Demo survey link: {url}/s/demo",
  ];
}

/**
 * Demo data for a first start: staff users, accounts, an NPS and a CSAT survey in Korean and
 * English, and about 300 responses over the last six months, stored through the same model
 * function as a respondent's answers. Does nothing when the database already has users.
 */
export async function seedDemoData(now = new Date()): Promise<string[]> {
  if (!demoAllowed()) throw new Error("Demo data is never created with NODE_ENV=production.");
  if ((await countUsers()) > 0) {
    // A demo database from before the feedback workspace gets its interviews and sentiment.
    await seedDemoFeedback(now);
    return demoInfoLines();
  }
  for (const u of demoUsers) await createUser({ ...u, password: DEMO_PASSWORD, demo: true });
  const accounts = await db
    .insertInto("accounts")
    .values(
      demoAccounts.map(({ started, renews, contacts, ...a }) => ({
        ...a,
        email: contacts[0][1],
        contract_start: monthsFrom(now, -started),
        renewal_date: monthsFrom(now, renews),
      })),
    )
    .returning(["id", "name", "tier", "region", "plan", "locale"])
    .execute();
  await db
    .insertInto("contacts")
    .values(
      accounts.flatMap((a) =>
        demoAccounts.find((d) => d.name === a.name)!.contacts.map(([name, email], position) => ({ account_id: a.id, name, email, locale: a.locale, position })),
      ),
    )
    .execute();

  const why = { ko: "그렇게 답하신 이유는 무엇인가요?", en: "What is the main reason for your score?" };
  const npsId = await createSurvey(null, {
    title: { ko: "서비스 추천 의향 조사", en: "How likely are you to recommend us?" },
    intro: {
      ko: "1분이면 끝납니다. 보내 주신 의견은 서비스 수준(SLA) 검토에 반영됩니다.",
      en: "It takes a minute. Your answers feed into our service level (SLA) reviews.",
    },
    status: "open",
    anonymous: false,
    closesAt: null,
    responseLimit: null,
    questions: [
      {
        type: "nps",
        required: true,
        page: 1,
        prompt: {
          ko: "저희 서비스를 동료나 지인에게 추천할 가능성은 얼마나 되나요?",
          en: "How likely are you to recommend our service to a colleague?",
        },
        whyPrompt: why,
        options: [],
      },
      {
        type: "single",
        required: false,
        page: 1,
        prompt: { ko: "가장 중요하게 생각하는 것은 무엇인가요?", en: "What matters most to you?" },
        whyPrompt: null,
        options: [
          { value: "support", label: { ko: "지원 응답 속도", en: "Support response time" } },
          { value: "reliability", label: { ko: "안정성", en: "Reliability" } },
          { value: "price", label: { ko: "가격", en: "Price" } },
          { value: "features", label: { ko: "기능", en: "Features" } },
        ],
      },
      {
        type: "text",
        required: false,
        page: 1,
        prompt: { ko: "더 하고 싶은 말씀이 있나요?", en: "Anything else you would like to tell us?" },
        whyPrompt: null,
        options: [],
      },
    ],
  });
  await db.updateTable("links").set({ token: "demo" }).where("survey_id", "=", npsId).where("kind", "=", "public").execute();

  const csatId = await createSurvey(null, {
    title: { ko: "지원 만족도 조사", en: "Support satisfaction survey" },
    intro: { ko: "최근 문의에 대한 경험을 알려 주세요.", en: "Tell us about your recent support request." },
    status: "open",
    anonymous: false,
    closesAt: null,
    responseLimit: null,
    questions: [
      {
        type: "csat",
        required: true,
        page: 1,
        prompt: { ko: "지원 서비스에 얼마나 만족하셨나요?", en: "How satisfied were you with our support?" },
        whyPrompt: why,
        options: [],
      },
      {
        type: "ces",
        required: true,
        page: 2,
        prompt: { ko: "문제를 해결하기가 얼마나 쉬웠나요?", en: "How easy was it to get your issue resolved?" },
        whyPrompt: null,
        options: [],
      },
    ],
  });
  const csatLink = await db
    .selectFrom("links")
    .select("token")
    .where("survey_id", "=", csatId)
    .where("kind", "=", "public")
    .executeTakeFirstOrThrow();
  const npsQuestions = await db.selectFrom("questions").select(["id", "type"]).where("survey_id", "=", npsId).orderBy("position").execute();
  const csatQuestions = await db.selectFrom("questions").select(["id", "type", "page"]).where("survey_id", "=", csatId).orderBy("position").execute();

  const rng = mulberry32(20261127);
  const pickOne = <T,>(items: T[]) => items[Math.floor(rng() * items.length)];
  const tierLift: Record<string, number> = { enterprise: 1.2, business: 0.3, standard: -0.6 };
  const dayMs = 24 * 3600 * 1000;

  for (let i = 0; i < 300; i++) {
    const account = accounts[Math.floor(rng() * accounts.length)];
    const daysAgo = Math.floor(rng() * 180);
    const at = new Date(now.getTime() - daysAgo * dayMs - Math.floor(rng() * 8 * 3600 * 1000));
    // Three months ago an outage pulled scores down; the demo trend shows it.
    const outage = daysAgo >= 75 && daysAgo < 105 ? -2 : 0;
    const segment: Segment = { account: account.id, tier: account.tier, region: account.region, plan: account.plan };
    const locale = account.locale;
    const submissionKey = crypto.randomUUID();
    const started = new Date(at.getTime() - (60 + Math.floor(rng() * 240)) * 1000);
    if (i % 4 !== 3) {
      const score = clamp(Math.round(7.2 + tierLift[account.tier] + outage + gaussian(rng) * 2.3), 0, 10);
      const bucket = score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
      const answers = [
        {
          questionId: npsQuestions[0].id,
          value: { value_int: score, value_text: null, choices: null },
          why: rng() < 0.8 ? pickOne(demoWhy[locale][bucket]) : null,
        },
      ];
      if (rng() < 0.7) {
        answers.push({
          questionId: npsQuestions[1].id,
          value: { value_int: null, value_text: null, choices: [pickOne(["support", "reliability", "price", "features"])] } as any,
          why: null,
        });
      }
      if (rng() < 0.15) {
        answers.push({
          questionId: npsQuestions[2].id,
          value: { value_int: null, value_text: pickOne(demoComments[locale]), choices: null } as any,
          why: null,
        });
      }
      await saveAnswers({
        token: "demo",
        submissionKey,
        page: 1,
        pageQuestionIds: npsQuestions.map((q) => q.id),
        finish: true,
        locale,
        segment,
        answers,
        ip: null,
        startedAt: started,
        now: at,
      });
    } else {
      const csat = clamp(Math.round(3.8 + tierLift[account.tier] * 0.5 + outage * 0.5 + gaussian(rng) * 1.1), 1, 5);
      const bucket = csat >= 4 ? "promoter" : csat === 3 ? "passive" : "detractor";
      const unfinished = rng() < 0.08;
      await saveAnswers({
        token: csatLink.token,
        submissionKey,
        page: 1,
        pageQuestionIds: [csatQuestions[0].id],
        finish: false,
        locale,
        segment,
        answers: [
          {
            questionId: csatQuestions[0].id,
            value: { value_int: csat, value_text: null, choices: null },
            why: rng() < 0.7 ? pickOne(demoWhy[locale][bucket]) : null,
          },
        ],
        ip: null,
        startedAt: started,
        now: new Date(at.getTime() - 30_000),
      });
      if (unfinished) continue;
      await saveAnswers({
        token: csatLink.token,
        submissionKey,
        page: 2,
        pageQuestionIds: [csatQuestions[1].id],
        finish: true,
        locale,
        segment,
        answers: [
          {
            questionId: csatQuestions[1].id,
            value: { value_int: clamp(Math.round(csat * 1.3 + gaussian(rng)), 1, 7), value_text: null, choices: null },
            why: null,
          },
        ],
        ip: null,
        startedAt: started,
        now: at,
      });
    }
  }
  await seedDemoSla(now);
  await seedDemoCases(now);
  // Follow-up answers before the review meeting too: its pack compares them, met against breached.
  await seedDemoFollowUps(now);
  // Feedback (sentiment, interviews) and themes before the review meeting, whose pack is frozen from them.
  await seedDemoFeedback(now);
  await seedDemoThemes();
  await seedDemoReview(now);
  return demoInfoLines();
}

function clamp(v: number, lo: number, hi: number) {
  return Math.max(lo, Math.min(hi, v));
}

function gaussian(rng: () => number) {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}
