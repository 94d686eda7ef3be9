export type { Problem } from "./problems";
export { isValidTimeZone } from "./zone";
export {
  addWorkingTime,
  workingMinutesBetween,
  nextOpening,
  isOpen,
  validateCalendar,
  calendarHours,
  compileCalendar,
  parseTime,
} from "./calendar";
export type { BusinessCalendar, Slot, CompiledCalendar } from "./calendar";
export { caseStatuses, transitions, clockState, allowedTransition, nextStatuses, isCaseStatus, validateHistory } from "./workflow";
export type { CaseStatus, StatusChange } from "./workflow";
export { computeCaseTimers, reopenPolicyStatements, timerKinds, AT_RISK_SHARE } from "./timers";
export type { CaseTimerInput, CaseTimers, CaseObjectives, TimerResult, TimerKind, TimerMode, TimerStatus, ReopenPolicy } from "./timers";
export { availability, monthRange, validateAvailabilityWindow, validateOutage } from "./availability";
export type { AvailabilityInput, AvailabilityResult, AvailabilityWindow, Outage } from "./availability";
export { validateCreditTable, creditFor } from "./credits";
export type { CreditTier, CreditResult } from "./credits";
export { validateObjectives } from "./objectives";
export type { ObjectiveTargets } from "./objectives";
export { caseOutcome, complianceReport } from "./compliance";
export type { ComplianceReport, ObjectiveCompliance } from "./compliance";
