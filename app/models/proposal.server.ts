// Proposals and votes of a review meeting. A proposal is one structured change to the SLA version
// in force (analysis/review/changes.ts); whether it is adverse to customers is computed here with
// isAdverse, never taken from a form. Votes are cast by manager attendees while the meeting is
// open; the vote that reaches the quorum decides the proposal (analysis/review/decide.ts), and a
// decided proposal is immutable (a trigger of the review-board migration backs this up).
//
// Concurrency: every write here first locks the meeting row and then the proposal row (SELECT ...
// FOR UPDATE, always in that order, so two writers never wait on each other crosswise). Votes on
// one proposal are therefore serialised: the vote that reaches the quorum sees every earlier vote
// and decides once, and a vote arriving after it sees a decided proposal. Locking the meeting as
// well makes "every proposal decided -> the meeting is decided" see the other proposals' outcomes.
import { sql, type Transaction } from "kysely";
import { isAdverse, type ProposalChange } from "../../analysis/review/changes";
import { decideProposal } from "../../analysis/review/decide";
import { draftProposals, type Citation, type ReviewEvidence } from "../../analysis/review/rules";
import { packToReviewEvidence, type EvidencePack } from "../../analysis/review/pack";
import { validateCalendar, validateCreditTable, type CreditTier, type Slot } from "../../analysis/sla";
import type { Database, MeetingStatus, ProposalStatus, VoteChoice } from "../../db/schema";
import { db } from "~/db.server";
import type { ChangeFormInput, ProposalCommonInput, StaffCitation } from "~/schemas/proposal";
import { translate, type Locale, type MessageKey } from "~/utils/i18n";
import { recordAudit } from "./audit.server";
import { markDecided } from "./review.server";
import { getVersionInForce, type SlaVersion } from "./sla.server";
import { isUuid } from "~/utils/uuid";

type Trx = Transaction<Database>;

/** What the model refuses, as stable codes; `field` and `message` say where and what for a form. */
export class ProposalError extends Error {
  constructor(
    public readonly code:
      | "notFound"
      | "meetingNotFound"
      | "meetingClosed"
      | "meetingNotOpen"
      | "notAttendee"
      | "decided"
      | "notOpen"
      | "hasVotes"
      | "noVersion"
      | "noPack"
      | "badPack"
      | "invalid",
    public readonly field: string = "_form",
    public readonly messageKey: MessageKey = `proposal.error.${code}` as MessageKey,
  ) {
    super(code);
  }
}

/** Anything a proposal cites: a rule's numbers (analysis/review Citation) or a staff member's. */
export type ProposalCitation = Citation | StaffCitation;

// ---- the change against the version in force ----------------------------------------------

type Invalid = { field: string; message: MessageKey };

const minutesOf = (o: { target: number; unit: string }) => (o.unit === "hours" ? o.target * 60 : o.target);
const slotKey = (s: readonly Slot[]) => JSON.stringify([...s].map((x) => [x.day, x.start, x.end]).sort());
const creditKey = (c: readonly CreditTier[]) => JSON.stringify([...c].map((x) => [x.below, x.creditPercent, x.atLeast ?? null]).sort());
const textKey = (t: { ko?: string; en?: string } | null | undefined) => JSON.stringify([(t?.ko ?? "").trim(), (t?.en ?? "").trim()]);
const same = (a: number, b: number) => Math.abs(a - b) < 1e-9;

/** The duties of one side as pairs (the i-th Korean line with the i-th English line). */
export function dutyPairs(v: SlaVersion, side: "provider" | "customer"): { ko?: string; en?: string }[] {
  const list = side === "provider" ? v.providerDuties : v.customerDuties;
  const n = Math.max(list.ko?.length ?? 0, list.en?.length ?? 0);
  return Array.from({ length: n }, (_, i) => ({
    ...(list.ko?.[i] ? { ko: list.ko[i] } : {}),
    ...(list.en?.[i] ? { en: list.en[i] } : {}),
  }));
}

/**
 * Is `change` a change of `version` as it stands? Its "from" must be what the version holds, and
 * its "to" must be a valid value that differs. Returns the field the form shows the message beside.
 */
