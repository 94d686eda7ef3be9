import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable, Updateable } from "kysely";

/** Text in each language the product speaks. */
export type Localized = { ko?: string; en?: string };

type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export type Role = "admin" | "manager" | "analyst";
export type Locale = "ko" | "en";
export type QuestionType = "nps" | "csat" | "ces" | "rating" | "single" | "multi" | "text";
export type SurveyStatus = "draft" | "open" | "closed";

/** Segment attributes snapshotted from a link's hidden fields onto each response. */
export type Segment = { account?: string; tier?: string; region?: string; plan?: string; ticket?: string };

export type ChoiceOption = { value: string; label: Localized };

export interface AppSettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  locale: Generated<Locale>;
  /** Seeded demo sign-in: refused when NODE_ENV=production. */
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
  /** Cannot sign in; set together with deleting the user's sessions. */
  deactivated_at: NullableTimestamp;
  /** IANA zone the user sees times in; null: the organisation's (app_settings org_time_zone). */
  time_zone: string | null;
  last_sign_in_at: NullableTimestamp;
  /** Set when an admin chose the password: the user must change it before anything else. */
  must_change_password: Generated<boolean>;
}

/** A one-time link (invite or password reset): only the SHA-256 of the token is stored. */
export interface UserTokensTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  purpose: "invite" | "reset";
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

/** One sending of survey invitations by email, with at most one reminder. */
export interface DistributionsTable {
  id: Generated<string>;
  survey_id: string;
  created_by: string | null;
  reminder_after_days: number | null;
  reminder_sent_at: NullableTimestamp;
  created_at: CreatedAt;
}

