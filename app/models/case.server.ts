import { isComplaintScore } from "../../analysis/metrics";
import { sql, type Transaction } from "kysely";
import {
  allowedTransition,
  computeCaseTimers,
  nextStatuses,
  reopenPolicyStatements,
  type BusinessCalendar,
  type CaseObjectives,
  type CaseTimers,
  type TimerKind,
} from "../../analysis/sla";
import type { CaseEventKind, CaseSourceValue, CaseStatusValue, Database, Priority, SlaCalendar } from "../../db/schema";
import { db } from "~/db.server";
import type { CaseFilter } from "~/schemas/case";
import { recordAudit } from "./audit.server";
import { followUpDefault, queueFollowUpIn } from "./follow-up.server";
import { defaultBaseUrl } from "./notice.server";
import { enqueueOutbox } from "./outbox.server";
import { getVersion, getVersionInForce, type Objective } from "./sla.server";
import { isUuid } from "~/utils/uuid";

type Trx = Transaction<Database> | typeof db;

/** What the model refuses, as stable codes the routes translate. */
export class CaseError extends Error {
  constructor(
    public readonly code:
      | "notFound"
      | "accountNotFound"
      | "ownerNotFound"
      | "responseNotFound"
      | "notDetractor"
      | "feedbackItemNotFound"
      | "transition"
      | "firstResponseExists"
      | "noRecipient",
    public readonly params: Record<string, string> = {},
  ) {
    super(code);
  }
}

// ---- timers -------------------------------------------------------------------------------

/** The time objectives of one priority in a version, in minutes, for analysis/sla. */
export function caseObjectivesFor(objectives: Objective[], priority: Priority): CaseObjectives {
  const minutes = (o: Objective | undefined) => (o ? (o.unit === "hours" ? o.target * 60 : o.target) : null);
  const find = (kind: TimerKind) => objectives.find((o) => o.kind === kind && o.priority === priority);
  const fr = find("first_response"), pu = find("progress_update"), rs = find("resolution");
  return {
    firstResponseMinutes: minutes(fr),
    progressUpdateMinutes: minutes(pu),
    resolutionMinutes: minutes(rs),
    modes: { first_response: fr?.mode ?? "business", progress_update: pu?.mode ?? "business", resolution: rs?.mode ?? "business" },
  };
}

type TimerEvent = { kind: CaseEventKind; status: CaseStatusValue | null; at: Date };
export type VersionForTimers = { calendar: SlaCalendar; objectives: Objective[] };

/** Timers rebuilt from the status history every time; nothing is kept as a running counter. */
export function timersOf(
  c: { opened_at: Date; priority: Priority; first_response_at: Date | null },
  events: TimerEvent[],
  version: VersionForTimers | null,
  now: Date,
): CaseTimers | null {
  if (!version) return null;
  return computeCaseTimers({
    openedAt: c.opened_at,
    history: events.filter((e) => e.kind === "status" && e.status).map((e) => ({ status: e.status!, at: e.at })),
    progressUpdates: events.filter((e) => e.kind === "progress_update").map((e) => e.at),
    firstResponseAt: c.first_response_at,
    objectives: caseObjectivesFor(version.objectives, c.priority),
    calendar: version.calendar as BusinessCalendar,
    now,
    reopenPolicy: "resume",
  });
}

export const REOPEN_POLICY = "resume" as const;
export const reopenStatement = reopenPolicyStatements[REOPEN_POLICY];

function breachRows(caseId: string, timers: CaseTimers | null, now: Date) {
  if (!timers) return [];
  return (["first_response", "progress_update", "resolution"] as const)
    .filter((k) => timers[k].breachedAt && timers[k].breachedAt!.getTime() <= now.getTime())
    .map((k) => ({ case_id: caseId, timer: k, cycle: 0, due_at: timers[k].breachedAt!, breached_at: timers[k].breachedAt! }));
}

/** Each miss is written once: the unique key (case, timer, cycle) makes this idempotent. */
async function recordBreaches(trx: Trx, cases: { id: string; timers: CaseTimers | null }[], now: Date) {
  const rows = cases.flatMap((c) => breachRows(c.id, c.timers, now));
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto("case_breaches")
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(["case_id", "timer", "cycle"]).doNothing())
      .execute();
  }
}

// ---- reading ------------------------------------------------------------------------------

/** Versions by id with their calendars and objectives, loaded once per page. */
async function versionsById(ids: (string | null)[]) {
  const out = new Map<string, NonNullable<Awaited<ReturnType<typeof getVersion>>>>();
  for (const id of new Set(ids.filter((x): x is string => !!x))) {
    const v = await getVersion(id);
    if (v) out.set(id, v);
  }
  return out;
}

