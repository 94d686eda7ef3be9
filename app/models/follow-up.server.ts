// Closing a case asks the customer how we handled it: a single-use link to a one-question CSAT
// survey (the system's follow-up survey), emailed to the account's contacts through the outbox in
// the transaction that closes the case. On by default per SLA (slas.follow_up_csat), off per case.
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import { metricDefinitions } from "../../analysis/metrics";
import type { CaseRow, Database, Localized } from "../../db/schema";
import { db } from "~/db.server";
import { translate } from "~/utils/i18n";
import { recordAudit } from "./audit.server";
import { enqueueOutbox } from "./outbox.server";
import { newToken } from "./survey.server";

const SETTING = "follow_up_survey_id";
export const followUpTitle: Localized = { ko: "불만 처리에 얼마나 만족하셨나요?", en: "How satisfied are you with how we handled your complaint?" };

/**
 * The follow-up survey's id, made on first use: one CSAT question, Korean and English, open.
 * The setting row is claimed first (ON CONFLICT DO NOTHING), so two cases closing at once make one survey.
 */
export async function ensureFollowUpSurvey(trx: Transaction<Database>): Promise<string> {
  const id = randomUUID();
  const claimed = await trx
    .insertInto("app_settings")
    .values({ key: SETTING, value: JSON.stringify(id) })
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("key")
    .executeTakeFirst();
  if (!claimed) {
    const row = await trx.selectFrom("app_settings").select("value").where("key", "=", SETTING).executeTakeFirstOrThrow();
    return row.value as string;
  }
  await trx
    .insertInto("surveys")
    .values({
      id,
      title: JSON.stringify(followUpTitle),
      intro: JSON.stringify({}),
      status: "open",
      response_limit: null,
      metric_definitions: JSON.stringify({ csat: metricDefinitions.csat }),
      languages: JSON.stringify(["ko", "en"]),
      created_by: null,
    })
    .execute();
  await trx
    .insertInto("questions")
    .values({ survey_id: id, position: 1, page: 1, type: "csat", required: true, prompt: JSON.stringify(followUpTitle), options: "[]", why_prompt: null })
    .execute();
  // Every survey has a public link (the survey pages assume it); the follow-ups use single-use ones.
  await trx.insertInto("links").values({ survey_id: id, token: newToken(), kind: "public" }).execute();
  return id;
}

/**
 * Inside the transaction closing case `c`: a single-use link for its account and an email per
 * contact (the account's address if it has none). Nothing when the case opted out or already
 * had its follow-up (a reopened case closing again asks once). Returns the link id, or null.
 */
export async function queueFollowUpIn(trx: Transaction<Database>, c: CaseRow, baseUrl: string): Promise<string | null> {
  if (!c.follow_up || c.follow_up_link_id) return null;
  const account = await trx.selectFrom("accounts").selectAll().where("id", "=", c.account_id).executeTakeFirstOrThrow();
  const contacts = await trx.selectFrom("contacts").select(["email", "locale"]).where("account_id", "=", account.id).orderBy("position").orderBy("created_at").execute();
  const recipients = contacts.length ? contacts : account.email ? [{ email: account.email, locale: account.locale }] : [];
  if (!recipients.length) return null;
  const surveyId = await ensureFollowUpSurvey(trx);
  const token = newToken(16);
  const link = await trx
    .insertInto("links")
    .values({
      survey_id: surveyId,
      token,
      kind: "single",
      account_id: account.id,
      hidden: JSON.stringify({ account: account.id, tier: account.tier, region: account.region, plan: account.plan, ticket: `case-${c.number}` }),
      locale: account.locale,
      expires_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx.updateTable("cases").set({ follow_up_link_id: link.id }).where("id", "=", c.id).execute();
  const url = `${baseUrl.replace(/\/+$/, "")}/s/${token}`;
  for (const r of recipients) {
    await enqueueOutbox(trx, {
      kind: "email",
      to: r.email,
      subject: translate(r.locale, "notice.followUp.subject", { n: c.number }),
      body: translate(r.locale, "notice.followUp.body", { title: c.title, url }),
      payload: { type: "case.follow_up", caseId: c.id, caseNumber: c.number, linkId: link.id, locale: r.locale },
    });
  }
  return link.id;
}

/** The per-case switch (the case page's checkbox), audited. */
export async function setCaseFollowUp(userId: string, caseId: string, on: boolean): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const res = await trx.updateTable("cases").set({ follow_up: on, updated_at: new Date() }).where("id", "=", caseId).returning("id").executeTakeFirst();
    if (!res) return false;
    await recordAudit(trx, { userId, action: "case.follow_up", targetType: "case", targetId: caseId, detail: { on } });
    return true;
  });
}

/** The SLA's default for new cases (the SLA page's checkbox), audited. */
export async function setSlaFollowUp(userId: string, slaId: string, on: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable("slas").set({ follow_up_csat: on, updated_at: new Date() }).where("id", "=", slaId).execute();
    await recordAudit(trx, { userId, action: "sla.follow_up", targetType: "sla", targetId: slaId, detail: { on } });
  });
}

/** Whether an SLA asks for follow-ups by default (a new case copies it). */
export async function followUpDefault(trx: Transaction<Database> | typeof db, slaId: string | null | undefined): Promise<boolean> {
  if (!slaId) return true;
  const row = await trx.selectFrom("slas").select("follow_up_csat").where("id", "=", slaId).executeTakeFirst();
  return row?.follow_up_csat ?? true;
}
