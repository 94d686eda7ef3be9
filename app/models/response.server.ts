import { sql, type CompiledQuery, type InferResult, type Selectable, type Transaction } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { detectLanguage } from "../../analysis/text";
import type { Database, Locale, QuestionsTable, Segment } from "../../db/schema";
import { db } from "~/db.server";
import type { AnswerValue } from "~/schemas/response";
import { currentScorer } from "./sentiment.server";
import { isUuid } from "~/utils/uuid";

export type LinkProblem = "notFound" | "closed" | "used" | "expired";

function linkQuery(token: string, trx: Transaction<Database> | typeof db) {
  return trx
    .selectFrom("links")
    .innerJoin("surveys", "surveys.id", "links.survey_id")
    .select([
      "links.id as link_id",
      "links.kind",
      "links.account_id",
      "links.hidden",
      "links.locale as link_locale",
      "links.expires_at",
      "links.used_at",
      "surveys.id as survey_id",
      "surveys.title",
      "surveys.intro",
      "surveys.status",
      "surveys.anonymous",
      "surveys.closes_at",
      "surveys.response_limit",
      "surveys.languages",
    ])
    .where("links.token", "=", token);
}

async function loadLink(token: string, trx: Transaction<Database> | typeof db = db, lock = false) {
  const q = linkQuery(token, trx);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

type LoadedLink = NonNullable<Awaited<ReturnType<typeof loadLink>>>;

/**
 * Why the link cannot be answered now, if it cannot. `finishedCount` is the survey's finished
 * responses when the caller read them with the link; otherwise a limited survey counts them here.
 */
async function problemWith(
  link: LoadedLink | undefined,
  trx: Transaction<Database> | typeof db,
  now: Date,
  finishedCount?: number | null,
): Promise<LinkProblem | null> {
  if (!link || link.status === "draft") return "notFound";
  if (link.status === "closed" || (link.closes_at && link.closes_at <= now)) return "closed";
  if (link.kind === "single" && link.used_at) return "used";
  if (link.expires_at && link.expires_at <= now) return "expired";
  if (link.response_limit) {
    const n =
      finishedCount ??
      (
        await trx
          .selectFrom("responses")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("survey_id", "=", link.survey_id)
          .where("finished", "=", true)
          .executeTakeFirstOrThrow()
      ).n;
    if (Number(n) >= link.response_limit) return "closed";
  }
  return null;
}

// Tokens are base64url (or "demo"); anything else cannot exist, and must not reach the database
// (a NUL byte in a text parameter is an error there, not a miss).
const tokenPattern = /^[A-Za-z0-9_-]{1,64}$/;
export type OpenedQuestion = Pick<Selectable<QuestionsTable>, "id" | "position" | "page" | "type" | "required" | "prompt" | "options" | "why_prompt">;

/**
 * The survey behind a respondent's link, or why it cannot be answered: link, survey, its questions
 * and (for a survey with a response limit) its finished responses, in one round trip.
 */
export async function openSurveyLink(token: string, now = new Date()) {
  const row = tokenPattern.test(token) ? (await db.executeQuery<OpenedRow>(openQuery(token))).rows[0] : undefined;
  const { questions, finished_count, ...link } = row ?? { questions: [] as OpenedQuestion[], finished_count: null };
  const problem = await problemWith(row && (link as LoadedLink), db, now, finished_count);
  if (problem || !row) return { problem: problem ?? ("notFound" as const) };
  return { problem: null, link: link as LoadedLink, questions: questions as OpenedQuestion[] };
}

function buildOpenQuery(token: string) {
  return linkQuery(token, db).select((eb) => [
    jsonArrayFrom(
      eb
        .selectFrom("questions")
        .select(["id", "position", "page", "type", "required", "prompt", "options", "why_prompt"])
        .whereRef("questions.survey_id", "=", "surveys.id")
        .orderBy("position"),
    ).as("questions"),
    eb
      .case()
      .when("surveys.response_limit", "is not", null)
      .then(
        eb
          .selectFrom("responses")
          .select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("responses.survey_id", "=", "surveys.id")
          .where("responses.finished", "=", true),
      )
      .end()
      .as("finished_count"),
  ]);
}

type OpenedRow = InferResult<ReturnType<typeof buildOpenQuery>>[number];

// Compiled once, run with each token: building and compiling it with Kysely took more of the
// server's CPU per survey post than anything else of ours. The placeholder cannot be a token.
const TOKEN_PLACEHOLDER = "\u0000token";
let openCompiled: CompiledQuery | undefined;
function openQuery(token: string): CompiledQuery<OpenedRow> {
  openCompiled ??= buildOpenQuery(TOKEN_PLACEHOLDER).compile();
  return { ...openCompiled, parameters: openCompiled.parameters.map((p) => (p === TOKEN_PLACEHOLDER ? token : p)) } as CompiledQuery<OpenedRow>;
}

export async function getResponseProgress(submissionKey: string) {
  return db
    .selectFrom("responses")
    .select(["id", "survey_id", "finished", "last_page"])
    .where("submission_key", "=", submissionKey)
    .executeTakeFirst();
}

/**
 * Whether this submission key already finished a response through this link: a second click on
 * "Submit" (or a concurrent copy of the same post) then sees the thanks page, not "already used".
 */
export async function finishedThroughLink(token: string, submissionKey: string): Promise<boolean> {
  if (!tokenPattern.test(token) || !isUuid(submissionKey)) return false;
  const row = await db
    .selectFrom("responses")
    .innerJoin("links", "links.id", "responses.link_id")
    .select("responses.id")
    .where("responses.submission_key", "=", submissionKey)
    .where("links.token", "=", token)
    .where("responses.finished", "=", true)
    .executeTakeFirst();
  return !!row;
}

export async function getSavedAnswers(responseId: string) {
  return db.selectFrom("answers").selectAll().where("response_id", "=", responseId).execute();
}

export type SaveAnswersInput = {
  token: string;
  submissionKey: string;
  page: number;
  /** Ids of the questions on this page: their earlier answers are replaced by this submission's. */
  pageQuestionIds: string[];
  finish: boolean;
  locale: Locale;
  segment: Segment;
  answers: { questionId: string; value: AnswerValue; why: string | null }[];
  ip: string | null;
  startedAt: Date | null;
  now?: Date;
  /** The link as openSurveyLink just read it; saves reading it again when no lock is needed. */
  link?: OpenedLink;
  /** Question id -> type, when the caller has the questions at hand. */
  questionTypes?: Map<string, string>;
};

export type OpenedLink = LoadedLink;

export type SaveResult = { outcome: "saved" | "finished" | "alreadyFinished" } | { outcome: "problem"; problem: LinkProblem };

/**
 * Stores one page of answers in one transaction. The submission key makes it idempotent: a double
 * click or a resubmitted final page finds the finished response and writes nothing.
 */
export async function saveAnswers(input: SaveAnswersInput): Promise<SaveResult> {
  const now = input.now ?? new Date();
  // The common case, a first page through a public link, is one statement; everything else
  // (repeats, later pages, single-use links, response limits) takes the transaction below.
  const fast = input.link;
  if (fast && input.page <= 1 && fast.kind !== "single" && fast.response_limit === null) {
    const problem = await problemWith(fast, db, now);
    if (problem) return { outcome: "problem", problem };
    if (await insertFirstPage(fast, input, now)) return { outcome: input.finish ? "finished" : "saved" };
  }
  // Read before the transaction: the scorer may read a setting, and on PGlite (one connection)
  // a query outside the transaction would wait for it forever.
  const scorer = input.answers.some((a) => a.why ?? a.value.value_text) ? await currentScorer() : null;
  return db.transaction().execute(async (trx) => {
    const unlocked = input.link ?? (await loadLink(input.token, trx));
    // Only a single-use link or a response limit needs the row lock (and a fresh read); a public
    // link must not serialise every respondent behind one row.
    const needsLock = unlocked && (unlocked.kind === "single" || unlocked.response_limit !== null);
    const link = needsLock ? await loadLink(input.token, trx, true) : unlocked;
    const findExisting = () =>
      trx
        .selectFrom("responses")
        .select(["id", "survey_id", "finished", "link_id", "started_at"])
        .where("submission_key", "=", input.submissionKey)
        .forUpdate()
        .executeTakeFirst();
    // A first submission (the common case) needs no look-up: the insert below finds a repeat.
    let existing = input.page > 1 || needsLock ? await findExisting() : undefined;
    if (existing?.finished && existing.link_id === link?.link_id) return { outcome: "alreadyFinished" as const };
    const problem = await problemWith(link, trx, now);
    if (problem || !link) return { outcome: "problem" as const, problem: problem ?? "notFound" };
    if (existing && existing.survey_id !== link.survey_id) return { outcome: "problem" as const, problem: "notFound" };

    const anonymous = link.anonymous;
    // Anonymous surveys keep no address and only the day of each time.
    const day = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
    const segment: Segment = { ...input.segment, ...link.hidden };
    const storedSegment: Segment = anonymous ? { ...segment, account: undefined, ticket: undefined } : segment;
    const accountId = link.account_id ?? (await accountIdFor(trx, segment.account));
    const finishing = {
      finished: true,
      last_page: input.page,
      submitted_at: anonymous ? day(now) : now,
    };
    const durationFrom = (started: Date) =>
      anonymous ? null : Math.max(0, Math.round((now.getTime() - started.getTime()) / 1000));

    let responseId = existing?.id;
    if (!existing) {
      const startedAt = input.startedAt && input.startedAt <= now ? input.startedAt : now;
      const inserted = await trx
        .insertInto("responses")
        .values({
          survey_id: link.survey_id,
          link_id: link.link_id,
          account_id: anonymous ? null : accountId,
          submission_key: input.submissionKey,
          segment: JSON.stringify(storedSegment),
          locale: input.locale,
          ip: anonymous ? null : input.ip,
          started_at: anonymous ? day(startedAt) : startedAt,
          // A one-page survey is finished by the same statement that stores it.
          ...(input.finish ? { ...finishing, duration_seconds: durationFrom(startedAt) } : { last_page: input.page }),
        })
        .onConflict((oc) => oc.column("submission_key").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (inserted) responseId = inserted.id;
      else {
        // Same form sent again (double click, back and resubmit): finished means nothing to do.
        existing = await findExisting();
        if (!existing || existing.finished || existing.survey_id !== link.survey_id) return { outcome: "alreadyFinished" as const };
        responseId = existing.id;
      }
    }
    if (existing && responseId) {
      // A page answered again replaces what that page said before.
      if (input.pageQuestionIds.length) {
        await trx.deleteFrom("answers").where("response_id", "=", responseId).where("question_id", "in", input.pageQuestionIds).execute();
        await trx
          .deleteFrom("feedback_items")
          .where("response_id", "=", responseId)
          .where("question_id", "in", input.pageQuestionIds)
          .execute();
      }
      await trx
        .updateTable("responses")
        .set(
          input.finish
            ? { ...finishing, duration_seconds: durationFrom(existing!.started_at) }
            : { last_page: sql<number>`greatest(last_page, ${input.page})` },
        )
        .where("id", "=", responseId)
        .execute();
    }

    if (input.answers.length) {
      await trx
        .insertInto("answers")
        .values(
          input.answers.map((a) => ({
            response_id: responseId!,
            question_id: a.questionId,
            value_int: a.value.value_int,
            value_text: a.value.value_text,
            choices: a.value.choices ? JSON.stringify(a.value.choices) : null,
            why_text: a.why,
          })),
        )
        .execute();
    }
    const texts = input.answers.filter((a) => a.why ?? a.value.value_text);
    if (texts.length) {
      const types =
        input.questionTypes ??
        new Map(
          (await trx.selectFrom("questions").select(["id", "type"]).where("id", "in", texts.map((a) => a.questionId)).execute()).map(
            (q) => [q.id, q.type as string],
          ),
        );
      // Every free text becomes one feedback item, paired with the score it explains, with its
      // sentiment estimate scored here in JS (no extra query).
      await trx
        .insertInto("feedback_items")
        .values(
          texts.map((a) => {
            const text = (a.why ?? a.value.value_text)!;
            const type = types.get(a.questionId);
            const scored = type === "nps" || type === "csat" || type === "ces" || type === "rating";
            const language = detectLanguage(text);
            return {
              ...scorer!.score(text, language),
              source: "survey" as const,
              response_id: responseId!,
              question_id: a.questionId,
              account_id: anonymous ? null : accountId,
              segment: JSON.stringify(storedSegment),
              language,
              text,
              score: scored ? a.value.value_int : null,
              score_scale: scored ? (type as "nps" | "csat" | "ces" | "rating") : null,
              occurred_at: anonymous ? day(now) : now,
            };
          }),
        )
        .execute();
    }
    if (!input.finish) return { outcome: "saved" as const };
    if (link.kind === "single") {
      await trx.updateTable("links").set({ used_at: now }).where("id", "=", link.link_id).execute();
    }
    return { outcome: "finished" as const };
  });
}

/**
 * Response, answers and feedback items of a first page in one INSERT ... WITH statement: one
 * round trip and atomic without BEGIN/COMMIT. Returns false when the submission key exists
 * already (a repeat), having written nothing.
 */
async function insertFirstPage(link: LoadedLink, input: SaveAnswersInput, now: Date): Promise<boolean> {
  const anonymous = link.anonymous;
  const day = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const segment: Segment = { ...input.segment, ...link.hidden };
  const storedSegment = JSON.stringify(anonymous ? { ...segment, account: undefined, ticket: undefined } : segment);
  const startedAt = input.startedAt && input.startedAt <= now ? input.startedAt : now;
  const hiddenAccount = !anonymous && !link.account_id && segment.account && isUuid(segment.account) ? segment.account : null;
  const types = input.questionTypes;
  const answers = input.answers.map((a) => ({
    question_id: a.questionId,
    value_int: a.value.value_int,
    value_text: a.value.value_text,
    choices: a.value.choices ?? null,
    why_text: a.why,
  }));
  const texts = input.answers.filter((a) => a.why ?? a.value.value_text);
  // Sentiment is scored here, before the statement: a few microseconds a text, no query (the
  // scorer is cached per process).
  const scorer = texts.length ? await currentScorer() : null;
  const items = texts.map((a) => {
    const text = (a.why ?? a.value.value_text)!;
    const type = types?.get(a.questionId);
    const scored = type === "nps" || type === "csat" || type === "ces" || type === "rating";
    const language = detectLanguage(text);
    return { question_id: a.questionId, text, language, score: scored ? a.value.value_int : null, score_scale: scored ? type : null, ...scorer!.score(text, language) };
  });
  if (items.length && !types) return false;
  const finished = input.finish;
  const { rows } = await sql<{ id: string }>`
    WITH acct AS (
      SELECT coalesce(${link.account_id}::uuid, (SELECT id FROM accounts WHERE id = ${hiddenAccount}::uuid)) AS id
    ), r AS (
      INSERT INTO responses (survey_id, link_id, account_id, submission_key, segment, locale, ip, started_at, finished, last_page, submitted_at, duration_seconds)
      SELECT ${link.survey_id}, ${link.link_id}, CASE WHEN ${anonymous}::boolean THEN NULL ELSE acct.id END, ${input.submissionKey}, ${storedSegment}::jsonb,
        ${input.locale}, ${anonymous ? null : input.ip}, ${anonymous ? day(startedAt) : startedAt}, ${finished}::boolean, ${input.page}::integer,
        ${finished ? (anonymous ? day(now) : now) : null}::timestamptz,
        ${finished && !anonymous ? Math.max(0, Math.round((now.getTime() - startedAt.getTime()) / 1000)) : null}::integer
      FROM acct
      ON CONFLICT (submission_key) DO NOTHING
      RETURNING id, account_id
    ), a AS (
      INSERT INTO answers (response_id, question_id, value_int, value_text, choices, why_text)
      SELECT r.id, x.question_id, x.value_int, x.value_text, x.choices, x.why_text
      FROM r, jsonb_to_recordset(${JSON.stringify(answers)}::jsonb) AS x(question_id uuid, value_int integer, value_text text, choices jsonb, why_text text)
    ), f AS (
      INSERT INTO feedback_items (source, response_id, question_id, account_id, segment, language, text, score, score_scale, occurred_at,
        sentiment_label, sentiment_score, sentiment_confidence, sentiment_model)
      SELECT 'survey', r.id, x.question_id, r.account_id, ${storedSegment}::jsonb, x.language, x.text, x.score, x.score_scale, ${anonymous ? day(now) : now},
        x.sentiment_label, x.sentiment_score, x.sentiment_confidence, x.sentiment_model
      FROM r, jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS x(question_id uuid, text text, language text, score integer, score_scale text,
        sentiment_label text, sentiment_score double precision, sentiment_confidence double precision, sentiment_model text)
    )
    SELECT id FROM r`.execute(db);
  return rows.length > 0;
}

async function accountIdFor(trx: Transaction<Database>, account: string | undefined): Promise<string | null> {
  // A uuid column: anything else (36 hyphens, say) is an error there, not a miss.
  if (!account || !isUuid(account)) return null;
  const row = await trx.selectFrom("accounts").select("id").where("id", "=", account).executeTakeFirst();
  return row?.id ?? null;
}

// ---- one response, for staff --------------------------------------------------------------

/**
 * A response with every question of its survey (answered or not), the feedback items it produced
 * and the case opened from it, for the response page.
 */
export async function getResponseDetail(id: string) {
  if (!isUuid(id)) return null;
  const r = await db
    .selectFrom("responses")
    .innerJoin("surveys", "surveys.id", "responses.survey_id")
    .leftJoin("links", "links.id", "responses.link_id")
    .select([
      "responses.id",
      "responses.survey_id",
      "responses.account_id",
      "responses.segment",
      "responses.locale",
      "responses.finished",
      "responses.last_page",
      "responses.started_at",
      "responses.submitted_at",
      "responses.duration_seconds",
      "surveys.title as survey_title",
      "surveys.anonymous",
      "links.kind as link_kind",
    ])
    .where("responses.id", "=", id)
    .executeTakeFirst();
  if (!r) return null;
  // The account of the response, else the one its segment names (a link made for an account).
  const accountId = r.account_id ?? (isUuid(r.segment?.account) ? r.segment.account : null);
  const account = accountId ? await db.selectFrom("accounts").select(["id", "name"]).where("id", "=", accountId).executeTakeFirst() : undefined;
  const questions = await db
    .selectFrom("questions")
    .leftJoin("answers", (j) => j.onRef("answers.question_id", "=", "questions.id").on("answers.response_id", "=", id))
    .select([
      "questions.id",
      "questions.position",
      "questions.page",
      "questions.type",
      "questions.prompt",
      "questions.options",
      "questions.why_prompt",
      "answers.id as answer_id",
      "answers.value_int",
      "answers.value_text",
      "answers.choices",
      "answers.why_text",
    ])
    .where("questions.survey_id", "=", r.survey_id)
    .orderBy("questions.position")
    .execute();
  const feedback = await db
    .selectFrom("feedback_items")
    .select(["id", "text", "language", "score", "score_scale", "question_id", "occurred_at"])
    .where("response_id", "=", id)
    .orderBy("id")
    .execute();
  const cases = await db
    .selectFrom("cases")
    .select(["id", "number", "title", "status"])
    .where("response_id", "=", id)
    .orderBy("opened_at", "desc")
    .execute();
  return { ...r, account: account ?? null, questions, feedback, cases };
}