async function eventsByCase(trx: Trx, caseIds: string[]) {
  const out = new Map<string, TimerEvent[]>();
  if (!caseIds.length) return out;
  // One array parameter, not one per case: a quarter's evidence pack reads 100,000 cases.
  // Times as epoch milliseconds: the dashboard reads ~10,000 events a view, and parsing each
  // timestamp's text into a Date was a fifth of its CPU.
  const rows = await trx
    .selectFrom("case_events")
    .select(["case_id", "kind", "status", sql<number>`(extract(epoch from at) * 1000)::float8`.as("at_ms")])
    .where("case_id", "=", sql<string>`any(${caseIds}::uuid[])`)
    .orderBy("at")
    .orderBy("id")
    .execute();
  for (const r of rows) {
    const list = out.get(r.case_id) ?? [];
    list.push({ kind: r.kind, status: r.status, at: new Date(r.at_ms) });
    out.set(r.case_id, list);
  }
  return out;
}

type TimerRow = { id: string; sla_version_id: string | null; opened_at: Date; priority: Priority; first_response_at: Date | null };

/** Each row with its version and timers at `now`; versions and events are read once for all the rows (a page, a report, a batch). */
async function withTimers<R extends TimerRow>(rows: R[], now: Date) {
  const versions = await versionsById(rows.map((r) => r.sla_version_id));
  const events = await eventsByCase(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const version = r.sla_version_id ? versions.get(r.sla_version_id) ?? null : null;
    return { r, version, timers: timersOf(r, events.get(r.id) ?? [], version, now) };
  });
}

export async function getCase(caseId: string, now = new Date()) {
  if (!isUuid(caseId)) return null;
  const c = await db
    .selectFrom("cases")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .leftJoin("users as owner", "owner.id", "cases.owner_id")
    .selectAll("cases")
    .select(["accounts.name as account_name", "accounts.email as account_email", "accounts.tier as account_tier", "owner.name as owner_name"])
    .where("cases.id", "=", caseId)
    .executeTakeFirst();
  if (!c) return null;
  const events = await db
    .selectFrom("case_events")
    .leftJoin("users", "users.id", "case_events.user_id")
    .select(["case_events.id", "case_events.kind", "case_events.status", "case_events.at", "case_events.body", "users.name as user_name"])
    .where("case_id", "=", caseId)
    .orderBy("case_events.at")
    .orderBy("case_events.id")
    .execute();
  const version = c.sla_version_id ? await getVersion(c.sla_version_id) : null;
  const sla = version ? await db.selectFrom("slas").select(["id", "name", "service"]).where("id", "=", version.slaId).executeTakeFirst() : null;
  const timers = timersOf(c, events, version, now);
  // Reading writes nothing: misses are recorded by the actions that change a case and by the
  // breaches job (app/jobs/breaches.server.ts), so the page may show a live miss not yet recorded.
  const breaches = await db.selectFrom("case_breaches").selectAll().where("case_id", "=", caseId).orderBy("breached_at").execute();
  const source =
    c.response_id
      ? await db
          .selectFrom("answers")
          .innerJoin("questions", "questions.id", "answers.question_id")
          .select(["questions.type", "answers.value_int", "answers.why_text"])
          .where("answers.response_id", "=", c.response_id)
          .where("questions.type", "in", ["nps", "csat"])
          .execute()
      : c.feedback_item_id
        ? await db.selectFrom("feedback_items").select(["text as why_text", "score as value_int", "score_scale as type"]).where("id", "=", c.feedback_item_id).execute()
        : [];
  const texts = c.response_id ? await responseTexts(c.response_id) : source.map((s) => s.why_text ?? "").filter(Boolean);
  return {
    case: c,
    events,
    version,
    sla: sla ?? null,
    timers,
    breaches,
    source,
    texts,
    next: nextStatuses(c.status),
  };
}

export type CaseListRow = {
  id: string;
  number: number;
  title: string;
  priority: Priority;
  status: CaseStatusValue;
  openedAt: Date;
  accountId: string;
  accountName: string;
  ownerName: string | null;
  timezone: string | null;
  /** The nearest due time of a live timer (or null when none runs). */
  nextDue: Date | null;
  nextDueKind: TimerKind | null;
  atRisk: boolean;
  breached: boolean;
  breachedKinds: TimerKind[];
  paused: boolean;
};

/**
 * The list, filtered and sorted; risk and breach come from the timers at `now`, so they are judged
 * in JS over every case that can have them: each case not resolved or closed (a live timer) and
 * each with a recorded miss (actions and the breaches job record misses), plus the `limit` most
 * recent others. The first `limit` rows after filtering and sorting are shown; `total` counts them all.
 */