/** One contact's invitation: its single-use link and the outbox rows that carried it. */
export interface InvitationsTable {
  id: Generated<string>;
  distribution_id: string;
  contact_id: string | null;
  email: string;
  link_id: string;
  outbox_id: string | null;
  reminder_outbox_id: string | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface LoginFailuresTable {
  key: string;
  count: number;
  first_at: Timestamp;
  last_at: Timestamp;
}

export interface AccountsTable {
  id: Generated<string>;
  name: string;
  email: string | null;
  tier: string;
  region: string;
  plan: string;
  locale: Generated<Locale>;
  /** Added by migration 2026_11_27_0200_cases: credits are a percentage of it. */
  monthly_fee: Generated<number>;
  /** Added by migration 2026_12_03_0600_accounts: "YYYY-MM-DD" dates (select them ::text). */
  contract_start: ColumnType<string | null, string | null | undefined, string | null>;
  renewal_date: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  /** Added by migration 2026_12_03_0830_imports: the account's id in the customer's other systems. */
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** An account's people: invitations and notices go to them, in their language. */
export interface ContactsTable {
  id: Generated<string>;
  account_id: string;
  name: Generated<string>;
  email: string;
  locale: Generated<Locale>;
  position: Generated<number>;
  created_at: CreatedAt;
}

export interface SurveysTable {
  id: Generated<string>;
  title: Json<Localized>;
  intro: ColumnType<Localized, string | undefined, string>;
  status: Generated<SurveyStatus>;
  anonymous: Generated<boolean>;
  closes_at: NullableTimestamp;
  response_limit: number | null;
  metric_definitions: Json<Record<string, Localized>>;
  min_segment_n: Generated<number>;
  /** Added by migration 2026_12_03_0601: archived surveys leave the list but keep their responses. */
  archived_at: NullableTimestamp;
  /** The languages the content is written in: ["ko", "en"], ["ko"] or ["en"]. */
  languages: ColumnType<Locale[], string | undefined, string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface QuestionsTable {
  id: Generated<string>;
  survey_id: string;
  position: number;
  page: Generated<number>;
  type: QuestionType;
  required: Generated<boolean>;
  prompt: Json<Localized>;
  options: ColumnType<ChoiceOption[], string | undefined, string>;
  why_prompt: ColumnType<Localized | null, string | null | undefined, string | null>;
}

export interface LinksTable {
  id: Generated<string>;
  survey_id: string;
  token: string;
  kind: "public" | "single";
  account_id: string | null;
  hidden: ColumnType<Segment, string | undefined, string>;
  locale: Locale | null;
  expires_at: NullableTimestamp;
  used_at: NullableTimestamp;
  /** First view of the link page (invitation "opened"), set once. */
  opened_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface ResponsesTable {
  id: Generated<string>;
  survey_id: string;
  link_id: string | null;
  account_id: string | null;
  submission_key: string;
  segment: ColumnType<Segment, string | undefined, string>;
  locale: Locale;
  finished: Generated<boolean>;
  last_page: Generated<number>;
  ip: string | null;
  started_at: CreatedAt;
  submitted_at: NullableTimestamp;
  duration_seconds: number | null;
  /** Counted in answer_counts by the answer-counts job (migration 2026_12_04_0100). */
  in_answer_counts: Generated<boolean>;
}

export interface AnswersTable {
  id: Generated<string>;
  response_id: string;
  question_id: string;
  value_int: number | null;
  value_text: string | null;
  choices: ColumnType<string[] | null, string | null | undefined, string | null>;
  why_text: string | null;
}

export type FeedbackSource = "survey" | "interview" | "import";
export type ScoreScale = "nps" | "csat" | "ces" | "rating" | "stars";

export interface FeedbackItemsTable {
  id: Generated<string>;
  source: FeedbackSource;
  response_id: string | null;
  question_id: string | null;
  account_id: string | null;
  segment: ColumnType<Segment, string | undefined, string>;
  language: Generated<string>;
  text: string;
  score: number | null;
  score_scale: ScoreScale | null;
  occurred_at: CreatedAt;
  created_at: CreatedAt;
  /** Added by migration 2026_12_03_0800_feedback_workspace: an estimate, never an answer. */
  sentiment_label: SentimentLabel | null;
  sentiment_score: number | null;
  sentiment_confidence: number | null;
  sentiment_model: string | null;
  interview_id: string | null;
  passage_index: number | null;
  source_name: string | null;
  external_id: string | null;
  /** Added by migration 2026_12_03_0830_imports: the import and the file line a row came from. */
  import_id: ColumnType<string | null, string | null | undefined, string | null>;
  import_row: ColumnType<number | null, number | null | undefined, number | null>;
}

export type SentimentLabel = "negative" | "neutral" | "positive";
export type SlaArea = "response_speed" | "resolution" | "availability" | "service_hours" | "communication";

export interface InterviewsTable {
  id: Generated<string>;
  account_id: string | null;
  /** "YYYY-MM-DD" (select it ::text). */
  held_on: ColumnType<string, string, string>;
  interviewer: string;
  participants: Generated<string>;
  body: string;
  language: "ko" | "en" | "other";
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ThemesTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  origin: "seeded" | "discovered";
  status: Generated<"active" | "archived">;
  sla_area: SlaArea | null;
  merged_into_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ThemeExamplesTable {
  id: Generated<string>;
  theme_id: string;
  feedback_item_id: string | null;
  text: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ThemeAssignmentsTable {
  feedback_item_id: string;
  theme_id: string;
  confidence: number | null;
  assigned_by: "model" | "hand";
  user_id: string | null;
  assigned_at: CreatedAt;
  /** The item's occurred_at, kept by a trigger (migration 2026_12_04_0200_theme_counts). */
  occurred_at: Generated<Date>;
}

/** Added by migration 2026_12_03_0810_feedback_search: one re-scoring of every feedback item. */
export interface SentimentRescoresTable {
  id: Generated<string>;
  model_key: string;
  status: Generated<"queued" | "running" | "done" | "superseded" | "failed">;
  total: Generated<number>;
  done: Generated<number>;
  cursor_id: string | null;
  lease_until: Date | null;
  error: string | null;
  requested_by: string | null;
  created_at: CreatedAt;
  started_at: Date | null;
  finished_at: Date | null;
}

export type DiscoveryRunStatus = "queued" | "running" | "done" | "failed" | "cancelled";
/** The slice a discovery run clusters; every field optional (absent = no limit). */
export type DiscoveryFilters = {
  from?: string;
  to?: string;
  sources?: FeedbackSource[];
  segmentKey?: "tier" | "region" | "plan";
  segmentValue?: string;
  sentiment?: SentimentLabel;
  unassignedOnly?: boolean;
};
export type DiscoveryCandidate = {
  id: string;
  label: string;
  terms: string[];
  size: number;
  share: number;
  meanSentiment: number | null;
  /** the run's stability (mean pairwise ARI over three seeds), or the split's */
  stability: number | null;
  quoteItemIds: string[];
  itemIds: string[];
  /** cosine of each item to the candidate's centre, same order as itemIds */
  similarities: number[];
  state: "open" | "accepted" | "merged" | "dismissed";
  /**
   * the language(s) its items were discovered in (feedback_items.language: "ko", "en", "other"):
   * one from the run, more after merging candidates of different languages; absent on runs
   * made before it was stored
   */
  languages?: string[];
  themeId?: string;
  mergedInto?: string;
};

export interface DiscoveryRunsTable {
  id: Generated<string>;
  filters: ColumnType<DiscoveryFilters, string | undefined, string>;
  status: Generated<DiscoveryRunStatus>;
  progress_done: Generated<number>;
  progress_total: Generated<number>;
  candidates: ColumnType<DiscoveryCandidate[], string | undefined, string>;
  seed: Generated<number>;
  stability: number | null;
  error: string | null;
  lease_until: NullableTimestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface AuditEventsTable {
  id: Generated<string>;
  user_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  at: CreatedAt;
}

export interface Database {
  app_settings: AppSettingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  distributions: DistributionsTable;
  invitations: InvitationsTable;
  login_failures: LoginFailuresTable;
  accounts: AccountsTable;
  contacts: ContactsTable;
  surveys: SurveysTable;
  questions: QuestionsTable;
  links: LinksTable;
  responses: ResponsesTable;
  answers: AnswersTable;
  feedback_items: FeedbackItemsTable;
  audit_events: AuditEventsTable;
  // SLA documents (migration 2026_11_27_0100_sla)
  slas: SlasTable;
  sla_versions: SlaVersionsTable;
  objectives: ObjectivesTable;
  sla_shares: SlaSharesTable;
  // Cases, measurements, outbox (migration 2026_11_27_0200_cases)
  cases: CasesTable;
  case_events: CaseEventsTable;
  case_breaches: CaseBreachesTable;
  measurement_imports: MeasurementImportsTable;
  measurements: MeasurementsTable;
  outbox: OutboxTable;
  // Review board (migration 2026_12_03_0700_review_board)
  review_meetings: ReviewMeetingsTable;
  review_attendees: ReviewAttendeesTable;
  evidence_packs: EvidencePacksTable;
  proposals: ProposalsTable;
  votes: VotesTable;
  process_changes: ProcessChangesTable;
  notices: NoticesTable;
  // Feedback workspace (migration 2026_12_03_0800_feedback_workspace)
  interviews: InterviewsTable;
  themes: ThemesTable;
  theme_examples: ThemeExamplesTable;
  theme_assignments: ThemeAssignmentsTable;
  // Feedback search and re-scoring (migration 2026_12_03_0810_feedback_search)
  sentiment_rescores: SentimentRescoresTable;
  // Theme discovery runs (migration 2026_12_03_0820_discovery_runs)
  discovery_runs: DiscoveryRunsTable;
  // Feedback imports (migration 2026_12_03_0830_imports)
  imports: ImportsTable;
  import_errors: ImportErrorsTable;
  import_rows: ImportRowsTable;
  // Answer counts per day (migration 2026_12_04_0100_answer_counts)
  answer_counts: AnswerCountsTable;
  segment_answer_counts: SegmentAnswerCountsTable;
  response_counts: ResponseCountsTable;
  answer_counts_state: AnswerCountsStateTable;
}

export interface ResponseCountsTable {
  day: string;
  survey_id: string;
  n: ColumnType<string, number | string, number | string>;
}

export interface AnswerCountsTable {
  day: string;
  question_id: string;
  score: number;
  n: ColumnType<string, number | string, number | string>;
}
export interface SegmentAnswerCountsTable extends AnswerCountsTable {
  tier: string | null;
  region: string | null;
  plan: string | null;
}
export interface AnswerCountsStateTable {
  id: Generated<boolean>;
  zone: string;
  rebuilt_at: CreatedAt;
}

export type User = Selectable<UsersTable>;
export type Account = Selectable<AccountsTable>;
export type Survey = Selectable<SurveysTable>;
export type Question = Selectable<QuestionsTable>;
export type NewQuestion = Insertable<QuestionsTable>;
export type Link = Selectable<LinksTable>;
export type Response = Selectable<ResponsesTable>;
export type Answer = Selectable<AnswersTable>;
export type FeedbackItem = Selectable<FeedbackItemsTable>;
export type SurveyUpdate = Updateable<SurveysTable>;

// ---- SLA documents (migration 2026_11_27_0100_sla) ----

/** A list of lines in each language (duties). */
export type LocalizedList = { ko?: string[]; en?: string[] };
export type SlaVersionStatus = "draft" | "published";
export type ReviewCadence = "monthly" | "quarterly" | "semiannual" | "annual";
/** day: 0 = Sunday .. 6 = Saturday; start/end "HH:MM" local; end <= start runs past midnight. */
export type SlaSlot = { day: number; start: string; end: string };
export type SlaCalendar = { timezone: string; slots: SlaSlot[]; holidays: string[] };
/** Availability below `below` % earns `creditPercent` % of the monthly fee. */
export type CreditTier = { below: number; creditPercent: number };
export type SlaRemedies = { credits: CreditTier[]; alternative: Localized };
export type SlaService = { type: Localized; scope: Localized };
export type ObjectiveKind = "availability" | "first_response" | "progress_update" | "resolution" | "csat_floor" | "nps_floor";
export type Priority = "p1" | "p2" | "p3" | "p4";
export type ObjectiveUnit = "percent" | "minutes" | "hours" | "points";
export type ObjectiveMode = "business" | "calendar";
export type ObjectiveWindow = "month" | "quarter";

export interface SlasTable {
  id: Generated<string>;
  name: Json<Localized>;
  service: string;
  tiers: ColumnType<string[], string | undefined, string>;
  /** Closing a case sends a follow-up CSAT link unless the case opts out. */
  follow_up_csat: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface SlaVersionsTable {
  id: Generated<string>;
  sla_id: string;
  version: number;
  status: Generated<SlaVersionStatus>;
  based_on_id: string | null;
  effective_from: NullableTimestamp;
  published_at: NullableTimestamp;
  published_by: string | null;
  notice_period_days: Generated<number>;
  review_cadence: Generated<ReviewCadence>;
  service: ColumnType<SlaService, string | undefined, string>;
  calendar: Json<SlaCalendar>;
  provider_duties: ColumnType<LocalizedList, string | undefined, string>;
  customer_duties: ColumnType<LocalizedList, string | undefined, string>;
  remedies: ColumnType<SlaRemedies, string | undefined, string>;
  change_note: ColumnType<Localized, string | undefined, string>;
  /** The review meeting whose decision this version amends (migration 2026_12_03_0700_review_board). */
  meeting_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ObjectivesTable {
  id: Generated<string>;
  version_id: string;
  kind: ObjectiveKind;
  priority: Priority | null;
  target: number;
  unit: ObjectiveUnit;
  mode: ObjectiveMode | null;
  window: Generated<ObjectiveWindow>;
  position: Generated<number>;
}

export interface SlaSharesTable {
  id: Generated<string>;
  sla_id: string;
  account_id: string;
  token: string;
  created_at: CreatedAt;
}

export type Sla = Selectable<SlasTable>;
export type SlaVersionRow = Selectable<SlaVersionsTable>;
export type ObjectiveRow = Selectable<ObjectivesTable>;
export type SlaShare = Selectable<SlaSharesTable>;

// ---- Cases, measurements, outbox (migration 2026_11_27_0200_cases) ----

export type CaseStatusValue = "open" | "in_progress" | "waiting_on_customer" | "resolved" | "closed" | "reopened";
export type CaseSourceValue = "response" | "feedback_item" | "manual";
export type CaseEventKind = "status" | "progress_update" | "note" | "first_response";
export type CaseTimerKind = "first_response" | "progress_update" | "resolution";

export interface CasesTable {
  id: Generated<string>;
  number: Generated<number>;
  account_id: string;
  sla_version_id: string | null;
  priority: Priority;
  owner_id: string | null;
  title: string;
  description: Generated<string>;
  source: CaseSourceValue;
  response_id: string | null;
  feedback_item_id: string | null;
  opened_at: Timestamp;
  /** Copy of the last status in case_events, for listing; the history is the truth. */
  status: Generated<CaseStatusValue>;
  status_at: Timestamp;
  first_response_at: NullableTimestamp;
  /** Send a follow-up CSAT link at closing (migration 2026_12_03_0700_review_board). */
  follow_up: Generated<boolean>;
  follow_up_link_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface CaseEventsTable {
  id: Generated<string>;
  case_id: string;
  kind: CaseEventKind;
  status: CaseStatusValue | null;
  at: Timestamp;
  user_id: string | null;
  body: Generated<string>;
}

export interface CaseBreachesTable {
  id: Generated<string>;
  case_id: string;
  timer: CaseTimerKind;
  cycle: Generated<number>;
  due_at: Timestamp;
  breached_at: Timestamp;
  recorded_at: CreatedAt;
}

export interface MeasurementImportsTable {
  id: Generated<string>;
  filename: Generated<string>;
  row_count: number;
  user_id: string | null;
  created_at: CreatedAt;
}

export interface MeasurementsTable {
  id: Generated<string>;
  service: string;
  window_start: Timestamp;
  window_end: Timestamp;
  good_minutes: number;
  total_minutes: number;
  import_id: string | null;
  created_at: CreatedAt;
}

export interface OutboxTable {
  id: Generated<string>;
  kind: "email" | "webhook";
  to: string;
  subject: Generated<string>;
  body: Generated<string>;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
  sent_at: NullableTimestamp;
  attempts: Generated<number>;
  /** Due time; while a worker sends, its lease. */
  next_attempt_at: CreatedAt;
  last_error: string | null;
  /** Gave up after the last attempt. */
  failed_at: NullableTimestamp;
  /** The notice this email tells (migration 2026_12_03_0700_review_board). */
  notice_id: string | null;
}

export type MeetingStatus = "scheduled" | "open" | "decided" | "closed";
export type ProposalStatus = "open" | "approved" | "rejected" | "withdrawn";
export type VoteChoice = "approve" | "reject" | "abstain";

export interface ReviewMeetingsTable {
  id: Generated<string>;
  sla_id: string;
  /** "YYYY-MM-DD" dates (select them ::text). */
  period_start: ColumnType<string, string, string>;
  period_end: ColumnType<string, string, string>;
  scheduled_for: Timestamp;
  quorum: number;
  status: Generated<MeetingStatus>;
  notes: Generated<string>;
  opened_at: NullableTimestamp;
  decided_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface ReviewAttendeesTable {
  meeting_id: string;
  user_id: string;
}

export interface EvidencePacksTable {
  id: Generated<string>;
  meeting_id: string;
  definitions_version: string;
  content: ColumnType<unknown, string, string>;
  frozen_at: CreatedAt;
  frozen_by: string | null;
  refreshed_count: Generated<number>;
}

export interface ProposalsTable {
  id: Generated<string>;
  meeting_id: string;
  position: Generated<number>;
  origin: "rule" | "staff";
  rule: string | null;
  /** A ProposalChange of analysis/review/changes.ts. */
  change: ColumnType<unknown, string, string>;
  adverse: boolean;
  rationale: string;
  citations: ColumnType<unknown[], string | undefined, string>;
  status: Generated<ProposalStatus>;
  decided_at: NullableTimestamp;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface VotesTable {
  proposal_id: string;
  user_id: string;
  choice: VoteChoice;
  comment: Generated<string>;
  cast_at: CreatedAt;
}

export interface ProcessChangesTable {
  id: Generated<string>;
  meeting_id: string;
  proposal_id: string | null;
  description: string;
  owner_id: string | null;
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
  done_on: ColumnType<string | null, string | null | undefined, string | null>;
  metric: string;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface NoticesTable {
  id: Generated<string>;
  sla_version_id: string;
  account_id: string;
  meeting_id: string | null;
  locale: Locale;
  adverse: boolean;
  effective_from: Timestamp;
  created_at: CreatedAt;
}

export type CaseRow = Selectable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type MeasurementRowDb = Selectable<MeasurementsTable>;
export type OutboxRow = Selectable<OutboxTable>;

// ---- Feedback imports (migration 2026_12_03_0830_imports) ----

export type ImportKind = "reviews" | "social" | "tickets" | "other";
export type ImportStatus = "uploaded" | "queued" | "running" | "done" | "failed" | "cancelled";
export type ImportEncoding = "auto" | "utf-8" | "cp949";

export interface ImportsTable {
  id: Generated<string>;
  filename: string;
  kind: ImportKind;
  status: Generated<ImportStatus>;
  encoding: Generated<ImportEncoding>;
  detected_encoding: "utf-8" | "cp949" | null;
  byte_size: Generated<number>;
  header: ColumnType<string[], string | undefined, string>;
  /** An ImportMapping of app/schemas/import.ts. */
  mapping: ColumnType<unknown, string | undefined, string>;
  skip_bad_rows: Generated<boolean>;
  rows_done: Generated<number>;
  bytes_done: Generated<number>;
  rows_total: number | null;
  rows_imported: Generated<number>;
  rows_duplicate: Generated<number>;
  rows_failed: Generated<number>;
  attempt: Generated<number>;
  cancel_requested: Generated<boolean>;
  failure: string | null;
  job_id: string | null;
  started_at: NullableTimestamp;
  heartbeat_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ImportErrorsTable {
  id: Generated<number>;
  import_id: string;
  line: number;
  field: string;
  column: Generated<string>;
  message: string;
  params: ColumnType<Record<string, string | number>, string | undefined, string>;
}

export interface ImportRowsTable {
  import_id: string;
  attempt: number;
  line: number;
  account_id: string | null;
  text: string;
  language: string;
  score: number | null;
  score_scale: ScoreScale | null;
  occurred_at: Timestamp;
  source_name: string | null;
  external_id: string | null;
  sentiment_label: SentimentLabel | null;
  sentiment_score: number | null;
  sentiment_confidence: number | null;
  sentiment_model: string | null;
}

export type ImportRow = Selectable<ImportsTable>;
