import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../support/app";
import { startAppProcess, type AppProcess } from "../support/app-process";
import { repoRoot } from "../support/env";
import { PASSWORD, type createTestSurvey } from "../support/fixtures";
import { startHealthzProbe } from "../support/healthz-probe";
import { formatLoopReport } from "../support/loop-delay";

/**
 * Property-based fuzz of every route file: public ones anonymously, staff ones signed in as admin.
 * Inputs: odd query strings, forms with repeated keys, huge values (under the body limits), NUL
 * and other control characters, invalid UTF-8 as raw bytes, multipart bodies. Properties: never a
 * 5xx; a 4xx writes no row in any table; /healthz, timed concurrently, answers within 100 ms.
 * The server runs in a child process and /healthz is timed from a worker thread, so neither the
 * generator's work nor this process's garbage collection is counted against the server; the
 * server's own event-loop delay and GC pauses are printed beside the figures.
 *
 *   npm run fuzz                       10,000 inputs (FUZZ_RUNS), prints the figures
 *   npm test                           FUZZ_RUNS defaults to 100 here, and /healthz must answer
 *                                      within 2 s (a stall detector: the suite's other files load
 *                                      the machine); FUZZ_HEALTHZ_MS sets the bound
 *   FUZZ_PROGRESS=file                 appends a progress line every 250 requests
 *   FUZZ_WRONG_CONTENT_TYPES=0         leaves out JSON, text/plain, no or broken multipart
 *                                      boundary (on by default: the server answers them 415/400)
 *   FUZZ_SEED=n                        replay a run
 *   FUZZ_CPU_PROF=dir                  writes a CPU profile of the server process there
 */
const runs = Number(process.env.FUZZ_RUNS ?? 100);
// On by default now that the server answers these itself (415/400, app/server.ts); =0 turns them off.
const wrongContentTypes = process.env.FUZZ_WRONG_CONTENT_TYPES !== "0";
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const healthzLimitMs = Number(process.env.FUZZ_HEALTHZ_MS ?? (process.env.FUZZ_RUNS ? 100 : 2000));

let app: AppProcess;
let admin: Client;
const ids: Record<string, string[]> = {};

/** Flat route file names -> URL templates ($param placeholders), as tests/app/no-500.test.ts. */
function routeTemplates(): string[] {
  return fs
    .readdirSync(path.join(repoRoot, "app/routes"))
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => f.replace(/\.tsx?$/, ""))
    .map((r) =>
      r === "_index"
        ? "/"
        : "/" +
          r
            // Escaped text ("[.csv]", "[.errors.csv]") keeps its dots; every other dot is a slash.
            .replace(/\[([^\]]+)\]/g, (_m, text: string) => text.replace(/\./g, "\u0000"))
            .split(".")
            .filter((seg) => seg !== "_index")
            .map((seg) => seg.replace(/_$/, "").replace(/\u0000/g, "."))
            .join("/"),
    );
}

