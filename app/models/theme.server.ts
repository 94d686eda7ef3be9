import { availableParallelism } from "node:os";
import { sql, type Transaction } from "kysely";
import { meanFromStats, segmentOrTooFew, wilsonInterval, type MeanResult, type SegmentOutcome } from "../../analysis/metrics";
import { discoverThemes, themeNpsImpactFromCounts, type NpsCounts, type ThemeImpact } from "../../analysis/themes";
import type { Database, DiscoveryCandidate, DiscoveryFilters, DiscoveryRunStatus, FeedbackSource, SentimentLabel, SlaArea } from "../../db/schema";
import { db } from "~/db.server";
import { endOfLocalDay, monthsBetween, startOfLocalDay } from "~/utils/dates";
import { MIN_EXAMPLES, type CandidateAction, type ThemeCreateInput } from "~/schemas/theme";
import { enqueue, queueRunning } from "~/jobs/queue.server";
import { recordAudit } from "./audit.server";
import { getSetting, orgTimeZone, setSetting } from "./settings.server";
import { classifySeeded, discoverInWorker } from "~/jobs/analysis-worker.server";
import { isUuid } from "~/utils/uuid";

/**
 * Themes: seeded (a name and examples) and discovered (accepted from a discovery run), their
 * assignments to feedback items (by the seeded classifier with a confidence, or by hand, which
 * wins), and discovery runs with their candidates. Every number comes from analysis/themes or
 * analysis/metrics fed by one aggregate here.
 */

export type ThemeErrorCode =
  | "nameTaken"
  | "notFound"
  | "itemNotFound"
  | "themeNotFound"
  | "runNotDone"
  | "runNotRunning"
  | "candidateNotFound"
  | "candidateClosed"
  | "mergeSelf"
  | "mergeTarget"
  | "splitTooSmall";

/** A refusal the page shows beside the field it concerns (message key theme.error.<code>). */
export class ThemeError extends Error {
  constructor(
    readonly code: ThemeErrorCode,
    readonly field: string = "_form",
  ) {
    super(code);
  }
}

type Trx = Transaction<Database>;

/** Examples the classifier reads per theme: the newest, so hand corrections count and cost stays flat. */
const EXAMPLES_PER_THEME = 50;
/** Examples copied from an accepted candidate (its quotes first, then its most central items). */
const EXAMPLES_FROM_CANDIDATE = 10;
const NPS_SEED = 1;
const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);

async function assertNameFree(trx: Trx, name: string, field: string): Promise<void> {
  const taken = await trx
    .selectFrom("themes")
    .select("id")
    .where("status", "=", "active")
    .where(sql<string>`lower(name)`, "=", name.toLowerCase())
    .executeTakeFirst();
  if (taken) throw new ThemeError("nameTaken", field);
}

/** Model assignments for items (with their similarity), leaving alone any item a person has placed by hand. */
async function assignByModel(trx: Trx | typeof db, themeId: string, itemIds: readonly string[], confidences: readonly number[]): Promise<void> {
  for (let i = 0; i < itemIds.length; i += 5000) {
    const ids = itemIds.slice(i, i + 5000);
    const conf = confidences.slice(i, i + 5000).map(clamp01);
    await sql`
      INSERT INTO theme_assignments (feedback_item_id, theme_id, confidence, assigned_by)
      SELECT u.item_id, ${themeId}::uuid, u.confidence, 'model'
      FROM unnest(${ids}::uuid[], ${conf}::float8[]) AS u(item_id, confidence)
      WHERE EXISTS (SELECT 1 FROM feedback_items f WHERE f.id = u.item_id)
        AND NOT EXISTS (SELECT 1 FROM theme_assignments h WHERE h.feedback_item_id = u.item_id AND h.assigned_by = 'hand')
      ON CONFLICT (feedback_item_id, theme_id) DO NOTHING
    `.execute(trx);
  }
}

// ---------------------------------------------------------------- seeded themes

/** A seeded theme from a name, an optional SLA area and examples typed or picked from items. */
export async function createSeededTheme(userId: string | null, input: ThemeCreateInput): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await assertNameFree(trx, input.name, "name");
    const picked = [...new Set(input.itemIds)];
    const items = picked.length ? await trx.selectFrom("feedback_items").select(["id", "text"]).where("id", "in", picked).execute() : [];
    if (items.length !== picked.length) throw new ThemeError("itemNotFound", "itemIds");
    const theme = await trx
      .insertInto("themes")
      .values({ name: input.name, origin: "seeded", sla_area: input.slaArea, created_by: userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    const examples = [
      ...input.examples.map((text) => ({ theme_id: theme.id, feedback_item_id: null, text, created_by: userId })),
      ...items.map((it) => ({ theme_id: theme.id, feedback_item_id: it.id, text: it.text.slice(0, 2000), created_by: userId })),
    ];
    if (examples.length) await trx.insertInto("theme_examples").values(examples).execute();
    // An item picked as an example is in the theme, placed by a person.
    if (items.length) {
      await trx.deleteFrom("theme_assignments").where("feedback_item_id", "in", picked).execute();
      await trx
        .insertInto("theme_assignments")
        .values(items.map((it) => ({ feedback_item_id: it.id, theme_id: theme.id, confidence: null, assigned_by: "hand" as const, user_id: userId })))
        .execute();
    }
    await recordAudit(trx, {
      userId,
      action: "theme.create",
      targetType: "theme",
      targetId: theme.id,
      detail: { name: input.name, slaArea: input.slaArea, typed: input.examples.length, picked: items.length },
    });
    return theme.id;
  });
}

export type ClassifierTheme = { id: string; examples: string[] };

