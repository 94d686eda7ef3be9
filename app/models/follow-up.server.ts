// Closing a case asks the customer how we handled it: a single-use link to a one-question CSAT
// survey (the system's follow-up survey), emailed to the account's contacts through the outbox in
// the transaction that closes the case. On by default per SLA (slas.follow_up_csat), off per case.
import { randomUUID } from "node:crypto";
import { sql, type Transaction } from "kysely";
import { followUpCsat, metricDefinitions, minSegmentN, type FollowUpCounts, type FollowUpCsat } from "../../analysis/metrics";
import { caseOutcome, type CaseTimers } from "../../analysis/sla";
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
 * `sentAt`: a closing in the past (demo history): the emails are recorded as sent then.
 */
export async function queueFollowUpIn(trx: Transaction<Database>, c: CaseRow, baseUrl: string, sentAt?: Date): Promise<string | null> {
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
      ...(sentAt ? { at: sentAt, sentAt } : {}),
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

/**
 * The follow-up CSAT of judged cases, met against breached (analysis/metrics followUpCsat). The
 * caller judges the cases as its report does (caseOutcome of the timers rebuilt from each case's
 * history: casesForReport for an SLA and a period); pending cases are left out. One grouped
 * statement counts, per group, the follow-ups sent (cases with a follow-up link) and the CSAT
 * answers of finished responses through those links (the first, should a link have several).
 * Responses are narrowed to the follow-up survey first (indexed), then joined on their link.
 */
export async function followUpForCases(cases: readonly { id: string; timers: CaseTimers | null }[], minN = minSegmentN): Promise<FollowUpCsat> {
  const met: string[] = [], breached: string[] = [];
  for (const c of cases) {
    const outcome = c.timers ? caseOutcome(c.timers) : "pending";
    if (outcome === "met") met.push(c.id);
    else if (outcome === "breached") breached.push(c.id);
  }
  const counts = { met: { sent: 0, distribution: [0, 0, 0, 0, 0] } as FollowUpCounts, breached: { sent: 0, distribution: [0, 0, 0, 0, 0] } as FollowUpCounts };
  if (met.length + breached.length) {
    const rows = await sql<{ breached: boolean; value_int: number | null; n: number }>`
      with judged as (
        select c.follow_up_link_id as link_id, j.breached
        from unnest(${[...met, ...breached]}::uuid[], ${[...met.map(() => false), ...breached.map(() => true)]}::boolean[]) as j(id, breached)
        join cases c on c.id = j.id
        where c.follow_up_link_id is not null
      ),
      answered as (
        select distinct on (r.link_id) r.link_id, a.value_int
        from responses r
        join answers a on a.response_id = r.id
        join questions q on q.id = a.question_id
        where r.survey_id = (select (value #>> '{}')::uuid from app_settings where key = ${SETTING})
          and r.finished and q.type = 'csat' and a.value_int between 1 and 5
          and r.link_id in (select link_id from judged)
        order by r.link_id, r.submitted_at, r.id
      )
      select j.breached, an.value_int, count(*)::int as n
      from judged j left join answered an on an.link_id = j.link_id
      group by 1, 2`.execute(db);
    for (const r of rows.rows) {
      const g = r.breached ? counts.breached : counts.met;
      g.sent += r.n;
      if (r.value_int !== null) g.distribution[r.value_int - 1] += r.n;
    }
  }
  return followUpCsat(counts, minN);
}
