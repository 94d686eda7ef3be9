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
export { addMonths, addDays, daysBetween, reviewDue, boardOrder, cadenceMonths, DUE_SOON_DAYS } from "./cadence";
export type { ReviewDue, ReviewDueInput, ReviewDueStatus } from "./cadence";
export { PACK_DEFINITIONS_VERSION, percentiles, objectiveCompliance, packToReviewEvidence } from "./pack";
export type {
  EvidencePack,
  MetricSection,
  MetricFigure,
  SegmentFigure,
  PackObjective,
  PackTheme,
  PackCase,
  PackCredit,
  PackProcessChange,
  PackDecision,
  MetricValue,
  JudgedCase,
  ObjectiveTarget,
} from "./pack";
export { applyChanges, deriveChanges } from "./apply";
export type { AmendableVersion, ApplyConflict, ApplyResult } from "./apply";
