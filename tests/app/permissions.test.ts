import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../db/schema";
import { routeAccess, type Access } from "../../app/utils/permissions";
import { Client, startTestApp, type TestApp } from "../support/app";
import { repoRoot } from "../support/env";
import { createTestSurvey, insertUser, PASSWORD } from "../support/fixtures";
import { createTestMeeting, insertTestProposal } from "../support/review-fixtures";

// Every route file x {loader, action} x {anonymous, each role}, over HTTP, from the table in
// app/utils/permissions.ts. A route file missing from the table fails here.
const routesDir = path.join(repoRoot, "app/routes");
const routeFiles = fs.readdirSync(routesDir).filter((f) => /\.tsx?$/.test(f));
const routeKey = (file: string) => file.replace(/\.tsx?$/, "");
const roles: Role[] = ["admin", "manager", "analyst"];

let app: TestApp;
const clients = {} as Record<Role, Client>;
let urls: Record<string, string>;

beforeAll(async () => {
  app = await startTestApp();
  for (const role of roles) {
    await insertUser(app.db, role);
    clients[role] = new Client(app.url);
    await clients[role].signIn(`${role}@example.test`, PASSWORD);
  }
  const admin = await app.db.selectFrom("users").select("id").where("role", "=", "admin").executeTakeFirstOrThrow();
  const survey = await createTestSurvey(app.db);
  const sla = await import("../../app/models/sla.server");
  const created = await sla.createSla(admin.id, { name: { ko: "SLA", en: "SLA" }, service: "perm-svc", tiers: ["enterprise"] }, sla.defaultVersionInput());
  // Published, so intents on it answer 409 (or make a new draft) after the role check, never delete it.
  await sla.publishVersion(admin.id, created.versionId, new Date("2026-01-01T00:00:00Z"));
  const account = await app.db.insertInto("accounts").values({ name: "Acme", email: null, tier: "enterprise", region: "kr", plan: "annual" }).returning("id").executeTakeFirstOrThrow();
  const { createInterview } = await import("../../app/models/interview.server");
  const interview = await createInterview(admin.id, { accountId: account.id, heldOn: "2026-11-20", interviewer: "I", participants: "", language: "en", body: "One passage." });
  const { openCase } = await import("../../app/models/case.server");
  const kase = await openCase(admin.id, { source: "manual", accountId: account.id, priority: "p2", title: "Probe", description: "" });
  const theme = await app.db.insertInto("themes").values({ name: "Probe theme", origin: "seeded", sla_area: null }).returning("id").executeTakeFirstOrThrow();
  const run = await app.db.insertInto("discovery_runs").values({ filters: "{}", status: "done" }).returning("id").executeTakeFirstOrThrow();
  const manager = await app.db.selectFrom("users").select("id").where("role", "=", "manager").executeTakeFirstOrThrow();
  // An open meeting whose attendees are the admin and the manager, so a vote is refused only by role.
  const review = await createTestMeeting(app.db, { userId: admin.id, attendees: [admin.id, manager.id], quorum: 2 });
  const proposal = await insertTestProposal(app.db, review.meetingId, admin.id);
  urls = {
    _index: "/",
    $: "/no-such-page",
    healthz: "/healthz",
    lang: "/lang",
    login: "/login",
    logout: "/logout",
    "s.$token": `/s/${survey.token}`,
    "s.$token_.thanks": `/s/${survey.token}/thanks`,
    "sla.$token": "/sla/no-such-share-token",
    "sla.$token_.notices.$noticeId": `/sla/no-such-share-token/notices/${crypto.randomUUID()}`,
    // No such meeting or notice: the role check comes first, then a 404.
    "app.reviews.$meetingId_.amend": `/app/reviews/${crypto.randomUUID()}/amend`,
    "app.notices.$noticeId.resend": `/app/notices/${crypto.randomUUID()}/resend`,
    app: "/app",
    "app._index": "/app",
    "app.$": "/app/no-such-page",
    "app.audit": "/app/audit",
    "app.users._index": "/app/users",
    "app.users.new": "/app/users/new",
    "app.users.$userId": `/app/users/${crypto.randomUUID()}`,
    "set-password.$token": "/set-password/no-such-token",
    "app.settings._index": "/app/settings",
    "app.account": "/app/account",
    "app.accounts._index": "/app/accounts",
    "app.accounts.new": "/app/accounts/new",
    "app.accounts.import": "/app/accounts/import",
    "app.accounts.$accountId._index": `/app/accounts/${account.id}`,
    "app.accounts.$accountId.edit": `/app/accounts/${account.id}/edit`,
    "app.responses.$responseId": `/app/responses/${crypto.randomUUID()}`,
    "app.surveys.$surveyId.manage": `/app/surveys/${survey.id}/manage`,
    "app.surveys.$surveyId.preview": `/app/surveys/${survey.id}/preview`,
    "app.cases._index": "/app/cases",
    "app.cases.new": "/app/cases/new",
    "app.cases.$caseId": `/app/cases/${kase.id}`,
    "app.measurements._index": "/app/measurements",
    "app.imports._index": "/app/imports",
    "app.imports.$importId": `/app/imports/${crypto.randomUUID()}`,
    "app.imports.$importId[.errors.csv]": `/app/imports/${crypto.randomUUID()}.errors.csv`,
    "app.reports._index": "/app/reports",
    "app.reports.csv": "/app/reports/csv",
    "app.responses._index": "/app/responses",
    "app.responses[.csv]": "/app/responses.csv",
    "app.slas._index": "/app/slas",
    "app.slas.new": "/app/slas/new",
    "app.slas.$slaId._index": `/app/slas/${created.slaId}`,
    "app.slas.$slaId.compare": `/app/slas/${created.slaId}/compare`,
    "app.slas.$slaId.versions.$versionId": `/app/slas/${created.slaId}/versions/${created.versionId}`,
    "app.reviews.$meetingId.proposals.new": `/app/reviews/${review.meetingId}/proposals/new`,
    "app.reviews.$meetingId.proposals.$proposalId": `/app/reviews/${review.meetingId}/proposals/${proposal}`,
    "app.surveys._index": "/app/surveys",
    "app.surveys.new": "/app/surveys/new",
    "app.surveys.$surveyId._index": `/app/surveys/${survey.id}`,
    "app.surveys.$surveyId.edit": `/app/surveys/${survey.id}/edit`,
    "app.surveys.$surveyId.links": `/app/surveys/${survey.id}/links`,
    "app.surveys.$surveyId.links[.csv]": `/app/surveys/${survey.id}/links.csv`,
    // A meeting that does not exist: every role check runs first, then a 404 (no PDF is printed here).
    "app.reviews._index": "/app/reviews",
    "app.reviews.new": "/app/reviews/new",
    "app.reviews.$meetingId._index": `/app/reviews/${crypto.randomUUID()}`,
    "app.reviews.$meetingId.pack": `/app/reviews/${crypto.randomUUID()}/pack`,
    "app.reviews.$meetingId.pack[.csv]": `/app/reviews/${crypto.randomUUID()}/pack.csv`,
    "app.reviews.$meetingId.pack[.pdf]": `/app/reviews/${crypto.randomUUID()}/pack.pdf`,
    "app.feedback._index": "/app/feedback",
    "app.interviews._index": "/app/interviews",
    "app.interviews.new": "/app/interviews/new",
    "app.interviews.$interviewId._index": `/app/interviews/${interview.id}`,
    "app.interviews.$interviewId.edit": `/app/interviews/${interview.id}/edit`,
    "app.settings.sentiment": "/app/settings/sentiment",
    "app.themes._index": "/app/themes",
    "app.themes.new": "/app/themes/new",
    "app.themes.$themeId": `/app/themes/${theme.id}`,
    "app.themes.runs.$runId": `/app/themes/runs/${run.id}`,
  };
});
afterAll(async () => app?.close());

