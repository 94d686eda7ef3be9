import { describe, expect, it } from "vitest";
import { decideProposal } from "../../analysis/review/decide";

describe("decideProposal", () => {
  it("no decision below quorum, whatever the votes say", () => {
    expect(decideProposal([], 2)).toBeNull();
    expect(decideProposal(["approve"], 2)).toBeNull();
    expect(decideProposal(["reject", "reject"], 3)).toBeNull();
  });

  it("at quorum: approved when approvals outnumber rejections", () => {
    expect(decideProposal(["approve", "approve"], 2)).toBe("approved");
    expect(decideProposal(["approve", "reject", "approve"], 3)).toBe("approved");
    expect(decideProposal(["approve", "abstain"], 2)).toBe("approved");
    expect(decideProposal(["approve"], 1)).toBe("approved");
  });

  it("at quorum: rejected on more rejections, a tie, or only abstentions", () => {
    expect(decideProposal(["reject", "reject"], 2)).toBe("rejected");
    expect(decideProposal(["approve", "reject"], 2)).toBe("rejected");
    expect(decideProposal(["abstain", "abstain"], 2)).toBe("rejected");
    expect(decideProposal(["approve", "reject", "abstain"], 3)).toBe("rejected");
  });

  it("abstentions count toward quorum but for neither side", () => {
    // Two abstentions and one approval reach a quorum of 3, and the approval carries it.
    expect(decideProposal(["abstain", "abstain"], 3)).toBeNull();
    expect(decideProposal(["abstain", "abstain", "approve"], 3)).toBe("approved");
    expect(decideProposal(["abstain", "abstain", "reject"], 3)).toBe("rejected");
  });

  it("more votes than quorum still decide by the same rule", () => {
    expect(decideProposal(["approve", "approve", "reject"], 2)).toBe("approved");
    expect(decideProposal(["approve", "reject", "reject"], 2)).toBe("rejected");
  });

  it("refuses a quorum that is not a positive integer", () => {
    expect(() => decideProposal(["approve"], 0)).toThrow(RangeError);
    expect(() => decideProposal(["approve"], 1.5)).toThrow(RangeError);
  });
});
