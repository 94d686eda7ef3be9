// The sentiment model in use and everything that follows from it: the fields a feedback item gets
// when it is written (scored in JS before the INSERT, no query), the organisation's own model
// (trained on scored survey texts, chosen by analysis/sentiment's chooseModel), the switch between
// the two (audited, reversible) and the re-scoring runs a switch queues (jobs/rescore.server.ts).
import { sql } from "kysely";
import {
  chooseModel,
  decodeModel,
  encodeModel,
  loadShippedModels,
  scoreWith,
  trainOrgModel,
  ORG_MODEL_MIN_PER_CLASS,
  ORG_MODEL_MIN_TEXTS,
  SENTIMENT_LABELS,
  type LinearModel,
  type ModelChoice,
  type OrgItem,
  type SentimentLabel,
} from "../../analysis/sentiment";
import type { Lang } from "../../analysis/text";
import { db } from "~/db.server";
import { recordAudit } from "./audit.server";

/** 'shipped' (the Korean and English models in analysis/sentiment/models) or an organisation model's id. */
export type ModelKey = string;
export const SHIPPED: ModelKey = "shipped";

const CHOICE_KEY = "sentiment.model";
const ORG_KEY = "sentiment.orgModel";

type ChoiceSetting = { use: ModelKey; at: string };
/** What a training run measured, as chooseModel saw it: shown on the settings page. */
export type OrgFigures = {
  id: string;
  n: number;
  cvMacroF1: number;
  shippedMacroF1: number | null;
  perClass: Record<SentimentLabel, { n: number; precision: number; recall: number; f1: number }>;
  choice: ModelChoice;
  trainedAt: string;
};
type OrgSetting = OrgFigures & { bytes: string };

export type SentimentFields = {
  sentiment_label: SentimentLabel;
  sentiment_score: number;
  sentiment_confidence: number;
  sentiment_model: string;
};

export type Scorer = { key: ModelKey; score: (text: string, language?: string) => SentimentFields };

function scorerFor(key: ModelKey, org: LinearModel | null): Scorer {
  const shipped = loadShippedModels();
  const model = key === SHIPPED ? undefined : org ?? undefined;
  return {
    key,
    score(text, language) {
      const lang: Lang | "auto" = language === "ko" || language === "en" ? language : "auto";
      const r = scoreWith(shipped, text, { lang, model });
      // Floating error can step a hair outside the column's checks.
      const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
      return {
        sentiment_label: r.label,
        sentiment_score: clamp(r.score, -1, 1),
        sentiment_confidence: clamp(r.confidence, 0, 1),
        sentiment_model: r.modelId,
      };
    },
  };
}

// The scorer is cached per process (in the same global store as the db handle, so the test
// harness and the server build share it) and re-read at most every REFRESH_MS, so a switch made
// by another process is picked up without a query per write.
const REFRESH_MS = 30_000;
type Cached = { scorer: Scorer; loadedAt: number };
function store(): Record<string, unknown> {
  return ((globalThis as any).__trustloop ??= {}) as Record<string, unknown>;
}

