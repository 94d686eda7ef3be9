// When a proposal is decided, and which way. Pure: the model calls it inside the transaction that
// holds the proposal's lock, with every vote cast so far.
import type { VoteChoice } from "./changes";

export type Decision = "approved" | "rejected";

/**
 * A proposal is decided once the number of votes cast reaches the meeting's quorum: approved when
 * approvals outnumber rejections, otherwise rejected (a tie, or a quorum of abstentions, does not
 * change the SLA: the version in force stays). Abstentions count toward the quorum, for neither
 * side. Below quorum there is no decision (null), whatever the votes say so far.
 */
export function decideProposal(votes: readonly VoteChoice[], quorum: number): Decision | null {
  if (!Number.isInteger(quorum) || quorum < 1) throw new RangeError(`quorum must be a positive integer, got ${quorum}`);
  if (votes.length < quorum) return null;
  let approvals = 0;
  let rejections = 0;
  for (const v of votes) {
    if (v === "approve") approvals++;
    else if (v === "reject") rejections++;
  }
  return approvals > rejections ? "approved" : "rejected";
}