beforeAll(async () => {
  // Submissions from one address would soon meet the respond rate limit; that is tested elsewhere.
  process.env.RESPOND_LIMIT_PER_ADDRESS = "1000000";
  process.env.RESPOND_LIMIT_PER_LINK = "1000000";
  app = await startAppProcess({ cpuProfileDir: process.env.FUZZ_CPU_PROF });
  await app.call("insertUser", "admin");
  admin = new Client(app.url);
  await admin.signIn("admin@example.test", PASSWORD);
  const survey = await app.call<Awaited<ReturnType<typeof createTestSurvey>>>("createTestSurvey", { twoPages: true });
  const [account] = await app.call<{ id: string }[]>(
    "query",
    "INSERT INTO accounts (name, tier, region, plan, locale) VALUES ($1, 'enterprise', 'kr', 'pro', 'ko') RETURNING id",
    ["한빛"],
  );
  const created = await admin.post("/app/slas/new", { "name.ko": "표준", "name.en": "Standard", service: "cloud", tiers: "enterprise", tiersOther: "" });
  const [, slaId, versionId] = /\/app\/slas\/([^/]+)\/versions\/([^/?]+)/.exec(created.headers.get("location") ?? "")!;
  await admin.post(`/app/slas/${slaId}`, { _intent: "links" });
  const [share] = await app.call<{ token: string }[]>("query", "SELECT token FROM sla_shares");
  const opened = await admin.post("/app/cases/new", { accountId: account.id, priority: "p2", title: "Slow" });
  const caseId = /\/app\/cases\/([^/?]+)/.exec(opened.headers.get("location") ?? "")?.[1] ?? crypto.randomUUID();
  const interview = await admin.post("/app/interviews/new", { accountId: account.id, heldOn: "2026-11-02", interviewer: "Kim", participants: "Lee", language: "ko", body: "지원 응답이 느립니다.\n\n진행 상황을 알려 주세요." });
  const interviewId = /\/app\/interviews\/([^/?]+)/.exec(interview.headers.get("location") ?? "")?.[1] ?? crypto.randomUUID();
  const [theme] = await app.call<{ id: string }[]>("query", "INSERT INTO themes (name, origin) VALUES ('응답 속도', 'seeded') RETURNING id");
  const [user] = await app.call<{ id: string }[]>("query", "SELECT id FROM users LIMIT 1");
  Object.assign(ids, {
    accountId: [account.id],
    interviewId: [interviewId],
    themeId: [theme.id],
    userId: [user.id],
    surveyId: [survey.id],
    token: [survey.token, share.token, "demo"],
    slaId: [slaId],
    versionId: [versionId],
    caseId: [caseId],
    question: [survey.nps, survey.choice, survey.text],
    account: [account.id],
  });
}, 120_000);
afterAll(async () => app?.close());

// ---- generators ---------------------------------------------------------------------------

const junkIds = ["not-a-uuid", "%00", "-".repeat(36), "0", "9".repeat(40), "%E2%80%AE%ED%95%9C", "%FF%FE"];
const controlChar = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
const oddString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.tuple(fc.string({ maxLength: 5 }), controlChar, fc.string({ maxLength: 5 })).map(([a, c, b]) => a + c + b),
  fc.constantFrom("\u0000", "10\u0000", " 9 ", "\u3000", "\t", "\r\n", "-1", "1e309", "NaN", "on", "true", "2026-02-31", "9999-12-31", "<script>", "'; drop table users;--", "__proto__", "constructor"),
);
const value = (qids: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: oddString },
    { weight: 2, arbitrary: fc.constantFrom("0", "5", "10", "support", "price", "p1", "p2", "open", "closed", "draft", "ko", "en", "2026-12-31", "09:00", "18:00", "Asia/Seoul", "99.5", "x@example.test") },
    { weight: 1, arbitrary: fc.constantFrom(...qids, crypto.randomUUID(), ...(ids.account ?? [])) },
    // Ids that look like ids to a loose check: where a form names a record (hidden fields, merge targets).
    { weight: 1, arbitrary: fc.constantFrom(...junkIds, crypto.randomUUID().toUpperCase(), `theme:${"-".repeat(36)}`, `theme:${crypto.randomUUID()}`, "candidate:d1", "CANDIDATE:d1", "candidate:../d1") },
    // Huge, but under every body limit.
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("a", "한", "\u0000", "&", "%"), fc.integer({ min: 1_000, max: 40_000 })).map(([c, n]) => c.repeat(n)) },
  );
