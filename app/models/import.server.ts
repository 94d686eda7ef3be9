/**
 * Feedback imports: a CSV of reviews, social posts or support tickets becomes feedback items.
 *
 * The upload is streamed to a file under UPLOAD_DIR (default .data/uploads/<importId>.csv), never
 * held in memory: a 50 MB file is read twice (a preview of 20 rows, then the job), and a file
 * keeps the database free of a blob that only lives until the import is done (it is deleted
 * then). The cost: the worker must see the same directory as the web process (one machine, or a
 * shared volume).
 *
 * The job (a pg-boss job, see app/jobs/queue.server.ts) parses the file streamed (iconv-lite for
 * CP949, csv-parse), checks every row and scores its sentiment. Good rows stay invisible until
 * the import is done, then appear at once with the import marked done (ON CONFLICT DO NOTHING
 * skips duplicates): on PostgreSQL they are written to feedback_items in one transaction open for
 * the whole attempt; on PGlite they are staged in `import_rows` under the attempt number and moved
 * in at the end (openSink says why). A worker killed mid-way leaves nothing in feedback_items, and
 * the retry (a new attempt) starts over.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import { sql, type RawBuilder, type Transaction } from "kysely";
import { jobProgress, type JobProgress } from "../../analysis/metrics";
import { detectLanguage } from "../../analysis/text";
import type { Database, ImportEncoding, ImportKind, ImportRow, ImportStatus, SentimentLabel } from "../../db/schema";
import { db, dbHandle } from "~/db.server";
import { enqueue, prepareQueue } from "~/jobs/queue.server";
import {
  MAX_UPLOAD_ROWS,
  importKinds,
  mappedFields,
  scaleRange,
  uploadSchema,
  type ImportMapping,
  type MappedField,
} from "~/schemas/import";
import { hasControlChars } from "~/schemas/text";
import type { MessageKey } from "~/utils/i18n";
import { recordAudit } from "./audit.server";
import { parseInstant } from "./measurement.server";
import { orgTimeZone } from "./settings.server";
import { currentScorer, type Scorer } from "./sentiment.server";

export const IMPORT_JOB = "feedback-import";
export const PREVIEW_ROWS = 20;
const BATCH_ROWS = 2000;
const SWAP_LINES = 5000;
const MAX_TEXT = 20_000;
const MAX_NAME = 200;
const SNIFF_BYTES = 64 * 1024;

export function uploadDir(): string {
  return process.env.UPLOAD_DIR ?? path.join(".data", "uploads");
}
function uploadPath(id: string): string {
  return path.join(uploadDir(), `${id}.csv`);
}
/** Seconds without a heartbeat after which a running import counts as stopped (its worker died). */
export function stallSeconds(): number {
  const n = Number(process.env.IMPORT_STALL_SECONDS);
  return Number.isFinite(n) && n > 0 ? n : 60;
}

// ---------------------------------------------------------------- upload

export type UploadResult = { ok: true; id: string } | { ok: false; field: "file" | "kind" | "encoding" | "_form"; key: MessageKey; status: number };

class UploadRefused extends Error {
  constructor(readonly key: MessageKey) {
    super(key);
  }
}

/**
 * Reads a multipart upload: the `file` part streams to disk as it arrives; the few other fields
 * (kind, encoding) are small strings. Then, in one transaction, the import row and its audit row.
 */
export async function receiveUpload(request: Request, userId: string, maxBytes: number): Promise<UploadResult> {
  const id = randomUUID();
  const target = uploadPath(id);
  const partial = `${target}.part`;
  fs.mkdirSync(uploadDir(), { recursive: true });
  let filename: string | null = null;
  let size = 0;
  let fields = 0;
  const handler: UploadHandler = async ({ name, filename: fname, data }) => {
    if (++fields > 10) throw new UploadRefused("input.tooManyFields");
    if (name === "file" && fname !== undefined) {
      if (filename !== null) throw new UploadRefused("import.error.oneFile");
      filename = fname || "upload.csv";
      const out = fs.createWriteStream(partial);
      const counter = new Transform({
        transform(chunk: Buffer, _e, cb) {
          size += chunk.length;
          cb(size > maxBytes ? new UploadRefused("import.error.tooLarge") : null, chunk);
        },
      });
      await pipeline(data as AsyncIterable<Uint8Array>, counter, out);
      return "(file)";
    }
    let value = "";
    for await (const chunk of data) {
      value += Buffer.from(chunk).toString("utf8");
      if (value.length > 1000) throw new UploadRefused("import.error.badUpload");
    }
    return value;
  };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    if (error instanceof UploadRefused) return { ok: false, field: error.key === "import.error.tooLarge" ? "file" : "_form", key: error.key, status: 400 };
    // A body cut off, or over the server's limit (which answers 413 itself): not our bug.
    return { ok: false, field: "_form", key: "import.error.badUpload", status: 400 };
  }
  const parsed = uploadSchema.safeParse({ kind: form.get("kind") ?? undefined, encoding: form.get("encoding") || undefined });
  if (!parsed.success) {
    fs.rmSync(partial, { force: true });
    const issue = parsed.error.issues[0];
    return { ok: false, field: issue.path[0] === "encoding" ? "encoding" : "kind", key: issue.message as MessageKey, status: 400 };
  }
  if (filename === null || size === 0) {
    fs.rmSync(partial, { force: true });
    return { ok: false, field: "file", key: "import.error.noFile", status: 400 };
  }
  fs.renameSync(partial, target);
  try {
    const detected = await detectEncoding(target);
    const encoding = parsed.data.encoding === "auto" ? detected : parsed.data.encoding;
    const header = await readHeader(target, encoding);
    if (!header.length) {
      fs.rmSync(target, { force: true });
      return { ok: false, field: "file", key: "import.error.noHeader", status: 400 };
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto("imports")
        .values({
          id,
          filename: String(filename).slice(0, 255),
          kind: parsed.data.kind,
          encoding: parsed.data.encoding,
          detected_encoding: detected,
          byte_size: size,
          header: JSON.stringify(header),
          mapping: JSON.stringify(guessMapping(header)),
          created_by: userId,
        })
        .execute();
      await recordAudit(trx, { userId, action: "import.upload", targetType: "import", targetId: id, detail: { filename, bytes: size, kind: parsed.data.kind } });
    });
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw error;
  }
  return { ok: true, id };
}

