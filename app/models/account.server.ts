import { parse } from "csv-parse/sync";
import { sql, type Transaction } from "kysely";
import type { Database, Localized } from "../../db/schema";
import { db } from "~/db.server";
import {
  accountSchema,
  headerGuesses,
  importFields,
  RENEWAL_DUE_DAYS,
  requiredImportFields,
  type AccountFilter,
  type AccountInput,
  type ImportField,
} from "~/schemas/account";
import type { MessageKey } from "~/utils/i18n";
import { recordAudit } from "./audit.server";
import { getVersionInForce } from "./sla.server";
import { isUuid } from "~/utils/uuid";

type Trx = Transaction<Database> | typeof db;

/** Customer accounts to pick from (single-use links), grouped by tier then name. */
export async function listAccounts() {
  return db
    .selectFrom("accounts")
    .select(["id", "name", "email", "tier", "region", "plan", "locale"])
    .orderBy("tier")
    .orderBy("name")
    .orderBy("id")
    .execute();
}

export type AccountRow = Awaited<ReturnType<typeof listAccounts>>[number];

/** What the model refuses, as message keys with the field they belong to. */
export class AccountError extends Error {
  constructor(
    public readonly code: "notFound" | "duplicateName",
    public readonly field: string | null = null,
  ) {
    super(code);
  }
}

// Dates are PostgreSQL `date`s, read as text so no time zone can shift them.
const contractStart = sql<string | null>`accounts.contract_start::text`.as("contract_start");
const renewalDate = sql<string | null>`accounts.renewal_date::text`.as("renewal_date");

/** Today as YYYY-MM-DD in UTC, and the same day n days later. */
export function dayOf(now: Date, plusDays = 0): string {
  return new Date(now.getTime() + plusDays * 86_400_000).toISOString().slice(0, 10);
}

export const ACCOUNT_PAGE_SIZE = 25;

/**
 * The accounts list: filters, then renewals first (overdue and soonest first, accounts without a
 * renewal date last), or by name, fee or newest.
 */
export async function searchAccounts(f: AccountFilter, now = new Date(), pageSize = ACCOUNT_PAGE_SIZE) {
  const today = dayOf(now);
  const soon = dayOf(now, RENEWAL_DUE_DAYS);
  let q = db.selectFrom("accounts");
  if (f.q) q = q.where(sql<boolean>`strpos(lower(accounts.name), lower(${f.q})) > 0`);
  if (f.tier) q = q.where("accounts.tier", "=", f.tier);
  if (f.region) q = q.where("accounts.region", "=", f.region);
  if (f.plan) q = q.where("accounts.plan", "=", f.plan);
  if (f.locale) q = q.where("accounts.locale", "=", f.locale);
  if (f.renewal === "overdue") q = q.where(sql<boolean>`accounts.renewal_date < ${today}::date`);
  if (f.renewal === "due") q = q.where(sql<boolean>`accounts.renewal_date >= ${today}::date AND accounts.renewal_date <= ${soon}::date`);
  const { n } = await q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const total = Number(n);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(f.page, pages);
  let rows = q
    .select(["accounts.id", "accounts.name", "accounts.tier", "accounts.region", "accounts.plan", "accounts.locale", "accounts.monthly_fee", contractStart, renewalDate])
    .select((eb) =>
      eb.selectFrom("contacts").select((c) => c.fn.countAll<number>().as("n")).whereRef("contacts.account_id", "=", "accounts.id").as("contacts"),
    );
  if (f.sort === "renewal") rows = rows.orderBy(sql`accounts.renewal_date ASC NULLS LAST`).orderBy("accounts.name");
  else if (f.sort === "fee") rows = rows.orderBy("accounts.monthly_fee", "desc").orderBy("accounts.name");
  else if (f.sort === "created") rows = rows.orderBy("accounts.created_at", "desc");
  else rows = rows.orderBy("accounts.name");
  const list = await rows.orderBy("accounts.id").limit(pageSize).offset((page - 1) * pageSize).execute();
  return {
    total,
    page,
    pages,
    today,
    rows: list.map((r) => ({ ...r, contacts: Number(r.contacts), renewal: renewalState(r.renewal_date, today, soon) })),
  };
}