export function validateChange(change: ProposalChange, version: SlaVersion): Invalid | null {
  switch (change.kind) {
    case "time_target":
    case "time_mode": {
      const o = version.objectives.find((x) => x.kind === change.objective && x.priority === change.priority);
      if (!o) return { field: "objective", message: "proposal.error.noObjective" };
      if (change.kind === "time_target") {
        if (!Number.isInteger(change.to) || change.to <= 0 || change.to > 525_600) return { field: "toMinutes", message: "proposal.error.minutes" };
        if (!same(change.from, minutesOf(o))) return { field: "toMinutes", message: "proposal.error.stale" };
        if (same(change.from, change.to)) return { field: "toMinutes", message: "proposal.error.unchanged" };
      } else {
        if (change.from !== (o.mode ?? "business")) return { field: "toMode", message: "proposal.error.stale" };
        if (change.from === change.to) return { field: "toMode", message: "proposal.error.unchanged" };
      }
      return null;
    }
    case "availability_target": {
      const o = version.objectives.find((x) => x.kind === "availability");
      if (!o) return { field: "toPercent", message: "proposal.error.noObjective" };
      if (!(change.to > 0 && change.to <= 100)) return { field: "toPercent", message: "proposal.error.percent" };
      if (!same(change.from, o.target)) return { field: "toPercent", message: "proposal.error.stale" };
      if (same(change.from, change.to)) return { field: "toPercent", message: "proposal.error.unchanged" };
      return null;
    }
    case "service_hours": {
      if (slotKey(change.from) !== slotKey(version.calendar.slots)) return { field: "slots", message: "proposal.error.stale" };
      const problems = validateCalendar({ timezone: version.calendar.timezone, slots: change.to, holidays: version.calendar.holidays });
      if (!change.to.length || problems.length) return { field: "slots", message: "proposal.error.slots" };
      if (slotKey(change.from) === slotKey(change.to)) return { field: "slots", message: "proposal.error.unchanged" };
      return null;
    }
    case "duty_add": {
      if (textKey(change.text) === textKey({})) return { field: "textKo", message: "proposal.error.dutyText" };
      if (dutyPairs(version, change.side).some((d) => textKey(d) === textKey(change.text))) return { field: "textKo", message: "proposal.error.dutyExists" };
      return null;
    }
    case "duty_remove": {
      if (!dutyPairs(version, change.side).some((d) => textKey(d) === textKey(change.text))) return { field: "duty", message: "proposal.error.stale" };
      return null;
    }
    case "credits": {
      if (creditKey(change.from) !== creditKey(version.remedies.credits)) return { field: "credits", message: "proposal.error.stale" };
      if (validateCreditTable(change.to).length) return { field: "credits", message: "proposal.error.credits" };
      if (creditKey(change.from) === creditKey(change.to)) return { field: "credits", message: "proposal.error.unchanged" };
      return null;
    }
    case "alternative_service": {
      if (textKey(change.from) !== textKey(version.remedies.alternative)) return { field: "textKo", message: "proposal.error.stale" };
      if (textKey(change.from) === textKey(change.to)) return { field: "textKo", message: "proposal.error.unchanged" };
      return null;
    }
    case "review_cadence": {
      if (change.from !== version.reviewCadence) return { field: "cadence", message: "proposal.error.stale" };
      if (change.from === change.to) return { field: "cadence", message: "proposal.error.unchanged" };
      return null;
    }
  }
}