// ---------------------------------------------------------------- reading the file

/** UTF-8 unless the first 64 KB are not valid UTF-8, then CP949 (which includes EUC-KR). */
export async function detectEncoding(file: string): Promise<"utf-8" | "cp949"> {
  const handle = await fs.promises.open(file, "r");
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    try {
      // stream: true keeps a character cut at the 64 KB edge from counting as invalid.
      new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(0, bytesRead), { stream: true });
      return "utf-8";
    } catch {
      return "cp949";
    }
  } finally {
    await handle.close();
  }
}

type Record_ = { line: number; cells: string[] };

/**
 * The file's records with their line numbers (where each record starts, 1-based), decoded
 * (a UTF-8 BOM is dropped) and parsed as they stream. `onBytes` hears how much was read.
 */
async function* readRecords(file: string, encoding: "utf-8" | "cp949", onBytes?: (n: number) => void): AsyncGenerator<Record_> {
  const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const counter = new Transform({
    transform(chunk: Buffer, _e, cb) {
      onBytes?.(chunk.length);
      cb(null, chunk);
    },
  });
  const decoder = iconv.decodeStream(encoding === "cp949" ? "cp949" : "utf-8", { stripBOM: true });
  const parser = parse({ raw: true, relax_column_count: true, relax_quotes: true, bom: true });
  const piping = pipeline(input, counter, decoder, parser).catch((error: unknown) => {
    parser.destroy(error as Error);
  });
  let newlines = 0;
  try {
    for await (const { record, raw } of parser as Readable & AsyncIterable<{ record: string[]; raw: string }>) {
      const line = newlines + 1;
      newlines += countNewlines(raw);
      if (record.length === 1 && record[0].trim() === "") continue; // an empty line
      yield { line, cells: record };
    }
  } finally {
    input.destroy();
    await piping;
  }
}

function countNewlines(raw: string): number {
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && raw.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

async function readHeader(file: string, encoding: "utf-8" | "cp949"): Promise<string[]> {
  try {
    for await (const record of readRecords(file, encoding)) return record.cells.map((c) => c.trim().slice(0, 100));
  } catch {
    return [];
  }
  return [];
}

const guesses: Record<MappedField, RegExp> = {
  text: /^(text|review|body|comment|content|message|feedback|내용|본문|리뷰|후기|의견|댓글)/i,
  date: /(date|time|created|posted|날짜|일자|일시|작성일)/i,
  score: /(score|rating|stars?|nps|csat|평점|별점|점수)/i,
  accountName: /^(account|company|customer|고객사|회사|계정)( ?name)?$|(고객명|회사명)/i,
  accountExternalId: /(customer|account|client)[ _-]?(id|no|number)|고객 ?(번호|id)/i,
  sourceName: /^(source|channel|platform|store|출처|채널)/i,
  language: /^(lang|language|locale|언어)/i,
  externalId: /^(id|review[ _-]?id|ticket[ _-]?id|post[ _-]?id|external[ _-]?id|번호|티켓)/i,
};

/** A first guess of the mapping from the header's names (the staff member corrects it). */
export function guessMapping(header: string[]): ImportMapping {
  const mapping: ImportMapping = { scale: "stars", fixedSourceName: "" };
  const taken = new Set<number>();
  // Ids before names, so "customer_id" goes to the external id and not to the account name.
  for (const field of ["accountExternalId", "externalId", "text", "date", "score", "accountName", "sourceName", "language"] as const) {
    const i = header.findIndex((h, k) => !taken.has(k) && guesses[field].test(h.trim()));
    if (i >= 0) {
      mapping[field] = i;
      taken.add(i);
    }
  }
  if (mapping.score !== undefined && /nps/i.test(header[mapping.score])) mapping.scale = "nps";
  else if (mapping.score !== undefined && /csat/i.test(header[mapping.score])) mapping.scale = "csat";
  return mapping;
}

// ---------------------------------------------------------------- checking rows

export type RowError = { line: number; field: MappedField; column: string; key: MessageKey; params?: Record<string, string | number> };
export type StoredRow = {
  line: number;
  text: string;
  occurredAt: Date;
  score: number | null;
  scoreScale: ImportMapping["scale"] | null;
  accountId: string | null;
  accountName: string | null;
  sourceName: string | null;
  externalId: string | null;
  /** From the language column, or null to detect it from the text. */
  language: "ko" | "en" | "other" | null;
};
export type ScoredRow = StoredRow & {
  language: "ko" | "en" | "other";
  sentiment: { label: SentimentLabel; score: number; confidence: number; modelId: string };
};

type AccountIndex = { byName: Map<string, { id: string; name: string }[]>; byExternalId: Map<string, { id: string; name: string }> };

async function loadAccountIndex(): Promise<AccountIndex> {
  const rows = await db.selectFrom("accounts").select(["id", "name", "external_id"]).execute();
  const byName = new Map<string, { id: string; name: string }[]>();
  const byExternalId = new Map<string, { id: string; name: string }>();
  for (const r of rows) {
    const key = r.name.trim().toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), { id: r.id, name: r.name }]);
    if (r.external_id) byExternalId.set(r.external_id, { id: r.id, name: r.name });
  }
  return { byName, byExternalId };
}

