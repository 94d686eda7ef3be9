export { isAdverse, weeklyServiceMinutes } from "./changes";
export type { ProposalChange, ChangeKind, Priority, ReviewCadence, DutyText } from "./changes";
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
export { applyChanges, deriveChanges } from "./apply";
export type { AmendableVersion, ApplyConflict, ApplyResult } from "./apply";
