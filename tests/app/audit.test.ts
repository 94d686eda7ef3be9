import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeAccess } from "../../app/utils/permissions";
import { versionFormValues } from "../../app/schemas/sla";
import { localDateAfter } from "../../app/models/sla.server";
import { Client, startTestApp, type TestApp } from "../support/app";
import { repoRoot } from "../support/env";
import { createTestSurvey, insertUser, PASSWORD, tableRowCounts } from "../support/fixtures";
import { availabilityShortfallEvidence, createTestMeeting, insertTestProposal } from "../support/review-fixtures";
import { insertDecidedMeeting } from "../support/amend-fixtures";

// Every staff action writes exactly its audit rows, in the transaction of its change: when the
// audit row cannot be written, nothing of the change is either.
let app: TestApp;
let admin: Client;
let adminId: string;
let accountId: string;
const en = { headers: { "Accept-Language": "en" } };
// Feedback import uploads land here, not in the checkout's .data.
process.env.UPLOAD_DIR = `${repoRoot}tests/.tmp/uploads-audit-${process.pid}`;

beforeAll(async () => {
  app = await startTestApp();
  adminId = (await insertUser(app.db, "admin")).id;
  admin = new Client(app.url);
  await admin.signIn("admin@example.test", PASSWORD);
  // The job queue without workers: starting an import enqueues its job, which nothing here runs.
  await (await import("../../app/jobs/queue.server")).startQueue(app.db);
  accountId = (await app.db.insertInto("accounts").values({ name: "Acme", email: "ops@acme.test", tier: "enterprise", region: "kr", plan: "annual" }).returning("id").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await (await import("../../app/jobs/queue.server")).stopQueue();
  await app?.close();
  fs.rmSync(process.env.UPLOAD_DIR!, { recursive: true, force: true });
});

const models = async () => ({ sla: await import("../../app/models/sla.server"), cases: await import("../../app/models/case.server") });

async function newCase() {
  const { cases } = await models();
  return (await cases.openCase(adminId, { source: "manual", accountId, priority: "p2", title: "Audit probe", description: "" })).id;
}
async function newSla(publish = false) {
  const { sla } = await models();
  const created = await sla.createSla(adminId, { name: { ko: "SLA", en: "SLA" }, service: `svc-${crypto.randomUUID().slice(0, 8)}`, tiers: ["enterprise"] }, sla.defaultVersionInput());
  if (publish) await sla.publishVersion(adminId, created.versionId, new Date("2026-01-01T00:00:00Z"));
  return { slaId: created.slaId, versionId: created.versionId, url: `/app/slas/${created.slaId}/versions/${created.versionId}` };
}
async function meetingForm(): Promise<Record<string, string | string[]>> {
  const { slaId } = await newSla(true);
  const manager = await insertUser(app.db, "manager", `m-${crypto.randomUUID().slice(0, 8)}@example.test`);
  return { slaId, periodStart: "2026-10-01", periodEnd: "2026-12-31", date: "2027-01-12", time: "10:00", attendees: [adminId, manager.id], quorum: "", notes: "" };
}
/** A scheduled review meeting (or an open one, its pack frozen). */
async function newMeeting(open = false): Promise<string> {
  const review = await import("../../app/models/review.server");
  const f = (await meetingForm()) as Record<string, string> & { attendees: string[] };
  const id = await review.scheduleMeeting(adminId, { slaId: f.slaId, periodStart: f.periodStart, periodEnd: f.periodEnd, date: f.date, time: f.time, attendees: f.attendees, quorum: null, notes: "" });
  if (open) await review.openMeeting(adminId, id);
  return id;
}
/** Feedback items and a finished discovery run whose candidates hold them (d1: 4 items, d2: 2). */
async function doneRun(status: "done" | "queued" = "done") {
  const texts = ["app crashes at login", "login crash again", "the app crashed on sign in", "crash when logging in", "invoice address wrong", "wrong invoice address"];
  const items = await app.db.insertInto("feedback_items").values(texts.map((text) => ({ source: "import" as const, text, language: "en" }))).returning("id").execute();
  const ids = items.map((i) => i.id);
  const candidate = (id: string, label: string, itemIds: string[]) => ({
    id, label, terms: [], size: itemIds.length, share: itemIds.length / 6, meanSentiment: null, stability: 1,
    quoteItemIds: itemIds.slice(0, 3), itemIds, similarities: itemIds.map(() => 0.9), state: "open",
  });
  const tag = crypto.randomUUID().slice(0, 8);
  const candidates = [candidate("d1", `Login ${tag}`, ids.slice(0, 4)), candidate("d2", `Invoices ${tag}`, ids.slice(4))];
  const run = await app.db.insertInto("discovery_runs").values({ filters: "{}", status, progress_done: 6, progress_total: 6, candidates: JSON.stringify(candidates) }).returning("id").executeTakeFirstOrThrow();
  return { url: `/app/themes/runs/${run.id}`, ids };
}
async function newTheme() {
  return (await app.db.insertInto("themes").values({ name: `Theme ${crypto.randomUUID().slice(0, 8)}`, origin: "seeded", sla_area: null }).returning("id").executeTakeFirstOrThrow()).id;
}

function surveyForm(status = "draft"): Record<string, string> {
  return {
    intent: "save",
    "title.ko": "설문",
    "title.en": "Survey",
    "intro.ko": "",
    "intro.en": "",
    status,
    closesAt: "",
    responseLimit: "",
    "questions.0.id": "",
    "questions.0.type": "nps",
    "questions.0.required": "on",
    "questions.0.page": "1",
    "questions.0.prompt.ko": "추천하시겠습니까?",
    "questions.0.prompt.en": "Would you recommend us?",
    "questions.0.whyPrompt.ko": "",
    "questions.0.whyPrompt.en": "",
    "questions.0.options.ko": "",
    "questions.0.options.en": "",
  };
}

type Scenario = {
  route: string;
  intent: string;
  prepare: () => Promise<{ url: string; form: Record<string, string | string[]> }>;
  audit: string[];
  /** Sent as multipart/form-data, its `file` field as a CSV file (uploads). */
  multipart?: boolean;
};

function post(scenario: Scenario, url: string, form: Record<string, string | string[]>) {
  if (!scenario.multipart) return admin.post(url, form, en);
  const body = new FormData();
  for (const [key, value] of Object.entries(form)) {
    for (const v of ([] as string[]).concat(value)) {
      if (key === "file") body.append(key, new Blob([v], { type: "text/csv" }), "audit.csv");
      else body.append(key, v);
    }
  }
  return admin.request(url, { method: "POST", body, ...en });
}

/** A feedback import waiting for its mapping (uploaded through the page, like a person would). */
async function uploadedImport(): Promise<string> {
  const res = await post({ route: "", intent: "", prepare: async () => ({ url: "", form: {} }), audit: [], multipart: true }, "/app/imports", {
    kind: "reviews",
    encoding: "auto",
    file: "id,text\n1,Audit probe\n",
  });
  if (res.status !== 303) throw new Error(`upload failed: ${res.status}`);
  return res.headers.get("location")!.split("/").pop()!;
}
const importMapping = { "map.text": "1", "map.externalId": "0", scale: "stars", fixedSourceName: "Audit", encoding: "auto" };

const scenarios: Scenario[] = [
  {
    route: "app.accounts.new",
    intent: "",
    prepare: async () => ({
      url: "/app/accounts/new",
      form: { name: `Audit ${crypto.randomUUID().slice(0, 8)}`, tier: "gold", region: "kr", plan: "annual", locale: "ko", monthlyFee: "1000", contractStart: "", renewalDate: "", "contacts.0.name": "", "contacts.0.email": "", "contacts.0.locale": "ko" },
    }),
    audit: ["account.create"],
  },
  {
    route: "app.accounts.$accountId.edit",
    intent: "",
    prepare: async () => ({
      url: `/app/accounts/${accountId}/edit`,
      form: { name: "Acme", tier: "enterprise", region: "kr", plan: "annual", locale: "ko", monthlyFee: "2000", contractStart: "", renewalDate: "", "contacts.0.name": "Ops", "contacts.0.email": "ops@acme.test", "contacts.0.locale": "en" },
    }),
    audit: ["account.update"],
  },
  {
    route: "app.accounts.import",
    intent: "",
    prepare: async () => ({
      url: "/app/accounts/import",
      form: {
        intent: "import",
        csv: `name,tier,region,plan,locale,fee\nImported ${crypto.randomUUID().slice(0, 8)},gold,kr,annual,ko,1000`,
        mapped: "1",
        "map.name": "0",
        "map.tier": "1",
        "map.region": "2",
        "map.plan": "3",
        "map.locale": "4",
        "map.monthlyFee": "5",
      },
    }),
    audit: ["account.import"],
  },
  { route: "app.surveys.$surveyId.manage", intent: "", prepare: async () => ({ url: `/app/surveys/${(await createTestSurvey(app.db, { status: "draft" })).id}/manage`, form: { intent: "duplicate" } }), audit: ["survey.duplicate"] },
  { route: "app.themes._index", intent: "", prepare: async () => ({ url: "/app/themes", form: { sources: "import" } }), audit: ["theme.discovery_start"] },
  {
    route: "app.themes.new",
    intent: "",
    prepare: async () => ({ url: "/app/themes/new", form: { name: `Slow ${crypto.randomUUID().slice(0, 8)}`, slaArea: "response_speed", examples: "a\nb\nc\nd\ne" } }),
    audit: ["theme.create"],
  },
  {
    route: "app.themes.$themeId",
    intent: "reassign",
    prepare: async () => {
      const themeId = await newTheme();
      const item = await app.db.insertInto("feedback_items").values({ source: "import", text: "slow reply", language: "en" }).returning("id").executeTakeFirstOrThrow();
      return { url: `/app/themes/${themeId}`, form: { intent: "reassign", itemId: item.id, themeId } };
    },
    audit: ["theme.reassign"],
  },
  { route: "app.themes.$themeId", intent: "example", prepare: async () => ({ url: `/app/themes/${await newTheme()}`, form: { intent: "example", text: "They never call back." } }), audit: ["theme.example"] },
  { route: "app.themes.runs.$runId", intent: "accept", prepare: async () => ({ url: (await doneRun()).url, form: { intent: "accept", candidate: "d1" } }), audit: ["theme.candidate_accept"] },
  { route: "app.themes.runs.$runId", intent: "rename", prepare: async () => ({ url: (await doneRun()).url, form: { intent: "rename", candidate: "d1", label: `Renamed ${crypto.randomUUID().slice(0, 8)}` } }), audit: ["theme.candidate_rename"] },
  { route: "app.themes.runs.$runId", intent: "merge", prepare: async () => ({ url: (await doneRun()).url, form: { intent: "merge", candidate: "d2", into: "candidate:d1" } }), audit: ["theme.candidate_merge"] },
  { route: "app.themes.runs.$runId", intent: "split", prepare: async () => ({ url: (await doneRun()).url, form: { intent: "split", candidate: "d1" } }), audit: ["theme.candidate_split"] },
  { route: "app.themes.runs.$runId", intent: "dismiss", prepare: async () => ({ url: (await doneRun()).url, form: { intent: "dismiss", candidate: "d2" } }), audit: ["theme.candidate_dismiss"] },
  { route: "app.themes.runs.$runId", intent: "cancel", prepare: async () => ({ url: (await doneRun("queued")).url, form: { intent: "cancel" } }), audit: ["theme.discovery_cancel"] },
  { route: "app.cases.new", intent: "", prepare: async () => ({ url: "/app/cases/new", form: { source: "manual", accountId, priority: "p2", title: "New", description: "" } }), audit: ["case.open"] },
  { route: "app.cases.$caseId", intent: "status", prepare: async () => ({ url: `/app/cases/${await newCase()}`, form: { intent: "status", status: "in_progress", body: "" } }), audit: ["case.status"] },
  { route: "app.cases.$caseId", intent: "first_response", prepare: async () => ({ url: `/app/cases/${await newCase()}`, form: { intent: "first_response", body: "We are on it." } }), audit: ["case.first_response"] },
  { route: "app.cases.$caseId", intent: "progress_update", prepare: async () => ({ url: `/app/cases/${await newCase()}`, form: { intent: "progress_update", body: "Still on it.", to: "" } }), audit: ["case.progress_update"] },
  { route: "app.cases.$caseId", intent: "note", prepare: async () => ({ url: `/app/cases/${await newCase()}`, form: { intent: "note", body: "Called them." } }), audit: ["case.note"] },
  { route: "app.cases.$caseId", intent: "follow_up", prepare: async () => ({ url: `/app/cases/${await newCase()}`, form: { intent: "follow_up" } }), audit: ["case.follow_up"] },
  { route: "app.cases.$caseId", intent: "owner", prepare: async () => ({ url: `/app/cases/${await newCase()}`, form: { intent: "owner", ownerId: adminId } }), audit: ["case.owner"] },
  {
    route: "app.measurements._index",
    intent: "",
    prepare: async () => {
      const { slaId } = await newSla();
      const { service } = await app.db.selectFrom("slas").select("service").where("id", "=", slaId).executeTakeFirstOrThrow();
      return { url: "/app/measurements", form: { csv: `service,window_start,window_end,good_minutes,total_minutes\n${service},2026-10-01 00:00,2026-10-02 00:00,1440,1440` } };
    },
    audit: ["measurements.import"],
  },
  { route: "app.imports._index", intent: "", multipart: true, prepare: async () => ({ url: "/app/imports", form: { kind: "reviews", encoding: "auto", file: "id,text\n1,Upload probe\n" } }), audit: ["import.upload"] },
  { route: "app.imports.$importId", intent: "preview", prepare: async () => ({ url: `/app/imports/${await uploadedImport()}`, form: { ...importMapping, intent: "preview" } }), audit: ["import.map"] },
  // The job is queued in the same transaction (no worker runs in this file, so it stays queued).
  { route: "app.imports.$importId", intent: "start", prepare: async () => ({ url: `/app/imports/${await uploadedImport()}`, form: { ...importMapping, intent: "start" } }), audit: ["import.map", "import.start"] },
  { route: "app.imports.$importId", intent: "cancel", prepare: async () => ({ url: `/app/imports/${await uploadedImport()}`, form: { intent: "cancel" } }), audit: ["import.cancel"] },
  { route: "app.slas.new", intent: "", prepare: async () => ({ url: "/app/slas/new", form: { "name.ko": "골드", "name.en": "Gold", service: `svc-${crypto.randomUUID().slice(0, 8)}`, tiers: "gold", tiersOther: "" } }), audit: ["sla.create"] },
  { route: "app.slas.$slaId._index", intent: "followUp", prepare: async () => ({ url: `/app/slas/${(await newSla()).slaId}`, form: { _intent: "followUp" } }), audit: ["sla.follow_up"] },
  { route: "app.slas.$slaId._index", intent: "links", prepare: async () => ({ url: `/app/slas/${(await newSla(true)).slaId}`, form: { _intent: "links" } }), audit: ["sla.links"] },
  {
    route: "app.slas.$slaId._index",
    intent: "save",
    prepare: async () => ({ url: `/app/slas/${(await newSla()).slaId}`, form: { "name.ko": "이름", "name.en": "Renamed", service: `svc-${crypto.randomUUID().slice(0, 8)}`, tiers: "enterprise", tiersOther: "" } }),
    audit: ["sla.update"],
  },
  {
    route: "app.slas.$slaId.versions.$versionId",
    intent: "save",
    prepare: async () => {
      const { sla } = await models();
      return { url: (await newSla()).url, form: { ...versionFormValues(sla.defaultVersionInput()), _intent: "save", noticePeriodDays: "45" } };
    },
    audit: ["sla_version.update"],
  },
  {
    route: "app.slas.$slaId.versions.$versionId",
    intent: "publish",
    prepare: async () => ({ url: (await newSla()).url, form: { _intent: "publish", effectiveFrom: localDateAfter(new Date(), 1, "Asia/Seoul") } }),
    audit: ["sla_version.publish"],
  },
  {
    route: "app.reviews.$meetingId_.amend",
    intent: "",
    prepare: async () => {
      const { slaId } = await newSla(true);
      const { meetingId } = await insertDecidedMeeting(app.db, {
        slaId,
        userId: adminId,
        proposals: [{ change: { kind: "review_cadence", from: "quarterly", to: "monthly" }, rationale: "Meet more often." }],
      });
      return { url: `/app/reviews/${meetingId}/amend`, form: {} };
    },
    audit: ["sla_version.amend"],
  },
  {
    route: "app.notices.$noticeId.resend",
    intent: "",
    prepare: async () => {
      const { sla } = await models();
      const { slaId } = await newSla(true);
      const { meetingId } = await insertDecidedMeeting(app.db, {
        slaId,
        userId: adminId,
        proposals: [{ change: { kind: "review_cadence", from: "quarterly", to: "monthly" }, rationale: "Meet more often." }],
      });
      const { composeAmendment } = await import("../../app/models/amendment.server");
      const { versionId } = await composeAmendment(meetingId, adminId);
      await sla.publishVersion(adminId, versionId, new Date(Date.now() + 40 * 86_400_000));
      const notice = await app.db.selectFrom("notices").select("id").where("sla_version_id", "=", versionId).executeTakeFirstOrThrow();
      return { url: `/app/notices/${notice.id}/resend`, form: {} };
    },
    audit: ["notice.resend"],
  },
  { route: "app.slas.$slaId.versions.$versionId", intent: "newDraft", prepare: async () => ({ url: (await newSla(true)).url, form: { _intent: "newDraft" } }), audit: ["sla_version.draft"] },
  {
    route: "app.slas.$slaId.versions.$versionId",
    intent: "discard",
    prepare: async () => {
      const { sla } = await models();
      const published = await newSla(true);
      const draft = await sla.newDraftFrom(adminId, published.versionId);
      return { url: `/app/slas/${published.slaId}/versions/${draft}`, form: { _intent: "discard" } };
    },
    audit: ["sla_version.discard"],
  },
  {
    // A row added to the form is the form's business: nothing stored, nothing audited.
    route: "app.slas.$slaId.versions.$versionId",
    intent: "add:calendar.slots",
    prepare: async () => {
      const { sla } = await models();
      return { url: (await newSla()).url, form: { ...versionFormValues(sla.defaultVersionInput()), _intent: "add:calendar.slots" } };
    },
    audit: [],
  },
  {
    route: "app.reviews.$meetingId.proposals.new",
    intent: "create",
    prepare: async () => {
      const { meetingId } = await createTestMeeting(app.db, { userId: adminId });
      return {
        url: `/app/reviews/${meetingId}/proposals/new`,
        form: { intent: "create", kind: "time_target", objective: "first_response", priority: "p1", toMinutes: "30", rationale: "Faster first answers.", cases: "" },
      };
    },
    audit: ["proposal.create"],
  },
  {
    route: "app.reviews.$meetingId.proposals.new",
    intent: "draft",
    prepare: async () => {
      const { meetingId } = await createTestMeeting(app.db, { userId: adminId, pack: { reviewEvidence: availabilityShortfallEvidence() } });
      return { url: `/app/reviews/${meetingId}/proposals/new`, form: { intent: "draft" } };
    },
    audit: ["proposal.draft"],
  },
  {
    route: "app.reviews.$meetingId.proposals.$proposalId",
    intent: "vote",
    prepare: async () => {
      const { meetingId } = await createTestMeeting(app.db, { userId: adminId, attendees: [adminId], quorum: 2 });
      const p = await insertTestProposal(app.db, meetingId, adminId);
      return { url: `/app/reviews/${meetingId}/proposals/${p}`, form: { intent: "vote", choice: "approve", comment: "" } };
    },
    audit: ["proposal.vote"],
  },
  {
    // The vote that reaches the quorum decides the proposal and, as it was the last open one, the meeting.
    route: "app.reviews.$meetingId.proposals.$proposalId",
    intent: "vote",
    prepare: async () => {
      const { meetingId } = await createTestMeeting(app.db, { userId: adminId, attendees: [adminId], quorum: 1 });
      const p = await insertTestProposal(app.db, meetingId, adminId);
      return { url: `/app/reviews/${meetingId}/proposals/${p}`, form: { intent: "vote", choice: "reject", comment: "Not now." } };
    },
    audit: ["proposal.vote", "proposal.decide", "review.decided"],
  },
  {
    route: "app.reviews.$meetingId.proposals.$proposalId",
    intent: "withdraw",
    prepare: async () => {
      const { meetingId } = await createTestMeeting(app.db, { userId: adminId });
      const p = await insertTestProposal(app.db, meetingId, adminId);
      return { url: `/app/reviews/${meetingId}/proposals/${p}`, form: { intent: "withdraw" } };
    },
    audit: ["proposal.withdraw"],
  },
  { route: "app.surveys.new", intent: "", prepare: async () => ({ url: "/app/surveys/new", form: surveyForm() }), audit: ["survey.create"] },
  {
    route: "app.surveys.$surveyId.edit",
    intent: "",
    prepare: async () => {
      const survey = await createTestSurvey(app.db, { status: "draft" });
      const form = surveyForm();
      const qs = await app.db.selectFrom("questions").select("id").where("survey_id", "=", survey.id).orderBy("position").limit(1).execute();
      form["questions.0.id"] = qs[0].id;
      return { url: `/app/surveys/${survey.id}/edit`, form };
    },
    audit: ["survey.update"],
  },
  { route: "app.surveys._index", intent: "", prepare: async () => ({ url: "/app/surveys", form: { surveyId: (await createTestSurvey(app.db, { status: "draft" })).id, status: "open" } }), audit: ["survey.status"] },
  {
    route: "app.surveys.$surveyId.links",
    intent: "generate",
    prepare: async () => ({ url: `/app/surveys/${(await createTestSurvey(app.db)).id}/links`, form: { intent: "generate", accountIds: accountId, locale: "en" } }),
    audit: ["links.create"],
  },
  {
    route: "app.surveys.$surveyId.links",
    intent: "invite",
    prepare: async () => {
      await app.db.insertInto("contacts").values({ account_id: accountId, email: `c-${crypto.randomUUID().slice(0, 8)}@acme.test` }).execute();
      return { url: `/app/surveys/${(await createTestSurvey(app.db)).id}/links`, form: { intent: "invite", accountIds: accountId, reminderAfterDays: "3" } };
    },
    audit: ["invitations.send"],
  },
  { route: "app.surveys.$surveyId.links", intent: "publicLocale", prepare: async () => ({ url: `/app/surveys/${(await createTestSurvey(app.db)).id}/links`, form: { intent: "publicLocale", locale: "en" } }), audit: ["links.locale"] },
  { route: "app.reviews.new", intent: "", prepare: async () => ({ url: "/app/reviews/new", form: await meetingForm() }), audit: ["review.schedule"] },
  { route: "app.reviews.$meetingId._index", intent: "notes", prepare: async () => ({ url: `/app/reviews/${await newMeeting()}`, form: { intent: "notes", notes: "Bring the Q4 numbers" } }), audit: ["review.notes"] },
  { route: "app.reviews.$meetingId._index", intent: "open", prepare: async () => ({ url: `/app/reviews/${await newMeeting()}`, form: { intent: "open" } }), audit: ["review.open"] },
  { route: "app.reviews.$meetingId._index", intent: "refresh", prepare: async () => ({ url: `/app/reviews/${await newMeeting(true)}`, form: { intent: "refresh" } }), audit: ["review.refresh"] },
  { route: "app.reviews.$meetingId._index", intent: "close", prepare: async () => ({ url: `/app/reviews/${await newMeeting(true)}`, form: { intent: "close" } }), audit: ["review.close"] },
  { route: "app.reviews.$meetingId._index", intent: "processChange", prepare: async () => ({ url: `/app/reviews/${await newMeeting(true)}`, form: { intent: "processChange", description: "Second on-call engineer in the evening", metric: "first_response:p2", dueOn: "2027-02-01" } }), audit: ["review.processChange"] },
  {
    route: "app.reviews.$meetingId._index",
    intent: "processDone",
    prepare: async () => {
      const id = await newMeeting(true);
      const review = await import("../../app/models/review.server");
      const pc = await review.recordProcessChange(adminId, id, { description: "Evening rota", metric: "availability" });
      return { url: `/app/reviews/${id}`, form: { intent: "processDone", processChangeId: pc, doneOn: "2027-01-20" } };
    },
    audit: ["review.processDone"],
  },
  {
    route: "app.interviews.new",
    intent: "",
    prepare: async () => ({ url: "/app/interviews/new", form: { accountId, heldOn: "2026-11-20", interviewer: "Kim", participants: "", language: "auto", body: "First point.\n\nSecond point." } }),
    audit: ["interview.create"],
  },
  {
    route: "app.interviews.$interviewId.edit",
    intent: "",
    prepare: async () => {
      const { createInterview } = await import("../../app/models/interview.server");
      const { id } = await createInterview(adminId, { accountId: null, heldOn: "2026-11-20", interviewer: "Kim", participants: "", language: "en", body: "First point.\n\nSecond point." });
      return { url: `/app/interviews/${id}/edit`, form: { accountId: "", heldOn: "2026-11-21", interviewer: "Kim", participants: "Lee", language: "en", body: "Second point.\n\nThird point." } };
    },
    audit: ["interview.update"],
  },
  {
    route: "app.interviews.$interviewId._index",
    intent: "",
    prepare: async () => {
      const { createInterview } = await import("../../app/models/interview.server");
      const { id } = await createInterview(adminId, { accountId: null, heldOn: "2026-11-20", interviewer: "Kim", participants: "", language: "en", body: "First point.\n\nSecond point." });
      const items = await app.db.selectFrom("feedback_items").select("id").where("interview_id", "=", id).execute();
      return { url: `/app/interviews/${id}`, form: { passages: items.map((i) => i.id), themeId: "", newTheme: `Theme ${crypto.randomUUID().slice(0, 8)}` } };
    },
    audit: ["interview.highlight"],
  },
  {
    route: "app.settings.sentiment",
    intent: "",
    prepare: async () => {
      // Scored texts whose label only a model trained here can learn: training switches to it.
      const words = ["blorf", "quibble", "zangy"];
      await app.db
        .insertInto("feedback_items")
        .values(words.flatMap((w, k) => Array.from({ length: 140 }, (_, i) => ({ source: "survey" as const, text: `ticket ${i} was ${w}`, language: "en", score: [2, 7, 10][k], score_scale: "nps" as const, segment: "{}" }))))
        .execute();
      return { url: "/app/settings/sentiment", form: { intent: "train" } };
    },
    audit: ["sentiment.train", "sentiment.switch"],
  },
  {
    route: "app.users.new",
    intent: "",
    prepare: async () => ({ url: "/app/users/new", form: { name: "New Person", email: `new-${crypto.randomUUID().slice(0, 8)}@example.test`, role: "analyst" } }),
    audit: ["user.invite"],
  },
  ...(["role", "deactivate", "reactivate", "reset"] as const).map((intent) => ({
    route: "app.users.$userId",
    intent,
    prepare: async () => {
      const user = await insertUser(app.db, "analyst", `${intent}-${crypto.randomUUID().slice(0, 8)}@example.test`);
      if (intent === "reactivate") await app.db.updateTable("users").set({ deactivated_at: new Date() }).where("id", "=", user.id).execute();
      return { url: `/app/users/${user.id}`, form: intent === "role" ? { intent, role: "manager" } : { intent } };
    },
    audit: [({ role: "user.role", deactivate: "user.deactivate", reactivate: "user.reactivate", reset: "user.reset_link" } as const)[intent]],
  })),
  { route: "app.settings._index", intent: "", prepare: async () => ({ url: "/app/settings", form: { orgTimeZone: "Europe/Berlin" } }), audit: ["settings.org_time_zone"] },
  { route: "app.account", intent: "settings", prepare: async () => ({ url: "/app/account", form: { intent: "settings", locale: "en", timeZone: "America/New_York" } }), audit: ["user.settings"] },
  {
    route: "app.account",
    intent: "password",
    prepare: async () => ({ url: "/app/account", form: { intent: "password", current: PASSWORD, password: "a new password 1", confirm: "a new password 1" } }),
    audit: ["user.password_change"],
  },
  {
    route: "app.users._index",
    intent: "unlock",
    prepare: async () => {
      const user = await insertUser(app.db, "analyst", `locked-${crypto.randomUUID().slice(0, 8)}@example.test`);
      await app.db.insertInto("login_failures").values({ key: `email:${user.email}`, count: 12, first_at: new Date(), last_at: new Date() }).execute();
      return { url: "/app/users", form: { intent: "unlock", userId: user.id } };
    },
    audit: ["user.unlock"],
  },
];

const rowCounts = () => tableRowCounts(app.db);

const lastAuditId = async () => Number((await app.db.selectFrom("audit_events").select((eb) => eb.fn.max("id").as("m")).executeTakeFirstOrThrow()).m ?? 0);

describe("audit completeness", () => {
  it("every staff action route (and each intent the permission table names) has a scenario here", () => {
    const actionRoutes = fs
      .readdirSync(path.join(repoRoot, "app/routes"))
      .map((f) => f.replace(/\.tsx?$/, ""))
      .filter((key) => key.startsWith("app.") && routeAccess[key]?.action);
    const covered = new Set(scenarios.map((s) => s.route));
    expect(actionRoutes.filter((key) => !covered.has(key))).toEqual([]);
    for (const key of actionRoutes) {
      for (const intent of Object.keys(routeAccess[key].intents ?? {})) {
        expect(scenarios.some((s) => s.route === key && s.intent === intent), `${key} ${intent}`).toBe(true);
      }
    }
  });

  it.each(scenarios.map((s) => [`${s.route}${s.intent ? ` (${s.intent})` : ""}`, s] as const))(
    "%s: nothing when its audit row cannot be written, then exactly its audit rows",
    async (_name, scenario) => {
      const { url, form } = await scenario.prepare();
      if (scenario.audit.length) {
        // An audit table that refuses every row: the change must roll back with it.
        await sql`CREATE OR REPLACE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$`.execute(app.db);
        await sql`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_audit()`.execute(app.db);
        try {
          const before = await rowCounts();
          const failed = await post(scenario, url, form);
          await failed.arrayBuffer();
          expect(failed.status, "the action fails").toBeGreaterThanOrEqual(500);
          expect(await rowCounts()).toEqual(before);
        } finally {
          await sql`DROP TRIGGER refuse_audit ON audit_events`.execute(app.db);
        }
      }
      const from = await lastAuditId();
      const res = await post(scenario, url, form);
      await res.arrayBuffer();
      expect(res.status, "the action succeeds").toBeLessThan(400);
      const rows = await app.db.selectFrom("audit_events").select(["action", "user_id"]).where("id", ">", String(from)).orderBy("id").execute();
      expect(rows).toEqual(scenario.audit.map((action) => ({ action, user_id: adminId })));
    },
  );
});

describe("the audit log page", () => {
  beforeAll(async () => {
    // Times below are read in UTC: the admin's own zone says so (scenarios above may have changed it).
    await app.db.updateTable("users").set({ time_zone: "UTC" }).where("id", "=", adminId).execute();
    // The My settings scenario chose a language (a cookie); these requests choose theirs by header.
    admin.cookie = admin.cookie.split("; ").filter((c) => !c.startsWith("lang=")).join("; ");
    await app.db
      .insertInto("audit_events")
      .values(Array.from({ length: 60 }, (_, i) => ({ user_id: null, action: "test.bulk", target_type: "probe", target_id: `p-${i}`, detail: "{}", at: new Date(Date.UTC(2026, 0, 15, 0, i)) })))
      .execute();
  });
  const rowsOf = (html: string) => (html.match(/<tr><td style="white-space:nowrap"><time/g) ?? []).length;

  it("filters by action, actor, entity and UTC day range, 50 to a page, newest first", async () => {
    const first = await (await admin.get("/app/audit?action=test.bulk&actor=system&entity=probe&from=2026-01-15&to=2026-01-15", en)).text();
    expect(first).toContain("Events: 60");
    expect(rowsOf(first)).toBe(50);
    expect(first).toContain("Page 1 of 2");
    expect(first.indexOf("p-59")).toBeLessThan(first.indexOf("p-10"));
    const second = await (await admin.get("/app/audit?action=test.bulk&from=2026-01-15&to=2026-01-15&page=2", en)).text();
    expect(rowsOf(second)).toBe(10);
    expect(second).toContain("2026-01-15 00:09");
    const before = await (await admin.get("/app/audit?action=test.bulk&to=2026-01-14", en)).text();
    expect(before).toContain("No events match these filters.");
    const mine = await (await admin.get(`/app/audit?actor=${adminId}&action=test.bulk`, en)).text();
    expect(mine).toContain("Events: 0");
    const one = await (await admin.get("/app/audit?entity=probe&entityId=p-7", en)).text();
    expect(rowsOf(one)).toBe(1);
  });

  it("a bad filter is a 400 with the message in the user's language, not a 500", async () => {
    const bad = await admin.get("/app/audit?from=2026-13-45&actor=nobody&page=x", { headers: { "Accept-Language": "ko" } });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("필터 값을 확인해 주세요.");
    expect(html).toContain("날짜 형식이 아닙니다.");
  });
});