export async function listCases(filter: CaseFilter, now = new Date(), limit = 500): Promise<{ rows: CaseListRow[]; total: number }> {
  const filtered = <Q extends ReturnType<typeof caseRows>>(q: Q): Q => {
    let out = q;
    if (filter.status) out = out.where("cases.status", "=", filter.status) as Q;
    if (filter.priority) out = out.where("cases.priority", "=", filter.priority) as Q;
    if (filter.account) out = out.where("cases.account_id", "=", filter.account) as Q;
    return out;
  };
  const hasTimersOrMiss = filtered(caseRows()).where((eb) =>
    eb.or([
      eb("cases.status", "not in", ["resolved", "closed"]),
      eb.exists(eb.selectFrom("case_breaches").select("case_breaches.id").whereRef("case_breaches.case_id", "=", "cases.id")),
    ]),
  );
  const candidates = await hasTimersOrMiss.execute();
  // The rest can be neither at risk nor breached: only the most recent are needed.
  const ids = new Set(candidates.map((c) => c.id));
  const recent = await filtered(caseRows()).orderBy("cases.opened_at", "desc").limit(limit).execute();
  candidates.push(...recent.filter((r) => !ids.has(r.id)));
  let out = await listRows(candidates, now);
  if (filter.risk === "at_risk") out = out.filter((r) => r.atRisk);
  if (filter.risk === "breached") out = out.filter((r) => r.breached);
  if (filter.sort === "opened") out.sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime());
  else out.sort(byNextDue);
  const total = filter.risk ? out.length : Number((await filtered(caseRows()).clearSelect().select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  return { rows: out.slice(0, limit), total };
}

const byNextDue = (a: CaseListRow, b: CaseListRow) => (a.nextDue?.getTime() ?? Infinity) - (b.nextDue?.getTime() ?? Infinity) || b.openedAt.getTime() - a.openedAt.getTime();

/**
 * Cases not resolved or closed whose deadline is near (at risk) or already missed, judged as the
 * cases list judges them, nearest deadline first; the counts cover all of them, the rows the first `limit`.
 */
export async function openCasesAtRisk(now = new Date(), limit = 10): Promise<{ atRisk: number; breached: number; rows: CaseListRow[] }> {
  const open = await caseRows().where("cases.status", "not in", ["resolved", "closed"]).execute();
  const rows = (await listRows(open, now)).filter((r) => r.atRisk || r.breached).sort(byNextDue);
  return { atRisk: rows.filter((r) => r.atRisk).length, breached: rows.filter((r) => r.breached).length, rows: rows.slice(0, limit) };
}

/** Cases with their account's and owner's names: the columns the list and the timers need, no more (thousands of open cases per dashboard). */
function caseRows() {
  return db
    .selectFrom("cases")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .leftJoin("users as owner", "owner.id", "cases.owner_id")
    .select([...timerColumns, "accounts.name as account_name", "owner.name as owner_name"]);
}

/** A case's columns that lists and the timers read. */
const timerColumns = ["cases.id", "cases.number", "cases.title", "cases.priority", "cases.status", "cases.opened_at", "cases.account_id", "cases.sla_version_id", "cases.first_response_at"] as const;
type CaseRowWithNames = Awaited<ReturnType<ReturnType<typeof caseRows>["execute"]>>[number];

/** List rows with risk and breach from the timers at `now`. */
async function listRows(rows: CaseRowWithNames[], now: Date): Promise<CaseListRow[]> {
  return (await withTimers(rows, now)).map(({ r, version, timers }) => {
    const live = timers
      ? (["first_response", "progress_update", "resolution"] as const).filter((k) => timers[k].status !== "not_applicable" && timers[k].status !== "met" && !timers[k].stoppedAt)
      : [];
    const nearest = live
      .map((k) => ({ k, due: timers![k].due }))
      .filter((x) => x.due)
      .sort((a, b) => a.due!.getTime() - b.due!.getTime())[0];
    const breachedKinds = timers ? (["first_response", "progress_update", "resolution"] as const).filter((k) => timers[k].breachedAt) : [];
    return {
      id: r.id,
      number: r.number,
      title: r.title,
      priority: r.priority,
      status: r.status,
      openedAt: r.opened_at,
      accountId: r.account_id,
      accountName: r.account_name,
      ownerName: r.owner_name,
      timezone: version?.calendar.timezone ?? null,
      nextDue: nearest?.due ?? null,
      nextDueKind: nearest?.k ?? null,
      atRisk: live.some((k) => timers![k].atRisk),
      breached: breachedKinds.length > 0,
      breachedKinds: [...breachedKinds],
      paused: timers ? timers.status === "waiting_on_customer" : false,
    };
  });
}

export async function listAccountsForCases() {
  return db.selectFrom("accounts").select(["id", "name", "tier", "email"]).orderBy("name").execute();
}

export async function listOwners() {
  return db.selectFrom("users").select(["id", "name", "role"]).orderBy("name").execute();
}


/** What the "open case" form shows when it starts from a response or a feedback item. */
/** Everything the customer wrote in a response ("why?" answers and text questions), in question order. */
async function responseTexts(responseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("answers")
    .innerJoin("questions", "questions.id", "answers.question_id")
    .select(["answers.why_text", "answers.value_text"])
    .where("answers.response_id", "=", responseId)
    .orderBy("questions.position")
    .execute();
  return rows.flatMap((r) => [r.why_text, r.value_text]).filter((t): t is string => !!t && t.trim() !== "");
}

export async function casePrefill(from: { responseId?: string | null; feedbackItemId?: string | null }) {
  if (from.responseId && isUuid(from.responseId)) {
    const r = await db.selectFrom("responses").select(["id", "account_id", "segment", "submitted_at"]).where("id", "=", from.responseId).executeTakeFirst();
    if (!r) return null;
    const answers = await db
      .selectFrom("answers")
      .innerJoin("questions", "questions.id", "answers.question_id")
      .select(["questions.type", "answers.value_int", "answers.why_text"])
      .where("answers.response_id", "=", r.id)
      .where("questions.type", "in", ["nps", "csat"])
      .execute();
    const scored = answers.find((a) => isComplaintScore(a.type, a.value_int)) ?? answers[0];
    return {
      source: "response" as CaseSourceValue,
      id: r.id,
      accountId: r.account_id,
      scoreType: scored?.type ?? null,
      score: scored?.value_int ?? null,
      texts: await responseTexts(r.id),
      detractor: answers.some((a) => isComplaintScore(a.type, a.value_int)),
      existingCaseId: (await db.selectFrom("cases").select("id").where("response_id", "=", r.id).executeTakeFirst())?.id ?? null,
    };
  }
  if (from.feedbackItemId && isUuid(from.feedbackItemId)) {
    const f = await db.selectFrom("feedback_items").select(["id", "account_id", "text", "score", "score_scale"]).where("id", "=", from.feedbackItemId).executeTakeFirst();
    if (!f) return null;
    return {
      source: "feedback_item" as CaseSourceValue,
      id: f.id,
      accountId: f.account_id,
      scoreType: f.score_scale,
      score: f.score,
      texts: [f.text],
      detractor: f.score_scale ? isComplaintScore(f.score_scale, f.score) : true,
      existingCaseId: (await db.selectFrom("cases").select("id").where("feedback_item_id", "=", f.id).executeTakeFirst())?.id ?? null,
    };
  }
  return null;
}

// ---- writing ------------------------------------------------------------------------------

export type OpenCaseInput = {
  source: CaseSourceValue;
  responseId?: string;
  feedbackItemId?: string;
  accountId: string;
  priority: Priority;
  ownerId?: string;
  title: string;
  description: string;
};

/**
 * Opens a case stamped with the SLA version in force for the account's tier at `openedAt`.
 * The stamp never changes: a later version does not re-judge this case.
 */
export async function openCase(userId: string | null, input: OpenCaseInput, openedAt = new Date()): Promise<{ id: string; number: number }> {
  const account = await db.selectFrom("accounts").select(["id", "tier"]).where("id", "=", input.accountId).executeTakeFirst();
  if (!account) throw new CaseError("accountNotFound");
  if (input.ownerId && !(await db.selectFrom("users").select("id").where("id", "=", input.ownerId).executeTakeFirst())) {
    throw new CaseError("ownerNotFound");
  }
  let responseId: string | null = null;
  let feedbackItemId: string | null = null;
  if (input.source === "response") {
    const pre = await casePrefill({ responseId: input.responseId });
    if (!pre) throw new CaseError("responseNotFound");
    if (!pre.detractor) throw new CaseError("notDetractor");
    responseId = pre.id;
  } else if (input.source === "feedback_item") {
    const pre = await casePrefill({ feedbackItemId: input.feedbackItemId });
    if (!pre) throw new CaseError("feedbackItemNotFound");
    feedbackItemId = pre.id;
  }
  const version = await getVersionInForce({ tier: account.tier }, openedAt);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("cases")
      .values({
        account_id: account.id,
        sla_version_id: version?.id ?? null,
        // Follow-up CSAT at closing: the SLA's default, switched per case on its page.
        follow_up: await followUpDefault(trx, version?.slaId),
        priority: input.priority,
        owner_id: input.ownerId ?? null,
        title: input.title,
        description: input.description,
        source: input.source,
        response_id: responseId,
        feedback_item_id: feedbackItemId,
        opened_at: openedAt,
        status: "open",
        status_at: openedAt,
        created_by: userId,
      })
      .returning(["id", "number"])
      .executeTakeFirstOrThrow();
    await trx.insertInto("case_events").values({ case_id: row.id, kind: "status", status: "open", at: openedAt, user_id: userId }).execute();
    await recordAudit(trx, {
      userId,
      action: "case.open",
      targetType: "case",
      targetId: row.id,
      detail: { source: input.source, priority: input.priority, slaVersionId: version?.id ?? null, responseId, feedbackItemId },
    });
    return row;
  });
}

