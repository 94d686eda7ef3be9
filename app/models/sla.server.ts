import { randomBytes } from "node:crypto";
import { sql, type Transaction } from "kysely";
import type {
  Database,
  LocalizedList,
  Localized,
  ObjectiveKind,
  ObjectiveMode,
  ObjectiveUnit,
  ObjectiveWindow,
  Priority,
  ReviewCadence,
  SlaCalendar,
  SlaRemedies,
  SlaService,
  SlaVersionStatus,
} from "../../db/schema";
import { DAY, dayNumber, zone } from "../../analysis/sla/zone";
import { deriveChanges, isAdverse } from "../../analysis/review";
import { db } from "~/db.server";
import { recordAudit } from "./audit.server";
import { createNoticesIn, defaultBaseUrl } from "./notice.server";
import { isUuid } from "~/utils/uuid";

/** One objective as the app reads and writes it (the objectives table, camel-cased). */
export type Objective = {
  kind: ObjectiveKind;
  priority: Priority | null;
  target: number;
  unit: ObjectiveUnit;
  mode: ObjectiveMode | null;
  window: ObjectiveWindow;
};

/** Everything a draft version holds that a person edits. */
export type VersionInput = {
  service: SlaService;
  calendar: SlaCalendar;
  noticePeriodDays: number;
  reviewCadence: ReviewCadence;
  providerDuties: LocalizedList;
  customerDuties: LocalizedList;
  remedies: SlaRemedies;
  objectives: Objective[];
  changeNote: Localized;
};

export type SlaVersion = VersionInput & {
  id: string;
  slaId: string;
  version: number;
  status: SlaVersionStatus;
  basedOnId: string | null;
  effectiveFrom: Date | null;
  publishedAt: Date | null;
  publishedBy: string | null;
  publishedByName: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type SlaInput = { name: Localized; service: string; tiers: string[] };

export class SlaEditError extends Error {
  constructor(public readonly code: "notFound" | "published" | "draftExists" | "notDraft" | "onlyVersion") {
    super(code);
  }
}


const priorityOrder: Record<string, number> = { p1: 1, p2: 2, p3: 3, p4: 4 };
const kindOrder: ObjectiveKind[] = ["availability", "first_response", "progress_update", "resolution", "csat_floor", "nps_floor"];

export function sortObjectives<T extends { kind: ObjectiveKind; priority: Priority | null }>(list: T[]): T[] {
  return [...list].sort(
    (a, b) =>
      kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) ||
      (priorityOrder[a.priority ?? ""] ?? 0) - (priorityOrder[b.priority ?? ""] ?? 0),
  );
}

/** A new SLA's first draft: weekday office hours in Seoul and the objectives most SLAs start from. */
export function defaultVersionInput(): VersionInput {
  const hours = (target: number, priority: Priority, kind: ObjectiveKind, mode: ObjectiveMode = "business"): Objective => ({
    kind,
    priority,
    target,
    unit: "hours",
    mode,
    window: "month",
  });
  return {
    service: { type: {}, scope: {} },
    calendar: {
      timezone: "Asia/Seoul",
      slots: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })),
      holidays: [],
    },
    noticePeriodDays: 30,
    reviewCadence: "quarterly",
    providerDuties: {},
    customerDuties: {},
    remedies: { credits: [], alternative: {} },
    objectives: [
      { kind: "availability", priority: null, target: 99, unit: "percent", mode: null, window: "month" },
      hours(1, "p1", "first_response", "calendar"),
      hours(4, "p2", "first_response"),
      hours(8, "p3", "first_response"),
      hours(24, "p4", "first_response"),
    ],
    changeNote: {},
  };
}

/** Midnight at the start of a local date ("YYYY-MM-DD") in the calendar's zone, as an instant. */
export function localMidnight(date: string, timezone: string): Date {
  const day = dayNumber(date);
  if (day === null) throw new RangeError(`not a date: ${date}`);
  return new Date(zone(timezone).localToUtc(day * DAY));
}

/** The local date `days` after `now` in the zone, "YYYY-MM-DD" (the earliest effective date the notice period allows). */
export function localDateAfter(now: Date, days: number, timezone: string): string {
  return new Date((zone(timezone).localDay(now.getTime()) + days) * DAY).toISOString().slice(0, 10);
}

// ---- reading ----------------------------------------------------------------------------