/** Active themes with enough examples for the seeded classifier, each with its newest examples. */
async function classifierThemes(): Promise<ClassifierTheme[]> {
  const rows = await sql<{ theme_id: string; text: string }>`
    SELECT e.theme_id, e.text FROM (
      SELECT theme_id, text, row_number() OVER (PARTITION BY theme_id ORDER BY created_at DESC, id) AS r
      FROM theme_examples
    ) e JOIN themes t ON t.id = e.theme_id AND t.status = 'active' AND t.merged_into_id IS NULL
    WHERE e.r <= ${EXAMPLES_PER_THEME}
    ORDER BY e.theme_id, e.r`.execute(db);
  const byTheme = new Map<string, string[]>();
  for (const r of rows.rows) (byTheme.get(r.theme_id) ?? byTheme.set(r.theme_id, []).get(r.theme_id)!).push(r.text);
  return [...byTheme].filter(([, ex]) => ex.length >= MIN_EXAMPLES).map(([id, examples]) => ({ id, examples }));
}

/**
 * Puts newly written items into themes with the seeded classifier (analysis/themes/seeded.ts):
 * each item goes to the theme it picks when its confidence clears the threshold calibrated from
 * the examples; below it the item stays unassigned. Items placed by hand are left alone.
 * Call it after inserting items, with all of them at once (the classifier is built per call).
 */
export async function assignThemesToItems(itemIds: readonly string[]): Promise<{ assigned: number; unassigned: number; threshold: number | null }> {
  const ids = [...new Set(itemIds)].filter(isUuid);
  if (ids.length === 0) return { assigned: 0, unassigned: 0, threshold: null };
  const themes = await classifierThemes();
  if (themes.length === 0) return { assigned: 0, unassigned: ids.length, threshold: null };
  let assigned = 0;
  let unassigned = 0;
  let threshold: number | null = null;
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    const items = await db
      .selectFrom("feedback_items as f")
      .select(["f.id", "f.text"])
      .where("f.id", "in", chunk)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("theme_assignments as h").select("h.theme_id").whereRef("h.feedback_item_id", "=", "f.id").where("h.assigned_by", "=", "hand"))),
      )
      .orderBy("f.id")
      .execute();
    if (items.length === 0) continue;
    const result = await classifySeeded(
      items.map((it) => it.text),
      themes.map((t) => ({ name: t.id, examples: t.examples })),
      { minExamples: MIN_EXAMPLES },
    );
    threshold = result.threshold;
    const byTheme = new Map<string, { ids: string[]; conf: number[] }>();
    result.assignments.forEach((a, j) => {
      if (a.theme === null) {
        unassigned++;
        return;
      }
      assigned++;
      const slot = byTheme.get(a.theme) ?? byTheme.set(a.theme, { ids: [], conf: [] }).get(a.theme)!;
      slot.ids.push(items[j].id);
      slot.conf.push(a.confidence);
    });
    for (const [themeId, s] of byTheme) await assignByModel(db, themeId, s.ids, s.conf);
  }
  return { assigned, unassigned, threshold };
}

/** Moves an item by hand (themeId null: out of every theme); the theme gains it as an example. */
/** Items moved by hand, all or none: each leaves its themes for `themeId` (null: no theme) and becomes one of its examples. */
export async function reassignItems(userId: string | null, itemIds: readonly string[], themeId: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (themeId) {
      const theme = await trx.selectFrom("themes").select("id").where("id", "=", themeId).where("status", "=", "active").executeTakeFirst();
      if (!theme) throw new ThemeError("themeNotFound", "themeId");
    }
    for (const itemId of itemIds) {
      const item = await trx.selectFrom("feedback_items").select(["id", "text"]).where("id", "=", itemId).executeTakeFirst();
      if (!item) throw new ThemeError("itemNotFound", "itemId");
      const before = await trx.selectFrom("theme_assignments").select(["theme_id", "assigned_by"]).where("feedback_item_id", "=", itemId).execute();
      await trx.deleteFrom("theme_assignments").where("feedback_item_id", "=", itemId).execute();
      if (themeId) {
        await trx.insertInto("theme_assignments").values({ feedback_item_id: itemId, theme_id: themeId, confidence: null, assigned_by: "hand", user_id: userId }).execute();
        await sql`
          INSERT INTO theme_examples (theme_id, feedback_item_id, text, created_by)
          VALUES (${themeId}, ${itemId}, ${item.text.slice(0, 2000)}, ${userId})
          ON CONFLICT (theme_id, feedback_item_id) WHERE feedback_item_id IS NOT NULL DO NOTHING`.execute(trx);
      }
      await recordAudit(trx, { userId, action: "theme.reassign", targetType: "feedback_item", targetId: itemId, detail: { from: before, to: themeId } });
    }
  });
}

/** A typed example added to a theme from its page. */
export async function addThemeExample(userId: string | null, themeId: string, text: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const theme = await trx.selectFrom("themes").select("id").where("id", "=", themeId).where("status", "=", "active").executeTakeFirst();
    if (!theme) throw new ThemeError("notFound");
    await trx.insertInto("theme_examples").values({ theme_id: themeId, feedback_item_id: null, text, created_by: userId }).execute();
    await recordAudit(trx, { userId, action: "theme.example", targetType: "theme", targetId: themeId, detail: { length: text.length } });
  });
}

// ---------------------------------------------------------------- figures

/**
 * The row of theme_counts and theme_nps_counts that holds every item and every respondent. The
 * counts are kept by triggers in each write's own transaction (migration 2026_12_04_0200), so
 * they equal the aggregates over feedback_items, theme_assignments and answers at every commit.
 */
const ALL = "00000000-0000-0000-0000-000000000000";

/** Mean and sample standard deviation from theme_counts' exact sums, as avg() and stddev_samp() give them. */
const sentimentStats = sql`
  CASE WHEN sum(c.s_n) > 0 THEN (sum(c.s_sum) / sum(c.s_n))::float8 END AS s_mean,
  CASE WHEN sum(c.s_n) > 1 THEN sqrt(greatest(0, (sum(c.s_n) * sum(c.s_sumsq) - sum(c.s_sum) * sum(c.s_sum)) / (sum(c.s_n) * (sum(c.s_n) - 1))))::float8 END AS s_sd`;