async function lockCase(trx: Transaction<Database>, caseId: string) {
  if (!isUuid(caseId)) throw new CaseError("notFound");
  const c = await trx.selectFrom("cases").selectAll().where("id", "=", caseId).forUpdate().executeTakeFirst();
  if (!c) throw new CaseError("notFound");
  return c;
}

/**
 * Records breaches after a change has committed. Outside the change's transaction on purpose:
 * the version is read through the shared pool, and a miss is a fact of time, not of the change.
 */
async function syncBreaches(caseId: string, now: Date) {
  const c = await db.selectFrom("cases").select(["id", "opened_at", "priority", "first_response_at", "sla_version_id"]).where("id", "=", caseId).executeTakeFirst();
  if (!c?.sla_version_id) return;
  const version = await getVersion(c.sla_version_id);
  const events = (await eventsByCase(db, [c.id])).get(c.id) ?? [];
  await recordBreaches(db, [{ id: c.id, timers: timersOf(c, events, version, now) }], now);
}

/**
 * The breaches job (app/jobs): records every miss of the cases still running at `now`, so a
 * miss is on record without anyone touching the case. Closed cases had theirs recorded when
 * they closed. Idempotent; returns how many cases it looked at.
 */
export async function recordDueBreaches(now = new Date(), batch = 500): Promise<number> {
  let seen = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await db
      .selectFrom("cases")
      .select(["id", "opened_at", "priority", "first_response_at", "sla_version_id"])
      .where("status", "<>", "closed")
      .where("sla_version_id", "is not", null)
      .where("id", ">", after)
      .orderBy("id")
      .limit(batch)
      .execute();
    if (!rows.length) return seen;
    await recordBreaches(
      db,
      (await withTimers(rows, now)).map(({ r, timers }) => ({ id: r.id, timers })),
      now,
    );
    seen += rows.length;
    after = rows[rows.length - 1].id;
  }
}

