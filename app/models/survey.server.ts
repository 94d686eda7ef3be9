import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { metricDefinitions, type MetricKind } from "../../analysis/metrics";
import type { ChoiceOption, Localized, QuestionType, Segment, SurveyStatus } from "../../db/schema";
import { db } from "~/db.server";
import { recordAudit } from "./audit.server";

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
};

export class SurveyEditError extends Error {
  constructor(public readonly code: "questionHasAnswers" | "notFound") {
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

export async function listSurveys() {
  return db
    .selectFrom("surveys")
    .leftJoin("responses", (j) => j.onRef("responses.survey_id", "=", "surveys.id").on("responses.finished", "=", true))
    .select(["surveys.id", "surveys.title", "surveys.status", "surveys.anonymous", "surveys.created_at", "surveys.closes_at"])
    .select((eb) => eb.fn.count<number>("responses.id").as("responses"))
    .groupBy("surveys.id")
    .orderBy("surveys.created_at", "desc")
    .execute();
}

export async function getSurvey(id: string) {
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
        title: JSON.stringify(input.title),
        intro: JSON.stringify(input.intro),
        status: input.status,
        anonymous: input.anonymous,
        closes_at: input.closesAt,
        response_limit: input.responseLimit,
        metric_definitions: JSON.stringify(definitionsFor(input.questions)),
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
    const existing = await trx.selectFrom("questions").select(["id"]).where("survey_id", "=", id).execute();
    if (!(await trx.selectFrom("surveys").select("id").where("id", "=", id).forUpdate().executeTakeFirst())) {
      throw new SurveyEditError("notFound");
    }
    const keep = new Set(input.questions.map((q) => q.id).filter(Boolean) as string[]);
    const removed = existing.map((q) => q.id).filter((qid) => !keep.has(qid));
    if (removed.length) {
      const answered = await trx.selectFrom("answers").select("question_id").where("question_id", "in", removed).limit(1).execute();
      if (answered.length) throw new SurveyEditError("questionHasAnswers");
      await trx.deleteFrom("questions").where("id", "in", removed).execute();
    }
    await trx
      .updateTable("surveys")
      .set({
        title: JSON.stringify(input.title),
        intro: JSON.stringify(input.intro),
        status: input.status,
        anonymous: input.anonymous,
        closes_at: input.closesAt,
        response_limit: input.responseLimit,
        metric_definitions: JSON.stringify(definitionsFor(input.questions)),
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
    await recordAudit(trx, { userId, action: "survey.update", targetType: "survey", targetId: id });
  });
}

export async function setSurveyStatus(userId: string, id: string, status: SurveyStatus): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("surveys").set({ status, updated_at: new Date() }).where("id", "=", id).execute();
    await recordAudit(trx, { userId, action: "survey.status", targetType: "survey", targetId: id, detail: { status } });
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
  input: { accountIds: string[]; expiresAt: Date | null; ticket?: string | null },
) {
  return db.transaction().execute(async (trx) => {
    const accounts = await trx.selectFrom("accounts").selectAll().where("id", "in", input.accountIds).execute();
    const rows = accounts.map((a) => {
      const hidden: Segment = { account: a.id, tier: a.tier, region: a.region, plan: a.plan };
      if (input.ticket) hidden.ticket = input.ticket;
      return {
        survey_id: surveyId,
        token: newToken(16),
        kind: "single" as const,
        account_id: a.id,
        hidden: JSON.stringify(hidden),
        locale: a.locale,
        expires_at: input.expiresAt,
      };
    });
    const created = rows.length ? await trx.insertInto("links").values(rows).returning(["id", "token"]).execute() : [];
    await recordAudit(trx, {
      userId,
      action: "links.create",
      targetType: "survey",
      targetId: surveyId,
      detail: { count: created.length },
    });
    return created;
  });
}