/** The staff form's "to" with the "from" of the version in force: a full ProposalChange. */
export function completeChange(input: ChangeFormInput, version: SlaVersion): ProposalChange | Invalid {
  const text = (d: { textKo: string; textEn: string }) => ({ ...(d.textKo ? { ko: d.textKo } : {}), ...(d.textEn ? { en: d.textEn } : {}) });
  switch (input.kind) {
    case "time_target":
    case "time_mode": {
      const o = version.objectives.find((x) => x.kind === input.objective && x.priority === input.priority);
      if (!o) return { field: "objective", message: "proposal.error.noObjective" };
      return input.kind === "time_target"
        ? { kind: "time_target", objective: input.objective, priority: input.priority, from: minutesOf(o), to: input.toMinutes }
        : { kind: "time_mode", objective: input.objective, priority: input.priority, from: o.mode ?? "business", to: input.toMode };
    }
    case "availability_target": {
      const o = version.objectives.find((x) => x.kind === "availability");
      if (!o) return { field: "toPercent", message: "proposal.error.noObjective" };
      return { kind: "availability_target", from: o.target, to: input.toPercent };
    }
    case "service_hours":
      return { kind: "service_hours", from: version.calendar.slots, to: input.slots };
    case "duty_add":
      return { kind: "duty_add", side: input.side, text: text(input) };
    case "duty_remove": {
      const [side, index] = input.duty.split(":") as ["provider" | "customer", string];
      const duty = dutyPairs(version, side)[Number(index)];
      if (!duty) return { field: "duty", message: "validation.invalid" };
      return { kind: "duty_remove", side, text: duty };
    }
    case "credits":
      return { kind: "credits", from: version.remedies.credits, to: input.credits };
    case "alternative_service":
      return { kind: "alternative_service", from: version.remedies.alternative, to: text(input) };
    case "review_cadence":
      return { kind: "review_cadence", from: version.reviewCadence, to: input.cadence };
  }
}

// ---- meetings as this model needs them ------------------------------------------------------

type MeetingRow = { id: string; sla_id: string; status: MeetingStatus; quorum: number };

async function lockMeeting(trx: Trx, meetingId: string): Promise<MeetingRow> {
  const m = isUuid(meetingId)
    ? await trx.selectFrom("review_meetings").select(["id", "sla_id", "status", "quorum"]).where("id", "=", meetingId).forUpdate().executeTakeFirst()
    : undefined;
  if (!m) throw new ProposalError("meetingNotFound");
  return m;
}

/** Proposals can be written while the meeting is being prepared or is open, not after it decided. */
function assertAcceptsProposals(m: MeetingRow) {
  if (m.status !== "scheduled" && m.status !== "open") throw new ProposalError("meetingClosed");
}

/** The SLA version in force for the meeting's SLA, read outside any transaction of ours. */
async function versionForMeeting(meetingId: string): Promise<SlaVersion> {
  const m = isUuid(meetingId) ? await db.selectFrom("review_meetings").select("sla_id").where("id", "=", meetingId).executeTakeFirst() : undefined;
  if (!m) throw new ProposalError("meetingNotFound");
  const v = await getVersionInForce({ slaId: m.sla_id });
  if (!v) throw new ProposalError("noVersion");
  return v;
}

async function nextPosition(trx: Trx, meetingId: string): Promise<number> {
  const { m } = await trx
    .selectFrom("proposals")
    .select((eb) => eb.fn.max("position").as("m"))
    .where("meeting_id", "=", meetingId)
    .executeTakeFirstOrThrow();
  return m === null || m === undefined ? 0 : Number(m) + 1;
}

// ---- writing proposals ----------------------------------------------------------------------

/**
 * A proposal written by staff. The change is checked against the SLA version in force (its
 * "from" must be what the version holds, its "to" valid and different); `adverse` is computed.
 * No citations is allowed: the page then says plainly that the proposal cites no evidence.
 */
export async function createStaffProposal(
  userId: string,
  meetingId: string,
  change: ProposalChange,
  rationale: string,
  citations: StaffCitation[],
): Promise<string> {
  if (!rationale.trim()) throw new ProposalError("invalid", "rationale", "validation.required");
  // Read before the transaction: the version lookup has its own connection (on PGlite there is one).
  const version = await versionForMeeting(meetingId);
  return db.transaction().execute(async (trx) => {
    const meeting = await lockMeeting(trx, meetingId);
    assertAcceptsProposals(meeting);
    const invalid = validateChange(change, version);
    if (invalid) throw new ProposalError("invalid", invalid.field, invalid.message);
    const caseIds = citations.flatMap((c) => (c.kind === "case" ? [c.caseId] : []));
    if (caseIds.length) {
      const found = await trx.selectFrom("cases").select("id").where("id", "in", caseIds).execute();
      if (found.length !== new Set(caseIds).size) throw new ProposalError("invalid", "cases", "proposal.error.caseNotFound");
    }
    const adverse = isAdverse(change);
    const { id } = await trx
      .insertInto("proposals")
      .values({
        meeting_id: meeting.id,
        position: await nextPosition(trx, meeting.id),
        origin: "staff",
        rule: null,
        change: JSON.stringify(change),
        adverse,
        rationale: rationale.trim(),
        citations: JSON.stringify(citations),
        created_by: userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      userId,
      action: "proposal.create",
      targetType: "proposal",
      targetId: id,
      detail: { meetingId: meeting.id, kind: change.kind, adverse, citations: citations.length },
    });
    return id;
  });
}