const languageNames: Record<string, "ko" | "en"> = {
  ko: "ko", kor: "ko", korean: "ko", "ko-kr": "ko", "ko_kr": "ko", 한국어: "ko", 한국: "ko", 국문: "ko",
  en: "en", eng: "en", english: "en", "en-us": "en", "en_us": "en", "en-gb": "en", 영어: "en", 영문: "en",
};

const shown = (v: string) => (v.length > 60 ? `${v.slice(0, 59)}…` : v);

/** Checks one record against the mapping: the row as it will be stored, or its errors. */
export function checkRecord(
  record: Record_,
  mapping: ImportMapping,
  header: string[],
  accounts: AccountIndex,
  defaultTime: Date,
  /** Dates without an offset are local times here: the organisation's zone, as the analyst reads them. */
  zone: string,
): { row: StoredRow; errors: [] } | { row: null; errors: RowError[] } {
  const errors: RowError[] = [];
  const cell = (f: MappedField) => (mapping[f] === undefined ? "" : (record.cells[mapping[f]!] ?? "").trim());
  const fail = (field: MappedField, key: MessageKey, params?: Record<string, string | number>) =>
    errors.push({ line: record.line, field, column: mapping[field] === undefined ? "" : (header[mapping[field]!] ?? ""), key, ...(params ? { params } : {}) });

  const text = cell("text");
  if (!text) fail("text", "import.error.textEmpty");
  else if (hasControlChars(text, true)) fail("text", "validation.controlChars");
  else if (text.length > MAX_TEXT) fail("text", "validation.tooLong", { max: MAX_TEXT });

  let occurredAt = defaultTime;
  const date = cell("date");
  if (date) {
    const parsed = parseInstant(date.replace(/^(\d{4})[./](\d{1,2})[./](\d{1,2})/, (_m, y, mo, d) => `${y}-${mo.padStart(2, "0")}-${d.padStart(2, "0")}`), zone);
    if (!parsed) fail("date", "import.error.date", { value: shown(date) });
    else occurredAt = parsed;
  }

  let score: number | null = null;
  const rawScore = cell("score");
  if (rawScore) {
    const [min, max] = scaleRange[mapping.scale];
    const n = /^-?\d+(\.0+)?$/.test(rawScore) ? Number.parseInt(rawScore, 10) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max) fail("score", "import.error.score", { value: shown(rawScore), min, max });
    else score = n;
  }

  let account: { id: string; name: string } | null = null;
  const accountId = cell("accountExternalId");
  const accountName = cell("accountName");
  if (accountId) {
    account = accounts.byExternalId.get(accountId) ?? null;
    if (!account) fail("accountExternalId", "import.error.accountId", { value: shown(accountId) });
  } else if (accountName) {
    const found = accounts.byName.get(accountName.toLowerCase()) ?? [];
    if (found.length === 1) account = found[0];
    else if (found.length === 0) fail("accountName", "import.error.accountName", { value: shown(accountName) });
    else fail("accountName", "import.error.accountAmbiguous", { value: shown(accountName), n: found.length });
  }

  const sourceName = cell("sourceName") || mapping.fixedSourceName.trim() || null;
  if (sourceName && (hasControlChars(sourceName) || sourceName.length > MAX_NAME)) fail("sourceName", "import.error.name", { max: MAX_NAME });

  const externalId = cell("externalId") || null;
  if (externalId && (hasControlChars(externalId) || externalId.length > MAX_NAME)) fail("externalId", "import.error.name", { max: MAX_NAME });

  const lang = cell("language").toLowerCase();
  const language = lang ? (languageNames[lang] ?? "other") : null;

  if (errors.length) return { row: null, errors };
  return {
    row: {
      line: record.line,
      text,
      occurredAt,
      score,
      scoreScale: score === null ? null : mapping.scale,
      accountId: account?.id ?? null,
      accountName: account?.name ?? null,
      sourceName,
      externalId,
      language,
    },
    errors: [],
  };
}