/** A status change the workflow allows (analysis/sla allowedTransition), or CaseError("transition") with nothing written. */
export async function changeStatus(
  userId: string | null,
  caseId: string,
  to: CaseStatusValue,
  body = "",
  at = new Date(),
  opts: { baseUrl?: string } = {},
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, caseId);
    if (!allowedTransition(c.status, to)) throw new CaseError("transition", { from: c.status, to });
    const when = at < c.status_at ? c.status_at : at;
    await trx.insertInto("case_events").values({ case_id: c.id, kind: "status", status: to, at: when, user_id: userId, body }).execute();
    await trx.updateTable("cases").set({ status: to, status_at: when }).where("id", "=", c.id).execute();
    // Closing asks the customer how we did (follow-up.server.ts), in this same transaction.
    const followUpLinkId = to === "closed" ? await queueFollowUpIn(trx, c, opts.baseUrl ?? defaultBaseUrl()) : null;
    await recordAudit(trx, { userId, action: "case.status", targetType: "case", targetId: c.id, detail: { from: c.status, to, ...(followUpLinkId ? { followUpLinkId } : {}) } });
    await trx.updateTable("cases").set({ updated_at: when }).where("id", "=", c.id).execute();
  });
  await syncBreaches(caseId, at);
}

/** The first reply to the customer, recorded explicitly and once. */
export async function recordFirstResponse(userId: string | null, caseId: string, body: string, at = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, caseId);
    if (c.first_response_at) throw new CaseError("firstResponseExists");
    const when = at < c.opened_at ? c.opened_at : at;
    await trx.insertInto("case_events").values({ case_id: c.id, kind: "first_response", status: null, at: when, user_id: userId, body }).execute();
    await trx.updateTable("cases").set({ first_response_at: when }).where("id", "=", c.id).execute();
    await recordAudit(trx, { userId, action: "case.first_response", targetType: "case", targetId: c.id });
    await trx.updateTable("cases").set({ updated_at: when }).where("id", "=", c.id).execute();
  });
  await syncBreaches(caseId, at);
}

/**
 * A progress notice to the customer: the case event and the outbox email are written in one
 * transaction, so a notice is never recorded without being queued (or queued without a record).
 */
export async function recordProgressUpdate(
  userId: string | null,
  caseId: string,
  input: { body: string; to?: string },
  at = new Date(),
): Promise<{ outboxId: string }> {
  const result = await db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, caseId);
    const account = await trx.selectFrom("accounts").select(["name", "email", "locale"]).where("id", "=", c.account_id).executeTakeFirstOrThrow();
    const to = input.to || account.email;
    if (!to) throw new CaseError("noRecipient");
    const when = at < c.opened_at ? c.opened_at : at;
    await trx.insertInto("case_events").values({ case_id: c.id, kind: "progress_update", status: null, at: when, user_id: userId, body: input.body }).execute();
    const subject =
      account.locale === "ko" ? `[케이스 #${c.number}] 진행 상황 안내: ${c.title}` : `[Case #${c.number}] Progress update: ${c.title}`;
    const outboxId = await enqueueOutbox(trx, {
      kind: "email",
      to,
      subject,
      body: input.body,
      payload: { type: "case.progress_update", caseId: c.id, caseNumber: c.number, status: c.status, locale: account.locale },
      at: when,
    });
    await recordAudit(trx, { userId, action: "case.progress_update", targetType: "case", targetId: c.id, detail: { outboxId, to } });
    await trx.updateTable("cases").set({ updated_at: when }).where("id", "=", c.id).execute();
    return { outboxId };
  });
  await syncBreaches(caseId, at);
  return result;
}

