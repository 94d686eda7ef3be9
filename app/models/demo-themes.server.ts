// Demo themes (not taken from any real customer): seeded themes with their SLA areas, the
// classifier run over the demo's feedback items, and one finished discovery run with its
// largest candidate accepted, so `npm start` shows a populated themes workspace.
import type { SlaArea } from "../../db/schema";
import { db } from "~/db.server";
import { actOnDiscoveryRun, assignThemesToItems, createSeededTheme, runQueuedDiscoveryRuns, startDiscoveryRun, ThemeError } from "./theme.server";

const seeded: { name: string; slaArea: SlaArea; examples: string[] }[] = [
  {
    name: "Slow first response",
    slaArea: "response_speed",
    examples: [
      "It took more than a day to get a first reply during the outage.",
      "Support could answer a bit faster.",
      "Response times have not improved.",
      "The response times in the SLA are simply not met.",
      "We waited too long for a first response from support.",
      "The first reply from support is slow.",
      "장애가 났을 때 첫 답변까지 하루가 넘게 걸렸습니다.",
      "지원 응답이 조금 더 빨랐으면 합니다.",
      "응답 속도는 그대로입니다.",
      "SLA에 적힌 응답 시간이 지켜지지 않습니다.",
      "첫 응답을 너무 오래 기다렸습니다.",
      "지원팀의 첫 답변이 느립니다.",
    ],
  },
  {
    name: "No progress updates",
    slaArea: "communication",
    examples: [
      "I never know what is happening with my support ticket.",
      "Nobody updated us in between.",
      "There were no updates on the ticket for days.",
      "We had to chase support to hear about the progress.",
      "Support never tells us where our ticket stands.",
      "지원 티켓을 올려도 진행 상황을 알 수가 없어요.",
      "중간 연락이 없었습니다.",
      "며칠 동안 티켓 진행 상황에 대한 연락이 없었습니다.",
      "진행 상황을 들으려면 저희가 먼저 연락해야 합니다.",
      "티켓이 어디까지 처리됐는지 알려 주지 않습니다.",
    ],
  },
  {
    name: "Outages and slowness",
    slaArea: "availability",
    examples: [
      "The service went down twice last month.",
      "The dashboard is often slow and data arrives late.",
      "Outage notices could be more detailed.",
      "We heard about the outage late.",
      "The service was down and slow again.",
      "지난달 서비스가 두 번이나 멈췄습니다.",
      "대시보드가 자주 느려지고 데이터가 늦게 들어옵니다.",
      "장애 공지가 조금 더 자세했으면 좋겠습니다.",
      "장애 공지가 늦었습니다.",
      "서비스가 또 멈추고 느려졌습니다.",
    ],
  },
  {
    name: "Out-of-hours support",
    slaArea: "service_hours",
    examples: [
      "Problems reported at night are only picked up the next afternoon.",
      "Please offer urgent support at weekends too.",
      "Nobody answers at night.",
      "There is no support at weekends.",
      "Urgent problems at night wait until the morning.",
      "야간에 생긴 문제는 다음 날 오후에야 처리됐어요.",
      "주말에도 긴급 지원이 가능했으면 합니다.",
      "밤에는 아무도 답하지 않습니다.",
      "주말에는 지원이 없습니다.",
      "야간의 긴급한 문제는 아침까지 기다려야 합니다.",
    ],
  },
];

/** Idempotent: does nothing once the first demo theme exists. */
export async function seedDemoThemes(): Promise<void> {
  const exists = await db.selectFrom("themes").select("id").where("name", "=", seeded[0].name).executeTakeFirst();
  if (exists) return;
  for (const t of seeded) await createSeededTheme(null, { name: t.name, slaArea: t.slaArea, examples: t.examples, itemIds: [] });
  const items = await db.selectFrom("feedback_items").select("id").execute();
  await assignThemesToItems(items.map((i) => i.id));
  // Discovery over what the seeded themes left, run here rather than waiting for the job.
  const runId = await startDiscoveryRun(null, { unassignedOnly: true });
  await runQueuedDiscoveryRuns();
  const run = await db.selectFrom("discovery_runs").select(["status", "candidates"]).where("id", "=", runId).executeTakeFirst();
  const first = run?.status === "done" ? run.candidates[0] : undefined;
  if (first) {
    try {
      await actOnDiscoveryRun(null, runId, { intent: "accept", candidate: first.id });
    } catch (e) {
      if (!(e instanceof ThemeError)) throw e; // a label that collides with a seeded name: leave it open
    }
  }
}
