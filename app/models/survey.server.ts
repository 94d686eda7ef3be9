import { randomBytes } from "node:crypto";
import { metricDefinitions, type MetricKind } from "../../analysis/metrics";
import { sql, type Transaction } from "kysely";
import type { ChoiceOption, Database, Locale, Localized, QuestionType, Segment, SurveyStatus } from "../../db/schema";
import { db, type Db } from "~/db.server";
import { recordAudit } from "./audit.server";
import { isUuid } from "~/utils/uuid";

export type QuestionInput = {
  id?: string;
  type: QuestionType;
  required: boolean;
  page: number;
  prompt: Localized;
  whyPrompt: Localized | null;
  options: ChoiceOption[];
};

export type SurveyInput = {
  title: Localized;
  intro: Localized;
  status: SurveyStatus;
  anonymous: boolean;
  closesAt: Date | null;
  responseLimit: number | null;
  questions: QuestionInput[];
  /** The languages the content is written in; both when not given. */
  languages?: Locale[];
};

export type SurveyEditErrorCode = "questionHasAnswers" | "questionTypeLocked" | "hasResponses" | "unknownAccount" | "notFound" | "notDraft";

export class SurveyEditError extends Error {
  constructor(public readonly code: SurveyEditErrorCode) {
    super(code);
  }
}

const metricTypes: QuestionType[] = ["nps", "csat", "ces", "rating"];

/** The definitions of the metrics this survey's questions produce, stored with the survey. */
function definitionsFor(questions: QuestionInput[]) {
  const out: Record<string, Localized> = {};
  for (const q of questions) {
    if (metricTypes.includes(q.type)) out[q.type] = metricDefinitions[q.type as MetricKind];
  }
  return out;
}

export function newToken(bytes = 12): string {
  return randomBytes(bytes).toString("base64url");
}

/** Surveys, newest first; archived ones only when asked for (they keep their responses). */
export async function listSurveys(opts: { archived?: boolean } = {}) {
  return db
    .selectFrom("surveys")
    .leftJoin("responses", (j) => j.onRef("responses.survey_id", "=", "surveys.id").on("responses.finished", "=", true))
    .select(["surveys.id", "surveys.title", "surveys.status", "surveys.anonymous", "surveys.created_at", "surveys.closes_at", "surveys.archived_at", "surveys.languages"])
    .select((eb) => eb.fn.count<number>("responses.id").as("responses"))
    .where("surveys.archived_at", opts.archived ? "is not" : "is", null)
    .groupBy("surveys.id")
    .orderBy("surveys.created_at", "desc")
    .execute();
}

export async function getSurvey(id: string) {
  // Not a uuid: no such survey (rather than a database error on the cast).
  if (!isUuid(id)) return null;
  const survey = await db.selectFrom("surveys").selectAll().where("id", "=", id).executeTakeFirst();
  if (!survey) return null;
  const questions = await db.selectFrom("questions").selectAll().where("survey_id", "=", id).orderBy("position").execute();
  return { ...survey, questions };
}

export async function createSurvey(userId: string | null, input: SurveyInput): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("surveys")
      .values({
        ...surveyValues(input),
        languages: JSON.stringify(input.languages ?? ["ko", "en"]),
        created_by: userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.questions.length) {
      await trx
        .insertInto("questions")
        .values(input.questions.map((q, i) => questionRow(id, q, i + 1)))
        .execute();
    }
    // Every survey has one public link from the start.
    await trx.insertInto("links").values({ survey_id: id, token: newToken(), kind: "public" }).execute();
    await recordAudit(trx, { userId, action: "survey.create", targetType: "survey", targetId: id });
    return id;
  });
}

/** The survey's columns the builder sets, on create and on save (languages differ: a save without them keeps the survey's). */
function surveyValues(input: SurveyInput) {
  return {
    title: JSON.stringify(input.title),
    intro: JSON.stringify(input.intro),
    status: input.status,
    anonymous: input.anonymous,
    closes_at: input.closesAt,
    response_limit: input.responseLimit,
    metric_definitions: JSON.stringify(definitionsFor(input.questions)),
  };
}

