/**
 * npm run bench:sla — SLA timers and the compliance aggregate for 100,000 seeded cases with
 * realistic status histories against one calendar (Europe/Berlin: both DST changes in
 * range, a lunch gap, public holidays). Prints times and peak memory; asserts nothing.
 */
import { mulberry32 } from "../../analysis/random";
import {
  complianceReport,
  computeCaseTimers,
  type BusinessCalendar,
  type CaseObjectives,
  type CaseStatus,
  type CaseTimers,
  type StatusChange,
} from "../../analysis/sla";

const N = Number(process.env.SLA_BENCH_CASES ?? 100_000);
const SEED = 20260601;
const MIN = 60_000;

const calendar: BusinessCalendar = {
  timezone: "Europe/Berlin",
  slots: [1, 2, 3, 4, 5].flatMap((day) => [
    { day, start: "09:00", end: "12:30" },
    { day, start: "13:30", end: "18:00" },
  ]),
  holidays: ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-25", "2026-10-03", "2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31"],
};
const objectivesByPriority: CaseObjectives[] = [
  { firstResponseMinutes: 30, progressUpdateMinutes: 120, resolutionMinutes: 480, modes: { first_response: "calendar" } },
  { firstResponseMinutes: 120, progressUpdateMinutes: 480, resolutionMinutes: 1440 },
  { firstResponseMinutes: 480, progressUpdateMinutes: 1440, resolutionMinutes: 4800 },
];

interface BenchCase {
  id: string;
  openedAt: Date;
  history: StatusChange[];
  progressUpdates: Date[];
  firstResponseAt: Date | null;
  objectives: CaseObjectives;
}

function generate(n: number): BenchCase[] {
  const rng = mulberry32(SEED);
  const exp = (meanMin: number) => -Math.log(1 - rng()) * meanMin * MIN;
  const yearStart = Date.UTC(2026, 0, 1);
  const span = 365 * 24 * 60 * MIN;
  const out: BenchCase[] = [];
  for (let i = 0; i < n; i++) {
    const opened = yearStart + Math.floor(rng() * span);
    const history: StatusChange[] = [];
    const updates: Date[] = [];
    let t = opened + exp(90);
    let status: CaseStatus = "open";
    const push = (s: CaseStatus) => {
      history.push({ status: s, at: new Date(t) });
      status = s;
    };
    const firstResponseAt = rng() < 0.9 ? new Date(opened + exp(120)) : null;
    push("in_progress");
    // A few rounds of work, waiting on the customer and progress notices.
    const rounds = Math.floor(rng() * 4);
    for (let r = 0; r < rounds; r++) {
      t += exp(240);
      if (rng() < 0.6) updates.push(new Date(t));
      if (rng() < 0.4) {
        push("waiting_on_customer");
        t += exp(1440);
        push("in_progress");
      }
    }
    if (rng() < 0.93) {
      t += exp(600);
      push("resolved");
      if (rng() < 0.7) {
        t += exp(2880);
        push("closed");
      }
      if (rng() < 0.08) {
        t += exp(1440);
        push("reopened");
        t += exp(300);
        push("resolved");
      }
    }
    void status;
    out.push({ id: `case-${i}`, openedAt: new Date(opened), history, progressUpdates: updates, firstResponseAt, objectives: objectivesByPriority[i % 3] });
  }
  return out;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const now = new Date("2027-01-15T12:00:00Z");
const g0 = performance.now();
const cases = generate(N);
const g1 = performance.now();
const heapBefore = process.memoryUsage().heapUsed;

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const judged: { id: string; timers: CaseTimers }[] = new Array(cases.length);
for (let i = 0; i < cases.length; i++) {
  const c = cases[i];
  judged[i] = {
    id: c.id,
    timers: computeCaseTimers({
      openedAt: c.openedAt,
      history: c.history,
      progressUpdates: c.progressUpdates,
      firstResponseAt: c.firstResponseAt,
      objectives: c.objectives,
      calendar,
      now,
      reopenPolicy: "resume",
    }),
  };
}
const t1 = performance.now();
const report = complianceReport(judged);
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);

const mem = process.memoryUsage();
const maxRssKb = process.resourceUsage().maxRSS;
console.log(`bench:sla  cases=${N} seed=${SEED} calendar=${calendar.timezone} node=${process.version}`);
console.log(`generate cases:        ${(g1 - g0).toFixed(0)} ms (not part of the goal)`);
console.log(`timers (3 per case):   ${(t1 - t0).toFixed(0)} ms  (${((t1 - t0) * 1000 / N).toFixed(2)} µs/case)`);
console.log(`compliance aggregate:  ${(t2 - t1).toFixed(0)} ms`);
console.log(`timers + aggregate:    ${(t2 - t0).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU (all threads, incl. GC helpers)  (goal < 2000 ms)`);
console.log(`heap used: ${mb(mem.heapUsed)} (before timers ${mb(heapBefore)}), peak RSS (maxRSS): ${mb(maxRssKb * 1024)}`);
for (const [kind, o] of Object.entries(report.objectives)) {
  console.log(
    `  ${kind.padEnd(16)} applicable=${o.applicable} met=${o.met} breached=${o.breached} pending=${o.pending} shareMet=${o.shareMet === null ? "-" : (100 * o.shareMet).toFixed(1) + " %"} misses=${o.misses} atRisk=${o.atRisk.length}`,
  );
}