/**
 * The bootstrap (2,000 resamples) is a pure function of six counts, and the counts change only
 * when an item or an NPS answer is written; page views between writes reuse the interval.
 */
const impactMemo = new Map<string, ThemeImpact>();
function impactOf(inside: NpsCounts, outside: NpsCounts): ThemeImpact {
  const key = [inside.promoters, inside.passives, inside.detractors, outside.promoters, outside.passives, outside.detractors].join(",");
  let hit = impactMemo.get(key);
  if (!hit) {
    hit = themeNpsImpactFromCounts(inside, outside, { seed: NPS_SEED });
    if (impactMemo.size >= 1000) impactMemo.delete(impactMemo.keys().next().value!);
    impactMemo.set(key, hit);
  }
  return hit;
}

/**
 * Theme impact on NPS (analysis/themes/impact.ts) for each theme id, from six counts a theme: the
 * respondents (first NPS question of each response) by bucket, overall and inside the theme.
 */
export async function themeImpacts(themeIds: readonly string[]): Promise<Map<string, ThemeImpact>> {
  const out = new Map<string, ThemeImpact>();
  if (themeIds.length === 0) return out;
  const rows = await sql<{ theme_id: string; promoters: string; passives: string; detractors: string }>`
    SELECT theme_id::text, sum(promoters) AS promoters, sum(passives) AS passives, sum(detractors) AS detractors FROM theme_nps_counts
    WHERE theme_id IN (${sql.join([ALL, ...themeIds].map((id) => sql`${id}::uuid`))})
    GROUP BY theme_id`.execute(db);
  const empty = (): NpsCounts => ({ promoters: 0, passives: 0, detractors: 0 });
  let all = empty();
  const inside = new Map(themeIds.map((id) => [id, empty()]));
  for (const r of rows.rows) {
    const counts = { promoters: Number(r.promoters), passives: Number(r.passives), detractors: Number(r.detractors) };
    if (r.theme_id === ALL) all = counts;
    else if (inside.has(r.theme_id)) inside.set(r.theme_id, counts);
  }
  for (const id of themeIds) {
    const inTheme = inside.get(id)!;
    const outside: NpsCounts = {
      promoters: all.promoters - inTheme.promoters,
      passives: all.passives - inTheme.passives,
      detractors: all.detractors - inTheme.detractors,
    };
    out.set(id, impactOf(inTheme, outside));
  }
  return out;
}

/** Every feedback item. */
async function itemCount(): Promise<number> {
  const r = await sql<{ n: string }>`SELECT coalesce(sum(n), 0) AS n FROM theme_counts WHERE theme_id = ${ALL}::uuid`.execute(db);
  return Number(r.rows[0].n);
}

/** Feedback items by sentiment label (items not scored yet are left out). */
export async function sentimentMix(): Promise<{ label: SentimentLabel; n: number }[]> {
  const r = await sql<{ label: SentimentLabel; n: string }>`
    SELECT sentiment_label AS label, sum(n) AS n FROM theme_counts
    WHERE theme_id = ${ALL}::uuid AND sentiment_label <> ''
    GROUP BY sentiment_label HAVING sum(n) > 0`.execute(db);
  return r.rows.map((x) => ({ label: x.label, n: Number(x.n) }));
}

/**
 * theme_counts keeps months in one zone, the organisation's (setOrgTimeZone counts again when it
 * changes); a database restored or migrated with another counts again on the next theme page, once.
 */
async function countsInZone(timeZone: string): Promise<boolean> {
  const r = await sql<{ zone: string }>`SELECT zone FROM theme_counts_zone`.execute(db);
  return r.rows[0]?.zone === timeZone;
}

export type ThemeSummary = {
  id: string;
  name: string;
  origin: "seeded" | "discovered";
  slaArea: SlaArea | null;
  volume: number;
  /** volume / all feedback items */
  share: number | null;
  /** items in the last 30 days against the 30 before */
  recent: number;
  previous: number;
  growth: number;
  sentiment: MeanResult;
  impact: ThemeImpact;
};

/**
 * A theme's (t.id's) items in [from, to): whole UTC days from theme_days, the hours before the
 * first and after the last whole day from theme_assignments_theme_time.
 */
function itemsBetween(from: Date, to: Date) {
  const day = 86_400_000;
  const first = new Date(Math.ceil(from.getTime() / day) * day);
  const last = new Date(Math.max(first.getTime(), Math.floor(to.getTime() / day) * day));
  const edges =
    first < to
      ? sql`((ta.occurred_at >= ${from} AND ta.occurred_at < ${first}) OR (ta.occurred_at >= ${last} AND ta.occurred_at < ${to}))`
      : sql`(ta.occurred_at >= ${from} AND ta.occurred_at < ${to})`;
  return sql`(
    (SELECT coalesce(sum(d.n), 0) FROM theme_days d WHERE d.theme_id = t.id AND d.day >= ${first.toISOString().slice(0, 10)}::date AND d.day < ${last.toISOString().slice(0, 10)}::date)
    + (SELECT count(*) FROM theme_assignments ta WHERE ta.theme_id = t.id AND ${edges}))`;
}