async function objectivesOf(versionIds: string[], trx: Transaction<Database> | typeof db = db) {
  if (!versionIds.length) return new Map<string, Objective[]>();
  const rows = await trx.selectFrom("objectives").selectAll().where("version_id", "in", versionIds).orderBy("position").execute();
  const out = new Map<string, Objective[]>();
  for (const r of rows) {
    const list = out.get(r.version_id) ?? [];
    list.push({ kind: r.kind, priority: r.priority, target: Number(r.target), unit: r.unit, mode: r.mode, window: r.window });
    out.set(r.version_id, list);
  }
  return out;
}

type RawVersion = {
  id: string;
  sla_id: string;
  version: number;
  status: SlaVersionStatus;
  based_on_id: string | null;
  effective_from: Date | null;
  published_at: Date | null;
  published_by: string | null;
  published_by_name?: string | null;
  notice_period_days: number;
  review_cadence: ReviewCadence;
  service: SlaService;
  calendar: SlaCalendar;
  provider_duties: LocalizedList;
  customer_duties: LocalizedList;
  remedies: SlaRemedies;
  change_note: Localized;
  created_at: Date;
  updated_at: Date;
};

function toVersion(r: RawVersion, objectives: Objective[]): SlaVersion {
  return {
    id: r.id,
    slaId: r.sla_id,
    version: r.version,
    status: r.status,
    basedOnId: r.based_on_id,
    effectiveFrom: r.effective_from,
    publishedAt: r.published_at,
    publishedBy: r.published_by,
    publishedByName: r.published_by_name ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    service: { type: r.service?.type ?? {}, scope: r.service?.scope ?? {} },
    calendar: r.calendar,
    noticePeriodDays: r.notice_period_days,
    reviewCadence: r.review_cadence,
    providerDuties: r.provider_duties ?? {},
    customerDuties: r.customer_duties ?? {},
    remedies: { credits: r.remedies?.credits ?? [], alternative: r.remedies?.alternative ?? {} },
    objectives: sortObjectives(objectives),
    changeNote: r.change_note ?? {},
  };
}

export async function versionsWhere(
  filter: (q: ReturnType<typeof baseVersions>) => ReturnType<typeof baseVersions>,
  trx: Transaction<Database> | typeof db = db,
): Promise<SlaVersion[]> {
  const rows = (await filter(baseVersions(trx)).execute()) as RawVersion[];
  const objectives = await objectivesOf(
    rows.map((r) => r.id),
    trx,
  );
  return rows.map((r) => toVersion(r, objectives.get(r.id) ?? []));
}

function baseVersions(trx: Transaction<Database> | typeof db) {
  return trx
    .selectFrom("sla_versions")
    .leftJoin("users", "users.id", "sla_versions.published_by")
    .selectAll("sla_versions")
    .select("users.name as published_by_name");
}

export async function getVersion(versionId: string): Promise<SlaVersion | null> {
  if (!isUuid(versionId)) return null;
  const [v] = await versionsWhere((q) => q.where("sla_versions.id", "=", versionId));
  return v ?? null;
}

export async function listVersions(slaId: string): Promise<SlaVersion[]> {
  if (!isUuid(slaId)) return [];
  return versionsWhere((q) => q.where("sla_versions.sla_id", "=", slaId).orderBy("sla_versions.version", "desc"));
}

export async function getSla(slaId: string) {
  if (!isUuid(slaId)) return null;
  return (await db.selectFrom("slas").selectAll().where("id", "=", slaId).executeTakeFirst()) ?? null;
}

/** Every SLA with the version in force now, the latest published one (may start later) and its draft. */
export async function listSlas(now = new Date()) {
  const slas = await db.selectFrom("slas").selectAll().orderBy("created_at", "asc").execute();
  const versions = await db
    .selectFrom("sla_versions")
    // The calendar's zone: an effective date is midnight there, and is shown in it.
    .select(["id", "sla_id", "version", "status", "effective_from", "published_at", sql<string>`calendar->>'timezone'`.as("timezone")])
    .orderBy("version", "desc")
    .execute();
  return slas.map((s) => {
    const mine = versions.filter((v) => v.sla_id === s.id);
    const published = mine.filter((v) => v.status === "published");
    return {
      ...s,
      inForce: published.find((v) => v.effective_from && v.effective_from <= now) ?? null,
      latestPublished: published[0] ?? null,
      draft: mine.find((v) => v.status === "draft") ?? null,
    };
  });
}

/** SLAs whose tier list contains the tier, oldest first. */
export async function listSlasForTier(tier: string) {
  return db
    .selectFrom("slas")
    .selectAll()
    .where(sql<boolean>`tiers @> ${JSON.stringify([tier])}::jsonb`)
    .orderBy("created_at", "asc")
    .execute();
}