/**
 * Sentiment with the organisation's current scorer (sentiment.server.ts: the shipped models unless
 * an organisation model was chosen), and, without a language column, the detected language.
 */
export function scoreRows(rows: StoredRow[], scorer: Scorer): ScoredRow[] {
  return rows.map((r) => {
    const language = r.language ?? detectLanguage(r.text);
    const s = scorer.score(r.text, language);
    return { ...r, language, sentiment: { label: s.sentiment_label, score: s.sentiment_score, confidence: s.sentiment_confidence, modelId: s.sentiment_model } };
  });
}

function encodingOf(row: Pick<ImportRow, "encoding" | "detected_encoding">): "utf-8" | "cp949" {
  return row.encoding === "auto" ? (row.detected_encoding ?? "utf-8") : row.encoding;
}

export type Preview = { rows: ScoredRow[]; errors: RowError[]; checked: number };

/** The first 20 data rows as they would be stored, and the errors among them, with line numbers. */
export async function previewImport(id: string): Promise<Preview | null> {
  const imp = await db.selectFrom("imports").selectAll().where("id", "=", id).executeTakeFirst();
  if (!imp || !fs.existsSync(uploadPath(id))) return null;
  const mapping = imp.mapping as ImportMapping;
  const accounts = await loadAccountIndex();
  const zone = await orgTimeZone();
  const rows: StoredRow[] = [];
  const errors: RowError[] = [];
  let checked = 0;
  let header = true;
  for await (const record of readRecords(uploadPath(id), encodingOf(imp))) {
    if (header) {
      header = false;
      continue;
    }
    if (checked >= PREVIEW_ROWS) break;
    checked++;
    const result = checkRecord(record, mapping, imp.header, accounts, imp.created_at, zone);
    if (result.row) rows.push(result.row);
    else errors.push(...result.errors);
  }
  return { rows: scoreRows(rows, await currentScorer()), errors, checked };
}

// ---------------------------------------------------------------- staff actions

export type ImportView = ImportRow & { display: ImportStatus | "stalled"; progress: JobProgress; retryable: boolean; createdByName: string | null };

function view(row: ImportRow & { created_by_name?: string | null }, now = new Date()): ImportView {
  const stalled = row.status === "running" && (!row.heartbeat_at || now.getTime() - row.heartbeat_at.getTime() > stallSeconds() * 1000);
  const display = stalled ? "stalled" : row.status;
  const end = row.finished_at ?? now;
  const progress = jobProgress({
    rowsDone: row.rows_done,
    bytesDone: row.status === "done" ? row.byte_size : row.bytes_done,
    bytesTotal: row.byte_size,
    elapsedMs: row.started_at ? end.getTime() - row.started_at.getTime() : 0,
  });
  // Rows that failed the checks fail again: only a stopped worker or an unexpected error is retried.
  const retryable = stalled || (row.status === "failed" && (row.failure === "import.failure.stopped" || row.failure === "import.failure.error"));
  return { ...row, display, progress, retryable, createdByName: row.created_by_name ?? null };
}