export async function addNote(userId: string | null, caseId: string, body: string, at = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, caseId);
    await trx.insertInto("case_events").values({ case_id: c.id, kind: "note", status: null, at, user_id: userId, body }).execute();
    await recordAudit(trx, { userId, action: "case.note", targetType: "case", targetId: c.id });
  });
  await syncBreaches(caseId, at);
}

export async function assignOwner(userId: string | null, caseId: string, ownerId: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const c = await lockCase(trx, caseId);
    if (ownerId && !(await trx.selectFrom("users").select("id").where("id", "=", ownerId).executeTakeFirst())) throw new CaseError("ownerNotFound");
    await trx.updateTable("cases").set({ owner_id: ownerId, updated_at: new Date() }).where("id", "=", c.id).execute();
    await recordAudit(trx, { userId, action: "case.owner", targetType: "case", targetId: c.id, detail: { from: c.owner_id, to: ownerId } });
  });
  await syncBreaches(caseId, new Date());
}

/** Cases of one SLA (any of its versions) opened in [from, to), with timers at `now`. For the compliance report. */
export async function casesForReport(slaId: string, from: Date, to: Date, now: Date, tier?: string | null) {
  let q = db
    .selectFrom("cases")
    .innerJoin("sla_versions", "sla_versions.id", "cases.sla_version_id")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    // What the report and the timers read, not the description and bookkeeping (a month of cases per dashboard view).
    .select([...timerColumns, "accounts.name as account_name", "accounts.tier as account_tier"])
    .where("sla_versions.sla_id", "=", slaId)
    .where("cases.opened_at", ">=", from)
    .where("cases.opened_at", "<", to)
    .orderBy("cases.opened_at");
  if (tier) q = q.where("accounts.tier", "=", tier);
  return (await withTimers(await q.execute(), now)).map(({ r, timers }) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    priority: r.priority,
    status: r.status,
    accountId: r.account_id,
    accountName: r.account_name,
    tier: r.account_tier,
    openedAt: r.opened_at,
    timers: timers!,
  }));
}

/** Cases of one SLA not resolved or closed, with timers at `now` (the evidence pack's open and at-risk cases). */
export async function openCasesForSla(slaId: string, now: Date) {
  const rows = await db
    .selectFrom("cases")
    .innerJoin("sla_versions", "sla_versions.id", "cases.sla_version_id")
    .innerJoin("accounts", "accounts.id", "cases.account_id")
    .selectAll("cases")
    .select(["accounts.name as account_name"])
    .where("sla_versions.sla_id", "=", slaId)
    .where("cases.status", "not in", ["resolved", "closed"])
    .orderBy("cases.opened_at")
    .execute();
  return (await withTimers(rows, now)).map(({ r, timers }) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    priority: r.priority,
    status: r.status,
    accountName: r.account_name,
    openedAt: r.opened_at,
    timers,
  }));
}

// ---- demo ---------------------------------------------------------------------------------

export type DemoStep = { kind: CaseEventKind; status?: CaseStatusValue; afterMinutes: number; body?: string };

