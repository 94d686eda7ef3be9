import { describe, expect, it } from "vitest";
import { followUpCsat } from "../../analysis/metrics";
import { missedAndLessSatisfied, packToReviewEvidence, type EvidencePack, type ObjectiveEvidence, type ReviewEvidence } from "../../analysis/review";
import { caseOutcome, type CaseTimers } from "../../analysis/sla";

// Follow-up CSAT after closing, met against breached: the one definition the compliance report,
// the evidence pack and the proposal rule use. Figures worked by hand (and cross-checked in Python).
describe("followUpCsat", () => {
  // Met: 34 sent, 32 answered (1, 1, 2, 10, 18 of 1..5): 28 satisfied, 87.5 %, Wilson 71.93 .. 95.03 %.
  // Breached: 31 sent, 30 answered (5, 5, 5, 10, 5): 15 satisfied, 50.0 %, Wilson 33.15 .. 66.85 %.
  // Pooled 43/62; se = sqrt(0.6935 x 0.3065 x (1/32 + 1/30)) = 0.11716; z = 0.375 / 0.11716 = 3.2007; p = 0.00137.
  const worked = { met: { sent: 34, distribution: [1, 1, 2, 10, 18] }, breached: { sent: 31, distribution: [5, 5, 5, 10, 5] } };

  it("gives each group's CSAT with its Wilson interval, the response rate, and the comparison with significance", () => {
    const f = followUpCsat(worked);
    expect(f).toMatchObject({ minN: 30, sent: 65, answered: 62 });
    expect(f.responseRate).toBeCloseTo(62 / 65, 12);
    expect(f.met).toMatchObject({ sent: 34, answered: 32, tooFew: false });
    expect(f.met.responseRate).toBeCloseTo(32 / 34, 12);
    expect(f.met.csat).toMatchObject({ n: 32, satisfied: 28, csat: 0.875 });
    expect(f.met.csat!.interval!.low).toBeCloseTo(0.71932, 5);
    expect(f.met.csat!.interval!.high).toBeCloseTo(0.9503, 4);
    expect(f.breached.csat).toMatchObject({ n: 30, satisfied: 15, csat: 0.5 });
    expect(f.breached.csat!.interval!.low).toBeCloseTo(0.33154, 5);
    expect(f.breached.csat!.interval!.high).toBeCloseTo(0.66846, 5);
    expect(f.comparison!.difference).toBeCloseTo(0.375, 12);
    expect(f.comparison!.z).toBeCloseTo(3.2007, 4);
    expect(f.comparison!.p).toBeCloseTo(0.00137, 5);
    expect(f.comparison!.significant).toBe(true);
  });

  it("a group under the minimum n shows no figure and nothing is compared; counts stay", () => {
    const f = followUpCsat({ met: worked.met, breached: { sent: 3, distribution: [1, 0, 0, 1, 0] } });
    expect(f.breached).toEqual({ sent: 3, answered: 2, responseRate: 2 / 3, tooFew: true, csat: null });
    expect(f.met.csat).not.toBeNull();
    expect(f.comparison).toBeNull();
    expect(f).toMatchObject({ sent: 37, answered: 34 });
    // The minimum is a parameter: with 2 both groups show a figure.
    expect(followUpCsat({ met: worked.met, breached: { sent: 3, distribution: [1, 0, 0, 1, 0] } }, 2).comparison!.p).not.toBeNull();
  });

  it("nothing sent: no rate, no figures", () => {
    const none = followUpCsat({ met: { sent: 0, distribution: [0, 0, 0, 0, 0] }, breached: { sent: 0, distribution: [0, 0, 0, 0, 0] } });
    expect(none).toMatchObject({ sent: 0, answered: 0, responseRate: null, comparison: null });
    expect(none.met).toEqual({ sent: 0, answered: 0, responseRate: null, tooFew: true, csat: null });
  });

  it("refuses more answers than follow-ups sent, or counts that are not five non-negative integers", () => {
    expect(() => followUpCsat({ met: { sent: 1, distribution: [0, 0, 0, 1, 1] }, breached: worked.breached })).toThrow(RangeError);
    expect(() => followUpCsat({ met: { sent: 5, distribution: [0, 0, 1] }, breached: worked.breached })).toThrow(RangeError);
    expect(() => followUpCsat({ met: { sent: -1, distribution: [0, 0, 0, 0, 0] }, breached: worked.breached })).toThrow(RangeError);
  });
});