function questionRow(surveyId: string, q: QuestionInput, position: number) {
  return {
    survey_id: surveyId,
    position,
    page: q.page,
    type: q.type,
    required: q.required,
    prompt: JSON.stringify(q.prompt),
    options: JSON.stringify(q.type === "single" || q.type === "multi" ? q.options : []),
    why_prompt: metricTypes.includes(q.type) && q.whyPrompt ? JSON.stringify(q.whyPrompt) : null,
  };
}

/**
 * Saves a survey's settings and questions. Questions keep their ids; a question that already has
 * answers cannot be removed (close the survey and start a new one instead), so no answer is lost.
 */
export async function updateSurvey(userId: string, id: string, input: SurveyInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("surveys").select(["id", "status"]).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!current) throw new SurveyEditError("notFound");
    if (input.status === "draft" && current.status !== "draft" && (await hasResponses(trx, id))) {
      throw new SurveyEditError("hasResponses");
    }
    const existing = await trx.selectFrom("questions").select(["id", "type"]).where("survey_id", "=", id).execute();
    const answered = new Set(await answeredIn(trx, existing.map((q) => q.id)));
    const keep = new Set(input.questions.map((q) => q.id).filter(Boolean) as string[]);
    const removed = existing.map((q) => q.id).filter((qid) => !keep.has(qid));
    if (removed.some((qid) => answered.has(qid))) throw new SurveyEditError("questionHasAnswers");
    // Answers are stored by type (a number, a text, a list of choices): an answered question keeps its type.
    for (const q of input.questions) {
      const before = existing.find((e) => e.id === q.id);
      if (before && before.type !== q.type && answered.has(before.id)) throw new SurveyEditError("questionTypeLocked");
    }
    if (removed.length) await trx.deleteFrom("questions").where("id", "in", removed).execute();
    await trx
      .updateTable("surveys")
      .set({
        ...surveyValues(input),
        ...(input.languages ? { languages: JSON.stringify(input.languages) } : {}),
        updated_at: new Date(),
      })
      .where("id", "=", id)
      .execute();
    // Positions are unique per survey: park the kept questions out of the way before renumbering.
    await trx
      .updateTable("questions")
      .set({ position: sql`position + 100000` })
      .where("survey_id", "=", id)
      .execute();
    let position = 1;
    for (const q of input.questions) {
      const row = questionRow(id, q, position++);
      if (q.id && existing.some((e) => e.id === q.id)) {
        await trx.updateTable("questions").set(row).where("id", "=", q.id).where("survey_id", "=", id).execute();
      } else {
        await trx.insertInto("questions").values(row).execute();
      }
    }
    await recordAudit(trx, {
      userId,
      action: "survey.update",
      targetType: "survey",
      targetId: id,
      detail: { questions: input.questions.length, removed: removed.length, status: input.status },
    });
  });
}

type Trx = Transaction<Database> | Db;

async function hasResponses(trx: Trx, surveyId: string): Promise<boolean> {
  return !!(await trx.selectFrom("responses").select("id").where("survey_id", "=", surveyId).limit(1).executeTakeFirst());
}

async function answeredIn(trx: Trx, questionIds: string[]): Promise<string[]> {
  if (!questionIds.length) return [];
  const rows = await trx.selectFrom("answers").select("question_id").distinct().where("question_id", "in", questionIds).execute();
  return rows.map((r) => r.question_id);
}

/** Ids of this survey's questions that already have answers (they cannot be removed or change type). */
export async function answeredQuestionIds(surveyId: string): Promise<string[]> {
  const qs = await db.selectFrom("questions").select("id").where("survey_id", "=", surveyId).execute();
  return answeredIn(db, qs.map((q) => q.id));
}

/** Open, close, or back to draft (only while nobody has answered). */
export async function setSurveyStatus(userId: string, id: string, status: SurveyStatus): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("surveys").select(["status"]).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!current) throw new SurveyEditError("notFound");
    if (current.status === status) return;
    if (status === "draft" && (await hasResponses(trx, id))) throw new SurveyEditError("hasResponses");
    await trx.updateTable("surveys").set({ status, updated_at: new Date() }).where("id", "=", id).execute();
    await recordAudit(trx, { userId, action: "survey.status", targetType: "survey", targetId: id, detail: { from: current.status, status } });
  });
}

