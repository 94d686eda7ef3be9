import { describe, expect, it } from "vitest";
import { computeCaseTimers, type CaseTimers } from "../../analysis/sla";
import { draftProposals, metWithMargin, objectiveCompliance, packToReviewEvidence, percentiles, type EvidencePack } from "../../analysis/review";
import { npsFromCounts, csatFromCounts, compareNps, compareProportions } from "../../analysis/metrics";

const calendar = { timezone: "UTC", slots: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start: "00:00", end: "00:00" })), holidays: [] };

/** A P2 case answered after `minutes` calendar minutes (target 240). */
function answered(minutes: number, openedAt = new Date("2026-10-05T00:00:00Z")): CaseTimers {
  return computeCaseTimers({
    openedAt,
    history: [],
    progressUpdates: [],
    firstResponseAt: new Date(openedAt.getTime() + minutes * 60_000),
    objectives: { firstResponseMinutes: 240, progressUpdateMinutes: null, resolutionMinutes: null, modes: { first_response: "calendar", progress_update: "calendar", resolution: "calendar" } },
    calendar,
    now: new Date("2026-12-31T00:00:00Z"),
    reopenPolicy: "resume",
  });
}

describe("percentiles", () => {
  it("keeps the quantiles the rules read: the 90th of the 101 values is the 90th of the data", () => {
    const values = [5, 1, 9, 3, 7, 30, 2, 8, 4, 6, 11, 13];
    const p = percentiles(values);
    expect(p).toHaveLength(101);
    expect(p[0]).toBe(1);
    expect(p[100]).toBe(30);
    const sorted = [...values].sort((a, b) => a - b);
    const pos = (sorted.length - 1) * 0.9;
    const q90 = sorted[Math.floor(pos)] + (sorted[Math.ceil(pos)] - sorted[Math.floor(pos)]) * (pos - Math.floor(pos));
    expect(p[90]).toBeCloseTo(q90, 12);
    expect(percentiles([])).toEqual([]);
  });
});

describe("objectiveCompliance", () => {
  it("counts met and breached per month of opening, every month of the period listed", () => {
    const cases = [
      { priority: "p2" as const, month: "2026-10", timers: answered(30) },
      { priority: "p2" as const, month: "2026-10", timers: answered(300) },
      { priority: "p2" as const, month: "2026-12", timers: answered(60) },
      { priority: "p3" as const, month: "2026-10", timers: answered(500) },
    ];
    const [o] = objectiveCompliance(cases, [{ objective: "first_response", priority: "p2", targetMinutes: 240, mode: "calendar" }], ["2026-10", "2026-11", "2026-12"]);
    expect(o).toMatchObject({ applicable: 3, met: 2, breached: 1, pending: 0, misses: 1 });
    expect(o.shareMet).toBeCloseTo(2 / 3, 12);
    expect(o.months).toEqual([
      { month: "2026-10", met: 1, breached: 1, misses: 1 },
      { month: "2026-11", met: 0, breached: 0, misses: 0 },
      { month: "2026-12", met: 1, breached: 0, misses: 0 },
    ]);
    expect(o.elapsedPercentiles[0]).toBe(30);
    expect(o.elapsedPercentiles[100]).toBe(300);
  });
});

describe("packToReviewEvidence", () => {
  const met = npsFromCounts({ promoters: 60, passives: 20, detractors: 20 });
  const breached = npsFromCounts({ promoters: 10, passives: 20, detractors: 70 });
  const csat = csatFromCounts({ satisfied: 0, n: 0 });
  const months = (rows: [string, number, number][]) => rows.map(([month, m, b]) => ({ month, met: m, breached: b, misses: b }));
  const pack = {
    compliance: {
      cases: 40,
      objectives: [
        {
          objective: "first_response", priority: "p2", targetMinutes: 240, mode: "business", applicable: 40, met: 20, breached: 20, pending: 0, misses: 20, shareMet: 0.5, interval: null,
          months: months([["2026-10", 5, 5], ["2026-11", 5, 5], ["2026-12", 10, 10]]),
          elapsedPercentiles: percentiles([100, 200, 300, 400]),
        },
      ],
    },
    satisfaction: { met: { accounts: 3, nps: met, csat }, breached: { accounts: 2, nps: breached, csat }, nps: compareNps(met, breached), csat: compareProportions(csat, csat) },
    themes: { available: false },
    availability: { targetPercent: 99.5, months: [{ month: "2026-10", percent: 98.2, coverage: 1, meetsObjective: false, errorBudgetMinutes: 223, errorBudgetLeftMinutes: -580, badMinutes: 803 }, { month: "2026-11", percent: null, coverage: 0, meetsObjective: null, errorBudgetMinutes: 0, errorBudgetLeftMinutes: 0, badMinutes: 0 }] },
    version: { id: "v", version: 1, reviewCadence: "quarterly", slots: [], credits: [{ below: 99, creditPercent: 10 }], alternative: {}, providerDuties: {} },
  } as unknown as EvidencePack;

  it("carries counts, months, the percentiles and measured months into the rules' shape", () => {
    const ev = packToReviewEvidence(pack);
    expect(ev.satisfaction).toEqual({ met: { promoters: 60, passives: 20, detractors: 20 }, breached: { promoters: 10, passives: 20, detractors: 70 } });
    expect(ev.objectives[0].months).toEqual([
      { month: "2026-10", met: 5, breached: 5 },
      { month: "2026-11", met: 5, breached: 5 },
      { month: "2026-12", met: 10, breached: 10 },
    ]);
    expect(ev.objectives[0].elapsedMinutes).toHaveLength(101);
    expect(ev.themes).toEqual([]);
    // A month that was not measured is not evidence either way.
    expect(ev.availability).toEqual({ targetPercent: 99.5, months: [{ month: "2026-10", percent: 98.2, coverage: 1 }] });
  });

  it("feeds draftProposals: missed in consecutive months with a significant satisfaction gap, availability under target", () => {
    const drafts = draftProposals(packToReviewEvidence(pack));
    expect(drafts.map((d) => d.rule).sort()).toEqual(["availability_below_target", "missed_and_less_satisfied"]);
    expect(metWithMargin(packToReviewEvidence(pack))).toEqual([]);
  });
});
