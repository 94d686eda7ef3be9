import { db } from "~/db.server";
import { seedDemoAmendment } from "./demo-amendment.server";
import { createSla, defaultVersionInput, localDateAfter, localMidnight, newDraftFrom, publishVersion, updateDraft, type VersionInput } from "./sla.server";

/** Version 1 of the demo SLA, as a support team would first write it. */
function demoVersionOne(): VersionInput {
  const base = defaultVersionInput();
  return {
    ...base,
    service: {
      type: { ko: "클라우드 설문·피드백 플랫폼 (SaaS)", en: "Cloud survey and feedback platform (SaaS)" },
      scope: {
        ko: "웹 대시보드, 설문 배포 링크, 응답 수집 API와 고객 지원(이메일·전화)",
        en: "The web dashboard, survey distribution links, the response API and customer support (email and phone)",
      },
    },
    calendar: {
      timezone: "Asia/Seoul",
      slots: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })),
      holidays: ["2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-03-01", "2026-05-05", "2026-08-15", "2026-09-24", "2026-09-25", "2026-10-03", "2026-10-09", "2026-12-25"],
    },
    noticePeriodDays: 30,
    reviewCadence: "quarterly",
    providerDuties: {
      ko: ["서비스 가용성을 유지하고 장애를 즉시 공지합니다", "접수된 문의에 목표 시간 안에 첫 응답을 드립니다", "처리 중인 문제의 진행 상황을 정기적으로 알려 드립니다", "월별 SLA 준수 보고서를 제공합니다"],
      en: ["Keep the service available and announce outages promptly", "Answer every request within the first-response target", "Send regular progress updates on open problems", "Publish a monthly SLA compliance report"],
    },
    customerDuties: {
      ko: ["문제는 지원 포털이나 지원 이메일로 신고합니다", "재현 방법과 영향 범위를 알려 줍니다", "추가 정보 요청에 응답합니다 (응답을 기다리는 동안 시간은 멈춥니다)"],
      en: ["Report problems through the support portal or support email", "Describe how to reproduce the problem and who is affected", "Answer requests for more information (timers pause while we wait for you)"],
    },
    remedies: {
      credits: [
        { below: 99, creditPercent: 10 },
        { below: 95, creditPercent: 25 },
      ],
      alternative: {
        ko: "장애가 4시간 넘게 이어지면 응답 수집용 대체 링크(정적 양식)를 제공합니다.",
        en: "If an outage lasts more than 4 hours, we provide a fallback link (a static form) for collecting responses.",
      },
    },
    objectives: [
      { kind: "availability", priority: null, target: 99.5, unit: "percent", mode: null, window: "month" },
      { kind: "first_response", priority: "p1", target: 1, unit: "hours", mode: "calendar", window: "month" },
      { kind: "first_response", priority: "p2", target: 4, unit: "hours", mode: "business", window: "month" },
      { kind: "first_response", priority: "p3", target: 8, unit: "hours", mode: "business", window: "month" },
      { kind: "first_response", priority: "p4", target: 24, unit: "hours", mode: "business", window: "month" },
      { kind: "progress_update", priority: "p1", target: 2, unit: "hours", mode: "calendar", window: "month" },
      { kind: "progress_update", priority: "p2", target: 8, unit: "hours", mode: "business", window: "month" },
      { kind: "resolution", priority: "p1", target: 8, unit: "hours", mode: "calendar", window: "month" },
      { kind: "resolution", priority: "p2", target: 24, unit: "hours", mode: "business", window: "month" },
      { kind: "resolution", priority: "p3", target: 72, unit: "hours", mode: "business", window: "month" },
      { kind: "csat_floor", priority: null, target: 80, unit: "percent", mode: null, window: "quarter" },
    ],
    changeNote: { ko: "첫 버전", en: "First version" },
  };
}

/** Version 2 (a draft): what a review of complaints about evening outages might propose. */
function demoVersionTwo(v1: VersionInput): VersionInput {
  return {
    ...v1,
    calendar: {
      ...v1.calendar,
      slots: [
        ...[1, 2, 3, 4, 5].map((day) => ({ day, start: "08:00", end: "20:00" })),
        { day: 6, start: "10:00", end: "14:00" },
      ],
    },
    objectives: v1.objectives.map((o) =>
      o.kind === "availability" ? { ...o, target: 99.9 } : o.kind === "first_response" && o.priority === "p2" ? { ...o, target: 2 } : o,
    ),
    remedies: {
      credits: [
        { below: 99.9, creditPercent: 5 },
        { below: 99, creditPercent: 10 },
        { below: 95, creditPercent: 25 },
      ],
      alternative: v1.remedies.alternative,
    },
    providerDuties: {
      ko: [...(v1.providerDuties.ko ?? []), "P1 장애는 해결 후 5영업일 안에 원인 분석 보고서를 보냅니다"],
      en: [...(v1.providerDuties.en ?? []), "Send a root-cause report within 5 business days of resolving a P1 outage"],
    },
    changeNote: {
      ko: "저녁 시간대 장애 불만과 P2 응답 지연에 대한 검토 결과를 반영했습니다.",
      en: "Follows the review of complaints about evening outages and slow P2 responses.",
    },
  };
}

/**
 * A demo SLA for the demo accounts' tiers: version 1 published (in force since 90 days ago,
 * customer links made for every account), version 2 the published amendment of a past review
 * meeting (demo-amendment.server.ts), and version 3 as a draft. Does nothing when an SLA
 * exists already. Call it from seedDemoData after the accounts and users exist.
 */
export async function seedDemoSla(now = new Date()): Promise<void> {
  if (await db.selectFrom("slas").select("id").limit(1).executeTakeFirst()) return;
  const manager = await db.selectFrom("users").select("id").where("role", "in", ["manager", "admin"]).orderBy("role", "desc").executeTakeFirst();
  const analyst = await db.selectFrom("users").select("id").where("role", "=", "analyst").executeTakeFirst();
  const tiers = (await db.selectFrom("accounts").select("tier").distinct().execute()).map((r) => r.tier).sort();
  const v1 = demoVersionOne();
  const { slaId, versionId } = await createSla(
    analyst?.id ?? null,
    { name: { ko: "Trustloop 클라우드 표준 SLA", en: "Trustloop Cloud standard SLA" }, service: "trustloop-cloud", tiers: tiers.length ? tiers : ["enterprise", "business", "standard"] },
    v1,
  );
  const publisher = manager?.id ?? analyst?.id ?? null;
  if (!publisher) return;
  const since = localMidnight(localDateAfter(now, -90, "Asia/Seoul"), "Asia/Seoul");
  await publishVersion(publisher, versionId, since, new Date(since.getTime() - 30 * 86_400_000));
  // Version 2: the amendment of a past review meeting, published with its notices.
  const amended = await seedDemoAmendment(slaId, now);
  const draftId = await newDraftFrom(analyst?.id ?? publisher, amended ?? versionId);
  await updateDraft(analyst?.id ?? publisher, draftId, demoVersionTwo(v1));
}