const fieldNames = (qids: string[]) =>
  fc.oneof(
    fc.constantFrom(
      "intent", "_intent", "_key", "_page", "_started", "_sig", "h_account", "h_tier", "h_region", "h_plan", "h_ticket",
      "email", "password", "redirectTo", "lang", "locale", "status", "surveyId", "accountIds", "accountId", "expiresAt", "ticket",
      "title", "title.ko", "title.en", "intro.ko", "anonymous", "closesAt", "responseLimit", "addType",
      "questions.0.type", "questions.0.prompt.ko", "questions.0.prompt.en", "questions.0.options.ko", "questions.1.page", "questions.999.id",
      "name.ko", "name.en", "service", "tiers", "tiersOther", "calendar.timezone", "calendar.slots.0.day", "calendar.slots.0.start",
      "calendar.slots.7.end", "calendar.holidays", "noticePeriodDays", "reviewCadence", "remedies.credits.0.below",
      "remedies.credits.0.creditPercent", "objectives.availability.target", "objectives.first_response.p1.target", "changeNote.ko",
      "providerDuties.ko", "effectiveFrom", "priority", "ownerId", "body", "to", "description", "responseId", "feedbackItemId", "csv",
      "tier", "region", "plan", "account", "sig", "into", "candidate", "label", "themeId", "itemId", "itemIds", "text", "examples", "name",
      "slaArea", "unassignedOnly", "sources", "from", "sentiment",
    ),
    fc.constantFrom(...qids.flatMap((q) => [`q_${q}`, `q_${q}_why`])),
    fc.string({ maxLength: 12 }),
  );
const intents = fc.constantFrom("accept", "rename", "merge", "split", "dismiss", "cancel", "reassign", "example", "save", "generate", "publicLocale", "sign", "status", "note", "first_response", "progress_update", "owner", "publish", "newDraft", "discard", "links", "add", "add:calendar.slots", "remove:remedies.credits:0", "up:0", "down:1", "remove:0");

type Body =
  | { kind: "urlencoded"; fields: [string, string][] }
  | { kind: "multipart"; fields: [string, string][] }
  | { kind: "raw"; type: string | null; bytes: number[] };

function bodyArb(qids: string[]): fc.Arbitrary<Body> {
  const fields = fc
    .tuple(
      // At most a few huge values per body: under 200 KB in all.
      fc.array(fc.tuple(fieldNames(qids), value(qids)), { maxLength: 12 }).map((pairs) => {
        let budget = 150_000;
        return pairs.map(([k, v]): [string, string] => {
          const kept = v.slice(0, Math.max(0, budget));
          budget -= kept.length;
          return [k, kept];
        });
      }),
      fc.option(fc.tuple(fc.constantFrom("intent", "_intent"), intents)),
      // One name repeated many times (checkboxes, or an attack).
      fc.option(fc.tuple(fieldNames(qids), value(qids).map((v) => v.slice(0, 20)), fc.integer({ min: 2, max: 3000 }))),
    )
    .map(([pairs, intent, repeated]) => {
      const out: [string, string][] = [...pairs];
      if (intent) out.unshift(intent);
      if (repeated) for (let i = 0; i < repeated[2]; i++) out.push([repeated[0], repeated[1]]);
      return out;
    });
  const kinds: fc.Arbitrary<Body>[] = [
    fields.map((f) => ({ kind: "urlencoded" as const, fields: f })),
    fields.map((f) => ({ kind: "multipart" as const, fields: f })),
    // Invalid UTF-8 and raw percent escapes in a form body.
    fc
      .array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x26, 0x3d, 0x25, 0xff, 0xc3, 0x00)), { maxLength: 400 })
      .map((bytes) => ({ kind: "raw" as const, type: "application/x-www-form-urlencoded", bytes })),
  ];
  if (wrongContentTypes) {
    kinds.push(
      fc
        .tuple(fc.constantFrom("application/json", "text/plain", null, "multipart/form-data", "multipart/form-data; boundary=x"), fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 200 }))
        .map(([type, bytes]) => ({ kind: "raw" as const, type, bytes })),
    );
  }
  return fc.oneof(...kinds);
}