export async function listImports(limit = 50): Promise<ImportView[]> {
  const rows = await db
    .selectFrom("imports")
    .leftJoin("users", "users.id", "imports.created_by")
    .selectAll("imports")
    .select("users.name as created_by_name")
    .orderBy("imports.created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => view(r));
}

export async function getImport(id: string): Promise<ImportView | null> {
  const row = await db
    .selectFrom("imports")
    .leftJoin("users", "users.id", "imports.created_by")
    .selectAll("imports")
    .select("users.name as created_by_name")
    .where("imports.id", "=", id)
    .executeTakeFirst();
  return row ? view(row) : null;
}

export async function importErrors(id: string, limit: number): Promise<RowError[]> {
  const rows = await db.selectFrom("import_errors").selectAll().where("import_id", "=", id).orderBy("id").limit(limit).execute();
  return rows.map((r) => ({ line: r.line, field: r.field as MappedField, column: r.column, key: r.message as MessageKey, params: r.params }));
}

/** Mapping and start are open before the first run, and again after a run that failed on bad rows. */
export function editable(imp: Pick<ImportRow, "status" | "failure">): boolean {
  return imp.status === "uploaded" || (imp.status === "failed" && imp.failure === "import.failure.badRows");
}

export type ActionResult = { ok: true } | { ok: false; key: MessageKey };

/** Saves the mapping (and encoding, skip-bad-rows) of an import not yet started. */
export async function saveMapping(userId: string, id: string, input: { mapping: ImportMapping; encoding: ImportEncoding; skipBadRows: boolean }): Promise<ActionResult> {
  return db.transaction().execute(async (trx) => {
    const imp = await trx.selectFrom("imports").select(["status", "header", "failure"]).where("id", "=", id).forNoKeyUpdate().executeTakeFirst();
    if (!imp || !editable(imp)) return { ok: false, key: "import.error.notEditable" } as const;
    for (const f of mappedFields) if (input.mapping[f] !== undefined && input.mapping[f]! >= imp.header.length) return { ok: false, key: "import.error.column" } as const;
    await trx
      .updateTable("imports")
      .set({ mapping: JSON.stringify(input.mapping), encoding: input.encoding, skip_bad_rows: input.skipBadRows })
      .where("id", "=", id)
      .execute();
    await recordAudit(trx, { userId, action: "import.map", targetType: "import", targetId: id, detail: { mapping: input.mapping, encoding: input.encoding, skipBadRows: input.skipBadRows } });
    return { ok: true } as const;
  });
}

/** Queues the import: the job and the status change commit together (pg-boss sends in our transaction). */
export async function startImport(userId: string, id: string): Promise<ActionResult> {
  return queueImport(userId, id, "import.start", editable);
}

/** Queues a stopped import again (its worker died, or an unexpected error). */
export async function retryImport(userId: string, id: string): Promise<ActionResult> {
  return queueImport(userId, id, "import.retry", (imp) => view(imp).retryable);
}

async function queueImport(userId: string, id: string, action: string, allowed: (imp: ImportRow) => boolean): Promise<ActionResult> {
  if (!fs.existsSync(uploadPath(id))) return { ok: false, key: "import.failure.fileGone" };
  // Before the transaction: on PGlite the transaction holds the only connection.
  await prepareQueue(IMPORT_JOB);
  return db.transaction().execute(async (trx) => {
    const imp = await trx.selectFrom("imports").selectAll().where("id", "=", id).forNoKeyUpdate().executeTakeFirst();
    if (!imp || !allowed(imp)) return { ok: false, key: "import.error.notStartable" } as const;
    const jobId = await enqueue(IMPORT_JOB, { importId: id }, { trx });
    await trx.updateTable("imports").set({ status: "queued", failure: null, cancel_requested: false, job_id: jobId }).where("id", "=", id).execute();
    await recordAudit(trx, { userId, action, targetType: "import", targetId: id, detail: { attempt: imp.attempt + 1 } });
    return { ok: true } as const;
  });
}

/**
 * Cancels a queued import at once, or asks a running one to stop at its next batch. The import's
 * row is locked FOR NO KEY UPDATE here and in the other actions: a run's uncommitted rows hold a
 * key-share lock on it (their foreign key), which FOR UPDATE would wait on until the run ended.
 */
export async function cancelImport(userId: string, id: string): Promise<ActionResult> {
  return db.transaction().execute(async (trx) => {
    const imp = await trx.selectFrom("imports").selectAll().where("id", "=", id).forNoKeyUpdate().executeTakeFirst();
    if (!imp || !["uploaded", "queued", "running"].includes(imp.status)) return { ok: false, key: "import.error.notCancellable" } as const;
    const stalled = view(imp).display === "stalled";
    if (imp.status === "running" && !stalled) await trx.updateTable("imports").set({ cancel_requested: true }).where("id", "=", id).execute();
    else {
      await trx.updateTable("imports").set({ status: "cancelled", cancel_requested: true, finished_at: new Date() }).where("id", "=", id).execute();
      await trx.deleteFrom("import_rows").where("import_id", "=", id).execute();
    }
    await recordAudit(trx, { userId, action: "import.cancel", targetType: "import", targetId: id, detail: { status: imp.status } });
    return { ok: true } as const;
  });
}

/** Every error of an import, for the error file, in pages (a file of 200,000 bad rows is not held whole). */
export async function* importErrorPages(id: string, pageSize = 5000): AsyncGenerator<RowError[]> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom("import_errors")
      .selectAll()
      .where("import_id", "=", id)
      .where("id", ">", after)
      .orderBy("id")
      .limit(pageSize)
      .execute();
    if (!rows.length) return;
    yield rows.map((r) => ({ line: r.line, field: r.field as MappedField, column: r.column, key: r.message as MessageKey, params: r.params }));
    after = rows[rows.length - 1].id;
    if (rows.length < pageSize) return;
  }
}

// ---------------------------------------------------------------- the job

class Fenced extends Error {}

/**
 * The queue handler for IMPORT_JOB: claims the import (a new attempt), reads and checks the file,
 * writes good rows where nobody sees them until the import is done (see openSink), then makes
 * them visible at once. Returns without doing anything when the import is not waiting for a
 * worker (done, cancelled, or running with a live heartbeat elsewhere).
 */
