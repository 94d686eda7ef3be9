export { isAdverse, weeklyServiceMinutes } from "./changes";
export type { ProposalChange, ChangeKind, Priority, ReviewCadence, DutyText, VoteChoice } from "./changes";
export { decideProposal, type Decision } from "./decide";
export {
  draftProposals,
  rules,
  missedAndLessSatisfied,
  metWithMargin,
  themeCostsNps,
  availabilityBelowTarget,
  escalationDuty,
  extendSlots,
  roundTarget,
  defaultRuleOptions,
} from "./rules";
export type {
  ReviewEvidence,
  ObjectiveEvidence,
  ThemeEvidence,
  MonthCompliance,
  AvailabilityMonth,
  DraftProposal,
  Citation,
  RuleId,
  RuleOptions,
  SlaArea,
} from "./rules";
