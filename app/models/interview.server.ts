// Interview notes and their passages. Each passage (analysis/text/passages.ts) is a feedback item
// (source 'interview') with the account's segment snapshot and a sentiment estimate; highlights
// tag passages with a theme by hand. Every change is one transaction with its audit row.
import { sql, type Transaction } from "kysely";
import { detectLanguage, splitPassages } from "../../analysis/text";
import type { Database, Segment } from "../../db/schema";
import { db } from "~/db.server";
import type { HighlightInput, InterviewInput } from "~/schemas/interview";
import { recordAudit } from "./audit.server";
import { currentScorer, type Scorer } from "./sentiment.server";
import { isUuid } from "~/utils/uuid";

type Trx = Transaction<Database>;
export class InterviewError extends Error {
  constructor(
    public readonly code: "notFound" | "accountNotFound" | "themeNotFound" | "themeExists" | "passageNotFound",
    public readonly field: string | null = null,
  ) {
    super(code);
  }
}

export const INTERVIEW_PAGE_SIZE = 50;

/** Interviews, newest first, with their passage and highlight counts. */
export async function listInterviews(page = 1) {
  const rows = await db
    .selectFrom("interviews")
    .leftJoin("accounts", "accounts.id", "interviews.account_id")
    .select([
      "interviews.id",
      sql<string>`interviews.held_on::text`.as("held_on"),
      "interviews.interviewer",
      "interviews.participants",
      "interviews.language",
      "accounts.name as account_name",
      sql<number>`(SELECT count(*) FROM feedback_items f WHERE f.interview_id = interviews.id)`.as("passages"),
      sql<number>`(SELECT count(DISTINCT a.feedback_item_id) FROM feedback_items f JOIN theme_assignments a ON a.feedback_item_id = f.id AND a.assigned_by = 'hand' WHERE f.interview_id = interviews.id)`.as("highlights"),
    ])
    .orderBy("interviews.held_on", "desc")
    .orderBy("interviews.created_at", "desc")
    .orderBy("interviews.id")
    .limit(INTERVIEW_PAGE_SIZE + 1)
    .offset((page - 1) * INTERVIEW_PAGE_SIZE)
    .execute();
  return { rows: rows.slice(0, INTERVIEW_PAGE_SIZE).map((r) => ({ ...r, passages: Number(r.passages), highlights: Number(r.highlights) })), hasMore: rows.length > INTERVIEW_PAGE_SIZE };
}

/** Accounts to pick from in the form. */
export async function accountsForInterview() {
  return db.selectFrom("accounts").select(["id", "name"]).orderBy("name").orderBy("id").execute();
}

/** Active themes a passage can be tagged with. */
export { activeThemes as themesForTagging } from "./feedback.server";

/** One interview with its passages in order, each with its sentiment and theme tags. */
export async function getInterview(id: string) {
  if (!isUuid(id)) return null;
  const interview = await db
    .selectFrom("interviews")
    .leftJoin("accounts", "accounts.id", "interviews.account_id")
    .leftJoin("users", "users.id", "interviews.created_by")
    .select([
      "interviews.id",
      "interviews.account_id",
      sql<string>`interviews.held_on::text`.as("held_on"),
      "interviews.interviewer",
      "interviews.participants",
      "interviews.body",
      "interviews.language",
      "interviews.created_at",
      "interviews.updated_at",
      "accounts.name as account_name",
      "users.name as created_by_name",
    ])
    .where("interviews.id", "=", id)
    .executeTakeFirst();
  if (!interview) return null;
  const passages = await db
    .selectFrom("feedback_items")
    .select(["id", "passage_index", "text", "language", "sentiment_label", "sentiment_confidence", "sentiment_model"])
    .where("interview_id", "=", id)
    .orderBy("passage_index")
    .execute();
  const tags = passages.length
    ? await db
        .selectFrom("theme_assignments")
        .innerJoin("themes", "themes.id", "theme_assignments.theme_id")
        .select(["theme_assignments.feedback_item_id", "themes.id as theme_id", "themes.name", "theme_assignments.assigned_by", "theme_assignments.confidence"])
        .where("theme_assignments.feedback_item_id", "in", passages.map((p) => p.id))
        .orderBy("themes.name")
        .execute()
    : [];
  return {
    ...interview,
    passages: passages.map((p) => ({
      ...p,
      tags: tags.filter((t) => t.feedback_item_id === p.id).map((t) => ({ themeId: t.theme_id, name: t.name, by: t.assigned_by, confidence: t.confidence })),
    })),
  };
}

