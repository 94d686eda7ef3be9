// The feedback list: every feedback item (survey answers, interview passages, imported rows) with
// filters, text search and paging. Search is ILIKE '%q%' over the trigram index
// (migration 2026_12_03_0810_feedback_search), which works for Hangul as for English.
import { sql } from "kysely";
import { db } from "~/db.server";
import { endOfLocalDay, startOfLocalDay } from "~/utils/dates";
import type { FeedbackListQuery } from "~/schemas/query";

export const FEEDBACK_PAGE_SIZE = 50;
/** Counting stops here: "more than 10,000" is all a reader needs, and it keeps the count cheap. */
export const FEEDBACK_COUNT_CAP = 10_000;

/** '%', '_' and '\' are literal in the search box. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `timeZone`: the reader's; the period's days are days there. */
function filtered(f: FeedbackListQuery, timeZone: string) {
  let q = db.selectFrom("feedback_items as f");
  if (f.q) q = q.where(sql<boolean>`f.text ILIKE ${likePattern(f.q)}`);
  if (f.source) q = q.where("f.source", "=", f.source);
  const from = f.from ? startOfLocalDay(f.from, timeZone) : null;
  const to = f.to ? endOfLocalDay(f.to, timeZone) : null;
  if (from) q = q.where("f.occurred_at", ">=", from);
  // "To" is inclusive: up to the end of that day.
  if (to) q = q.where("f.occurred_at", "<=", to);
  for (const key of ["tier", "region", "plan"] as const) {
    const v = f[key];
    if (v) q = q.where(sql<boolean>`f.segment ->> ${key} = ${v}`);
  }
  if (f.sentiment === "none") q = q.where("f.sentiment_label", "is", null);
  else if (f.sentiment) q = q.where("f.sentiment_label", "=", f.sentiment);
  if (f.language) q = q.where("f.language", "=", f.language);
  if (f.score === "yes") q = q.where("f.score", "is not", null);
  else if (f.score === "no") q = q.where("f.score", "is", null);
  if (f.theme) q = q.where(sql<boolean>`EXISTS (SELECT 1 FROM theme_assignments a WHERE a.feedback_item_id = f.id AND a.theme_id = ${f.theme})`);
  if (f.unassigned) q = q.where(sql<boolean>`NOT EXISTS (SELECT 1 FROM theme_assignments a WHERE a.feedback_item_id = f.id)`);
  return q;
}

export type FeedbackRow = Awaited<ReturnType<typeof listFeedback>>["rows"][number];

/** One page of items, newest first, with their theme tags and where each came from. */
export async function listFeedback(f: FeedbackListQuery, timeZone: string, pageSize = FEEDBACK_PAGE_SIZE) {
  const base = filtered(f, timeZone);
  const rows = await base
    .leftJoin("accounts", "accounts.id", "f.account_id")
    .select([
      "f.id",
      "f.source",
      "f.text",
      "f.language",
      "f.score",
      "f.score_scale",
      "f.occurred_at",
      "f.segment",
      "f.sentiment_label",
      "f.sentiment_confidence",
      "f.sentiment_model",
      "f.response_id",
      "f.interview_id",
      "f.passage_index",
      "f.source_name",
      "accounts.name as account_name",
      "f.import_id",
      sql<string | null>`f.import_row::text`.as("import_row"),
    ])
    .orderBy("f.occurred_at", "desc")
    .orderBy("f.id", "desc")
    .limit(pageSize + 1)
    .offset((f.page - 1) * pageSize)
    .execute();
  const { n } = await db
    .selectFrom(base.select(sql`1`.as("one")).limit(FEEDBACK_COUNT_CAP + 1).as("capped"))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const page = rows.slice(0, pageSize);
  const tags = page.length
    ? await db
        .selectFrom("theme_assignments")
        .innerJoin("themes", "themes.id", "theme_assignments.theme_id")
        .select(["theme_assignments.feedback_item_id", "themes.id", "themes.name", "theme_assignments.assigned_by", "theme_assignments.confidence"])
        .where("theme_assignments.feedback_item_id", "in", page.map((r) => r.id))
        .orderBy("themes.name")
        .execute()
    : [];
  return {
    rows: page.map((r) => ({
      ...r,
      href: sourceHref(r),
      tags: tags.filter((t) => t.feedback_item_id === r.id).map((t) => ({ id: t.id, name: t.name, by: t.assigned_by, confidence: t.confidence })),
    })),
    total: Math.min(Number(n), FEEDBACK_COUNT_CAP),
    totalCapped: Number(n) > FEEDBACK_COUNT_CAP,
    hasMore: rows.length > pageSize,
  };
}

/** Where an item came from: its response, its interview passage, or its import row. */
export function sourceHref(r: { source: string; response_id: string | null; interview_id: string | null; passage_index: number | null; import_id: string | null; import_row: string | null }): string | null {
  if (r.source === "survey" && r.response_id) return `/app/responses/${r.response_id}`;
  if (r.source === "interview" && r.interview_id) return `/app/interviews/${r.interview_id}#passage-${(r.passage_index ?? 0) + 1}`;
  if (r.source === "import" && r.import_id) return `/app/imports/${r.import_id}${r.import_row ? `#row-${r.import_row}` : ""}`;
  return null;
}

/** What the filters offer: segment values of the accounts, and active themes. */
export async function feedbackFilterOptions() {
  const distinct = async (col: "tier" | "region" | "plan") =>
    (await db.selectFrom("accounts").select(col).distinct().orderBy(col).execute()).map((r) => r[col] as string);
  const [tiers, regions, plans, themes] = await Promise.all([distinct("tier"), distinct("region"), distinct("plan"), activeThemes()]);
  return { tiers, regions, plans, themes };
}

/** Active themes by name (filters, tagging). */
export async function activeThemes() {
  return db.selectFrom("themes").select(["id", "name"]).where("status", "=", "active").orderBy("name").orderBy("id").execute();
}