export type RenewalState = "overdue" | "due" | "later" | null;
function renewalState(renewal: string | null, today: string, soon: string): RenewalState {
  if (!renewal) return null;
  if (renewal < today) return "overdue";
  return renewal <= soon ? "due" : "later";
}

/** Distinct tiers, regions and plans, for the filter pickers and the form's suggestions. */
export async function accountFacets() {
  const distinct = async (col: "tier" | "region" | "plan") =>
    (await db.selectFrom("accounts").select(col).distinct().orderBy(col).execute()).map((r) => r[col]);
  return { tiers: await distinct("tier"), regions: await distinct("region"), plans: await distinct("plan") };
}

export async function getAccount(id: string) {
  if (!isUuid(id)) return null;
  const account = await db
    .selectFrom("accounts")
    .select(["id", "name", "tier", "region", "plan", "locale", "monthly_fee", "email", "created_at", "updated_at", contractStart, renewalDate])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!account) return null;
  const contacts = await db
    .selectFrom("contacts")
    .select(["id", "name", "email", "locale"])
    .where("account_id", "=", id)
    .orderBy("position")
    .orderBy("created_at")
    .execute();
  return { ...account, contacts };
}

export type AccountDetail = NonNullable<Awaited<ReturnType<typeof getAccount>>>;

const RECENT = 50;

/** Everything the account page shows besides the account itself. */
export async function accountActivity(account: { id: string; tier: string }, now = new Date()) {
  const responses = await db
    .selectFrom("responses")
    .innerJoin("surveys", "surveys.id", "responses.survey_id")
    .select(["responses.id", "responses.finished", "responses.started_at", "responses.submitted_at", "responses.locale", "surveys.title as survey_title"])
    .where("responses.account_id", "=", account.id)
    .orderBy(sql`coalesce(responses.submitted_at, responses.started_at)`, "desc")
    .limit(RECENT)
    .execute();
  // Each response's first score (NPS, CSAT, CES or rating), shown beside it.
  const scores = new Map<string, { type: string; value: number }>();
  if (responses.length) {
    const rows = await db
      .selectFrom("answers")
      .innerJoin("questions", "questions.id", "answers.question_id")
      .select(["answers.response_id", "questions.type", "answers.value_int"])
      .where("answers.response_id", "in", responses.map((r) => r.id))
      .where("questions.type", "in", ["nps", "csat", "ces", "rating"])
      .where("answers.value_int", "is not", null)
      .orderBy("questions.position")
      .execute();
    for (const r of rows) if (!scores.has(r.response_id)) scores.set(r.response_id, { type: r.type, value: r.value_int! });
  }
  const countOf = async (table: "responses" | "feedback_items" | "cases") =>
    Number(
      (await db.selectFrom(table as "responses").select((eb) => eb.fn.countAll<number>().as("n")).where("account_id", "=", account.id).executeTakeFirstOrThrow()).n,
    );
  const feedback = await db
    .selectFrom("feedback_items")
    .select(["id", "source", "text", "language", "score", "score_scale", "occurred_at", "response_id"])
    .where("account_id", "=", account.id)
    .orderBy("occurred_at", "desc")
    .orderBy("id")
    .limit(RECENT)
    .execute();
  const cases = await db
    .selectFrom("cases")
    .select(["id", "number", "title", "status", "priority", "opened_at"])
    .where("account_id", "=", account.id)
    .orderBy("opened_at", "desc")
    .limit(RECENT)
    .execute();
  const version = await getVersionInForce({ tier: account.tier }, now);
  const share = version
    ? await db.selectFrom("sla_shares").select("token").where("sla_id", "=", version.slaId).where("account_id", "=", account.id).executeTakeFirst()
    : undefined;
  return {
    responses: responses.map((r) => ({ ...r, score: scores.get(r.id) ?? null })),
    feedback,
    cases,
    counts: { responses: await countOf("responses"), feedback: await countOf("feedback_items"), cases: await countOf("cases") },
    sla: version
      ? {
          slaId: version.slaId,
          versionId: version.id,
          name: version.slaName as Localized,
          version: version.version,
          effectiveFrom: version.effectiveFrom,
          timezone: version.calendar.timezone,
          shareToken: share?.token ?? null,
        }
      : null,
  };
}

