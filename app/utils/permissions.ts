import type { Role } from "../../db/schema";

/**
 * Who may do what, in one place. Every staff loader and action starts with
 * `requireRole(request, <one of these>)` (permissions.server.ts); `routeAccess` below says, per
 * route file, which set each uses, and tests/app/permissions.test.ts checks every cell over HTTP
 * and fails for a route file missing from it.
 */
export const STAFF = ["admin", "manager", "analyst"] as const satisfies readonly Role[];
/** The product team: builds surveys, records, imports, drafts SLA versions (DESIGN.md). */
export const ANALYSTS = ["admin", "analyst"] as const satisfies readonly Role[];
/** The review board: approves and publishes SLA versions. */
export const MANAGERS = ["admin", "manager"] as const satisfies readonly Role[];
/** Users, locks, the audit log. */
export const ADMINS = ["admin"] as const satisfies readonly Role[];
/**
 * Complaint cases are worked by whoever is on the team: an analyst who reads the complaint, a
 * manager who owns the service. Reading and working a case need the same role.
 */
export const CASE_WORKERS = STAFF;

export type Roles = readonly Role[];
/** "public": no sign-in (respondents, sign-in itself); otherwise the roles allowed. */
export type Access = "public" | Roles;
export type RouteAccess = {
  loader?: Access;
  action?: Access;
  /** Actions whose intents need narrower roles than the action's first line (checked with assertRole). */
  intents?: Record<string, Roles>;
};