/** Inserts a case with a given history (seed data and tests); the history is checked by the workflow. */
export async function insertCaseWithHistory(
  input: OpenCaseInput & { openedAt: Date; userId?: string | null; slaVersionId?: string | null },
  steps: DemoStep[],
): Promise<string> {
  const account = await db.selectFrom("accounts").select(["id", "tier", "email"]).where("id", "=", input.accountId).executeTakeFirstOrThrow();
  const versionId =
    input.slaVersionId !== undefined ? input.slaVersionId : ((await getVersionInForce({ tier: account.tier }, input.openedAt))?.id ?? null);
  const id = await db.transaction().execute(async (trx) => {
    let status: CaseStatusValue = "open";
    let statusAt = input.openedAt;
    let firstResponseAt: Date | null = null;
    const c = await trx
      .insertInto("cases")
      .values({
        account_id: account.id,
        sla_version_id: versionId,
        priority: input.priority,
        owner_id: input.ownerId ?? null,
        title: input.title,
        description: input.description,
        source: input.source,
        response_id: input.responseId ?? null,
        feedback_item_id: input.feedbackItemId ?? null,
        opened_at: input.openedAt,
        status: "open",
        status_at: input.openedAt,
        created_by: input.userId ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const events: { case_id: string; kind: CaseEventKind; status: CaseStatusValue | null; at: Date; user_id: string | null; body: string }[] = [
      { case_id: c.id, kind: "status", status: "open", at: input.openedAt, user_id: input.userId ?? null, body: "" },
    ];
    for (const s of steps) {
      const at = new Date(input.openedAt.getTime() + s.afterMinutes * 60_000);
      if (s.kind === "status") {
        if (!allowedTransition(status, s.status!)) throw new CaseError("transition", { from: status, to: s.status! });
        status = s.status!;
        statusAt = at;
      }
      if (s.kind === "first_response") firstResponseAt ??= at;
      events.push({ case_id: c.id, kind: s.kind, status: s.kind === "status" ? s.status! : null, at, user_id: input.userId ?? null, body: s.body ?? "" });
      if (s.kind === "progress_update" && account.email) {
        await enqueueOutbox(trx, {
          kind: "email",
          to: account.email,
          subject: `Progress update: ${input.title}`,
          body: s.body ?? "",
          payload: { type: "case.progress_update", caseId: c.id },
          at,
          sentAt: at,
        });
      }
    }
    await trx.insertInto("case_events").values(events).execute();
    await trx.updateTable("cases").set({ status, status_at: statusAt, first_response_at: firstResponseAt }).where("id", "=", c.id).execute();
    return c.id;
  });
  await syncBreaches(id, new Date());
  return id;
}

/** Counts for tests and the dashboard. */
const demoTitles: { ko: string; en: string }[] = [
  { ko: "결제 페이지 오류로 주문 실패", en: "Orders fail on the payment page" },
  { ko: "지원 답변이 너무 늦음", en: "Support took far too long to answer" },
  { ko: "대시보드 로딩 지연", en: "Dashboard loads very slowly" },
  { ko: "청구 금액 불일치", en: "Invoice amount does not match" },
  { ko: "API 응답 시간 초과", en: "API requests time out" },
  { ko: "데이터 내보내기 누락", en: "Data export is missing rows" },
  { ko: "로그인 반복 실패", en: "Repeated sign-in failures" },
  { ko: "알림 메일 미수신", en: "Notification emails never arrive" },
  { ko: "모바일 앱 충돌", en: "Mobile app crashes on start" },
  { ko: "보고서 수치 오류", en: "Report figures are wrong" },
];

/**
 * About 30 demo cases with realistic histories against the demo SLA: some met, some breached,
 * a few waiting on the customer, one reopened; plus a few months of availability measurements.
 * Call after seedDemoData() and seedDemoSla(); does nothing when cases exist or no SLA is in force.
 */
export async function seedDemoCases(now = new Date()): Promise<{ cases: number; measurements: number }> {
  const { mulberry32 } = await import("../../analysis/random");
  const { seedDemoMeasurements } = await import("./measurement.server");
  if (await db.selectFrom("cases").select("id").executeTakeFirst()) return { cases: 0, measurements: 0 };
  const slas = await db.selectFrom("slas").selectAll().orderBy("created_at").execute();
  let sla: (typeof slas)[number] | null = null;
  let tz = "Asia/Seoul";
  for (const s of slas) {
    const v = await getVersionInForce({ slaId: s.id }, now);
    if (v) {
      sla = s;
      tz = v.calendar.timezone;
      break;
    }
  }
  if (!sla) return { cases: 0, measurements: 0 };
  const accounts = await db.selectFrom("accounts").select(["id", "tier", "locale"]).where("tier", "in", sla.tiers.length ? sla.tiers : ["-"]).orderBy("name").execute();
  if (!accounts.length) return { cases: 0, measurements: 0 };
  const owners = await db.selectFrom("users").select("id").orderBy("email").execute();
  const detractors = await db
    .selectFrom("answers")
    .innerJoin("questions", "questions.id", "answers.question_id")
    .innerJoin("responses", "responses.id", "answers.response_id")
    .select(["responses.id as response_id", "responses.account_id", "responses.submitted_at"])
    .where("questions.type", "=", "nps")
    .where("answers.value_int", "<=", 6)
    .where("responses.account_id", "in", accounts.map((a) => a.id))
    .where("responses.submitted_at", "is not", null)
    .orderBy("responses.submitted_at", "desc")
    .limit(12)
    .execute();
  const rng = mulberry32(20261127);
  const H = 60, D = 24 * 60;
  // Histories in minutes after opening; "fast" ones meet every target, "slow" ones miss some.
  const plans: DemoStep[][] = [
    [{ kind: "first_response", afterMinutes: 25 }, { kind: "status", status: "in_progress", afterMinutes: 30 }, { kind: "progress_update", afterMinutes: 3 * H }, { kind: "status", status: "resolved", afterMinutes: 6 * H }, { kind: "status", status: "closed", afterMinutes: 2 * D }],
    [{ kind: "first_response", afterMinutes: 50 }, { kind: "status", status: "in_progress", afterMinutes: 1 * H }, { kind: "status", status: "resolved", afterMinutes: 1 * D }, { kind: "status", status: "closed", afterMinutes: 3 * D }],
    // Slow first answer: a first-response miss.
    [{ kind: "first_response", afterMinutes: 3 * D }, { kind: "status", status: "in_progress", afterMinutes: 3 * D + 10 }, { kind: "status", status: "resolved", afterMinutes: 5 * D }, { kind: "status", status: "closed", afterMinutes: 7 * D }],
    // Waiting on the customer for days: paused, then met.
    [{ kind: "first_response", afterMinutes: 40 }, { kind: "status", status: "waiting_on_customer", afterMinutes: 2 * H }, { kind: "status", status: "in_progress", afterMinutes: 4 * D }, { kind: "progress_update", afterMinutes: 4 * D + 2 * H }, { kind: "status", status: "resolved", afterMinutes: 5 * D }, { kind: "status", status: "closed", afterMinutes: 6 * D }],
    // Resolution far too late: a resolution miss.
    [{ kind: "first_response", afterMinutes: 2 * H }, { kind: "status", status: "in_progress", afterMinutes: 3 * H }, { kind: "progress_update", afterMinutes: 2 * D }, { kind: "status", status: "resolved", afterMinutes: 20 * D }, { kind: "status", status: "closed", afterMinutes: 21 * D }],
    // Reopened after the fix did not hold.
    [{ kind: "first_response", afterMinutes: 30 }, { kind: "status", status: "in_progress", afterMinutes: 45 }, { kind: "status", status: "resolved", afterMinutes: 1 * D }, { kind: "status", status: "reopened", afterMinutes: 3 * D, body: "Customer reports the problem is back." }, { kind: "progress_update", afterMinutes: 3 * D + 3 * H }, { kind: "status", status: "resolved", afterMinutes: 5 * D }, { kind: "status", status: "closed", afterMinutes: 7 * D }],
  ];
  // Live cases, opened in the last days: running, at risk, waiting, breached.
  const livePlans: { ageMinutes: number; steps: DemoStep[]; priority: Priority }[] = [
    { ageMinutes: 20, steps: [], priority: "p2" },
    { ageMinutes: 3 * H, steps: [{ kind: "first_response", afterMinutes: 30 }, { kind: "status", status: "in_progress", afterMinutes: 40 }], priority: "p3" },
    { ageMinutes: 2 * D, steps: [{ kind: "first_response", afterMinutes: 60 }, { kind: "status", status: "waiting_on_customer", afterMinutes: 2 * H }], priority: "p2" },
    { ageMinutes: 5 * D, steps: [{ kind: "first_response", afterMinutes: 90 }, { kind: "status", status: "waiting_on_customer", afterMinutes: 3 * H }], priority: "p3" },
    { ageMinutes: 6 * D, steps: [], priority: "p1" },
    { ageMinutes: 4 * D, steps: [{ kind: "first_response", afterMinutes: 5 * H }, { kind: "status", status: "in_progress", afterMinutes: 6 * H }], priority: "p2" },
    { ageMinutes: 26 * H, steps: [{ kind: "first_response", afterMinutes: 20 }, { kind: "status", status: "in_progress", afterMinutes: 25 }], priority: "p4" },
    { ageMinutes: 10 * D, steps: [{ kind: "first_response", afterMinutes: 45 }, { kind: "status", status: "in_progress", afterMinutes: 50 }, { kind: "status", status: "resolved", afterMinutes: 2 * D }, { kind: "status", status: "reopened", afterMinutes: 4 * D }], priority: "p3" },
  ];
  let made = 0;
  const locale = (a: { locale: string }) => (a.locale === "en" ? "en" : "ko");
  const total = 30;
  for (let i = 0; i < total; i++) {
    const account = accounts[Math.floor(rng() * accounts.length)];
    const fromResponseEarly = i < detractors.length && detractors[i].account_id ? detractors[i] : null;
    const titleAccount = accounts.find((a) => a.id === fromResponseEarly?.account_id) ?? account;
    const title = demoTitles[i % demoTitles.length][locale(titleAccount)];
    const owner = owners.length ? owners[Math.floor(rng() * owners.length)].id : undefined;
    const fromResponse = i < detractors.length && detractors[i].account_id ? detractors[i] : null;
    let openedAt: Date;
    let steps: DemoStep[];
    let priority: Priority;
    if (i < livePlans.length) {
      openedAt = new Date(now.getTime() - livePlans[i].ageMinutes * 60_000);
      steps = livePlans[i].steps;
      priority = livePlans[i].priority;
    } else {
      // Closed cases spread over the last three months, at office-ish hours.
      const daysAgo = 8 + Math.floor(rng() * 75);
      openedAt = new Date(now.getTime() - daysAgo * 86_400_000 - Math.floor(rng() * 8 * 60) * 60_000);
      steps = plans[i % plans.length];
      priority = (["p1", "p2", "p3", "p3", "p4"] as const)[Math.floor(rng() * 5)];
    }
    await insertCaseWithHistory(
      {
        source: fromResponse ? "response" : i % 7 === 3 ? "manual" : "manual",
        responseId: fromResponse?.response_id,
        accountId: fromResponse?.account_id ?? account.id,
        priority,
        ownerId: owner,
        title,
        description: "",
        openedAt,
      },
      steps.filter((s) => openedAt.getTime() + s.afterMinutes * 60_000 <= now.getTime()),
    );
    made++;
  }
  const measurements = await seedDemoMeasurements(sla.service, tz, 3, now);
  return { cases: made, measurements };
}