/** Active themes with volume, share, growth, mean sentiment (estimate) and NPS impact. */
export async function listThemes(now: Date, sort: "volume" | "growth" | "impact" = "volume"): Promise<{ themes: ThemeSummary[]; totalItems: number }> {
  const day = 86_400_000;
  const recentFrom = new Date(now.getTime() - 30 * day);
  const previousFrom = new Date(now.getTime() - 60 * day);
  const rows = await sql<{
    id: string;
    name: string;
    origin: "seeded" | "discovered";
    sla_area: SlaArea | null;
    volume: string;
    recent: string;
    previous: string;
    s_n: string;
    s_mean: number | null;
    s_sd: number | null;
  }>`
    SELECT t.id, t.name, t.origin, t.sla_area, s.volume, s.s_n, s.s_mean, s.s_sd, g.recent, g.previous
    FROM themes t
    CROSS JOIN LATERAL (SELECT coalesce(sum(c.n), 0) AS volume, coalesce(sum(c.s_n), 0) AS s_n, ${sentimentStats} FROM theme_counts c WHERE c.theme_id = t.id) s
    CROSS JOIN LATERAL (SELECT ${itemsBetween(recentFrom, now)} AS recent, ${itemsBetween(previousFrom, recentFrom)} AS previous) g
    WHERE t.status = 'active' AND t.merged_into_id IS NULL
    ORDER BY t.name`.execute(db);
  const totalItems = await itemCount();
  const impacts = await themeImpacts(rows.rows.map((r) => r.id));
  const themes: ThemeSummary[] = rows.rows.map((r) => ({
    id: r.id,
    name: r.name,
    origin: r.origin,
    slaArea: r.sla_area,
    volume: Number(r.volume),
    share: totalItems ? Number(r.volume) / totalItems : null,
    recent: Number(r.recent),
    previous: Number(r.previous),
    growth: Number(r.recent) - Number(r.previous),
    sentiment: meanFromStats({ n: Number(r.s_n), mean: r.s_mean === null ? null : Number(r.s_mean), sd: r.s_sd === null ? null : Number(r.s_sd) }),
    impact: impacts.get(r.id)!,
  }));
  const by = {
    volume: (a: ThemeSummary, b: ThemeSummary) => b.volume - a.volume,
    growth: (a: ThemeSummary, b: ThemeSummary) => b.growth - a.growth,
    // the theme that costs most NPS first; themes without a figure last
    impact: (a: ThemeSummary, b: ThemeSummary) => (a.impact.impact ?? Infinity) - (b.impact.impact ?? Infinity),
  }[sort];
  themes.sort((a, b) => by(a, b) || a.name.localeCompare(b.name));
  return { themes, totalItems };
}

export type SegmentShare = { key: "tier" | "region" | "plan"; value: string; inTheme: number; outcome: SegmentOutcome<{ n: number; share: number; interval: { low: number; high: number } | null }> };

export type ThemeItemRow = {
  id: string;
  text: string;
  source: FeedbackSource;
  responseId: string | null;
  interviewId: string | null;
  sourceName: string | null;
  occurredAt: Date;
  sentimentLabel: string | null;
  assignedBy: "model" | "hand";
  confidence: number | null;
};

export const THEME_ITEMS_PAGE = 50;

/** timeZone: the organisation's; the volume is counted by calendar month there. */
export async function getThemePage(themeId: string, timeZone: string, page = 1) {
  if (!isUuid(themeId)) return null;
  const read = await readThemePage(themeId, timeZone, page);
  if (read.zoneOk) return read.page;
  // The organisation's zone changed since the counts were built: count again, read again.
  await sql`SELECT theme_counts_rebuild(${timeZone})`.execute(db);
  return (await readThemePage(themeId, timeZone, page)).page;
}