export async function runImportJob(data: { importId: string }): Promise<void> {
  const id = data.importId;
  const stale = new Date(Date.now() - stallSeconds() * 1000);
  const claimed = await db
    .updateTable("imports")
    .set((eb) => ({
      status: "running",
      attempt: eb("attempt", "+", 1),
      started_at: new Date(),
      heartbeat_at: new Date(),
      finished_at: null,
      rows_done: 0,
      bytes_done: 0,
      rows_failed: 0,
      failure: null,
    }))
    .where("id", "=", id)
    .where((eb) => eb.or([eb("status", "=", "queued"), eb.and([eb("status", "=", "running"), eb("heartbeat_at", "<", stale)])]))
    .where("cancel_requested", "=", false)
    .returningAll()
    .executeTakeFirst();
  if (!claimed) return;
  // What an earlier attempt left (its worker died) is not ours to keep.
  await db.deleteFrom("import_rows").where("import_id", "=", id).execute();
  await db.deleteFrom("import_errors").where("import_id", "=", id).execute();
  try {
    await importFile(claimed);
  } catch (error) {
    if (error instanceof Fenced) return; // another attempt took over
    console.error(`import ${id} failed: ${error instanceof Error ? error.message : String(error)}`);
    await finish(id, claimed.attempt, { status: "failed", failure: "import.failure.error" });
  }
}

async function finish(id: string, attempt: number, values: { status: ImportStatus; failure?: string | null; rows_total?: number }) {
  await db
    .updateTable("imports")
    .set({ ...values, finished_at: new Date(), heartbeat_at: new Date() })
    .where("id", "=", id)
    .where("attempt", "=", attempt)
    .execute();
}

/** Where an attempt's good rows wait, unseen, until the import is done. */
type Sink = {
  write(rows: ScoredRow[]): Promise<void>;
  /** Drops everything this attempt wrote (idempotent). */
  discard(): Promise<void>;
  /** Makes the rows visible with the import marked done, or cancelled if that was asked meanwhile. Throws Fenced. */
  complete(counts: { staged: number; rowsTotal: number; bytes: number }): Promise<void>;
};

/**
 * On PostgreSQL the rows go straight into feedback_items, in one transaction that stays open for
 * the whole attempt on a pooled connection of its own (heartbeats and progress use others) and
 * commits with the import marked done: a worker killed mid-way drops its connection and
 * PostgreSQL rolls it all back. Each row is written once, while the next batch is parsed and
 * scored (staging wrote every row twice, and moved them all only after the last batch).
 * On PGlite one connection serves the whole process, so a transaction that long would stall every
 * page: rows are staged in import_rows per attempt and moved in at the end (stagingSink).
 */
async function openSink(imp: ImportRow): Promise<Sink> {
  return dbHandle().kind === "postgres" ? transactionSink(imp) : stagingSink(imp);
}

/** The relation `r` (import_rows' columns) of one batch: unnest arrays, one parameter per column. */
function batchRelation(rows: ScoredRow[]) {
  const n = rows.length;
  const line = new Array<number>(n), account = new Array<string | null>(n), text = new Array<string>(n), language = new Array<string>(n);
  const score = new Array<number | null>(n), scale = new Array<string | null>(n), at = new Array<string>(n), source = new Array<string | null>(n);
  const external = new Array<string | null>(n), label = new Array<string>(n), value = new Array<number>(n), confidence = new Array<number>(n);
  const model = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    line[i] = r.line;
    account[i] = r.accountId;
    text[i] = r.text;
    language[i] = r.language;
    score[i] = r.score;
    scale[i] = r.scoreScale;
    at[i] = r.occurredAt.toISOString();
    source[i] = r.sourceName;
    external[i] = r.externalId;
    label[i] = r.sentiment.label;
    value[i] = r.sentiment.score;
    confidence[i] = r.sentiment.confidence;
    model[i] = r.sentiment.modelId;
  }
  return sql`unnest(${line}::int[], ${account}::uuid[], ${text}::text[], ${language}::text[], ${score}::int[], ${scale}::text[],
      ${at}::timestamptz[], ${source}::text[], ${external}::text[], ${label}::text[], ${value}::float8[], ${confidence}::float8[], ${model}::text[])
    AS r(line, account_id, text, language, score, score_scale, occurred_at, source_name, external_id,
      sentiment_label, sentiment_score, sentiment_confidence, sentiment_model)`;
}

/**
 * The only write to feedback_items: rows of `from` (a relation `r` with import_rows' columns) in
 * line order, duplicates skipped (ON CONFLICT DO NOTHING, so the first of two equal lines wins).
 * Counts the rows that were new.
 */
