import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignSeededThemes, discoverThemes, discoverThemesByGroup } from "../../analysis/themes";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD, tableRowCounts } from "../support/fixtures";

// Themes over real HTTP and through the model the intake code calls: seeded themes and their
// classifier on new items, hand reassignment, discovery runs as a job, candidate actions.
let app: TestApp;
let admin: Client;
let adminId: string;
const en = { headers: { "Accept-Language": "en" } };
const ko = { headers: { "Accept-Language": "ko" } };

const model = () => import("../../app/models/theme.server");

const SLOW = [
  "support took three days to answer my ticket",
  "slow first response from the support team",
  "waited days for a reply from support",
  "nobody answered my support ticket for a week",
  "the support response time is far too slow",
];
const PRICE = ["the price went up again", "too expensive for a small team", "pricing is higher than competitors", "the plan costs too much money", "price increase was not explained"];

async function insertItems(texts: string[], extra: { source?: "survey" | "interview" | "import"; sentiment?: number } = {}): Promise<string[]> {
  const rows = await app.db
    .insertInto("feedback_items")
    .values(
      texts.map((text) => ({
        source: extra.source ?? "import",
        text,
        language: "en",
        segment: JSON.stringify({ tier: "enterprise" }),
        sentiment_score: extra.sentiment ?? -0.5,
        sentiment_label: "negative" as const,
      })),
    )
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

/** The classifier's input exactly as the model reads it: themes by id, newest examples first. */
async function classifierInput() {
  const rows = await sql<{ theme_id: string; text: string }>`
    SELECT theme_id, text FROM theme_examples ORDER BY theme_id, created_at DESC, id`.execute(app.db);
  const byTheme = new Map<string, string[]>();
  for (const r of rows.rows) (byTheme.get(r.theme_id) ?? byTheme.set(r.theme_id, []).get(r.theme_id)!).push(r.text);
  return [...byTheme].map(([name, examples]) => ({ name, examples: examples.slice(0, 50) }));
}

beforeAll(async () => {
  app = await startTestApp();
  adminId = (await insertUser(app.db, "admin")).id;
  admin = new Client(app.url);
  await admin.signIn("admin@example.test", PASSWORD);
});
afterAll(async () => app?.close());

describe("seeded themes", () => {
  let slowId: string;
  let priceId: string;

  it("creates a seeded theme from a name, an SLA area and typed examples", async () => {
    const res = await admin.post("/app/themes/new", { name: "Slow first response", slaArea: "response_speed", examples: SLOW.join("\n") }, en);
    expect(res.status).toBe(302);
    slowId = res.headers.get("Location")!.split("/").pop()!;
    const theme = await app.db.selectFrom("themes").selectAll().where("id", "=", slowId).executeTakeFirstOrThrow();
    expect([theme.name, theme.origin, theme.sla_area, theme.status]).toEqual(["Slow first response", "seeded", "response_speed", "active"]);
    const examples = await app.db.selectFrom("theme_examples").select("text").where("theme_id", "=", slowId).orderBy("text").execute();
    expect(examples.map((e) => e.text)).toEqual([...SLOW].sort());
    // picked items count as examples and are placed in the theme by hand
    const picked = await insertItems(["price is too high for us", "costly renewal this year"]);
    const res2 = await admin.post("/app/themes/new", { name: "Price", examples: PRICE.slice(0, 3).join("\n"), itemIds: picked }, en);
    expect(res2.status).toBe(302);
    priceId = res2.headers.get("Location")!.split("/").pop()!;
    const hand = await app.db.selectFrom("theme_assignments").select(["feedback_item_id", "assigned_by", "confidence"]).where("theme_id", "=", priceId).orderBy("feedback_item_id").execute();
    expect(hand).toEqual([...picked].sort().map((id) => ({ feedback_item_id: id, assigned_by: "hand", confidence: null })));
    expect(Number((await app.db.selectFrom("theme_examples").select((eb) => eb.fn.countAll().as("n")).where("theme_id", "=", priceId).executeTakeFirstOrThrow()).n)).toBe(5);
  });

  it("assigns new items with the classifier's confidence; below the threshold an item stays unassigned", async () => {
    const texts = ["support never replied to my ticket for days", "the new price is too expensive", "qzxv wklj ptrh"];
    const ids = await insertItems(texts);
    const { assignThemesToItems } = await model();
    const result = await assignThemesToItems(ids);
    // The same classifier on the same input, in the order the model reads items (by id).
    const order = ids.map((id, i) => ({ id, text: texts[i] })).sort((a, b) => (a.id < b.id ? -1 : 1));
    const expected = assignSeededThemes(
      order.map((o) => o.text),
      await classifierInput(),
      { minExamples: 5 },
    );
    expect(result.threshold).toBe(expected.threshold);
    const rows = await app.db.selectFrom("theme_assignments").select(["feedback_item_id", "theme_id", "confidence", "assigned_by"]).where("feedback_item_id", "in", ids).execute();
    const want = order.flatMap((o, i) => {
      const a = expected.assignments[i];
      return a.theme === null ? [] : [{ feedback_item_id: o.id, theme_id: a.theme, confidence: Math.min(1, Math.max(0, a.confidence)), assigned_by: "model" }];
    });
    expect(rows.sort((a, b) => (a.feedback_item_id < b.feedback_item_id ? -1 : 1))).toEqual(want);
    // the fixture is built so that each case happens: two assigned to their theme, the gibberish not
    const byItem = new Map(rows.map((r) => [r.feedback_item_id, r]));
    expect(byItem.get(ids[0])?.theme_id).toBe(slowId);
    expect(byItem.get(ids[1])?.theme_id).toBe(priceId);
    expect(byItem.has(ids[2])).toBe(false);
    expect(expected.assignments[order.findIndex((o) => o.id === ids[2])].confidence).toBeLessThan(expected.threshold);
    for (const r of rows) expect(r.confidence!).toBeGreaterThanOrEqual(expected.threshold);
    expect(result).toEqual({ assigned: 2, unassigned: 1, threshold: expected.threshold });
  });

  it("items arriving later are assigned by the periodic job, each once, from where it left off", async () => {
    const { assignNewItems } = await model();
    // Catch up with everything written so far, then nothing is left.
    while ((await assignNewItems()) > 0);
    expect(await assignNewItems()).toBe(0);
    const [late] = await insertItems(["support has not answered my ticket in days"]);
    expect(await assignNewItems()).toBe(1);
    const rows = await app.db.selectFrom("theme_assignments").select(["theme_id", "assigned_by"]).where("feedback_item_id", "=", late).execute();
    expect(rows).toEqual([{ theme_id: slowId, assigned_by: "model" }]);
    expect(await assignNewItems()).toBe(0);
  });

  it("a hand reassignment wins over the model and adds the item to the theme's examples", async () => {
    const [itemId] = await insertItems(["support reply was slow and the price is high"]);
    const { assignThemesToItems } = await model();
    await assignThemesToItems([itemId]);
    const res = await admin.post(`/app/themes/${slowId}`, { intent: "reassign", itemId, themeId: priceId }, en);
    expect(res.status).toBe(302);
    const after = await app.db.selectFrom("theme_assignments").select(["theme_id", "assigned_by", "confidence", "user_id"]).where("feedback_item_id", "=", itemId).execute();
    expect(after).toEqual([{ theme_id: priceId, assigned_by: "hand", confidence: null, user_id: adminId }]);
    const ex = await app.db.selectFrom("theme_examples").select(["theme_id", "text"]).where("feedback_item_id", "=", itemId).execute();
    expect(ex).toEqual([{ theme_id: priceId, text: "support reply was slow and the price is high" }]);
    // the model never overwrites it, nor adds another theme to it
    await assignThemesToItems([itemId]);
    expect(await app.db.selectFrom("theme_assignments").select(["theme_id", "assigned_by"]).where("feedback_item_id", "=", itemId).execute()).toEqual([
      { theme_id: priceId, assigned_by: "hand" },
    ]);
    // the theme page lists it as placed by hand
    const page = await (await admin.get(`/app/themes/${priceId}`, en)).text();
    expect(page).toContain(`data-item="${itemId}"`);
    expect(page).toContain("By hand");
  });

  it("ticked items move together, all or none", async () => {
    const [a, b] = await insertItems(["the reply took a week", "nobody answered for days"]);
    const both = await admin.post(`/app/themes/${slowId}`, { intent: "reassign", itemId: [a, b], themeId: priceId }, en);
    expect(both.status).toBe(302);
    const rows = await app.db.selectFrom("theme_assignments").select(["feedback_item_id", "theme_id", "assigned_by"]).where("feedback_item_id", "in", [a, b]).orderBy("feedback_item_id").execute();
    expect(rows).toEqual([a, b].sort().map((id) => ({ feedback_item_id: id, theme_id: priceId, assigned_by: "hand" })));
    const before = await tableRowCounts(app.db);
    // One unknown id among them: nothing moves.
    const mixed = await admin.post(`/app/themes/${priceId}`, { intent: "reassign", itemId: [a, crypto.randomUUID()], themeId: slowId }, en);
    expect(mixed.status).toBe(400);
    expect(await mixed.text()).toContain("No such item.");
    const none = await admin.post(`/app/themes/${priceId}`, { intent: "reassign", themeId: slowId }, ko);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("옮길 항목을 하나 이상 선택하세요.");
    expect(await tableRowCounts(app.db)).toEqual(before);
    expect(await app.db.selectFrom("theme_assignments").select("theme_id").where("feedback_item_id", "=", a).execute()).toEqual([{ theme_id: priceId }]);
  });

  it("bad input is a 400 beside the field, in the user's language, and writes nothing", async () => {
    const before = await tableRowCounts(app.db);
    const few = await admin.post("/app/themes/new", { name: "Too few", examples: "one\ntwo" }, en);
    expect(few.status).toBe(400);
    expect(await few.text()).toContain("At least 5 examples are needed.");
    const taken = await admin.post("/app/themes/new", { name: "slow FIRST response", examples: SLOW.join("\n") }, ko);
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain("같은 이름의 주제가 이미 있습니다.");
    const nul = await admin.post("/app/themes/new", { name: "bad\u0000name", examples: SLOW.join("\n") }, en);
    expect(nul.status).toBe(400);
    const area = await admin.post("/app/themes/new", { name: "Area", slaArea: "speed", examples: SLOW.join("\n") }, en);
    expect(area.status).toBe(400);
    const period = await admin.post("/app/themes", { from: "2026-05-01", to: "2026-04-01" }, en);
    expect(period.status).toBe(400);
    expect(await period.text()).toContain("The end date is before the start date.");
    const reassign = await admin.post(`/app/themes/${slowId}`, { intent: "reassign", itemId: crypto.randomUUID(), themeId: priceId }, en);
    expect(reassign.status).toBe(400);
    expect(await reassign.text()).toContain("No such item.");
    expect(await tableRowCounts(app.db)).toEqual(before);
  });
});

describe("discovery runs", () => {
  const groups = [
    ["app crashes on login", "the app crashes when I log in", "login crash on the mobile app", "crash at login screen again", "mobile app crashes during login", "login makes the app crash"],
    ["invoice sent to the wrong address", "wrong billing address on the invoice", "invoice address is wrong", "the invoice shows an old billing address", "billing invoice went to wrong address", "invoice billing address error"],
    ["dashboard export to csv is broken", "csv export from the dashboard fails", "cannot export dashboard data to csv", "the csv export button does nothing", "dashboard csv export error", "export csv from dashboard broken"],
  ];
  let runId: string;
  let ids: string[];
  let texts: string[];

  it("runs as a job over the chosen slice; progress reaches the total; candidates are the analysis's", async () => {
    const all = groups.flatMap((g) => g.flatMap((t) => [t, `${t} today`, `again: ${t}`]));
    const inserted = await insertItems(all, { sentiment: -0.25 });
    // only this slice: survey-sourced items are left out by the source filter
    await insertItems(["support never replied for days"], { source: "survey" });
    const res = await admin.post("/app/themes", { sources: "import", unassignedOnly: "on", from: "", to: "", segmentKey: "", segmentValue: "", sentiment: "" }, en);
    expect(res.status).toBe(302);
    runId = res.headers.get("Location")!.split("/").pop()!;
    let run = await app.db.selectFrom("discovery_runs").selectAll().where("id", "=", runId).executeTakeFirstOrThrow();
    expect(run.status).toBe("queued");
    expect(run.filters).toEqual({ sources: ["import"], unassignedOnly: true });
    const queued = await (await admin.get(`/app/themes/runs/${runId}`, en)).text();
    expect(queued).toContain("Queued");
    expect(queued).toContain("Refresh");

    const { runQueuedDiscoveryRuns } = await model();
    expect(await runQueuedDiscoveryRuns()).toBe(1);
    run = await app.db.selectFrom("discovery_runs").selectAll().where("id", "=", runId).executeTakeFirstOrThrow();
    // The slice: import items that no theme holds (the fixture's 54 plus the earlier gibberish one).
    const slice = await sql<{ id: string; text: string; sentiment_score: number; language: string }>`
      SELECT f.id, f.text, f.sentiment_score, f.language FROM feedback_items f
      WHERE f.source = 'import' AND NOT EXISTS (SELECT 1 FROM theme_assignments ta WHERE ta.feedback_item_id = f.id)
      ORDER BY f.id`.execute(app.db);
    ids = slice.rows.map((r) => r.id);
    texts = slice.rows.map((r) => r.text);
    expect(ids.length).toBe(inserted.length + 1);
    expect(run.status).toBe("done");
    expect([run.progress_done, run.progress_total]).toEqual([ids.length, ids.length]);
    // the job clusters each language apart (one here: the same as discovery over all items)
    const expected = discoverThemesByGroup(texts, slice.rows.map((r) => r.language), { seed: 1, sentiment: slice.rows.map((r) => r.sentiment_score) });
    expect(expected.themes.length).toBeGreaterThanOrEqual(3);
    expect(run.stability).toBe(expected.stability);
    expect(
      run.candidates.map((c) => ({ id: c.id, label: c.label, size: c.size, share: c.share, quotes: c.quoteItemIds, state: c.state, items: c.itemIds.length })),
    ).toEqual(
      expected.themes.map((c) => ({ id: c.id, label: c.label, size: c.size, share: c.share, quotes: c.quoteIndices.map((j) => ids[j]), state: "open", items: c.size })),
    );
    expect(run.candidates.map((c) => c.meanSentiment)).toEqual(expected.themes.map((c) => c.meanSentiment));
    const page = await (await admin.get(`/app/themes/runs/${runId}`, en)).text();
    expect(page).toContain(`${ids.length} of ${ids.length} items read`);
    expect(page).toContain(`data-candidate="d1"`);
    expect(page).not.toContain("Refresh");
  });

  it("accept, rename, merge, split and dismiss give exact results", async () => {
    const before = (await app.db.selectFrom("discovery_runs").select("candidates").where("id", "=", runId).executeTakeFirstOrThrow()).candidates;
    const [c1, c2, c3] = before;
    const post = (form: Record<string, string>) => admin.post(`/app/themes/runs/${runId}`, form, en);

    // rename, then accept under the new name
    expect((await post({ intent: "rename", candidate: c1.id, label: "Login crashes" })).status).toBe(302);
    const accept = await post({ intent: "accept", candidate: c1.id });
    expect(accept.status).toBe(302);
    const theme = await app.db.selectFrom("themes").selectAll().where("name", "=", "Login crashes").executeTakeFirstOrThrow();
    expect(theme.origin).toBe("discovered");
    const assigned = await app.db.selectFrom("theme_assignments").select(["feedback_item_id", "confidence", "assigned_by"]).where("theme_id", "=", theme.id).orderBy("feedback_item_id").execute();
    const want = c1.itemIds.map((id, i) => ({ feedback_item_id: id, confidence: c1.similarities[i], assigned_by: "model" })).sort((a, b) => (a.feedback_item_id < b.feedback_item_id ? -1 : 1));
    expect(assigned).toEqual(want);
    expect(Number((await app.db.selectFrom("theme_examples").select((eb) => eb.fn.countAll().as("n")).where("theme_id", "=", theme.id).executeTakeFirstOrThrow()).n)).toBe(Math.min(10, c1.size));

    // split c2 in two: k = 2 discovery on its items, seeded with the run's seed
    expect((await post({ intent: "split", candidate: c2.id })).status).toBe(302);
    let now = (await app.db.selectFrom("discovery_runs").select("candidates").where("id", "=", runId).executeTakeFirstOrThrow()).candidates;
    const c2Rows = await app.db.selectFrom("feedback_items").select(["id", "text", "sentiment_score"]).where("id", "in", c2.itemIds).orderBy("id").execute();
    const split = discoverThemes(
      c2Rows.map((r) => r.text),
      { k: 2, seed: 1, minSize: 1, sentiment: c2Rows.map((r) => r.sentiment_score) },
    );
    const parts = now.filter((c) => c.id.startsWith(`${c2.id}`) && c.id !== c2.id);
    expect(parts.map((p) => [p.id, p.size, p.label])).toEqual(split.themes.map((s, i) => [`${c2.id}${"ab"[i]}`, s.size, s.label]));
    expect(parts[0].size + parts[1].size).toBe(c2.size);
    expect(now.some((c) => c.id === c2.id)).toBe(false);

    // merge the two halves back, then c3 into the accepted theme
    expect((await post({ intent: "merge", candidate: parts[1].id, into: `candidate:${parts[0].id}` })).status).toBe(302);
    now = (await app.db.selectFrom("discovery_runs").select("candidates").where("id", "=", runId).executeTakeFirstOrThrow()).candidates;
    const merged = now.find((c) => c.id === parts[0].id)!;
    expect(merged.size).toBe(c2.size);
    expect(merged.share).toBeCloseTo(parts[0].share + parts[1].share, 12);
    expect(new Set(merged.itemIds)).toEqual(new Set(c2.itemIds));
    expect(now.find((c) => c.id === parts[1].id)).toMatchObject({ state: "merged", mergedInto: parts[0].id });

    expect((await post({ intent: "merge", candidate: c3.id, into: `theme:${theme.id}` })).status).toBe(302);
    const inTheme = await app.db.selectFrom("theme_assignments").select((eb) => eb.fn.countAll().as("n")).where("theme_id", "=", theme.id).executeTakeFirstOrThrow();
    expect(Number(inTheme.n)).toBe(c1.size + c3.size);

    expect((await post({ intent: "dismiss", candidate: parts[0].id })).status).toBe(302);
    now = (await app.db.selectFrom("discovery_runs").select("candidates").where("id", "=", runId).executeTakeFirstOrThrow()).candidates;
    expect(now.find((c) => c.id === parts[0].id)?.state).toBe("dismissed");
    expect(now.find((c) => c.id === c1.id)).toMatchObject({ state: "accepted", themeId: theme.id, label: "Login crashes" });
    expect(now.find((c) => c.id === c3.id)).toMatchObject({ state: "merged", themeId: theme.id });
    const audit = await app.db.selectFrom("audit_events").select("action").where("target_id", "=", runId).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual([
      "theme.discovery_start",
      "theme.candidate_rename",
      "theme.candidate_accept",
      "theme.candidate_split",
      "theme.candidate_merge",
      "theme.candidate_merge",
      "theme.candidate_dismiss",
    ]);
  });

  it("bad candidate actions are a 400 beside the field and write nothing", async () => {
    const { startDiscoveryRun, runQueuedDiscoveryRuns } = await model();
    const id = await startDiscoveryRun(adminId, { sources: ["import"] });
    await runQueuedDiscoveryRuns();
    const run = await app.db.selectFrom("discovery_runs").select("candidates").where("id", "=", id).executeTakeFirstOrThrow();
    const [a] = run.candidates;
    const before = await tableRowCounts(app.db);
    const self = await admin.post(`/app/themes/runs/${id}`, { intent: "merge", candidate: a.id, into: `candidate:${a.id}` }, en);
    expect(self.status).toBe(400);
    expect(await self.text()).toContain("A candidate cannot be merged with itself.");
    const name = await admin.post(`/app/themes/runs/${id}`, { intent: "rename", candidate: a.id, label: "login CRASHES" }, ko);
    expect(name.status).toBe(400);
    expect(await name.text()).toContain("같은 이름의 주제가 이미 있습니다.");
    const empty = await admin.post(`/app/themes/runs/${id}`, { intent: "rename", candidate: a.id, label: "  " }, en);
    expect(empty.status).toBe(400);
    const unknown = await admin.post(`/app/themes/runs/${id}`, { intent: "accept", candidate: "d99" }, en);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("No such candidate.");
    // A target the model would look up as a theme id must be a uuid (36 hyphens once reached the database's cast).
    for (const into of [`theme:${"-".repeat(36)}`, "CANDIDATE:d1", `THEME:${crypto.randomUUID()}`]) {
      const target = await admin.post(`/app/themes/runs/${id}`, { intent: "merge", candidate: a.id, into }, en);
      expect(target.status, into).toBe(400);
    }
    const intent = await admin.post(`/app/themes/runs/${id}`, { intent: "explode", candidate: a.id }, en);
    expect(intent.status).toBe(400);
    const done = await admin.post(`/app/themes/runs/${id}`, { intent: "cancel" }, en);
    expect(done.status).toBe(400);
    expect(await tableRowCounts(app.db)).toEqual(before);
    expect((await admin.get(`/app/themes/runs/${crypto.randomUUID()}`, en)).status).toBe(404);
    expect((await admin.get(`/app/themes/runs/not-a-uuid`, en)).status).toBe(404);
  });
});

describe("on the job queue (pg-boss)", () => {
  it("a run started from the page is enqueued and the worker takes it to done", async () => {
    const queue = await import("../../app/jobs/queue.server");
    const { DISCOVERY_JOB, discoveryJobHandler } = await import("../../app/jobs/discovery.server");
    await queue.registerWorker(DISCOVERY_JOB, discoveryJobHandler, { pollingIntervalSeconds: 0.5 });
    await queue.startQueue(app.db);
    try {
      const res = await admin.post("/app/themes", { sources: "import" }, en);
      expect(res.status).toBe(302);
      const runId = res.headers.get("Location")!.split("/").pop()!;
      const state = () => app.db.selectFrom("discovery_runs").select(["status", "progress_done", "progress_total"]).where("id", "=", runId).executeTakeFirstOrThrow();
      await expect.poll(async () => (await state()).status, { timeout: 30_000, interval: 250 }).toBe("done");
      const { n } = await app.db.selectFrom("feedback_items").select((eb) => eb.fn.countAll<string>().as("n")).where("source", "=", "import").executeTakeFirstOrThrow();
      expect(await state()).toEqual({ status: "done", progress_done: Number(n), progress_total: Number(n) });
      // the handler is idempotent: a second delivery of the same job finds nothing to claim
      expect(await discoveryJobHandler({ runId })).toBeNull();
    } finally {
      await queue.stopQueue();
    }
  }, 60_000);
});