async function readThemePage(themeId: string, timeZone: string, page: number) {
  const itemQuery = db
    .selectFrom("theme_assignments as ta")
    .innerJoin("feedback_items as f", "f.id", "ta.feedback_item_id")
    .where("ta.theme_id", "=", themeId)
    .select([
      "f.id",
      "f.text",
      "f.source",
      "f.response_id as responseId",
      "f.interview_id as interviewId",
      "f.source_name as sourceName",
      "f.occurred_at as occurredAt",
      "f.sentiment_label as sentimentLabel",
      "ta.assigned_by as assignedBy",
      "ta.confidence",
    ]);
  // One batch of reads in parallel over the pool (one after another on PGlite's one connection):
  // the page waits for its slowest statement, not for the sum of round trips. The theme row and
  // the counts' zone are read in the same batch and looked at after it.
  const [theme, zoneOk, monthly, segRows, s, impacts, quotes, items, cases, examples, exampleCount, otherThemes] = await Promise.all([
    db.selectFrom("themes").selectAll().where("id", "=", themeId).executeTakeFirst(),
    countsInZone(timeZone),
    // Volume by month of the items' time in the organisation's zone.
    sql<{ month: string; n: string }>`
      SELECT month, sum(n) AS n FROM theme_counts WHERE theme_id = ${themeId}::uuid
      GROUP BY month HAVING sum(n) > 0 ORDER BY month`.execute(db),
    // Share of each segment value's items that are in the theme; n = that segment's items.
    sql<{ key: "tier" | "region" | "plan"; value: string; n: string; k: string }>`
      SELECT s.key, s.value, sum(c.n) FILTER (WHERE c.theme_id = ${ALL}::uuid) AS n, coalesce(sum(c.n) FILTER (WHERE c.theme_id = ${themeId}::uuid), 0) AS k
      FROM theme_counts c CROSS JOIN LATERAL (VALUES ('tier', c.tier), ('region', c.region), ('plan', c.plan)) AS s(key, value)
      WHERE c.theme_id IN (${ALL}::uuid, ${themeId}::uuid) AND s.value <> ''
      GROUP BY s.key, s.value HAVING sum(c.n) FILTER (WHERE c.theme_id = ${ALL}::uuid) > 0
      ORDER BY s.key, s.value`.execute(db),
    sql<{ n: string; s_mean: number | null; s_sd: number | null; volume: string }>`
      SELECT coalesce(sum(c.s_n), 0) AS n, ${sentimentStats}, coalesce(sum(c.n), 0) AS volume
      FROM theme_counts c WHERE c.theme_id = ${themeId}::uuid`.execute(db),
    themeImpacts([themeId]),
    // Quotes: placed by hand first, then the model's surest (the order of theme_assignments_theme_quotes);
    // a few more than three, so that a sentence many respondents wrote is quoted once.
    itemQuery
      .orderBy(sql`ta.assigned_by = 'hand'`, "desc")
      .orderBy("ta.confidence", (ob) => ob.desc().nullsLast())
      .orderBy("ta.feedback_item_id")
      .limit(12)
      .execute() as Promise<ThemeItemRow[]>,
    // Newest first by the item's time, which theme_assignments keeps beside the theme (theme_assignments_theme_time).
    itemQuery
      .orderBy("ta.occurred_at", "desc")
      .orderBy("ta.feedback_item_id")
      .limit(THEME_ITEMS_PAGE)
      .offset((page - 1) * THEME_ITEMS_PAGE)
      .execute() as Promise<ThemeItemRow[]>,
    // A case is related through its item or its response: each half starts from the cases that have one (an index each).
    sql<{ id: string; number: number; title: string; status: string; opened_at: Date }>`
      SELECT c.id, c.number, c.title, c.status, c.opened_at FROM cases c
      WHERE c.feedback_item_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM theme_assignments ta WHERE ta.theme_id = ${themeId} AND ta.feedback_item_id = c.feedback_item_id)
      UNION
      SELECT c.id, c.number, c.title, c.status, c.opened_at FROM cases c
      WHERE c.response_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM feedback_items f JOIN theme_assignments ta ON ta.feedback_item_id = f.id WHERE ta.theme_id = ${themeId} AND f.response_id = c.response_id)
      ORDER BY opened_at DESC LIMIT 50`.execute(db),
    db.selectFrom("theme_examples").select(["id", "text", "feedback_item_id"]).where("theme_id", "=", themeId).orderBy("created_at", "desc").limit(20).execute(),
    db.selectFrom("theme_examples").select((eb) => eb.fn.countAll<string>().as("n")).where("theme_id", "=", themeId).executeTakeFirstOrThrow(),
    db.selectFrom("themes").select(["id", "name"]).where("status", "=", "active").where("merged_into_id", "is", null).orderBy("name").execute(),
  ]);
  if (!theme) return { zoneOk, page: null };
  const counts = new Map(monthly.rows.map((r) => [r.month, Number(r.n)]));
  const months = monthly.rows.length ? monthsBetween(monthly.rows[0].month, monthly.rows[monthly.rows.length - 1].month).map((m) => ({ month: m, n: counts.get(m) ?? 0 })) : [];
  const segments: SegmentShare[] = segRows.rows.map((r) => {
    const n = Number(r.n);
    const k = Number(r.k);
    const iv = wilsonInterval(k, n);
    return { key: r.key, value: r.value, inTheme: k, outcome: segmentOrTooFew({ n, share: n ? k / n : 0, interval: iv ? { low: iv.low, high: iv.high } : null }) };
  });
  const sRow = s.rows[0];
  const sentiment = meanFromStats({ n: Number(sRow.n), mean: sRow.s_mean === null ? null : Number(sRow.s_mean), sd: sRow.s_sd === null ? null : Number(sRow.s_sd) });
  return {
    zoneOk,
    page: {
      theme: { id: theme.id, name: theme.name, origin: theme.origin, slaArea: theme.sla_area, status: theme.status, createdAt: theme.created_at },
      volume: Number(sRow.volume),
      months,
      segments,
      sentiment,
      impact: impacts.get(themeId)!,
      quotes: quotes.filter((q, i) => quotes.findIndex((o) => o.text.trim() === q.text.trim()) === i).slice(0, 3),
      items,
      pages: Math.max(1, Math.ceil(Number(sRow.volume) / THEME_ITEMS_PAGE)),
      cases: cases.rows,
      examples,
      exampleCount: Number(exampleCount.n),
      themes: otherThemes,
    },
  };
}
export type ThemePage = NonNullable<Awaited<ReturnType<typeof getThemePage>>>;

/** Recent items no theme holds, for picking examples of a new theme. */
export async function unassignedItems(limit = 40) {
  return db
    .selectFrom("feedback_items as f")
    .select(["f.id", "f.text", "f.source", "f.occurred_at as occurredAt"])
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("theme_assignments as ta").select("ta.theme_id").whereRef("ta.feedback_item_id", "=", "f.id"))))
    .orderBy("f.occurred_at", "desc")
    .orderBy("f.id")
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------- discovery runs

/** Items in a run's slice, keyset-paged by id. The period's days are days in the organisation's zone. */
function sliceQuery(filters: DiscoveryFilters, timeZone: string) {
  let q = db.selectFrom("feedback_items as f");
  const from = filters.from ? startOfLocalDay(filters.from, timeZone) : null;
  const to = filters.to ? endOfLocalDay(filters.to, timeZone) : null;
  if (from) q = q.where("f.occurred_at", ">=", from);
  if (to) q = q.where("f.occurred_at", "<=", to);
  if (filters.sources?.length) q = q.where("f.source", "in", filters.sources);
  if (filters.segmentKey && filters.segmentValue) q = q.where(sql`f.segment->>${filters.segmentKey}`, "=", filters.segmentValue);
  if (filters.sentiment) q = q.where("f.sentiment_label", "=", filters.sentiment);
  if (filters.unassignedOnly)
    q = q.where(({ not, exists, selectFrom }) => not(exists(selectFrom("theme_assignments as ta").select("ta.theme_id").whereRef("ta.feedback_item_id", "=", "f.id"))));
  return q;
}

export const DISCOVERY_JOB = "theme-discovery";

/**
 * Queues a discovery run over a slice and hands it to the job queue (pg-boss) after the commit,
 * so the worker always finds the row. Without a running queue (scripts, the demo seed) the run
 * waits for runQueuedDiscoveryRuns; if the queue refuses the job the run is marked failed.
 */