async function insertItems(trx: Transaction<Database>, importId: string, from: RawBuilder<unknown>): Promise<number> {
  const inserted = await sql<{ n: number }>`
    WITH moved AS (
      INSERT INTO feedback_items (source, account_id, segment, language, text, score, score_scale, occurred_at,
        source_name, external_id, sentiment_label, sentiment_score, sentiment_confidence, sentiment_model, import_id, import_row)
      SELECT 'import', r.account_id,
        CASE WHEN a.id IS NULL THEN '{}'::jsonb
             ELSE jsonb_build_object('account', a.name, 'tier', a.tier, 'region', a.region, 'plan', a.plan) END,
        r.language, r.text, r.score, r.score_scale, r.occurred_at, r.source_name, r.external_id,
        r.sentiment_label, r.sentiment_score, r.sentiment_confidence, r.sentiment_model, ${importId}::uuid, r.line
      FROM ${from} LEFT JOIN accounts a ON a.id = r.account_id
      ORDER BY r.line
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM moved`.execute(trx);
  return inserted.rows[0]?.n ?? 0;
}

/** The import row, locked, if this attempt still owns it; else Fenced. FOR NO KEY UPDATE: rows written by a run hold a key-share lock on it. */
async function lockOwned(trx: Transaction<Database>, id: string, attempt: number) {
  const current = await trx.selectFrom("imports").select(["attempt", "status", "cancel_requested"]).where("id", "=", id).forNoKeyUpdate().executeTakeFirst();
  if (!current || current.attempt !== attempt || current.status !== "running") throw new Fenced();
  return current;
}

function markDone(trx: Transaction<Database>, id: string, counts: { staged: number; rowsTotal: number; bytes: number }, imported: number) {
  return trx
    .updateTable("imports")
    .set({
      status: "done",
      rows_total: counts.rowsTotal,
      rows_done: counts.rowsTotal,
      bytes_done: counts.bytes,
      rows_imported: imported,
      rows_duplicate: counts.staged - imported,
      finished_at: new Date(),
      heartbeat_at: new Date(),
    })
    .where("id", "=", id)
    .execute();
}

async function transactionSink(imp: ImportRow): Promise<Sink> {
  const { id, attempt } = imp;
  const trx = await db.startTransaction().execute();
  let open = true;
  let imported = 0;
  const rollback = async () => {
    if (!open) return;
    open = false;
    await trx.rollback().execute();
  };
  try {
    // A worker that vanishes without closing its socket would otherwise hold this transaction (and
    // the duplicate keys it wrote, which a retry waits on) until TCP gives up, possibly for hours.
    await sql`SELECT set_config('idle_in_transaction_session_timeout', ${`${Math.max(60, stallSeconds())}s`}, true)`.execute(trx);
  } catch (error) {
    await rollback().catch(() => undefined);
    throw error;
  }
  return {
    async write(rows) {
      imported += await insertItems(trx, id, batchRelation(rows));
    },
    discard: rollback,
    async complete(counts) {
      try {
        const current = await lockOwned(trx, id, attempt);
        if (current.cancel_requested) {
          await rollback();
          await finish(id, attempt, { status: "cancelled" });
          return;
        }
        await markDone(trx, id, counts, imported);
        open = false;
        await trx.commit().execute();
      } finally {
        await rollback().catch(() => undefined);
      }
    },
  };
}

function stagingSink(imp: ImportRow): Sink {
  const { id, attempt } = imp;
  return {
    async write(rows) {
      await sql`INSERT INTO import_rows (import_id, attempt, line, account_id, text, language, score, score_scale, occurred_at,
          source_name, external_id, sentiment_label, sentiment_score, sentiment_confidence, sentiment_model)
        SELECT ${id}::uuid, ${attempt}::int, r.* FROM ${batchRelation(rows)}`.execute(db);
    },
    async discard() {
      await db.deleteFrom("import_rows").where("import_id", "=", id).where("attempt", "=", attempt).execute();
    },
    async complete(counts) {
      await db.transaction().execute(async (trx) => {
        const current = await lockOwned(trx, id, attempt);
        if (current.cancel_requested) {
          await trx.deleteFrom("import_rows").where("import_id", "=", id).execute();
          await trx.updateTable("imports").set({ status: "cancelled", finished_at: new Date() }).where("id", "=", id).execute();
          return;
        }
        // In chunks of lines, all in this one transaction: on PGlite (WASM, on the server's own
        // thread) one statement over 200,000 rows would hold the event loop for many seconds.
        const range = await trx
          .selectFrom("import_rows")
          .select((eb) => [eb.fn.min("line").as("lo"), eb.fn.max("line").as("hi")])
          .where("import_id", "=", id)
          .where("attempt", "=", attempt)
          .executeTakeFirst();
        let n = 0;
        for (let from = Number(range?.lo ?? 1); range?.hi != null && from <= Number(range.hi); from += SWAP_LINES) {
          n += await insertItems(
            trx,
            id,
            sql`(SELECT * FROM import_rows WHERE import_id = ${id} AND attempt = ${attempt} AND line >= ${from} AND line < ${from + SWAP_LINES}) AS r`,
          );
          // Let the server answer other requests' event-loop work between chunks.
          await new Promise((r) => setImmediate(r));
        }
        await trx.deleteFrom("import_rows").where("import_id", "=", id).execute();
        await markDone(trx, id, counts, n);
      });
    },
  };
}

