import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD, tableRowCounts } from "../support/fixtures";

// Interview notes over real HTTP: passages as feedback items with sentiment, highlights by hand,
// edits that keep the tags of unchanged passages.
let app: TestApp;
let analyst: { id: string; email: string };
let manager: { id: string; email: string };
let accountId: string;

beforeAll(async () => {
  app = await startTestApp();
  analyst = await insertUser(app.db, "analyst");
  manager = await insertUser(app.db, "manager");
  accountId = (
    await app.db.insertInto("accounts").values({ name: "한빛물류", email: "ops@hanbit.test", tier: "enterprise", region: "kr", plan: "annual" }).returning("id").executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => app?.close());

async function as(user: { email: string }, lang = "en") {
  const c = new Client(app.url);
  await c.signIn(user.email, PASSWORD);
  const get = c.get.bind(c);
  const post = c.post.bind(c);
  c.get = (path, init = {}) => get(path, { ...init, headers: { "Accept-Language": lang, ...(init.headers ?? {}) } });
  c.post = (path, form, init = {}) => post(path, form, { ...init, headers: { "Accept-Language": lang, ...(init.headers ?? {}) } });
  return c;
}

const P1 = "Support answered within the hour and the engineer was excellent.";
const P2 = "The outage in March was terrible and nobody told us what happened.";
const P3 = "We want a named escalation contact.";
const KO = ["장애가 났을 때 연락이 너무 늦어서 정말 실망했습니다.", "요즘은 응답이 빨라져서 아주 만족해요."];

async function passages(interviewId: string) {
  return app.db
    .selectFrom("feedback_items")
    .select(["id", "text", "passage_index", "source", "account_id", "segment", "language", "sentiment_label", "sentiment_model", "sentiment_confidence", "occurred_at"])
    .where("interview_id", "=", interviewId)
    .orderBy("passage_index")
    .execute();
}

async function handTags(interviewId: string) {
  return app.db
    .selectFrom("theme_assignments")
    .innerJoin("feedback_items", "feedback_items.id", "theme_assignments.feedback_item_id")
    .innerJoin("themes", "themes.id", "theme_assignments.theme_id")
    .select(["feedback_items.text", "themes.name", "theme_assignments.assigned_by"])
    .where("feedback_items.interview_id", "=", interviewId)
    .orderBy("feedback_items.passage_index")
    .execute();
}

let enId: string;

describe("recording an interview", () => {
  it("splits the note into passages, each a feedback item with the account's segment and a sentiment estimate", async () => {
    const c = await as(analyst);
    const res = await c.post("/app/interviews/new", {
      accountId,
      heldOn: "2026-11-20",
      interviewer: "Kim Analyst",
      participants: "Park, Lee",
      language: "en",
      body: `${P1}\n\n${P2}\r\n\r\n  ${P3}  \n`,
    });
    expect(res.status).toBe(302);
    enId = res.headers.get("Location")!.match(/\/app\/interviews\/([0-9a-f-]{36})/)![1];
    const rows = await passages(enId);
    expect(rows.map((r) => [r.passage_index, r.text])).toEqual([
      [0, P1],
      [1, P2],
      [2, P3],
    ]);
    for (const r of rows) {
      expect(r.source).toBe("interview");
      expect(r.account_id).toBe(accountId);
      expect(r.segment).toEqual({ account: accountId, tier: "enterprise", region: "kr", plan: "annual" });
      expect(r.language).toBe("en");
      expect(r.sentiment_model).toBe("en-uci-b77-lr-v3");
      expect(r.sentiment_confidence).toBeGreaterThan(0);
      expect(r.occurred_at.toISOString()).toBe("2026-11-20T00:00:00.000Z");
    }
    expect(rows[0].sentiment_label).toBe("positive");
    expect(rows[1].sentiment_label).toBe("negative");
    const audit = await app.db.selectFrom("audit_events").select(["action", "target_id"]).where("action", "=", "interview.create").execute();
    expect(audit).toEqual([{ action: "interview.create", target_id: enId }]);
    const page = await (await c.get(`/app/interviews/${enId}`)).text();
    expect(page).toContain(P2);
    expect(page).toContain("Estimated sentiment");
    expect(page).toContain("3 passages");
  });

  it("detects Korean when the language is left to detection", async () => {
    const c = await as(analyst, "ko");
    const res = await c.post("/app/interviews/new", { accountId: "", heldOn: "2026-11-21", interviewer: "이분석", participants: "", language: "auto", body: KO.join("\n\n") });
    expect(res.status).toBe(302);
    const id = res.headers.get("Location")!.match(/([0-9a-f-]{36})/)![1];
    const rows = await passages(id);
    expect(rows.map((r) => r.text)).toEqual(KO);
    expect(rows.map((r) => [r.language, r.sentiment_model, r.sentiment_label])).toEqual([
      ["ko", "ko-nsmc-lr-v1", "negative"],
      ["ko", "ko-nsmc-lr-v1", "positive"],
    ]);
    expect(rows[0].account_id).toBeNull();
    expect((await app.db.selectFrom("interviews").select("language").where("id", "=", id).executeTakeFirstOrThrow()).language).toBe("ko");
  });

  it("refuses bad input with a 400 beside the field, in the reader's language, writing nothing", async () => {
    const c = await as(analyst, "ko");
    const before = await tableRowCounts(app.db);
    const res = await c.post("/app/interviews/new", { accountId: "", heldOn: "2026-02-30", interviewer: "  ", participants: "", language: "en", body: "x" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("날짜 형식이 아닙니다.");
    expect(html).toContain("필수 항목입니다.");
    const res2 = await c.post("/app/interviews/new", { accountId: "00000000-0000-4000-8000-000000000000", heldOn: "2026-02-03", interviewer: "A", participants: "", language: "en", body: "x" });
    expect(res2.status).toBe(400);
    expect(await res2.text()).toContain("고객사를 찾을 수 없습니다.");
    expect(await tableRowCounts(app.db)).toEqual(before);
  });

  it("a manager reads interviews but cannot record one", async () => {
    const c = await as(manager);
    expect((await c.get(`/app/interviews/${enId}`)).status).toBe(200);
    expect((await c.get("/app/interviews")).status).toBe(200);
    expect((await c.post("/app/interviews/new", { heldOn: "2026-11-20", interviewer: "M", participants: "", language: "en", body: "x", accountId: "" })).status).toBe(403);
  });
});

describe("highlights", () => {
  it("tags selected passages by hand with a new theme, and adds them as theme examples", async () => {
    const c = await as(analyst);
    const rows = await passages(enId);
    const res = await c.post(`/app/interviews/${enId}`, { passages: [rows[1].id, rows[2].id], themeId: "", newTheme: "Escalation", intent: "highlight" });
    expect(res.status).toBe(302);
    expect(await handTags(enId)).toEqual([
      { text: P2, name: "Escalation", assigned_by: "hand" },
      { text: P3, name: "Escalation", assigned_by: "hand" },
    ]);
    const theme = await app.db.selectFrom("themes").select(["id", "origin"]).where("name", "=", "Escalation").executeTakeFirstOrThrow();
    expect(theme.origin).toBe("seeded");
    const examples = await app.db.selectFrom("theme_examples").select(["text", "feedback_item_id"]).where("theme_id", "=", theme.id).orderBy("text").execute();
    expect(examples).toEqual([
      { text: P2, feedback_item_id: rows[1].id },
      { text: P3, feedback_item_id: rows[2].id },
    ]);
    // Tagging with the existing theme again changes nothing and duplicates nothing.
    const again = await c.post(`/app/interviews/${enId}`, { passages: [rows[2].id], themeId: theme.id, newTheme: "" });
    expect(again.status).toBe(302);
    expect(await app.db.selectFrom("theme_examples").select("id").where("theme_id", "=", theme.id).execute()).toHaveLength(2);
    const page = await (await c.get(`/app/interviews/${enId}`)).text();
    expect(page).toMatch(/Escalation(<!-- -->)? <span class="chip-by">\(<!-- -->by hand<!-- -->\)<\/span>|Escalation(<!-- -->)? <span class="chip-by">\(by hand\)<\/span>/);
  });

  it("refuses a theme name that exists, no passage, or a passage of another interview (400, nothing written)", async () => {
    const c = await as(analyst, "ko");
    const rows = await passages(enId);
    const before = await tableRowCounts(app.db);
    const dup = await c.post(`/app/interviews/${enId}`, { passages: [rows[0].id], themeId: "", newTheme: "escalation" });
    expect(dup.status).toBe(400);
    expect(await dup.text()).toContain("같은 이름의 주제가 이미 있습니다.");
    const none = await c.post(`/app/interviews/${enId}`, { themeId: "", newTheme: "Billing" });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("구절을 하나 이상 선택하세요.");
    const other = await app.db.selectFrom("feedback_items").select("id").where("interview_id", "!=", enId).executeTakeFirstOrThrow();
    const foreign = await c.post(`/app/interviews/${enId}`, { passages: [other.id], themeId: "", newTheme: "Billing" });
    expect(foreign.status).toBe(400);
    expect(await tableRowCounts(app.db)).toEqual(before);
  });
});

describe("editing a note", () => {
  it("keeps the tags of passages whose text did not change, wherever they moved; changed and removed passages lose theirs", async () => {
    const c = await as(analyst);
    const before = await passages(enId);
    const P2b = "The outage in March was handled badly.";
    const P4 = "Pricing is fine.";
    // P3 moves to the top, P2 is reworded, P1 stays, P4 is new.
    const res = await c.post(`/app/interviews/${enId}/edit`, {
      accountId,
      heldOn: "2026-11-20",
      interviewer: "Kim Analyst",
      participants: "Park, Lee",
      language: "en",
      body: `${P3}\n\n${P1}\n\n${P2b}\n\n${P4}`,
    });
    expect(res.status).toBe(302);
    const after = await passages(enId);
    expect(after.map((r) => [r.passage_index, r.text])).toEqual([
      [0, P3],
      [1, P1],
      [2, P2b],
      [3, P4],
    ]);
    // Same items for unchanged texts, new ones for the rest; the reworded passage's item is gone.
    expect(after[0].id).toBe(before[2].id);
    expect(after[1].id).toBe(before[0].id);
    expect(new Set(before.map((r) => r.id)).has(after[2].id)).toBe(false);
    expect(await app.db.selectFrom("feedback_items").select("id").where("id", "=", before[1].id).execute()).toEqual([]);
    expect(await handTags(enId)).toEqual([{ text: P3, name: "Escalation", assigned_by: "hand" }]);
    expect(after.every((r) => r.sentiment_model === "en-uci-b77-lr-v3")).toBe(true);
    const audit = await app.db.selectFrom("audit_events").select("detail").where("action", "=", "interview.update").executeTakeFirstOrThrow();
    expect(audit.detail).toEqual({ kept: 2, removed: 1, added: 2 });
  });

  it("removes a hand tag with its theme example", async () => {
    const c = await as(analyst);
    const rows = await passages(enId);
    const theme = await app.db.selectFrom("themes").select("id").where("name", "=", "Escalation").executeTakeFirstOrThrow();
    const res = await c.post(`/app/interviews/${enId}`, { remove: `${rows[0].id}:${theme.id}` });
    expect(res.status).toBe(302);
    expect(await handTags(enId)).toEqual([]);
    expect(await app.db.selectFrom("theme_examples").select("id").where("theme_id", "=", theme.id).execute()).toEqual([]);
  });
});