const toLogin = (res: Response) => res.status === 302 && (res.headers.get("location") ?? "").startsWith("/login?redirectTo=");

/** What one request got, in words a failure message can show. */
const outcome = (res: Response) => (toLogin(res) ? "sign-in" : res.status === 403 ? "403" : `allowed (${res.status})`);

async function checkCell(key: string, kind: "loader" | "action", access: Access, intent?: string) {
  const url = urls[key];
  const send = (client: Client) =>
    kind === "loader" ? client.get(url) : client.post(url, intent ? { _intent: intent, intent } : { probe: "1" });
  const anonymous = await send(new Client(app.url));
  await anonymous.arrayBuffer();
  if (access === "public") {
    expect(outcome(anonymous), `${key} ${kind} anonymous`).toMatch(/^allowed/);
    // Public actions (sign-out, language) are not replayed as staff: they would end the sessions used here.
    return;
  }
  expect(outcome(anonymous), `${key} ${kind} anonymous`).toBe("sign-in");
  for (const role of roles) {
    const res = await send(clients[role]);
    await res.arrayBuffer();
    const want = access.includes(role) ? "allowed" : "403";
    expect(outcome(res).replace(/ \(\d+\)$/, ""), `${key} ${kind}${intent ? ` ${intent}` : ""} as ${role}: ${outcome(res)}`).toBe(want);
    expect(res.status, `${key} ${kind}${intent ? ` ${intent}` : ""} as ${role}`).toBeLessThan(500);
  }
}

describe("the route x role table", () => {
  it("lists every route file, and says loader/action exactly for the ones each exports", () => {
    const keys = routeFiles.map(routeKey).sort();
    expect(Object.keys(routeAccess).sort()).toEqual(keys);
    for (const file of routeFiles) {
      const source = fs.readFileSync(path.join(routesDir, file), "utf8");
      const exports = (name: string) => new RegExp(`export (async function|const|function) ${name}\\b`).test(source);
      const rule = routeAccess[routeKey(file)];
      expect({ loader: exports("loader"), action: exports("action") }, file).toEqual({ loader: !!rule.loader, action: !!rule.action });
    }
  });

  it("every staff loader and action starts with requireRole, with the set the table names", () => {
    for (const file of routeFiles) {
      const rule = routeAccess[routeKey(file)];
      const source = fs.readFileSync(path.join(routesDir, file), "utf8");
      for (const kind of ["loader", "action"] as const) {
        const access = rule[kind];
        if (!access || access === "public") continue;
        const body = source.slice(source.indexOf(`export async function ${kind}(`));
        const first = body
          .split("\n")
          .slice(1)
          .find((line) => line.trim() && !line.trim().startsWith("//"))!;
        expect(first, `${file} ${kind}`).toMatch(/^\s+(const \w+ = |return \{ user: )?await requireRole\(request, [A-Z_]+\)/);
      }
    }
  });

  it.each(routeFiles.map(routeKey))("%s: each cell holds over HTTP", async (key) => {
    const rule = routeAccess[key];
    expect(urls[key], `a URL for ${key} in this test`).toBeTruthy();
    if (rule.loader) await checkCell(key, "loader", rule.loader);
    if (rule.action && !rule.intents) await checkCell(key, "action", rule.action);
    for (const [intent, allowed] of Object.entries(rule.intents ?? {})) await checkCell(key, "action", allowed, intent);
  });
});