async function accountSegment(trx: Trx, accountId: string | null): Promise<Segment> {
  if (!accountId) return {};
  const a = await trx.selectFrom("accounts").select(["id", "tier", "region", "plan"]).where("id", "=", accountId).executeTakeFirst();
  if (!a) throw new InterviewError("accountNotFound", "accountId");
  return { account: a.id, tier: a.tier, region: a.region, plan: a.plan };
}

function languageOf(input: InterviewInput): "ko" | "en" | "other" {
  return input.language === "auto" ? detectLanguage(input.body) : input.language;
}

/** Feedback item columns of a passage: everything but the text's position. */
function passageFields(input: InterviewInput, language: "ko" | "en" | "other", segment: Segment, scorer: Scorer, text: string) {
  return {
    source: "interview" as const,
    account_id: input.accountId,
    segment: JSON.stringify(segment),
    language,
    text,
    // The interview day, at midnight UTC: the day is what the note says.
    occurred_at: new Date(`${input.heldOn}T00:00:00Z`),
    ...scorer.score(text, language),
  };
}

/** Stores the note and one feedback item per passage. */
export async function createInterview(userId: string, input: InterviewInput): Promise<{ id: string; passages: number }> {
  const scorer = await currentScorer();
  const language = languageOf(input);
  const passages = splitPassages(input.body);
  return db.transaction().execute(async (trx) => {
    const segment = await accountSegment(trx, input.accountId);
    const { id } = await trx
      .insertInto("interviews")
      .values({
        account_id: input.accountId,
        held_on: input.heldOn,
        interviewer: input.interviewer,
        participants: input.participants,
        body: input.body,
        language,
        created_by: userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (passages.length) {
      await trx
        .insertInto("feedback_items")
        .values(passages.map((text, i) => ({ ...passageFields(input, language, segment, scorer, text), interview_id: id, passage_index: i })))
        .execute();
    }
    await recordAudit(trx, { userId, action: "interview.create", targetType: "interview", targetId: id, detail: { passages: passages.length, language } });
    return { id, passages: passages.length };
  });
}

/**
 * Saves an edited note. Passages are matched to the old ones by their text (wherever they moved):
 * a matched passage keeps its feedback item and so its theme tags; an old passage whose text no
 * longer occurs loses its item (and tags); a new text gets a new item.
 */
export async function updateInterview(userId: string, id: string, input: InterviewInput) {
  if (!isUuid(id)) throw new InterviewError("notFound");
  const scorer = await currentScorer();
  const language = languageOf(input);
  const passages = splitPassages(input.body);
  return db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom("interviews").select("id").where("id", "=", id).forUpdate().executeTakeFirst();
    if (!found) throw new InterviewError("notFound");
    const segment = await accountSegment(trx, input.accountId);
    await trx
      .updateTable("interviews")
      .set({ account_id: input.accountId, held_on: input.heldOn, interviewer: input.interviewer, participants: input.participants, body: input.body, language, updated_at: new Date() })
      .where("id", "=", id)
      .execute();
    const old = await trx.selectFrom("feedback_items").select(["id", "text"]).where("interview_id", "=", id).orderBy("passage_index").execute();
    // Same text twice: the first old item goes to the first new occurrence, and so on.
    const byText = new Map<string, string[]>();
    for (const o of old) byText.set(o.text, [...(byText.get(o.text) ?? []), o.id]);
    const kept: { id: string; index: number; text: string }[] = [];
    const added: { index: number; text: string }[] = [];
    passages.forEach((text, index) => {
      const itemId = byText.get(text)?.shift();
      if (itemId) kept.push({ id: itemId, index, text });
      else added.push({ index, text });
    });
    const keptIds = new Set(kept.map((k) => k.id));
    const removed = old.filter((o) => !keptIds.has(o.id)).map((o) => o.id);
    if (removed.length) await trx.deleteFrom("feedback_items").where("id", "in", removed).execute();
    if (kept.length) {
      // Positions are unique per interview: move the kept ones out of the way, then into place.
      await trx.updateTable("feedback_items").set({ passage_index: sql`passage_index + 1000000` }).where("id", "in", [...keptIds]).execute();
      const rows = kept.map((k) => ({ id: k.id, passage_index: k.index, ...passageFields(input, language, segment, scorer, k.text) }));
      await sql`
        UPDATE feedback_items f SET passage_index = x.passage_index, account_id = x.account_id, segment = x.segment, language = x.language,
          occurred_at = x.occurred_at, sentiment_label = x.sentiment_label, sentiment_score = x.sentiment_score,
          sentiment_confidence = x.sentiment_confidence, sentiment_model = x.sentiment_model
        FROM jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ ...r, segment: JSON.parse(r.segment) })))}::jsonb)
          AS x(id uuid, passage_index integer, account_id uuid, segment jsonb, language text, occurred_at timestamptz,
               sentiment_label text, sentiment_score double precision, sentiment_confidence double precision, sentiment_model text)
        WHERE f.id = x.id`.execute(trx);
    }
    if (added.length) {
      await trx
        .insertInto("feedback_items")
        .values(added.map((a) => ({ ...passageFields(input, language, segment, scorer, a.text), interview_id: id, passage_index: a.index })))
        .execute();
    }
    await recordAudit(trx, { userId, action: "interview.update", targetType: "interview", targetId: id, detail: { kept: kept.length, removed: removed.length, added: added.length } });
    return { kept: kept.length, removed: removed.length, added: added.length };
  });
}