/** The staff form as parsed: completes the change from the version in force and resolves case numbers. */
export async function createStaffProposalFromForm(userId: string, meetingId: string, input: ChangeFormInput, common: ProposalCommonInput): Promise<string> {
  const version = await versionForMeeting(meetingId);
  const change = completeChange(input, version);
  if ("field" in change) throw new ProposalError("invalid", change.field, change.message);
  const citations: StaffCitation[] = [];
  for (const r of common.num) {
    if (r.label && r.value !== null && r.n !== null && r.low !== null && r.high !== null)
      citations.push({ kind: "number", label: r.label, value: r.value, n: r.n, low: r.low, high: r.high });
  }
  for (const q of common.quote) if (q.text) citations.push({ kind: "quote", text: q.text, source: q.source });
  if (common.cases.length) {
    const found = await db.selectFrom("cases").select(["id", "number"]).where("number", "in", common.cases).execute();
    if (found.length !== common.cases.length) throw new ProposalError("invalid", "cases", "proposal.error.caseNotFound");
    for (const n of common.cases) citations.push({ kind: "case", caseId: found.find((f) => Number(f.number) === n)!.id, number: n });
  }
  return createStaffProposal(userId, meetingId, change, common.rationale, citations);
}

/**
 * The frozen pack's content as the rules' input: an EvidencePack (app/models/evidence.server.ts)
 * through analysis/review's packToReviewEvidence. A pack may instead carry the rules' input
 * precomputed under `reviewEvidence` (tests give exact evidence that way). Anything else is
 * unreadable (null), and drafting says so instead of guessing.
 */
export function reviewEvidenceOfPack(content: unknown): ReviewEvidence | null {
  const c = content as Record<string, unknown> | null;
  if (!c || typeof c !== "object") return null;
  if ("reviewEvidence" in c) {
    const ev = c.reviewEvidence as Partial<ReviewEvidence> | null;
    const ok = !!ev && Array.isArray(ev.objectives) && Array.isArray(ev.themes) && !!ev.version && typeof ev.version === "object";
    return ok ? (ev as ReviewEvidence) : null;
  }
  const pack = c as Partial<EvidencePack>;
  if (!pack.compliance || !Array.isArray(pack.compliance.objectives) || !pack.satisfaction || !pack.themes) return null;
  return packToReviewEvidence(pack as EvidencePack);
}

/**
 * Runs analysis/review's rules over the meeting's frozen evidence pack and stores each draft as a
 * rule proposal. Idempotent: a draft whose rule and change the meeting already has (in any state,
 * so a withdrawn draft stays withdrawn) is not stored again. Drafts whose "from" no longer matches
 * the version in force are skipped. Returns how many were stored and skipped.
 */