// ---- writing ----------------------------------------------------------------------------

async function nameTaken(trx: Trx, name: string, exceptId: string | null): Promise<boolean> {
  let q = trx.selectFrom("accounts").select("id").where(sql<boolean>`lower(trim(name)) = lower(${name})`);
  if (exceptId) q = q.where("id", "<>", exceptId);
  return !!(await q.executeTakeFirst());
}

function accountValues(input: AccountInput) {
  return {
    name: input.name,
    tier: input.tier,
    region: input.region,
    plan: input.plan,
    locale: input.locale,
    monthly_fee: input.monthlyFee,
    contract_start: input.contractStart,
    renewal_date: input.renewalDate,
    // The first contact is the account's address for mail that goes to "the account" (case progress).
    email: input.contacts[0]?.email ?? null,
  };
}

async function replaceContacts(trx: Transaction<Database>, accountId: string, contacts: AccountInput["contacts"]) {
  await trx.deleteFrom("contacts").where("account_id", "=", accountId).execute();
  if (!contacts.length) return;
  await trx
    .insertInto("contacts")
    .values(contacts.map((c, i) => ({ account_id: accountId, name: c.name, email: c.email, locale: c.locale, position: i })))
    .execute();
}

function auditDetail(input: AccountInput) {
  return {
    name: input.name,
    tier: input.tier,
    region: input.region,
    plan: input.plan,
    locale: input.locale,
    monthlyFee: input.monthlyFee,
    contractStart: input.contractStart,
    renewalDate: input.renewalDate,
    contacts: input.contacts.map((c) => c.email),
  };
}