/**
 * Tags the picked passages with a theme by hand (a highlight): the assignment is 'hand' (it wins
 * over the model's) and each passage becomes an example of the theme. A theme may be created here
 * by name; a name an active theme already has is refused.
 */
export async function highlightPassages(userId: string, interviewId: string, input: HighlightInput): Promise<{ themeId: string; tagged: number }> {
  if (!isUuid(interviewId)) throw new InterviewError("notFound");
  return db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom("interviews").select("id").where("id", "=", interviewId).executeTakeFirst();
    if (!found) throw new InterviewError("notFound");
    const ids = [...new Set(input.passages)];
    const items = await trx.selectFrom("feedback_items").select(["id", "text"]).where("interview_id", "=", interviewId).where("id", "in", ids).execute();
    if (items.length !== ids.length) throw new InterviewError("passageNotFound", "passages");
    let themeId = input.themeId;
    let created = false;
    if (themeId) {
      const theme = await trx.selectFrom("themes").select("id").where("id", "=", themeId).where("status", "=", "active").executeTakeFirst();
      if (!theme) throw new InterviewError("themeNotFound", "themeId");
    } else {
      const name = input.newTheme;
      const clash = await trx.selectFrom("themes").select("id").where("status", "=", "active").where(sql`lower(name)`, "=", name.toLowerCase()).executeTakeFirst();
      if (clash) throw new InterviewError("themeExists", "newTheme");
      themeId = (await trx.insertInto("themes").values({ name, origin: "seeded", created_by: userId }).returning("id").executeTakeFirstOrThrow()).id;
      created = true;
    }
    const now = new Date();
    await trx
      .insertInto("theme_assignments")
      .values(items.map((i) => ({ feedback_item_id: i.id, theme_id: themeId!, confidence: null, assigned_by: "hand" as const, user_id: userId, assigned_at: now })))
      .onConflict((oc) => oc.columns(["feedback_item_id", "theme_id"]).doUpdateSet({ assigned_by: "hand", confidence: null, user_id: userId, assigned_at: now }))
      .execute();
    await trx
      .insertInto("theme_examples")
      .values(items.map((i) => ({ theme_id: themeId!, feedback_item_id: i.id, text: i.text, created_by: userId })))
      .onConflict((oc) => oc.columns(["theme_id", "feedback_item_id"]).where("feedback_item_id", "is not", null).doNothing())
      .execute();
    await recordAudit(trx, { userId, action: "interview.highlight", targetType: "interview", targetId: interviewId, detail: { theme: themeId, createdTheme: created, passages: items.length } });
    return { themeId: themeId!, tagged: items.length };
  });
}

/** Removes a hand tag from one passage (the theme example made from it goes too). */
export async function removeHighlight(userId: string, interviewId: string, itemId: string, themeId: string): Promise<boolean> {
  if (![interviewId, itemId, themeId].every(isUuid)) return false;
  return db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom("feedback_items").select("id").where("id", "=", itemId).where("interview_id", "=", interviewId).executeTakeFirst();
    if (!item) return false;
    const res = await trx.deleteFrom("theme_assignments").where("feedback_item_id", "=", itemId).where("theme_id", "=", themeId).where("assigned_by", "=", "hand").executeTakeFirst();
    if (!Number(res.numDeletedRows)) return false;
    await trx.deleteFrom("theme_examples").where("feedback_item_id", "=", itemId).where("theme_id", "=", themeId).execute();
    await recordAudit(trx, { userId, action: "interview.unhighlight", targetType: "interview", targetId: interviewId, detail: { theme: themeId, item: itemId } });
    return true;
  });
}