export async function draftProposalsFromPack(
  userId: string,
  meetingId: string,
  locale: Locale = "en",
  toEvidence: (content: unknown) => ReviewEvidence | null = reviewEvidenceOfPack,
): Promise<{ created: number; existing: number; stale: number }> {
  const version = await versionForMeeting(meetingId);
  return db.transaction().execute(async (trx) => {
    const meeting = await lockMeeting(trx, meetingId);
    assertAcceptsProposals(meeting);
    const pack = await trx.selectFrom("evidence_packs").select(["content"]).where("meeting_id", "=", meeting.id).executeTakeFirst();
    if (!pack) throw new ProposalError("noPack");
    const evidence = toEvidence(pack.content);
    if (!evidence) throw new ProposalError("badPack");
    const out = { created: 0, existing: 0, stale: 0 };
    let position = await nextPosition(trx, meeting.id);
    for (const d of draftProposals(evidence)) {
      if (validateChange(d.change, version)) {
        out.stale++;
        continue;
      }
      const dup = await trx
        .selectFrom("proposals")
        .select("id")
        .where("meeting_id", "=", meeting.id)
        .where("rule", "=", d.rule)
        .where(sql<boolean>`change = ${JSON.stringify(d.change)}::jsonb`)
        .executeTakeFirst();
      if (dup) {
        out.existing++;
        continue;
      }
      await trx
        .insertInto("proposals")
        .values({
          meeting_id: meeting.id,
          position: position++,
          origin: "rule",
          rule: d.rule,
          change: JSON.stringify(d.change),
          adverse: isAdverse(d.change),
          rationale: translate(locale, `proposal.rule.${d.rule}.rationale` as MessageKey),
          citations: JSON.stringify(d.evidence),
          created_by: userId,
        })
        .execute();
      out.created++;
    }
    if (out.created) await recordAudit(trx, { userId, action: "proposal.draft", targetType: "review_meeting", targetId: meeting.id, detail: out });
    return out;
  });
}

/** Lock the meeting, then the proposal (the order every writer here uses). */
async function lockProposal(trx: Trx, proposalId: string, meetingId?: string) {
  const ref = isUuid(proposalId) ? await trx.selectFrom("proposals").select("meeting_id").where("id", "=", proposalId).executeTakeFirst() : undefined;
  // A proposal reached under another meeting's address does not exist there.
  if (!ref || (meetingId !== undefined && ref.meeting_id !== meetingId)) throw new ProposalError("notFound");
  const meeting = await lockMeeting(trx, ref.meeting_id);
  const proposal = await trx
    .selectFrom("proposals")
    .select(["id", "meeting_id", "status", "change"])
    .where("id", "=", proposalId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { meeting, proposal };
}

/** Staff take back a proposal nobody has voted on yet. */
export async function withdrawProposal(userId: string, proposalId: string, meetingId?: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { meeting, proposal } = await lockProposal(trx, proposalId, meetingId);
    assertAcceptsProposals(meeting);
    if (proposal.status === "approved" || proposal.status === "rejected") throw new ProposalError("decided");
    if (proposal.status !== "open") throw new ProposalError("notOpen");
    const votes = await trx.selectFrom("votes").select("user_id").where("proposal_id", "=", proposal.id).limit(1).execute();
    if (votes.length) throw new ProposalError("hasVotes");
    await trx.updateTable("proposals").set({ status: "withdrawn", updated_at: new Date() }).where("id", "=", proposal.id).execute();
    await recordAudit(trx, { userId, action: "proposal.withdraw", targetType: "proposal", targetId: proposal.id, detail: { meetingId: meeting.id } });
    await markMeetingDecidedIfDone(trx, userId, meeting);
  });
}

// ---- votes and decisions --------------------------------------------------------------------

export type VoteResult = { replaced: boolean; decision: "approved" | "rejected" | null; meetingDecided: boolean };

/** Votes are cast by the meeting's attendees who are managers or admins. */
async function mayVote(trx: Trx | typeof db, meetingId: string, userId: string): Promise<boolean> {
  const attendee = await trx
    .selectFrom("review_attendees")
    .innerJoin("users", "users.id", "review_attendees.user_id")
    .select("users.role")
    .where("review_attendees.meeting_id", "=", meetingId)
    .where("review_attendees.user_id", "=", userId)
    .executeTakeFirst();
  return attendee?.role === "manager" || attendee?.role === "admin";
}

/**
 * A manager attendee's vote while the meeting is open: approve, reject or abstain, with a comment.
 * One vote each; voting again replaces the vote until the proposal is decided. The vote that
 * reaches the meeting's quorum decides the proposal in the same transaction (decideProposal), and
 * when nothing of the meeting is left open the meeting is decided too. Each vote and decision is
 * an audit row of that transaction.
 */