/** Names are unique regardless of case and surrounding spaces: two "Acme"s make every picker ambiguous. */
export async function createAccount(userId: string, input: AccountInput): Promise<string> {
  return db.transaction().execute(async (trx) => {
    // One writer at a time checks names, so two concurrent creates cannot both pass.
    await sql`LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    if (await nameTaken(trx, input.name, null)) throw new AccountError("duplicateName", "name");
    const { id } = await trx.insertInto("accounts").values(accountValues(input)).returning("id").executeTakeFirstOrThrow();
    await replaceContacts(trx, id, input.contacts);
    await recordAudit(trx, { userId, action: "account.create", targetType: "account", targetId: id, detail: auditDetail(input) });
    return id;
  });
}

export async function updateAccount(userId: string, id: string, input: AccountInput): Promise<void> {
  if (!isUuid(id)) throw new AccountError("notFound");
  await db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const before = await trx
      .selectFrom("accounts")
      .select(["name", "tier", "region", "plan", "locale", "monthly_fee", contractStart, renewalDate])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!before) throw new AccountError("notFound");
    if (await nameTaken(trx, input.name, id)) throw new AccountError("duplicateName", "name");
    await trx.updateTable("accounts").set({ ...accountValues(input), updated_at: new Date() }).where("id", "=", id).execute();
    await replaceContacts(trx, id, input.contacts);
    await recordAudit(trx, { userId, action: "account.update", targetType: "account", targetId: id, detail: { before, after: auditDetail(input) } });
  });
}

/**
 * All rows or none: names already stored refuse their line, and nothing is written unless every
 * line is good. One audit row for the import, naming how many accounts it made.
 */
export async function importAccounts(
  userId: string,
  rows: { line: number; input: AccountInput }[],
): Promise<{ ok: true; ids: string[] } | { ok: false; errors: { line: number; field: string; key: "accounts.error.duplicateName" }[] }> {
  return db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const stored = new Set(
      (await trx.selectFrom("accounts").select(sql<string>`lower(trim(name))`.as("n")).execute()).map((r) => r.n),
    );
    const clashes = rows.filter((r) => stored.has(r.input.name.toLowerCase()));
    if (clashes.length) return { ok: false as const, errors: clashes.map((r) => ({ line: r.line, field: "name", key: "accounts.error.duplicateName" as const })) };
    const ids: string[] = [];
    for (const r of rows) {
      const { id } = await trx.insertInto("accounts").values(accountValues(r.input)).returning("id").executeTakeFirstOrThrow();
      await replaceContacts(trx, id, r.input.contacts);
      ids.push(id);
    }
    await recordAudit(trx, { userId, action: "account.import", targetType: "account", targetId: null, detail: { count: ids.length, names: rows.map((r) => r.input.name) } });
    return { ok: true as const, ids };
  });
}

// ---- CSV import -------------------------------------------------------------------------

/** One problem in an uploaded file; line 1 is the header. */
export type AccountImportError = { line: number; field: string | null; key: MessageKey; params?: Record<string, string | number> };
export type ColumnMapping = Partial<Record<ImportField, number>>;

export type ParsedAccountCsv = {
  header: string[];
  mapping: ColumnMapping;
  rows: { line: number; input: AccountInput }[];
  errors: AccountImportError[];
  lines: number;
};

/** The column each field is read from: the mapping given, else a header that names the field. */
export function guessMapping(header: string[]): ColumnMapping {
  const out: ColumnMapping = {};
  const norm = header.map((h) => h.trim().toLowerCase());
  for (const field of importFields) {
    const i = norm.findIndex((h) => headerGuesses[field].includes(h));
    if (i >= 0) out[field] = i;
  }
  return out;
}

export const MAX_IMPORT_ROWS = 5000;

/**
 * Reads and checks an accounts CSV with a column mapping. Every row is checked with the form's
 * schema; errors carry the file's line numbers. Nothing here touches the database.
 */
export function parseAccountCsv(text: string, given: ColumnMapping | null): ParsedAccountCsv {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as any;
  } catch (e) {
    const line = typeof (e as any)?.lines === "number" ? (e as any).lines : 1;
    return { header: [], mapping: {}, rows: [], lines: 0, errors: [{ line, field: null, key: "accounts.import.error.csv", params: { detail: String((e as Error).message).slice(0, 200) } }] };
  }
  if (!records.length) return { header: [], mapping: {}, rows: [], lines: 0, errors: [{ line: 1, field: null, key: "accounts.import.error.empty" }] };
  const header = records[0].record;
  const mapping = given ?? guessMapping(header);
  const base = { header, mapping, lines: records.length - 1 };
  const missing = requiredImportFields.filter((f) => mapping[f] === undefined || mapping[f]! >= header.length);
  if (missing.length) return { ...base, rows: [], errors: [{ line: 1, field: null, key: "accounts.import.error.unmapped", params: { fields: missing.join(", ") } }] };
  if (records.length === 1) return { ...base, rows: [], errors: [{ line: 2, field: null, key: "accounts.import.error.noRows" }] };
  if (records.length - 1 > MAX_IMPORT_ROWS) return { ...base, rows: [], errors: [{ line: MAX_IMPORT_ROWS + 2, field: null, key: "accounts.import.error.tooManyRows", params: { max: MAX_IMPORT_ROWS } }] };
  const errors: AccountImportError[] = [];
  const rows: ParsedAccountCsv["rows"] = [];
  const names = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const cell = (f: ImportField) => (mapping[f] === undefined ? "" : (record[mapping[f]!] ?? "").trim());
    const locale = cell("locale").toLowerCase() || "ko";
    const emails = cell("contactEmails")
      .split(/[;,\s]+/)
      .filter(Boolean);
    const parsed = accountSchema.safeParse({
      name: cell("name"),
      tier: cell("tier"),
      region: cell("region"),
      plan: cell("plan"),
      locale,
      monthlyFee: cell("monthlyFee"),
      contractStart: cell("contractStart"),
      renewalDate: cell("renewalDate"),
      contacts: emails.map((email, i) => ({ name: i === 0 ? cell("contactName") : "", email, locale: locale === "en" ? "en" : "ko" })),
    });
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === "contacts" ? "contactEmails" : String(issue.path[0] ?? "");
        if (seen.has(field)) continue;
        seen.add(field);
        errors.push({ line, field, key: issue.message as MessageKey, params: { field } });
      }
      continue;
    }
    const key = parsed.data.name.toLowerCase();
    const first = names.get(key);
    if (first !== undefined) {
      errors.push({ line, field: "name", key: "accounts.import.error.duplicateInFile", params: { line: first } });
      continue;
    }
    names.set(key, line);
    rows.push({ line, input: parsed.data });
  }
  return { ...base, rows, errors };
}