describe("caseOutcome: a case judged whole, as the report judges objectives", () => {
  const timer = (status: string, breachedAt: Date | null = null) => ({ status, breachedAt }) as unknown as CaseTimers["first_response"];
  const timers = (fr: CaseTimers["first_response"], rs: CaseTimers["resolution"], pu = timer("not_applicable")) =>
    ({ first_response: fr, resolution: rs, progress_update: pu }) as unknown as CaseTimers;
  it("any miss is breached; every applicable clock stopped without one is met; otherwise pending", () => {
    expect(caseOutcome(timers(timer("met"), timer("met")))).toBe("met");
    expect(caseOutcome(timers(timer("breached", new Date()), timer("met")))).toBe("breached");
    expect(caseOutcome(timers(timer("met"), timer("running")))).toBe("pending");
    expect(caseOutcome(timers(timer("met"), timer("paused")))).toBe("pending");
    expect(caseOutcome(timers(timer("not_applicable"), timer("not_applicable")))).toBe("pending");
  });
});

describe("rule 1 reads the follow-up answers first when both groups have enough", () => {
  const missed = {
    objective: "first_response",
    priority: "p1",
    targetMinutes: 60,
    mode: "business",
    months: [
      { month: "2026-10", met: 8, breached: 4 },
      { month: "2026-11", met: 7, breached: 5 },
    ],
    elapsedMinutes: [],
  } satisfies ObjectiveEvidence;
  const ev = (over: Partial<ReviewEvidence>): ReviewEvidence => ({
    objectives: [missed],
    satisfaction: null,
    themes: [],
    availability: null,
    version: { slots: [], credits: [], alternative: {}, providerDuties: {} },
    ...over,
  });
  // NPS 40 (n 100) against -30 (n 100): a significant gap between the accounts.
  const npsGap = { met: { promoters: 60, passives: 20, detractors: 20 }, breached: { promoters: 20, passives: 30, detractors: 50 } };
  const npsNone = { met: { promoters: 40, passives: 30, detractors: 30 }, breached: { promoters: 38, passives: 32, detractors: 30 } };

  it("a significant follow-up gap is the cited evidence, even when the accounts' NPS shows none", () => {
    const [d] = missedAndLessSatisfied(ev({ satisfaction: npsNone, followUp: { met: { satisfied: 28, n: 32 }, breached: { satisfied: 15, n: 30 } } }));
    const cite = d.evidence[1];
    expect(cite.kind).toBe("follow_up_gap");
    if (cite.kind !== "follow_up_gap") return;
    expect([cite.metCsat, cite.breachedCsat, cite.nMet, cite.nBreached]).toEqual([0.875, 0.5, 32, 30]);
    expect(cite.comparison.p).toBeCloseTo(0.00137, 5);
  });

  it("enough follow-up answers without a significant gap decide too: nothing, whatever NPS says", () => {
    expect(missedAndLessSatisfied(ev({ satisfaction: npsGap, followUp: { met: { satisfied: 24, n: 32 }, breached: { satisfied: 21, n: 30 } } }))).toEqual([]);
    // A gap the other way (breached more satisfied) is no evidence either.
    expect(missedAndLessSatisfied(ev({ satisfaction: npsGap, followUp: { met: { satisfied: 15, n: 30 }, breached: { satisfied: 28, n: 32 } } }))).toEqual([]);
  });

  it("too few follow-up answers in a group (or none, as in older packs): the accounts' NPS decides as before", () => {
    const [d] = missedAndLessSatisfied(ev({ satisfaction: npsGap, followUp: { met: { satisfied: 28, n: 32 }, breached: { satisfied: 1, n: 29 } } }));
    expect(d.evidence[1].kind).toBe("satisfaction_gap");
    expect(missedAndLessSatisfied(ev({ satisfaction: npsGap }))[0].evidence[1].kind).toBe("satisfaction_gap");
    expect(missedAndLessSatisfied(ev({ satisfaction: npsNone, followUp: { met: { satisfied: 28, n: 32 }, breached: { satisfied: 1, n: 29 } } }))).toEqual([]);
  });

  it("the pack hands the rule only figures it shows: a group under the minimum n, or a pack without the section, gives none", () => {
    const base = { compliance: { cases: 0, objectives: [] }, satisfaction: { met: { nps: npsGap.met }, breached: { nps: npsGap.breached } }, themes: { available: false }, availability: null, version: null };
    const f = followUpCsat({ met: { sent: 34, distribution: [1, 1, 2, 10, 18] }, breached: { sent: 31, distribution: [5, 5, 5, 10, 5] } });
    expect(packToReviewEvidence({ ...base, followUp: f } as unknown as EvidencePack).followUp).toEqual({ met: { satisfied: 28, n: 32 }, breached: { satisfied: 15, n: 30 } });
    const thin = followUpCsat({ met: { sent: 34, distribution: [1, 1, 2, 10, 18] }, breached: { sent: 3, distribution: [0, 0, 0, 1, 1] } });
    expect(packToReviewEvidence({ ...base, followUp: thin } as unknown as EvidencePack).followUp).toBeNull();
    expect(packToReviewEvidence(base as unknown as EvidencePack).followUp).toBeNull();
  });
});