export async function listLinks(surveyId: string) {
  return db
    .selectFrom("links")
    .leftJoin("accounts", "accounts.id", "links.account_id")
    .select([
      "links.id",
      "links.token",
      "links.kind",
      "links.hidden",
      "links.locale",
      "links.expires_at",
      "links.used_at",
      "links.created_at",
      "accounts.name as account_name",
      "accounts.email as account_email",
      "accounts.tier as account_tier",
      "accounts.region as account_region",
      "accounts.plan as account_plan",
    ])
    .where("links.survey_id", "=", surveyId)
    .orderBy("links.kind", "asc")
    .orderBy("links.created_at", "desc")
    .execute();
}

/** One single-use link per account, its segment attributes snapshotted into the link's hidden fields. */
export async function createSingleUseLinks(
  userId: string,
  surveyId: string,
  input: { accountIds: string[]; expiresAt: Date | null; ticket?: string | null; locale?: Locale | null; includeLive?: boolean },
  now = new Date(),
) {
  return db.transaction().execute(async (trx) => {
    const ids = [...new Set(input.accountIds)];
    const accounts = ids.length ? await trx.selectFrom("accounts").selectAll().where("id", "in", ids).execute() : [];
    // All or nothing: a stale or forged account id refuses the whole batch.
    if (accounts.length !== ids.length) throw new SurveyEditError("unknownAccount");
    // Pressing "Generate" twice must not hand an account a second live link without asking.
    const live = ids.length
      ? new Set(
          (
            await trx
              .selectFrom("links")
              .select("account_id")
              .where("survey_id", "=", surveyId)
              .where("kind", "=", "single")
              .where("account_id", "in", ids)
              .where("used_at", "is", null)
              .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
              .execute()
          ).map((l) => l.account_id),
        )
      : new Set<string | null>();
    const chosen = input.includeLive ? accounts : accounts.filter((a) => !live.has(a.id));
    const skipped = accounts.length - chosen.length;
    const rows = chosen.map((a) => {
      const hidden: Segment = { account: a.id, tier: a.tier, region: a.region, plan: a.plan };
      if (input.ticket) hidden.ticket = input.ticket;
      return {
        survey_id: surveyId,
        token: newToken(16),
        kind: "single" as const,
        account_id: a.id,
        hidden: JSON.stringify(hidden),
        // The chosen language for the batch, else each account's own.
        locale: input.locale ?? a.locale,
        expires_at: input.expiresAt,
      };
    });
    const created = rows.length ? await trx.insertInto("links").values(rows).returning(["id", "token"]).execute() : [];
    await recordAudit(trx, {
      userId,
      action: "links.create",
      targetType: "survey",
      targetId: surveyId,
      detail: { count: created.length, skipped },
    });
    return { created, skipped };
  });
}

/** The survey's public link (every survey has one, made with the survey). */
export async function getPublicLink(surveyId: string) {
  return db
    .selectFrom("links")
    .select(["id", "token", "locale"])
    .where("survey_id", "=", surveyId)
    .where("kind", "=", "public")
    .orderBy("created_at")
    .executeTakeFirst();
}

/** The public link's language: null shows the survey in the respondent's browser language. */
export async function setPublicLinkLocale(userId: string, surveyId: string, locale: Locale | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom("links")
      .select("id")
      .where("survey_id", "=", surveyId)
      .where("kind", "=", "public")
      .orderBy("created_at")
      .executeTakeFirst();
    if (!link) throw new SurveyEditError("notFound");
    await trx.updateTable("links").set({ locale }).where("id", "=", link.id).execute();
    await recordAudit(trx, { userId, action: "links.locale", targetType: "survey", targetId: surveyId, detail: { locale } });
  });
}

/** The address respondents use: PUBLIC_URL when set (behind a proxy), else the one this request came to. */
export function linkBaseUrl(request: Request): string {
  return (process.env.PUBLIC_URL || new URL(request.url).origin).replace(/\/+$/, "");
}