async function importFile(imp: ImportRow): Promise<void> {
  const { id, attempt } = imp;
  const file = uploadPath(id);
  if (!fs.existsSync(file)) return finish(id, attempt, { status: "failed", failure: "import.failure.fileGone" });
  const mapping = imp.mapping as ImportMapping;
  const accounts = await loadAccountIndex();
  const zone = await orgTimeZone();
  // One scorer for the whole import, so every row of it carries the same model.
  const scorer = await currentScorer();
  let rows: StoredRow[] = [];
  let errors: RowError[] = [];
  let rowsDone = 0;
  let rowsFailed = 0;
  let staged = 0;
  let bytes = 0;
  let header = true;
  const sink = await openSink(imp);

  /** Writes one batch and its errors, beats the heart; true when a cancel was asked. */
  const write = async (scored: ScoredRow[], batchErrors: RowError[], counts: { rowsDone: number; bytes: number; rowsFailed: number }) => {
    // The rows, and beside them (other connections on PostgreSQL) the errors and the heartbeat:
    // the insert, the slow part, never waits for the bookkeeping. Both settle before either's
    // error is thrown, so no write lands after the attempt's rows are dropped.
    const [written, beaten] = await Promise.allSettled([scored.length ? sink.write(scored) : null, beat(batchErrors, counts)]);
    if (written.status === "rejected") throw written.reason;
    if (beaten.status === "rejected") throw beaten.reason;
    return beaten.value;
  };
  /** Writes a batch's errors and beats the heart; the fence: a newer attempt (or a cancel) stops this one. */
  const beat = async (batchErrors: RowError[], counts: { rowsDone: number; bytes: number; rowsFailed: number }) => {
    for (let i = 0; i < batchErrors.length; i += 5000) {
      await db
        .insertInto("import_errors")
        .values(batchErrors.slice(i, i + 5000).map((e) => ({ import_id: id, line: e.line, field: e.field, column: e.column, message: e.key, params: JSON.stringify(e.params ?? {}) })))
        .execute();
    }
    const state = await db
      .updateTable("imports")
      .set({ rows_done: counts.rowsDone, bytes_done: counts.bytes, rows_failed: counts.rowsFailed, heartbeat_at: new Date() })
      .where("id", "=", id)
      .where("attempt", "=", attempt)
      .where("status", "=", "running")
      .returning("cancel_requested")
      .executeTakeFirst();
    if (!state) throw new Fenced();
    return state.cancel_requested;
  };

  // One batch is written while the next is parsed, checked and scored (the database and the CPU
  // overlap); never more than one write in flight, so memory stays at two batches.
  let inflight: Promise<boolean> | null = null;
  const flush = async (): Promise<boolean> => {
    const scored = rows.length ? scoreRows(rows, scorer) : [];
    staged += scored.length;
    const batchErrors = errors;
    rows = [];
    errors = [];
    const counts = { rowsDone, bytes, rowsFailed };
    if (inflight && (await inflight)) return true;
    inflight = write(scored, batchErrors, counts);
    // Awaited at the next flush or at the end; this only keeps Node from calling it unhandled meanwhile.
    inflight.catch(() => undefined);
    return false;
  };
  const drain = async () => (inflight ? inflight : false);

  const cancel = async () => {
    await sink.discard();
    await finish(id, attempt, { status: "cancelled" });
  };

  try {
    for await (const record of readRecords(file, encodingOf(imp), (n) => (bytes += n))) {
      if (header) {
        header = false;
        continue;
      }
      rowsDone++;
      if (rowsDone > MAX_UPLOAD_ROWS) {
        await drain();
        await sink.discard();
        return finish(id, attempt, { status: "failed", failure: "import.failure.tooManyRows" });
      }
      const result = checkRecord(record, mapping, imp.header, accounts, imp.created_at, zone);
      if (result.row) rows.push(result.row);
      else {
        rowsFailed++;
        errors.push(...result.errors);
      }
      if (rows.length + errors.length >= BATCH_ROWS) {
        // Without "skip bad rows", one bad row fails the import: writing more rows is wasted work.
        if (rowsFailed && !imp.skip_bad_rows) rows = [];
        if (await flush()) return cancel();
      }
    }
    if ((await flush()) || (await drain())) return cancel();

    if (rowsFailed && !imp.skip_bad_rows) {
      await sink.discard();
      return finish(id, attempt, { status: "failed", failure: "import.failure.badRows", rows_total: rowsDone });
    }
    await sink.complete({ staged, rowsTotal: rowsDone, bytes });
  } catch (error) {
    // No write may land after this attempt's rows are dropped.
    await (inflight as Promise<boolean> | null)?.catch(() => undefined);
    await sink.discard().catch(() => undefined);
    throw error;
  }
  // The file has served its purpose; the rows and the error list stay in the database.
  fs.rmSync(uploadPath(id), { force: true });
}

export function isImportKind(v: string): v is ImportKind {
  return (importKinds as readonly string[]).includes(v);
}