/** The published version of one SLA that governs `at` (the latest effective at or before it), without the SLA's name and tiers. */
export async function inForceOf(slaId: string, at: Date, trx: Transaction<Database> | typeof db = db): Promise<SlaVersion | null> {
  const [v] = await versionsWhere(
    (q) =>
      q
        .where("sla_versions.sla_id", "=", slaId)
        .where("sla_versions.status", "=", "published")
        .where("sla_versions.effective_from", "<=", at)
        .orderBy("sla_versions.effective_from", "desc")
        .orderBy("sla_versions.version", "desc")
        .limit(1),
    trx,
  );
  return v ?? null;
}

export type VersionInForce = SlaVersion & { slaName: Localized; service: SlaService; slaService: string; tiers: string[] };

/**
 * The published version of an SLA that governs `at`: the latest whose effective_from is at or
 * before `at`. By tier, the oldest SLA covering the tier that has a version in force is used.
 * Cases stamp this version's id when they open, so a later version never re-judges them.
 */
export async function getVersionInForce(
  by: { slaId: string } | { tier: string },
  at: Date = new Date(),
): Promise<VersionInForce | null> {
  const one = "slaId" in by ? await getSla(by.slaId) : null;
  const slas = "slaId" in by ? (one ? [one] : []) : await listSlasForTier(by.tier);
  for (const sla of slas) {
    const v = await inForceOf(sla.id, at);
    if (v) return { ...v, slaName: sla.name, slaService: sla.service, tiers: sla.tiers };
  }
  return null;
}

/** Tier names in use by accounts, for the tier picker. */
export async function listAccountTiers(): Promise<string[]> {
  const rows = await db.selectFrom("accounts").select("tier").distinct().orderBy("tier").execute();
  return rows.map((r) => r.tier);
}

// ---- writing ----------------------------------------------------------------------------

export function versionValues(input: VersionInput) {
  return {
    service: JSON.stringify(input.service),
    calendar: JSON.stringify(input.calendar),
    notice_period_days: input.noticePeriodDays,
    review_cadence: input.reviewCadence,
    provider_duties: JSON.stringify(input.providerDuties),
    customer_duties: JSON.stringify(input.customerDuties),
    remedies: JSON.stringify(input.remedies),
    change_note: JSON.stringify(input.changeNote),
  };
}

export async function insertObjectives(trx: Transaction<Database>, versionId: string, objectives: Objective[]) {
  if (!objectives.length) return;
  await trx
    .insertInto("objectives")
    .values(
      sortObjectives(objectives).map((o, i) => ({
        version_id: versionId,
        kind: o.kind,
        priority: o.priority,
        target: o.target,
        unit: o.unit,
        mode: o.mode,
        window: o.window,
        position: i,
      })),
    )
    .execute();
}

/** A new SLA and its first draft (version 1). */
export async function createSla(userId: string | null, input: SlaInput, version: VersionInput = defaultVersionInput()) {
  return db.transaction().execute(async (trx) => {
    const { id: slaId } = await trx
      .insertInto("slas")
      .values({ name: JSON.stringify(input.name), service: input.service, tiers: JSON.stringify(input.tiers), created_by: userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { id: versionId } = await trx
      .insertInto("sla_versions")
      .values({ sla_id: slaId, version: 1, status: "draft", created_by: userId, ...versionValues(version) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await insertObjectives(trx, versionId, version.objectives);
    await recordAudit(trx, { userId, action: "sla.create", targetType: "sla", targetId: slaId, detail: { versionId } });
    return { slaId, versionId };
  });
}

export async function updateSla(userId: string, slaId: string, input: SlaInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable("slas")
      .set({ name: JSON.stringify(input.name), service: input.service, tiers: JSON.stringify(input.tiers), updated_at: new Date() })
      .where("id", "=", slaId)
      .executeTakeFirst();
    if (!Number(res.numUpdatedRows)) throw new SlaEditError("notFound");
    await recordAudit(trx, { userId, action: "sla.update", targetType: "sla", targetId: slaId, detail: { ...input } });
  });
}

/** Locks the version row; only a draft may change. */
async function lockDraft(trx: Transaction<Database>, versionId: string) {
  if (!isUuid(versionId)) throw new SlaEditError("notFound");
  const row = await trx.selectFrom("sla_versions").select(["id", "sla_id", "status", "version"]).where("id", "=", versionId).forUpdate().executeTakeFirst();
  if (!row) throw new SlaEditError("notFound");
  if (row.status !== "draft") throw new SlaEditError("published");
  return row;
}

/** Saves a draft. A published version is never changed (the database refuses too). */
export async function updateDraft(userId: string, versionId: string, input: VersionInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await lockDraft(trx, versionId);
    await trx
      .updateTable("sla_versions")
      .set({ ...versionValues(input), updated_at: new Date() })
      .where("id", "=", versionId)
      .where("status", "=", "draft")
      .execute();
    await trx.deleteFrom("objectives").where("version_id", "=", versionId).execute();
    await insertObjectives(trx, versionId, input.objectives);
    await recordAudit(trx, {
      userId,
      action: "sla_version.update",
      targetType: "sla_version",
      targetId: versionId,
      detail: { slaId: row.sla_id, version: row.version },
    });
  });
}

