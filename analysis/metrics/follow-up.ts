import { compareProportions, csatFromDistribution, type CsatResult } from "./csat";
import { minSegmentN } from "./segments";
import { checkCount, checkCounts, type Comparison } from "./types";

/** What SQL counts for one group of closed cases: follow-ups sent and the answers 1..5. */
export interface FollowUpCounts {
  /** Cases whose follow-up link was sent. */
  sent: number;
  /** distribution[0] = answers of 1 ... distribution[4] = answers of 5 (one answer per case). */
  distribution: number[];
}

export interface FollowUpGroup {
  sent: number;
  answered: number;
  /** answered / sent; null when nothing was sent. */
  responseRate: number | null;
  /** Below the minimum n: "too few answers", and no figure. */
  tooFew: boolean;
  /** CSAT (share of 4-5) with its Wilson 95 % interval; null when too few. */
  csat: CsatResult | null;
}

export interface FollowUpCsat {
  minN: number;
  sent: number;
  answered: number;
  responseRate: number | null;
  met: FollowUpGroup;
  breached: FollowUpGroup;
  /** met - breached (two-proportion z-test); null unless both groups have the minimum n. */
  comparison: Comparison | null;
}

function group(c: FollowUpCounts, minN: number): FollowUpGroup {
  checkCount(c.sent, "followUpCsat");
  checkCounts(c.distribution, 5, "followUpCsat");
  const result = csatFromDistribution(c.distribution);
  if (result.n > c.sent) throw new RangeError(`followUpCsat: ${result.n} answers exceed ${c.sent} follow-ups sent`);
  const tooFew = result.n < minN;
  return { sent: c.sent, answered: result.n, responseRate: c.sent ? result.n / c.sent : null, tooFew, csat: tooFew ? null : result };
}

/**
 * The follow-up CSAT of closed cases that met their SLA against those that breached it: the one
 * definition the compliance report, the evidence pack and the proposal rules show. Each group's
 * CSAT is csatFromDistribution (4-5 of 5, Wilson interval); the comparison is compareProportions,
 * made only when both groups reach the minimum n (as every segment elsewhere).
 */
export function followUpCsat(counts: { met: FollowUpCounts; breached: FollowUpCounts }, minN: number = minSegmentN, alpha = 0.05): FollowUpCsat {
  const met = group(counts.met, minN);
  const breached = group(counts.breached, minN);
  const sent = met.sent + breached.sent;
  const answered = met.answered + breached.answered;
  return {
    minN,
    sent,
    answered,
    responseRate: sent ? answered / sent : null,
    met,
    breached,
    comparison: met.csat && breached.csat ? compareProportions(met.csat, breached.csat, alpha) : null,
  };
}