export const routeAccess: Record<string, RouteAccess> = {
  _index: { loader: "public" },
  // Addresses no page has: a 404 for everyone (GET or POST).
  $: { loader: "public", action: "public" },
  healthz: { loader: "public" },
  lang: { loader: "public", action: "public" },
  login: { loader: "public", action: "public" },
  logout: { loader: "public", action: "public" },
  "s.$token": { loader: "public", action: "public" },
  "s.$token_.thanks": { loader: "public" },
  "sla.$token": { loader: "public" },
  // A customer's notice of a new SLA version, by their account's SLA link.
  "sla.$token_.notices.$noticeId": { loader: "public" },
  // Whoever holds a one-time link an admin made (invite, password reset).
  "set-password.$token": { loader: "public", action: "public" },

  app: { loader: STAFF },
  "app._index": { loader: STAFF },
  "app.$": { loader: STAFF },
  "app.audit": { loader: ADMINS },
  "app.users._index": { loader: ADMINS, action: ADMINS },
  "app.users.new": { loader: ADMINS, action: ADMINS },
  "app.users.$userId": { loader: ADMINS, action: ADMINS },
  "app.settings._index": { loader: ADMINS, action: ADMINS },
  // Everyone's own language, time zone and password.
  "app.account": { loader: STAFF, action: STAFF },
  "app.accounts._index": { loader: STAFF },
  "app.accounts.new": { loader: ANALYSTS, action: ANALYSTS },
  "app.accounts.import": { loader: ANALYSTS, action: ANALYSTS },
  "app.accounts.$accountId._index": { loader: STAFF },
  "app.accounts.$accountId.edit": { loader: ANALYSTS, action: ANALYSTS },
  "app.responses.$responseId": { loader: STAFF },
  "app.surveys.$surveyId.manage": { loader: ANALYSTS, action: ANALYSTS },
  "app.surveys.$surveyId.preview": { loader: STAFF },
  "app.cases._index": { loader: CASE_WORKERS },
  "app.cases.new": { loader: CASE_WORKERS, action: CASE_WORKERS },
  "app.cases.$caseId": { loader: CASE_WORKERS, action: CASE_WORKERS },
  "app.measurements._index": { loader: STAFF, action: ANALYSTS },
  // Feedback imports: anyone on staff reads them, the product team uploads and runs them.
  "app.imports._index": { loader: STAFF, action: ANALYSTS },
  "app.imports.$importId": { loader: STAFF, action: ANALYSTS },
  "app.imports.$importId[.errors.csv]": { loader: STAFF },
  "app.reports._index": { loader: STAFF },
  "app.reports.csv": { loader: STAFF },
  "app.responses._index": { loader: STAFF },
  "app.responses[.csv]": { loader: STAFF },
  "app.slas._index": { loader: STAFF },
  "app.slas.new": { loader: ANALYSTS, action: ANALYSTS },
  // Any staff member may hand a customer the link to what they agreed to; editing is drafting.
  "app.slas.$slaId._index": { loader: STAFF, action: STAFF, intents: { links: STAFF, save: ANALYSTS, followUp: ANALYSTS } },
  "app.slas.$slaId.compare": { loader: STAFF },
  "app.slas.$slaId.versions.$versionId": {
    loader: STAFF,
    action: STAFF,
    intents: { publish: MANAGERS, newDraft: ANALYSTS, discard: ANALYSTS, save: ANALYSTS },
  },
  // Staff prepare proposals (by hand or drafted from the evidence pack); only managers vote, and
  // the model further requires an attendee of the meeting (403 otherwise).
  "app.reviews.$meetingId.proposals.new": { loader: STAFF, action: STAFF, intents: { create: STAFF, draft: STAFF } },
  "app.reviews.$meetingId.proposals.$proposalId": { loader: STAFF, action: STAFF, intents: { vote: MANAGERS, withdraw: STAFF } },
  // Composing an amendment from a decided meeting and resending a notice: the review board's work.
  "app.reviews.$meetingId_.amend": { loader: MANAGERS, action: MANAGERS },
  "app.notices.$noticeId.resend": { loader: MANAGERS, action: MANAGERS },
  "app.surveys._index": { loader: STAFF, action: ANALYSTS },
  "app.surveys.new": { loader: ANALYSTS, action: ANALYSTS },
  "app.surveys.$surveyId._index": { loader: STAFF },
  "app.surveys.$surveyId.edit": { loader: STAFF, action: ANALYSTS },
  "app.surveys.$surveyId.links": { loader: STAFF, action: ANALYSTS },
  "app.surveys.$surveyId.links[.csv]": { loader: STAFF },
  "app.themes._index": { loader: STAFF, action: ANALYSTS },
  "app.themes.new": { loader: ANALYSTS, action: ANALYSTS },
  "app.themes.$themeId": { loader: STAFF, action: ANALYSTS },
  "app.themes.runs.$runId": { loader: STAFF, action: ANALYSTS },
  // The review board: analysts prepare (schedule, notes); only managers open, refresh and close.
  "app.reviews._index": { loader: STAFF },
  "app.reviews.new": { loader: STAFF, action: STAFF },
  "app.reviews.$meetingId._index": {
    loader: STAFF,
    action: STAFF,
    intents: { notes: STAFF, open: MANAGERS, refresh: MANAGERS, close: MANAGERS, processChange: MANAGERS, processDone: MANAGERS },
  },
  "app.reviews.$meetingId.pack": { loader: STAFF },
  "app.reviews.$meetingId.pack[.csv]": { loader: STAFF },
  "app.reviews.$meetingId.pack[.pdf]": { loader: STAFF },
  // Feedback workspace: everyone reads; the product team records interviews, tags and switches models.
  "app.feedback._index": { loader: STAFF },
  "app.interviews._index": { loader: STAFF },
  "app.interviews.new": { loader: ANALYSTS, action: ANALYSTS },
  "app.interviews.$interviewId._index": { loader: STAFF, action: ANALYSTS },
  "app.interviews.$interviewId.edit": { loader: ANALYSTS, action: ANALYSTS },
  "app.settings.sentiment": { loader: ANALYSTS, action: ANALYSTS },
};

export function hasRole(role: Role, allowed: Roles): boolean {
  return allowed.includes(role);
}