// ---- housekeeping ---------------------------------------------------------------------------

/** A draft copy with the same questions and settings: no responses, no links but a new public one. */
export async function duplicateSurvey(userId: string, id: string, copyLabel: Localized): Promise<string> {
  const survey = await getSurvey(id);
  if (!survey) throw new SurveyEditError("notFound");
  const title: Localized = {};
  for (const lang of ["ko", "en"] as const) if (survey.title[lang]) title[lang] = `${survey.title[lang]} ${copyLabel[lang]}`.slice(0, 200);
  return db.transaction().execute(async (trx) => {
    const { id: copyId } = await trx
      .insertInto("surveys")
      .values({
        title: JSON.stringify(title),
        intro: JSON.stringify(survey.intro ?? {}),
        status: "draft",
        anonymous: survey.anonymous,
        // A close date or a limit belonged to the original's run; the copy starts without them.
        closes_at: null,
        response_limit: null,
        metric_definitions: JSON.stringify(survey.metric_definitions),
        min_segment_n: survey.min_segment_n,
        languages: JSON.stringify(survey.languages),
        created_by: userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (survey.questions.length) {
      await trx
        .insertInto("questions")
        .values(
          survey.questions.map((q) => ({
            survey_id: copyId,
            position: q.position,
            page: q.page,
            type: q.type,
            required: q.required,
            prompt: JSON.stringify(q.prompt),
            options: JSON.stringify(q.options ?? []),
            why_prompt: q.why_prompt ? JSON.stringify(q.why_prompt) : null,
          })),
        )
        .execute();
    }
    await trx.insertInto("links").values({ survey_id: copyId, token: newToken(), kind: "public" }).execute();
    await recordAudit(trx, { userId, action: "survey.duplicate", targetType: "survey", targetId: copyId, detail: { from: id } });
    return copyId;
  });
}

/**
 * Archiving takes a survey off the list and stops new answers (an open survey is closed); its
 * responses stay in every result. Restoring brings it back to the list, closed.
 */
export async function setSurveyArchived(userId: string, id: string, archived: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("surveys").select(["status", "archived_at"]).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!current) throw new SurveyEditError("notFound");
    if (!!current.archived_at === archived) return;
    const status = archived && current.status === "open" ? "closed" : current.status;
    await trx.updateTable("surveys").set({ archived_at: archived ? new Date() : null, status, updated_at: new Date() }).where("id", "=", id).execute();
    await recordAudit(trx, { userId, action: archived ? "survey.archive" : "survey.unarchive", targetType: "survey", targetId: id, detail: { from: current.status, status } });
  });
}

/** What the delete page needs to say: whether deleting is allowed, and why not. */
export async function deletability(id: string): Promise<{ ok: true } | { ok: false; code: "notFound" | "hasResponses" | "notDraft" }> {
  if (!isUuid(id)) return { ok: false, code: "notFound" };
  const s = await db.selectFrom("surveys").select("status").where("id", "=", id).executeTakeFirst();
  if (!s) return { ok: false, code: "notFound" };
  if (await hasResponses(db, id)) return { ok: false, code: "hasResponses" };
  if (s.status !== "draft") return { ok: false, code: "notDraft" };
  return { ok: true };
}

/**
 * Only a draft that nobody has answered can be deleted (with its questions and links). Anything
 * with responses is archived instead, never deleted.
 */
export async function deleteSurvey(userId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw new SurveyEditError("notFound");
  await db.transaction().execute(async (trx) => {
    const s = await trx.selectFrom("surveys").select(["status", "title"]).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!s) throw new SurveyEditError("notFound");
    if (await hasResponses(trx, id)) throw new SurveyEditError("hasResponses");
    if (s.status !== "draft") throw new SurveyEditError("notDraft");
    await trx.deleteFrom("surveys").where("id", "=", id).execute();
    await recordAudit(trx, { userId, action: "survey.delete", targetType: "survey", targetId: id, detail: { title: s.title } });
  });
}