const queryArb = (qids: string[]) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom("lang", "r", "p", "tier", "account", "sig", "dropped", "survey", "from", "to", "status", "page", "sla", "month", "a", "b", "response", "feedbackItem", "redirectTo", "selectTier", "sort", "risk", "priority", "published", "shortNotice", "saved", "done", "imported"), fc.string({ maxLength: 6 })),
        // Short: a request line over Node's 16 KB header limit is refused before the app sees it.
        value(qids).map((v) => v.slice(0, 60)),
      ),
      { maxLength: 5 },
    )
    .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs)}`.replace(/%25(00|0[9AD]|FF)/g, "%$1") : ""));

function fill(template: string, pick: (name: string) => string): string {
  return template.replace(/\$([A-Za-z]+)/g, (_m, name: string) => pick(name));
}

function requestInit(body: Body, headers: Headers): RequestInit {
  if (body.kind === "urlencoded") {
    const p = new URLSearchParams();
    for (const [k, v] of body.fields) p.append(k, v);
    return { method: "POST", body: p, headers };
  }
  if (body.kind === "multipart") {
    const f = new FormData();
    for (const [k, v] of body.fields) f.append(k, v);
    return { method: "POST", body: f, headers };
  }
  if (body.type) headers.set("Content-Type", body.type);
  return { method: "POST", body: Buffer.from(body.bytes), headers };
}

// ---- the properties -----------------------------------------------------------------------

/** Row counts of every table in one statement. */
async function tableCounts(): Promise<Record<string, number>> {
  const counts = await app.call<Record<string, number>>("tableRowCounts");
  // Failed sign-ins are counted on purpose (the login throttle): a 400 that writes by design.
  delete counts.login_failures;
  return counts;
}

describe("fuzz: every route, public and staff", () => {
  it(`${runs} generated requests: no 5xx, no rows written by a 4xx, /healthz fast throughout`, async () => {
    const templates = routeTemplates().filter((t) => t !== "/logout");
    const qids = ids.question;
    const anonymous = new Client(app.url);
    const request = fc.record({
      template: fc.constantFrom(...templates),
      // An index into the real ids of that kind, or a junk id.
      idChoice: fc.oneof({ weight: 4, arbitrary: fc.nat({ max: 9 }) }, { weight: 1, arbitrary: fc.constantFrom(...junkIds) }),
      query: queryArb(qids),
      post: fc.boolean(),
      body: bodyArb(qids),
      staff: fc.boolean(),
      lang: fc.constantFrom("ko", "en", "ko-KR,ko;q=0.9", "xx"),
    });

    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const resets: string[] = [];
    let sent = 0;
    let tried = 0;
    const slowest: [number, string][] = [];
    const heapBefore = await app.call<number>("heapAfterGc");
    await app.call("watchLoop");
    const probe = startHealthzProbe(`${app.url}/healthz`, 50, healthzLimitMs / 2);

    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        // The responses the run itself submitted (hidden fields and all), as their pages' ids.
        if (tried++ % 100 === 0) ids.responseId = (await app.call<{ id: string }[]>("query", "SELECT id FROM responses ORDER BY started_at DESC LIMIT 10")).map((x) => x.id);
        const url = fill(r.template, (name) => (typeof r.idChoice === "string" ? r.idChoice : (ids[name] ?? ["x"])[r.idChoice % (ids[name]?.length ?? 1)])) + r.query;
        // Sign-in and public pages go anonymously (a staff session would skip the sign-in form).
        const client = r.staff && url.startsWith("/app") ? admin : anonymous;
        const headers = new Headers({ "Accept-Language": r.lang });
        const before = r.post ? await tableCounts() : null;
        let res: Response;
        const t0 = performance.now();
        try {
          res = r.post ? await client.request(url, requestInit(r.body, headers)) : await client.request(url, { headers });
          await res.arrayBuffer();
        } catch (e) {
          // A route without an action answers 405 before the body is read and closes the
          // connection; a client still sending sees a reset. Counted; the next request shows
          // whether the server is still there.
          resets.push(`${r.post ? `POST(${r.body.kind})` : "GET"} ${url.slice(0, 120)}: ${(e as Error).cause ?? e}`);
          return true;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const ms = performance.now() - t0;
        slowest.push([ms, `${r.post ? `POST(${r.body.kind}, ${r.body.kind === "raw" ? r.body.bytes.length : r.body.fields.length} fields)` : "GET"} ${url.slice(0, 100)} -> ${res.status}`]);
        slowest.sort((a, b) => b[0] - a[0]).splice(5);
        if (process.env.FUZZ_PROGRESS && ++sent % 250 === 0) {
          const loop = await app.loopReport();
          fs.appendFileSync(process.env.FUZZ_PROGRESS, `${new Date().toISOString()} ${sent} sent; ${JSON.stringify(Object.fromEntries(statuses))}; failures ${failures.length}; resets ${resets.length}; server event loop max ${loop?.max.toFixed(1)} ms; slowest ${slowest[0]?.[0].toFixed(0)} ms ${slowest[0]?.[1]}\n${failures.slice(-3).join("\n")}\n`);
        }
        const what = `${r.post ? `POST(${r.body.kind})` : "GET"} ${url.slice(0, 120)} -> ${res.status}`;
        if (res.status >= 500) failures.push(what);
        if (before && res.status >= 400 && res.status < 500) {
          const after = await tableCounts();
          const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
          if (changed.length) failures.push(`${what} wrote rows in ${changed.join(", ")}`);
        }
        // Keep going to collect every failure; the expectation below reports them together.
        return true;
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
    const { times: healthz, slow } = await probe.stop();
    const loop = await app.loopReport();
    const heapAfter = await app.call<number>("heapAfterGc");
    const seconds = (performance.now() - started) / 1000;
    healthz.sort((a, b) => a - b);
    const healthzMax = healthz[healthz.length - 1] ?? 0;
    const healthzP99 = healthz[Math.floor(healthz.length * 0.99)] ?? 0;
    const byStatus = [...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`).join(", ");
    console.log(
      `fuzz: ${runs} requests in ${seconds.toFixed(1)} s; statuses ${byStatus}; connection resets ${resets.length}; 5xx ${failures.filter((f) => !f.includes("wrote")).length}; ` +
        `4xx with writes ${failures.filter((f) => f.includes("wrote")).length}; /healthz max ${healthzMax.toFixed(1)} ms, p99 ${healthzP99.toFixed(1)} ms over ${healthz.length} probes` +
        `${wrongContentTypes ? "" : " (wrong content types off: FUZZ_WRONG_CONTENT_TYPES=0)"}`,
    );
    if (slow.length) console.log(`/healthz slower than ${healthzLimitMs / 2} ms:\n${slow.map(([at, ms]) => `${at} ${ms.toFixed(1)} ms`).join("\n")}`);
    if (loop) console.log(formatLoopReport(loop));
    console.log(`server heap after a full collection: ${heapBefore.toFixed(0)} MB before the requests, ${heapAfter.toFixed(0)} MB after`);
    if (resets.length) console.log(`resets:\n${resets.slice(0, 10).join("\n")}`);
    console.log(`slowest requests:\n${slowest.map(([ms, what]) => `${ms.toFixed(0)} ms ${what}`).join("\n")}`);
    expect(failures.slice(0, 30)).toEqual([]);
    // The server is still there after everything.
    // On its own connection, as the probe: fetch's pool may hand over a socket the server closed
    // after a request whose body it never read.
    const finalStatus = await new Promise<number>((resolve) => {
      http.get(`${app.url}/healthz`, { agent: false }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      }).on("error", () => resolve(0));
    });
    expect(finalStatus).toBe(200);
    expect(healthzMax).toBeLessThan(healthzLimitMs);
  }, Math.max(120_000, runs * 1000));
});