export async function startDiscoveryRun(userId: string | null, filters: DiscoveryFilters, seed = 1): Promise<string> {
  const id = await insertDiscoveryRun(userId, filters, seed);
  if (queueRunning()) {
    try {
      await enqueue(DISCOVERY_JOB, { runId: id });
    } catch (error) {
      await db
        .updateTable("discovery_runs")
        .set({ status: "failed", error: `queue: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500), finished_at: new Date() })
        .where("id", "=", id)
        .execute();
    }
  }
  return id;
}

async function insertDiscoveryRun(userId: string | null, filters: DiscoveryFilters, seed: number): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const clean: DiscoveryFilters = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && !v.length)));
    const run = await trx
      .insertInto("discovery_runs")
      .values({ filters: JSON.stringify(clean), seed, created_by: userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { userId, action: "theme.discovery_start", targetType: "discovery_run", targetId: run.id, detail: { filters: clean } });
    return run.id;
  });
}

const LEASE_MS = 10 * 60_000;
const PAGE = 2000;

/**
 * Claims a run (the given one, or else the oldest waiting) that is queued or whose worker's lease
 * ran out; null when there is none to take.
 */
export async function claimDiscoveryRun(now = new Date(), runId?: string): Promise<string | null> {
  const row = await sql<{ id: string }>`
    UPDATE discovery_runs SET status = 'running', lease_until = ${new Date(now.getTime() + LEASE_MS)}, started_at = coalesce(started_at, ${now})
    WHERE id = (
      SELECT id FROM discovery_runs
      WHERE (status = 'queued' OR (status = 'running' AND lease_until < ${now}))
        ${runId ? sql`AND id = ${runId}` : sql``}
      ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id`.execute(db);
  return row.rows[0]?.id ?? null;
}

/** The queue's handler: this run, if nobody else holds it. */
export async function runDiscoveryJob(runId: string): Promise<DiscoveryRunStatus | null> {
  if (!isUuid(runId)) return null;
  const claimed = await claimDiscoveryRun(new Date(), runId);
  return claimed ? executeDiscoveryRun(claimed) : null;
}

/**
 * The job handler: reads the run's slice page by page (progress = items read of the slice's
 * size), clusters it with analysis/themes/discover.ts, stores the candidates. A plain function
 * of the run id, so a queue (pg-boss) or the periodic runner can call it alike.
 */
export async function executeDiscoveryRun(runId: string): Promise<DiscoveryRunStatus> {
  const run = await db.selectFrom("discovery_runs").select(["id", "filters", "seed", "status"]).where("id", "=", runId).executeTakeFirst();
  if (!run || run.status !== "running") return run?.status ?? "failed";
  try {
    const filters = run.filters;
    const zone = await orgTimeZone();
    const { n } = await sliceQuery(filters, zone).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const total = Number(n);
    await db.updateTable("discovery_runs").set({ progress_total: total, progress_done: 0 }).where("id", "=", runId).execute();
    const ids: string[] = [];
    const texts: string[] = [];
    const sentiment: (number | null)[] = [];
    const languages: string[] = [];
    let after: string | null = null;
    for (;;) {
      let q = sliceQuery(filters, zone).select(["f.id", "f.text", "f.sentiment_score", "f.language"]).orderBy("f.id").limit(PAGE);
      if (after) q = q.where("f.id", ">", after);
      const page = await q.execute();
      for (const r of page) {
        ids.push(r.id);
        texts.push(r.text);
        sentiment.push(r.sentiment_score);
        languages.push(r.language);
      }
      if (page.length) after = page[page.length - 1].id;
      // Progress, a renewed lease, and a stop if the analyst cancelled.
      const state = await db
        .updateTable("discovery_runs")
        .set({ progress_done: Math.min(ids.length, total), lease_until: new Date(Date.now() + LEASE_MS) })
        .where("id", "=", runId)
        .returning("status")
        .executeTakeFirst();
      if (state?.status !== "running") return state?.status ?? "cancelled";
      if (page.length < PAGE) break;
    }
    // Each language is clustered on its own: on a mixed slice k by silhouette otherwise splits
    // Korean from English and stops there (analysis/themes/README.md).
    const result = await discoverInWorker(texts, languages, { seed: run.seed, sentiment });
    const candidates: DiscoveryCandidate[] = result.themes.map((c, index) => {
      const members: number[] = [];
      for (let j = 0; j < ids.length; j++) if (result.assignments[j] === index) members.push(j);
      return {
        id: c.id,
        // distinctive words, else the most central quote cut short (analysis/themes/discover.ts)
        label: c.label,
        terms: c.terms,
        size: c.size,
        share: c.share,
        meanSentiment: c.meanSentiment,
        stability: result.stability,
        quoteItemIds: c.quoteIndices.map((j) => ids[j]),
        itemIds: members.map((j) => ids[j]),
        similarities: members.map((j) => Math.round(clamp01(result.similarity[j]) * 1000) / 1000),
        state: "open",
        languages: c.group ? [c.group] : [],
      };
    });
    const done = await db
      .updateTable("discovery_runs")
      .set({ status: "done", progress_done: ids.length, progress_total: ids.length, candidates: JSON.stringify(candidates), stability: result.stability, finished_at: new Date(), lease_until: null })
      .where("id", "=", runId)
      .where("status", "=", "running")
      .returning("status")
      .executeTakeFirst();
    return done?.status ?? "cancelled";
  } catch (error) {
    await db
      .updateTable("discovery_runs")
      .set({ status: "failed", error: error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500), finished_at: new Date(), lease_until: null })
      .where("id", "=", runId)
      .execute();
    return "failed";
  }
}

/** Every waiting run, one at a time, in this process (scripts, the demo seed, tests without a queue). */
export async function runQueuedDiscoveryRuns(now = new Date()): Promise<number> {
  let ran = 0;
  for (let id = await claimDiscoveryRun(now); id; id = await claimDiscoveryRun(new Date())) {
    await executeDiscoveryRun(id);
    ran++;
  }
  return ran;
}

export async function listDiscoveryRuns(limit = 20) {
  return db
    .selectFrom("discovery_runs")
    .leftJoin("users", "users.id", "discovery_runs.created_by")
    .select([
      "discovery_runs.id",
      "discovery_runs.status",
      "discovery_runs.filters",
      "discovery_runs.progress_done as done",
      "discovery_runs.progress_total as total",
      sql<number>`jsonb_array_length(discovery_runs.candidates)`.as("candidates"),
      "discovery_runs.created_at as createdAt",
      "discovery_runs.finished_at as finishedAt",
      "users.name as createdBy",
    ])
    .orderBy("discovery_runs.created_at", "desc")
    .orderBy("discovery_runs.id")
    .limit(limit)
    .execute();
}

export type CandidateView = Omit<DiscoveryCandidate, "itemIds" | "similarities"> & { quotes: { id: string; text: string; responseId: string | null; interviewId: string | null }[] };

/** A run for its page: status, progress and the candidates with their quotes (not their item lists). */
export async function getDiscoveryRun(runId: string) {
  if (!isUuid(runId)) return null;
  const run = await db.selectFrom("discovery_runs").selectAll().where("id", "=", runId).executeTakeFirst();
  if (!run) return null;
  const quoteIds = run.candidates.flatMap((c) => c.quoteItemIds);
  const quoteRows = quoteIds.length
    ? await db.selectFrom("feedback_items").select(["id", "text", "response_id", "interview_id"]).where("id", "in", quoteIds).execute()
    : [];
  const byId = new Map(quoteRows.map((q) => [q.id, q]));
  const candidates: CandidateView[] = run.candidates.map(({ itemIds: _items, similarities: _sims, ...c }) => ({
    ...c,
    quotes: c.quoteItemIds.flatMap((id) => {
      const q = byId.get(id);
      return q ? [{ id, text: q.text, responseId: q.response_id, interviewId: q.interview_id }] : [];
    }),
  }));
  const themes = await db.selectFrom("themes").select(["id", "name"]).where("status", "=", "active").where("merged_into_id", "is", null).orderBy("name").execute();
  return {
    id: run.id,
    status: run.status,
    filters: run.filters,
    done: run.progress_done,
    total: run.progress_total,
    stability: run.stability,
    error: run.error,
    seed: run.seed,
    createdAt: run.created_at,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    candidates,
    themes,
  };
}
export type DiscoveryRunPage = NonNullable<Awaited<ReturnType<typeof getDiscoveryRun>>>;

/** Of a candidate's languages, those its part's items are written in (all of them if none is). */
function partLanguages(languages: string[], itemLanguages: string[]): string[] {
  const present = languages.filter((l) => itemLanguages.includes(l));
  return present.length ? present : languages;
}

/** Accept, rename, merge, split or dismiss a candidate, or cancel the run; one transaction with its audit row. */
export async function actOnDiscoveryRun(userId: string | null, runId: string, action: CandidateAction): Promise<{ themeId?: string }> {
  if (!isUuid(runId)) throw new ThemeError("notFound");
  return db.transaction().execute(async (trx) => {
    const run = await trx.selectFrom("discovery_runs").selectAll().where("id", "=", runId).forUpdate().executeTakeFirst();
    if (!run) throw new ThemeError("notFound");
    if (action.intent === "cancel") {
      if (run.status !== "queued" && run.status !== "running") throw new ThemeError("runNotRunning");
      await trx.updateTable("discovery_runs").set({ status: "cancelled", finished_at: new Date(), lease_until: null }).where("id", "=", runId).execute();
      await recordAudit(trx, { userId, action: "theme.discovery_cancel", targetType: "discovery_run", targetId: runId });
      return {};
    }
    if (run.status !== "done") throw new ThemeError("runNotDone");
    const candidates = run.candidates;
    const at = candidates.findIndex((c) => c.id === action.candidate);
    if (at < 0) throw new ThemeError("candidateNotFound", "candidate");
    const c = candidates[at];
    if (c.state !== "open") throw new ThemeError("candidateClosed", "candidate");
    let result: { themeId?: string } = {};
    let detail: Record<string, unknown> = { candidate: c.id };
    switch (action.intent) {
      case "accept": {
        await assertNameFree(trx, c.label, "candidate");
        const theme = await trx.insertInto("themes").values({ name: c.label, origin: "discovered", created_by: userId }).returning("id").executeTakeFirstOrThrow();
        await assignByModel(trx, theme.id, c.itemIds, c.similarities);
        // Examples for the seeded classifier: the quotes, then the items nearest the centre.
        const order = c.itemIds.map((id, i) => ({ id, s: c.similarities[i] ?? 0 })).sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1));
        const exampleIds = [...new Set([...c.quoteItemIds, ...order.map((o) => o.id)])].slice(0, EXAMPLES_FROM_CANDIDATE);
        if (exampleIds.length) {
          const texts = await trx.selectFrom("feedback_items").select(["id", "text"]).where("id", "in", exampleIds).execute();
          if (texts.length)
            await trx
              .insertInto("theme_examples")
              .values(texts.map((t) => ({ theme_id: theme.id, feedback_item_id: t.id, text: t.text.slice(0, 2000), created_by: userId })))
              .execute();
        }
        candidates[at] = { ...c, state: "accepted", themeId: theme.id };
        result = { themeId: theme.id };
        detail = { ...detail, themeId: theme.id, name: c.label, items: c.itemIds.length };
        break;
      }
      case "rename":
        await assertNameFree(trx, action.label, "label");
        candidates[at] = { ...c, label: action.label };
        detail = { ...detail, from: c.label, to: action.label };
        break;
      case "dismiss":
        candidates[at] = { ...c, state: "dismissed" };
        break;
      case "merge": {
        const [kind, target] = action.into.split(":");
        if (kind === "candidate") {
          if (target === c.id) throw new ThemeError("mergeSelf", "into");
          const ti = candidates.findIndex((x) => x.id === target);
          if (ti < 0 || candidates[ti].state !== "open") throw new ThemeError("mergeTarget", "into");
          const t = candidates[ti];
          const sentimentOf = (x: DiscoveryCandidate) => (x.meanSentiment === null ? null : { sum: x.meanSentiment * x.size, n: x.size });
          const parts = [sentimentOf(t), sentimentOf(c)].filter((p): p is { sum: number; n: number } => p !== null);
          // Candidates of different languages merge: discovery runs each language apart, so one
          // theme said in Korean and in English comes as two candidates, and merging is how the
          // analyst makes it one. The merged candidate names both languages and keeps a quote of each.
          const tLangs = t.languages ?? [];
          const newLangs = (c.languages ?? []).filter((l) => !tLangs.includes(l));
          const extraQuote = newLangs.length && c.quoteItemIds[0] && !t.quoteItemIds.includes(c.quoteItemIds[0]) ? [c.quoteItemIds[0]] : [];
          candidates[ti] = {
            ...t,
            ...(t.languages || c.languages ? { languages: [...tLangs, ...newLangs] } : {}),
            quoteItemIds: [...t.quoteItemIds, ...extraQuote],
            size: t.size + c.size,
            share: t.share + c.share,
            // size-weighted mean of the two candidates' means
            meanSentiment: parts.length ? parts.reduce((s, p) => s + p.sum, 0) / parts.reduce((s, p) => s + p.n, 0) : null,
            itemIds: [...t.itemIds, ...c.itemIds],
            similarities: [...t.similarities, ...c.similarities],
          };
          candidates[at] = { ...c, state: "merged", mergedInto: t.id };
          detail = { ...detail, into: `candidate:${t.id}` };
        } else {
          const theme = await trx.selectFrom("themes").select("id").where("id", "=", target).where("status", "=", "active").executeTakeFirst();
          if (!theme) throw new ThemeError("mergeTarget", "into");
          await assignByModel(trx, theme.id, c.itemIds, c.similarities);
          candidates[at] = { ...c, state: "merged", themeId: theme.id };
          result = { themeId: theme.id };
          detail = { ...detail, into: `theme:${theme.id}` };
        }
        break;
      }
      case "split": {
        if (c.itemIds.length < 4) throw new ThemeError("splitTooSmall", "candidate");
        const rows = await trx.selectFrom("feedback_items").select(["id", "text", "sentiment_score", "language"]).where("id", "in", c.itemIds).orderBy("id").execute();
        if (rows.length < 4) throw new ThemeError("splitTooSmall", "candidate");
        const split = discoverThemes(
          rows.map((r) => r.text),
          { k: 2, seed: run.seed, minSize: 1, sentiment: rows.map((r) => r.sentiment_score), cores: availableParallelism() },
        );
        const total = run.progress_total || 1;
        const parts: DiscoveryCandidate[] = split.themes.map((p, index) => {
          const members: number[] = [];
          for (let j = 0; j < rows.length; j++) if (split.assignments[j] === index) members.push(j);
          return {
            id: `${c.id}${String.fromCharCode(97 + index)}`,
            label: p.label,
            terms: p.terms,
            size: p.size,
            share: p.size / total,
            meanSentiment: p.meanSentiment,
            stability: split.stability,
            quoteItemIds: p.quoteIndices.map((j) => rows[j].id),
            itemIds: members.map((j) => rows[j].id),
            similarities: members.map((j) => Math.round(clamp01(split.similarity[j]) * 1000) / 1000),
            state: "open",
            // a part keeps those of the candidate's languages its items are in (a merged
            // Korean + English candidate often splits along the language line)
            ...(c.languages ? { languages: partLanguages(c.languages, members.map((j) => rows[j].language)) } : {}),
          };
        });
        if (parts.length < 2) throw new ThemeError("splitTooSmall", "candidate");
        candidates.splice(at, 1, ...parts);
        detail = { ...detail, into: parts.map((p) => ({ id: p.id, size: p.size })) };
        break;
      }
    }
    await trx.updateTable("discovery_runs").set({ candidates: JSON.stringify(candidates) }).where("id", "=", runId).execute();
    await recordAudit(trx, { userId, action: `theme.candidate_${action.intent}`, targetType: "discovery_run", targetId: runId, detail });
    return result;
  });
}

const ASSIGNED_THROUGH = "themes.assignedThrough";

/**
 * Runs the seeded classifier over items written since the last call (survey answers, interview
 * passages, imported rows alike), oldest first, at most `batch` of them; remembers where it got
 * to. Returns how many items it looked at.
 */
export async function assignNewItems(batch = 2_000): Promise<number> {
  const mark = await getSetting<{ at: string; id: string }>(ASSIGNED_THROUGH);
  // The mark keeps the timestamp as PostgreSQL prints it: a JS Date would drop the microseconds
  // and pick the last item again forever.
  const items = await db
    .selectFrom("feedback_items")
    .select(["id", sql<string>`created_at::text`.as("at")])
    .$if(!!mark, (qb) => qb.where(sql<boolean>`(created_at, id) > (${mark!.at}::timestamptz, ${mark!.id}::uuid)`))
    .orderBy("created_at")
    .orderBy("id")
    .limit(batch)
    .execute();
  if (items.length === 0) return 0;
  await assignThemesToItems(items.map((i) => i.id));
  const last = items[items.length - 1];
  await setSetting(ASSIGNED_THROUGH, { at: last.at, id: last.id });
  return items.length;
}