export async function castVote(userId: string, proposalId: string, choice: VoteChoice, comment: string, meetingId?: string): Promise<VoteResult> {
  return db.transaction().execute(async (trx) => {
    const { meeting, proposal } = await lockProposal(trx, proposalId, meetingId);
    if (!(await mayVote(trx, meeting.id, userId))) throw new ProposalError("notAttendee");
    if (proposal.status === "approved" || proposal.status === "rejected") throw new ProposalError("decided", "choice");
    if (proposal.status !== "open") throw new ProposalError("notOpen", "choice");
    if (meeting.status !== "open") throw new ProposalError("meetingNotOpen", "choice");

    const previous = await trx.selectFrom("votes").select("choice").where("proposal_id", "=", proposal.id).where("user_id", "=", userId).executeTakeFirst();
    await trx
      .insertInto("votes")
      .values({ proposal_id: proposal.id, user_id: userId, choice, comment })
      .onConflict((oc) => oc.columns(["proposal_id", "user_id"]).doUpdateSet({ choice, comment, cast_at: sql`now()` }))
      .execute();
    await recordAudit(trx, {
      userId,
      action: "proposal.vote",
      targetType: "proposal",
      targetId: proposal.id,
      detail: { meetingId: meeting.id, choice, ...(previous ? { replaced: previous.choice } : {}) },
    });

    const votes = await trx.selectFrom("votes").select("choice").where("proposal_id", "=", proposal.id).execute();
    const decision = decideProposal(
      votes.map((v) => v.choice),
      meeting.quorum,
    );
    let meetingDecided = false;
    if (decision) {
      await trx.updateTable("proposals").set({ status: decision, decided_at: sql`now()`, updated_at: sql`now()` }).where("id", "=", proposal.id).execute();
      const count = (c: VoteChoice) => votes.filter((v) => v.choice === c).length;
      await recordAudit(trx, {
        userId,
        action: "proposal.decide",
        targetType: "proposal",
        targetId: proposal.id,
        detail: { meetingId: meeting.id, status: decision, quorum: meeting.quorum, approve: count("approve"), reject: count("reject"), abstain: count("abstain") },
      });
      meetingDecided = await markMeetingDecidedIfDone(trx, userId, meeting);
    }
    return { replaced: !!previous, decision, meetingDecided };
  });
}

/**
 * An open meeting whose proposals are all decided or withdrawn (at least one decided) moves to
 * 'decided' (review.server's markDecided: the state change and its audit row). Called with the
 * meeting row locked, so two last decisions in one meeting cannot both miss it.
 */
export async function markMeetingDecidedIfDone(trx: Trx, userId: string | null, meeting: MeetingRow): Promise<boolean> {
  if (meeting.status !== "open") return false;
  const rows = await trx.selectFrom("proposals").select("status").where("meeting_id", "=", meeting.id).execute();
  if (rows.some((r) => r.status === "open") || !rows.some((r) => r.status === "approved" || r.status === "rejected")) return false;
  const done = await markDecided(trx, meeting.id, userId);
  if (done) meeting.status = "decided";
  return done;
}

// ---- reading --------------------------------------------------------------------------------

export type ProposalVoteView = { userId: string; userName: string; choice: VoteChoice; comment: string; castAt: Date };
export type ProposalView = {
  id: string;
  meetingId: string;
  position: number;
  origin: "rule" | "staff";
  rule: string | null;
  change: ProposalChange;
  adverse: boolean;
  rationale: string;
  citations: ProposalCitation[];
  status: ProposalStatus;
  decidedAt: Date | null;
  createdByName: string | null;
  createdAt: Date;
  votes: ProposalVoteView[];
  myVote: ProposalVoteView | null;
};
export type MeetingProposals = {
  meeting: { id: string; slaId: string; status: MeetingStatus; quorum: number; periodStart: string; periodEnd: string; timezone: string };
  proposals: ProposalView[];
  /** The reader may vote: a manager or admin attendee, and the meeting is open. */
  canVote: boolean;
  /** The reader may write or withdraw proposals: the meeting is scheduled or open. */
  canPropose: boolean;
};