/** What publishing refuses beyond the draft's state: an adverse change with too little notice. */
export class SlaPublishError extends Error {
  constructor(
    public readonly code: "noticePeriod",
    /** days: the notice period; date: the earliest allowed effective date ("YYYY-MM-DD", SLA zone). */
    public readonly params: { days: number; date: string },
  ) {
    super(code);
  }
}

/**
 * The earliest local date ("YYYY-MM-DD") whose midnight in the zone is at least `days` after
 * `now`: the first effective date an adverse change may have.
 */
export function earliestEffectiveDate(now: Date, days: number, timezone: string): string {
  const date = localDateAfter(now, days, timezone);
  return localMidnight(date, timezone).getTime() >= now.getTime() + days * DAY ? date : localDateAfter(now, days + 1, timezone);
}

/**
 * Publishes a draft: it becomes immutable and governs cases from effectiveFrom. In the same
 * transaction: a link for every account in the SLA's tiers, and, when it amends a published
 * version, a notice per account with an email per contact (notice.server.ts).
 *
 * The rule for adverse changes lives here, not in a route: if the version takes anything away
 * from customers compared with the version in force (deriveChanges + isAdverse), effectiveFrom
 * must be at least the in-force version's notice period after now (SlaPublishError).
 * Exactly once: the draft row is locked FOR UPDATE, so a concurrent publish waits, then finds it
 * published (SlaEditError "published").
 */
export async function publishVersion(
  userId: string,
  versionId: string,
  effectiveFrom: Date,
  now = new Date(),
  opts: { baseUrl?: string } = {},
): Promise<{ notices: number }> {
  return db.transaction().execute(async (trx) => {
    const row = await lockDraft(trx, versionId);
    const [draft] = await versionsWhere((q) => q.where("sla_versions.id", "=", versionId), trx);
    const inForce = await inForceOf(row.sla_id, now, trx);
    if (inForce && deriveChanges(inForce, draft).some(isAdverse)) {
      const days = inForce.noticePeriodDays;
      if (effectiveFrom.getTime() < now.getTime() + days * DAY) {
        throw new SlaPublishError("noticePeriod", { days, date: earliestEffectiveDate(now, days, draft.calendar.timezone) });
      }
    }
    const published = await trx
      .updateTable("sla_versions")
      .set({ status: "published", published_at: now, published_by: userId, effective_from: effectiveFrom, updated_at: now })
      .where("id", "=", versionId)
      .where("status", "=", "draft")
      .returning("id")
      .executeTakeFirst();
    if (!published) throw new SlaEditError("published");
    const shares = await ensureSharesIn(trx, row.sla_id);
    const notices = await createNoticesIn(trx, versionId, opts.baseUrl ?? defaultBaseUrl());
    await recordAudit(trx, {
      userId,
      action: "sla_version.publish",
      targetType: "sla_version",
      targetId: versionId,
      detail: { slaId: row.sla_id, version: row.version, effectiveFrom: effectiveFrom.toISOString(), newLinks: shares, notices },
    });
    return { notices };
  });
}

/** A new draft copying every field and objective of `fromVersionId`. One draft per SLA. */
export async function newDraftFrom(userId: string, fromVersionId: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    if (!isUuid(fromVersionId)) throw new SlaEditError("notFound");
    const [from] = await versionsWhere((q) => q.where("sla_versions.id", "=", fromVersionId), trx);
    if (!from) throw new SlaEditError("notFound");
    // Serialise drafting per SLA: the SLA row is the lock.
    await trx.selectFrom("slas").select("id").where("id", "=", from.slaId).forUpdate().executeTakeFirst();
    const existing = await trx
      .selectFrom("sla_versions")
      .select("id")
      .where("sla_id", "=", from.slaId)
      .where("status", "=", "draft")
      .executeTakeFirst();
    if (existing) throw new SlaEditError("draftExists");
    const { max } = await trx
      .selectFrom("sla_versions")
      .select((eb) => eb.fn.max<number>("version").as("max"))
      .where("sla_id", "=", from.slaId)
      .executeTakeFirstOrThrow();
    const { id } = await trx
      .insertInto("sla_versions")
      .values({
        sla_id: from.slaId,
        version: Number(max) + 1,
        status: "draft",
        based_on_id: from.id,
        created_by: userId,
        ...versionValues({ ...from, changeNote: {} }),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await insertObjectives(trx, id, from.objectives);
    await recordAudit(trx, {
      userId,
      action: "sla_version.draft",
      targetType: "sla_version",
      targetId: id,
      detail: { slaId: from.slaId, basedOn: from.id, version: Number(max) + 1 },
    });
    return id;
  });
}