async function readSetting<T>(key: string, trx: typeof db = db): Promise<T | undefined> {
  const row = await trx.selectFrom("app_settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value as T | undefined;
}

async function writeSetting(trx: typeof db, key: string, value: unknown) {
  await trx
    .insertInto("app_settings")
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}

async function loadScorer(key: ModelKey): Promise<Scorer> {
  if (key === SHIPPED) return scorerFor(SHIPPED, null);
  const org = await readSetting<OrgSetting>(ORG_KEY);
  // A choice naming a model that is no longer stored falls back to the shipped one.
  if (!org || org.id !== key) return scorerFor(SHIPPED, null);
  return scorerFor(key, decodeModel(Buffer.from(org.bytes, "base64")));
}

/** The scorer for new items: one settings read per process every 30 s, none per item. */
export async function currentScorer(now = Date.now()): Promise<Scorer> {
  const cached = store().sentimentScorer as Cached | undefined;
  if (cached && now - cached.loadedAt < REFRESH_MS) return cached.scorer;
  const choice = await readSetting<ChoiceSetting>(CHOICE_KEY);
  const key = choice?.use ?? SHIPPED;
  const scorer = cached?.scorer.key === key ? cached.scorer : await loadScorer(key);
  store().sentimentScorer = { scorer, loadedAt: now } satisfies Cached;
  return scorer;
}

/** The scorer for a model key (the re-score job), shared with currentScorer when it is the same. */
export async function scorerForKey(key: ModelKey): Promise<Scorer> {
  const cached = store().sentimentScorer as Cached | undefined;
  if (cached?.scorer.key === key) return cached.scorer;
  return loadScorer(key);
}

function forgetScorer() {
  delete store().sentimentScorer;
}

// ---- the organisation's model -------------------------------------------------------------

/** Survey texts paired with an NPS or CSAT score: the labels an organisation model learns from. */
async function scoredTexts(): Promise<OrgItem[]> {
  const rows = await db
    .selectFrom("feedback_items")
    .select(["text", "score", "score_scale"])
    .where("score_scale", "in", ["nps", "csat"])
    .where("score", "is not", null)
    .orderBy("id")
    .execute();
  return rows
    .filter((r) => (r.score_scale === "nps" ? r.score! >= 0 && r.score! <= 10 : r.score! >= 1 && r.score! <= 5))
    .map((r) => ({ text: r.text, score: r.score!, scale: r.score_scale as "nps" | "csat" }));
}

/** chooseModel's verdict as a message the page translates (its `reason` is English prose). */
export type ChoiceReason =
  | { code: "few"; n: number; min: number }
  | { code: "thin"; min: number; labels: string }
  | { code: "notBetter"; org: number; shipped: number }
  | { code: "better"; n: number; org: number };

export function choiceReason(f: Pick<OrgFigures, "n" | "perClass" | "cvMacroF1" | "shippedMacroF1">): ChoiceReason {
  if (f.n < ORG_MODEL_MIN_TEXTS) return { code: "few", n: f.n, min: ORG_MODEL_MIN_TEXTS };
  const thin = SENTIMENT_LABELS.filter((l) => f.perClass[l].n < ORG_MODEL_MIN_PER_CLASS);
  if (thin.length) return { code: "thin", min: ORG_MODEL_MIN_PER_CLASS, labels: thin.join(", ") };
  if (f.shippedMacroF1 !== null && f.cvMacroF1 <= f.shippedMacroF1) return { code: "notBetter", org: f.cvMacroF1, shipped: f.shippedMacroF1 };
  return { code: "better", n: f.n, org: f.cvMacroF1 };
}

export type SentimentSettings = {
  inUse: ModelKey;
  shippedIds: { ko: string; en: string };
  org: (OrgFigures & { reason: ChoiceReason }) | null;
  scoredTexts: number;
  run: RescoreRun | null;
};

export type RescoreRun = {
  id: string;
  modelKey: ModelKey;
  status: "queued" | "running" | "done" | "superseded" | "failed";
  total: number;
  done: number;
  createdAt: Date;
  finishedAt: Date | null;
};

export async function getSentimentSettings(): Promise<SentimentSettings> {
  const [choice, org, count, run] = await Promise.all([
    readSetting<ChoiceSetting>(CHOICE_KEY),
    readSetting<OrgSetting>(ORG_KEY),
    db
      .selectFrom("feedback_items")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("score_scale", "in", ["nps", "csat"])
      .where("score", "is not", null)
      .executeTakeFirstOrThrow(),
    latestRescore(),
  ]);
  const shipped = loadShippedModels();
  let figures: SentimentSettings["org"] = null;
  if (org) {
    const { bytes: _bytes, ...rest } = org;
    figures = { ...rest, reason: choiceReason(rest) };
  }
  return { inUse: choice?.use ?? SHIPPED, shippedIds: { ko: shipped.ko.id, en: shipped.en.id }, org: figures, scoredTexts: Number(count.n), run };
}

export async function latestRescore(): Promise<RescoreRun | null> {
  const r = await db.selectFrom("sentiment_rescores").selectAll().orderBy("created_at", "desc").orderBy("id", "desc").limit(1).executeTakeFirst();
  return r ? toRun(r) : null;
}

function toRun(r: { id: string; model_key: string; status: RescoreRun["status"]; total: number; done: number; created_at: Date; finished_at: Date | null }): RescoreRun {
  return { id: r.id, modelKey: r.model_key, status: r.status, total: r.total, done: r.done, createdAt: r.created_at, finishedAt: r.finished_at };
}

export class SentimentError extends Error {
  constructor(public readonly code: "noOrgModel" | "notBetter" | "alreadyInUse" | "tooFew") {
    super(code);
  }
}

/**
 * Trains the organisation's model on every scored survey text and stores it with its measured
 * figures. When chooseModel says it beats the shipped one, it is switched to (and a re-score
 * queued); otherwise the shipped model stays, and the page says why.
 */
export async function trainOrganisationModel(userId: string, now = new Date()): Promise<OrgFigures> {
  const items = await scoredTexts();
  // Below this chooseModel never picks it: training would only cost time.
  if (items.length < ORG_MODEL_MIN_TEXTS) throw new SentimentError("tooFew");
  const info = trainOrgModel(items, { shipped: loadShippedModels() });
  const choice = chooseModel(info);
  const figures: OrgFigures = {
    id: info.model.id,
    n: info.n,
    cvMacroF1: info.cvMacroF1,
    shippedMacroF1: info.shippedMacroF1,
    perClass: info.perClass,
    choice,
    trainedAt: now.toISOString(),
  };
  const bytes = Buffer.from(encodeModel(info.model)).toString("base64");
  await db.transaction().execute(async (trx) => {
    await writeSetting(trx as unknown as typeof db, ORG_KEY, { ...figures, bytes } satisfies OrgSetting);
    await recordAudit(trx, { userId, action: "sentiment.train", targetType: "sentiment_model", targetId: null, detail: { model: figures.id, n: figures.n, cvMacroF1: figures.cvMacroF1, shippedMacroF1: figures.shippedMacroF1, choice: choice.use } });
    if (choice.use === "org") await switchInTrx(trx as unknown as typeof db, userId, figures.id, now);
  });
  forgetScorer();
  return figures;
}

/** Switches the model new items are scored with, and queues a re-score of every item. */
export async function switchSentimentModel(userId: string, to: "shipped" | "org", now = new Date()): Promise<RescoreRun> {
  const run = await db.transaction().execute(async (trx) => {
    const t = trx as unknown as typeof db;
    const choice = await readSetting<ChoiceSetting>(CHOICE_KEY, t);
    const org = await readSetting<OrgSetting>(ORG_KEY, t);
    let key: ModelKey = SHIPPED;
    if (to === "org") {
      if (!org) throw new SentimentError("noOrgModel");
      if (org.choice.use !== "org") throw new SentimentError("notBetter");
      key = org.id;
    }
    if ((choice?.use ?? SHIPPED) === key) throw new SentimentError("alreadyInUse");
    return switchInTrx(t, userId, key, now);
  });
  forgetScorer();
  return run;
}

async function switchInTrx(trx: typeof db, userId: string, key: ModelKey, now: Date): Promise<RescoreRun> {
  const previous = (await readSetting<ChoiceSetting>(CHOICE_KEY, trx))?.use ?? SHIPPED;
  await writeSetting(trx, CHOICE_KEY, { use: key, at: now.toISOString() } satisfies ChoiceSetting);
  const run = await queueRescore(trx, key, userId, now);
  await recordAudit(trx, { userId, action: "sentiment.switch", targetType: "sentiment_model", targetId: null, detail: { from: previous, to: key, rescore: run.id } });
  return run;
}

/** A new run over every item; an unfinished earlier run is superseded (its model is no longer in use). */
export async function queueRescore(trx: typeof db, key: ModelKey, userId: string | null, now = new Date()): Promise<RescoreRun> {
  await trx.updateTable("sentiment_rescores").set({ status: "superseded", finished_at: now, lease_until: null }).where("status", "in", ["queued", "running"]).execute();
  const { n } = await trx.selectFrom("feedback_items").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const r = await trx
    .insertInto("sentiment_rescores")
    .values({ model_key: key, total: Number(n), requested_by: userId, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRun(r);
}

// ---- the re-score run, batch by batch ------------------------------------------------------

export const RESCORE_BATCH = 1000;

/**
 * Claims the oldest open run whose lease has ended (a crashed worker's run is taken over and
 * resumes from its cursor). SKIP LOCKED keeps two workers off the same run.
 */
export async function claimRescore(now: Date, leaseMs: number): Promise<(RescoreRun & { cursorId: string | null }) | null> {
  const { rows } = await sql<{ id: string; model_key: string; status: RescoreRun["status"]; total: number; done: number; created_at: Date; finished_at: Date | null; cursor_id: string | null }>`
    UPDATE sentiment_rescores SET status = 'running', lease_until = ${new Date(now.getTime() + leaseMs)}, started_at = coalesce(started_at, ${now})
    WHERE id = (
      SELECT id FROM sentiment_rescores
      WHERE status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < ${now})
      ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
    )
    RETURNING id, model_key, status, total, done, created_at, finished_at, cursor_id`.execute(db);
  const r = rows[0];
  return r ? { ...toRun(r), cursorId: r.cursor_id } : null;
}

/**
 * Re-scores the next batch after the run's cursor in one transaction: the items, the cursor and
 * the count commit together, so a crash loses at most the batch in flight. Returns false when
 * the run is over (finished, or superseded by a newer switch).
 */
export async function rescoreNextBatch(runId: string, scorer: Scorer, now: Date, leaseMs: number, batch = RESCORE_BATCH): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const run = await trx.selectFrom("sentiment_rescores").select(["status", "cursor_id"]).where("id", "=", runId).forUpdate().executeTakeFirst();
    if (!run || run.status !== "running") return false;
    let q = trx.selectFrom("feedback_items").select(["id", "text", "language"]).orderBy("id").limit(batch);
    if (run.cursor_id) q = q.where("id", ">", run.cursor_id);
    const items = await q.execute();
    if (items.length) await writeScores(trx, items, scorer);
    const finished = items.length < batch;
    await trx
      .updateTable("sentiment_rescores")
      .set((eb) => ({
        done: eb("done", "+", items.length),
        cursor_id: items.length ? items[items.length - 1].id : run.cursor_id,
        lease_until: finished ? null : new Date(now.getTime() + leaseMs),
        ...(finished ? { status: "done" as const, finished_at: now, total: sql<number>`greatest(total, done + ${items.length})` } : {}),
      }))
      .where("id", "=", runId)
      .execute();
    return !finished;
  });
}