/** Everything ProposalList shows for one meeting and reader; null when there is no such meeting. */
export async function loadProposalsForMeeting(meetingId: string, userId: string, onlyProposalId?: string): Promise<MeetingProposals | null> {
  if (!isUuid(meetingId)) return null;
  const meeting = await db
    .selectFrom("review_meetings")
    .select(["id", "sla_id", "status", "quorum", sql<string>`period_start::text`.as("period_start"), sql<string>`period_end::text`.as("period_end")])
    .where("id", "=", meetingId)
    .executeTakeFirst();
  if (!meeting) return null;
  let q = db
    .selectFrom("proposals")
    .leftJoin("users", "users.id", "proposals.created_by")
    .selectAll("proposals")
    .select("users.name as created_by_name")
    .where("proposals.meeting_id", "=", meeting.id);
  if (onlyProposalId) q = q.where("proposals.id", "=", onlyProposalId);
  const rows = await q.orderBy("proposals.position").orderBy("proposals.created_at").execute();
  const votes = rows.length
    ? await db
        .selectFrom("votes")
        .innerJoin("users", "users.id", "votes.user_id")
        .select(["votes.proposal_id", "votes.user_id", "users.name", "votes.choice", "votes.comment", "votes.cast_at"])
        .where(
          "votes.proposal_id",
          "in",
          rows.map((r) => r.id),
        )
        .orderBy("votes.cast_at")
        .execute()
    : [];
  const canVote = meeting.status === "open" && (await mayVote(db, meeting.id, userId));
  const version = await getVersionInForce({ slaId: meeting.sla_id });
  const proposals = rows.map((r): ProposalView => {
    const mine = votes
      .filter((v) => v.proposal_id === r.id)
      .map((v) => ({ userId: v.user_id, userName: v.name, choice: v.choice, comment: v.comment, castAt: v.cast_at }));
    return {
      id: r.id,
      meetingId: r.meeting_id,
      position: r.position,
      origin: r.origin,
      rule: r.rule,
      change: r.change as ProposalChange,
      adverse: r.adverse,
      rationale: r.rationale,
      citations: (r.citations ?? []) as ProposalCitation[],
      status: r.status,
      decidedAt: r.decided_at,
      createdByName: r.created_by_name,
      createdAt: r.created_at,
      votes: mine,
      myVote: mine.find((v) => v.userId === userId) ?? null,
    };
  });
  return {
    meeting: {
      id: meeting.id,
      slaId: meeting.sla_id,
      status: meeting.status,
      quorum: meeting.quorum,
      periodStart: meeting.period_start,
      periodEnd: meeting.period_end,
      timezone: version?.calendar.timezone ?? "UTC",
    },
    proposals,
    canVote,
    canPropose: meeting.status === "scheduled" || meeting.status === "open",
  };
}

/** One proposal of a meeting with the same view; null when either does not exist or they do not belong together. */
export async function loadProposalPage(meetingId: string, proposalId: string, userId: string) {
  if (!isUuid(proposalId)) return null;
  const data = await loadProposalsForMeeting(meetingId, userId, proposalId);
  if (!data || data.proposals.length !== 1) return null;
  return data;
}

/** What the staff proposal form offers: the version in force's current values, and whether the meeting takes proposals. */
export async function loadProposalForm(meetingId: string) {
  if (!isUuid(meetingId)) return null;
  const meeting = await db
    .selectFrom("review_meetings")
    .select(["id", "sla_id", "status", sql<string>`period_start::text`.as("period_start"), sql<string>`period_end::text`.as("period_end")])
    .where("id", "=", meetingId)
    .executeTakeFirst();
  if (!meeting) return null;
  const version = await getVersionInForce({ slaId: meeting.sla_id });
  const pack = await db.selectFrom("evidence_packs").select("id").where("meeting_id", "=", meeting.id).executeTakeFirst();
  return {
    meeting: { id: meeting.id, status: meeting.status, periodStart: meeting.period_start, periodEnd: meeting.period_end },
    hasPack: !!pack,
    version: version
      ? {
          version: version.version,
          objectives: version.objectives,
          slots: version.calendar.slots,
          credits: version.remedies.credits,
          alternative: version.remedies.alternative,
          reviewCadence: version.reviewCadence,
          duties: { provider: dutyPairs(version, "provider"), customer: dutyPairs(version, "customer") },
        }
      : null,
  };
}