/** Drops a draft (never a published version, nor an SLA's only version). */
export async function discardDraft(userId: string, versionId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await lockDraft(trx, versionId);
    // An SLA keeps at least one version, so there is always something to draft from.
    const others = await trx.selectFrom("sla_versions").select("id").where("sla_id", "=", row.sla_id).where("id", "!=", versionId).limit(1).execute();
    if (!others.length) throw new SlaEditError("onlyVersion");
    await trx.deleteFrom("sla_versions").where("id", "=", versionId).execute();
    await recordAudit(trx, {
      userId,
      action: "sla_version.discard",
      targetType: "sla_version",
      targetId: versionId,
      detail: { slaId: row.sla_id, version: row.version },
    });
  });
}

// ---- public links per account -----------------------------------------------------------

export function newShareToken(): string {
  return randomBytes(18).toString("base64url");
}

/** Makes a link for each account in the SLA's tiers that has none; returns how many were made. */
export async function ensureSharesIn(trx: Transaction<Database>, slaId: string): Promise<number> {
  const sla = await trx.selectFrom("slas").select(["tiers"]).where("id", "=", slaId).executeTakeFirstOrThrow();
  if (!sla.tiers.length) return 0;
  const missing = await trx
    .selectFrom("accounts")
    .select("accounts.id")
    .where("accounts.tier", "in", sla.tiers)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("sla_shares")
            .select("sla_shares.id")
            .whereRef("sla_shares.account_id", "=", "accounts.id")
            .where("sla_shares.sla_id", "=", slaId),
        ),
      ),
    )
    .execute();
  if (!missing.length) return 0;
  await trx
    .insertInto("sla_shares")
    .values(missing.map((a) => ({ sla_id: slaId, account_id: a.id, token: newShareToken() })))
    .onConflict((oc) => oc.columns(["sla_id", "account_id"]).doNothing())
    .execute();
  return missing.length;
}

export async function ensureShares(userId: string, slaId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const made = await ensureSharesIn(trx, slaId);
    await recordAudit(trx, { userId, action: "sla.links", targetType: "sla", targetId: slaId, detail: { made } });
    return made;
  });
}

export async function listShares(slaId: string) {
  return db
    .selectFrom("sla_shares")
    .innerJoin("accounts", "accounts.id", "sla_shares.account_id")
    .select(["sla_shares.token", "sla_shares.created_at", "accounts.id as account_id", "accounts.name as account_name", "accounts.tier", "accounts.locale"])
    .where("sla_shares.sla_id", "=", slaId)
    .orderBy("accounts.name")
    .execute();
}

/** What a customer's link shows: their account, the SLA and the version that applies now. */
export async function openShare(token: string, now = new Date()) {
  // Share tokens are base64url: anything else cannot exist, and a NUL must not reach the database.
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const share = await db
    .selectFrom("sla_shares")
    .innerJoin("accounts", "accounts.id", "sla_shares.account_id")
    .innerJoin("slas", "slas.id", "sla_shares.sla_id")
    .select(["sla_shares.sla_id", "accounts.name as account_name", "accounts.locale as account_locale", "accounts.tier", "slas.name as sla_name"])
    .where("sla_shares.token", "=", token)
    .executeTakeFirst();
  if (!share) return null;
  const version = await getVersionInForce({ slaId: share.sla_id }, now);
  // A version published to start later is shown as upcoming, so customers see the notice.
  const [upcoming] = await versionsWhere((q) =>
    q
      .where("sla_versions.sla_id", "=", share.sla_id)
      .where("sla_versions.status", "=", "published")
      .where("sla_versions.effective_from", ">", now)
      .orderBy("sla_versions.effective_from", "asc")
      .limit(1),
  );
  return { ...share, version, upcoming: upcoming ?? null };
}