/** Items with no sentiment yet (written before this feature, or by code that does not score): scored with the model in use. */
export async function scoreUnscoredItems(limit = 5000): Promise<number> {
  const scorer = await currentScorer();
  const items = await db.selectFrom("feedback_items").select(["id", "text", "language"]).where("sentiment_model", "is", null).orderBy("id").limit(limit).execute();
  if (!items.length) return 0;
  await writeScores(db, items, scorer, { onlyUnscored: true });
  return items.length;
}

/** Scores the items and writes all their sentiment columns in one statement; `onlyUnscored` leaves an item scored meanwhile as it is. */
async function writeScores(trx: typeof db, items: { id: string; text: string; language: string }[], scorer: Scorer, opts: { onlyUnscored?: boolean } = {}) {
  const scored = items.map((i) => ({ id: i.id, ...scorer.score(i.text, i.language) }));
  await sql`
    UPDATE feedback_items f SET sentiment_label = x.sentiment_label, sentiment_score = x.sentiment_score,
      sentiment_confidence = x.sentiment_confidence, sentiment_model = x.sentiment_model
    FROM jsonb_to_recordset(${JSON.stringify(scored)}::jsonb)
      AS x(id uuid, sentiment_label text, sentiment_score double precision, sentiment_confidence double precision, sentiment_model text)
    WHERE f.id = x.id${opts.onlyUnscored ? sql` AND f.sentiment_model IS NULL` : sql``}`.execute(trx);
}
