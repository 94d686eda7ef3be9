import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverThemes, discoverThemesByGroup } from "../../analysis/themes";
import { Client, startTestApp, type TestApp, signedIn } from "../support/app";

// Discovery on a Korean + English slice over real HTTP: the job clusters each language apart,
// every candidate stores and shows its language (in both UI languages), and candidates of two
// languages merge into one that names both (the way one theme said in two languages becomes one).
let app: TestApp;
let admin: Client;
const en = { headers: { "Accept-Language": "en" } };
const ko = { headers: { "Accept-Language": "ko" } };

const EN = [
  ["app crashes on login", "the app crashes when I log in", "login crash on the mobile app", "crash at login screen again", "mobile app crashes during login", "login makes the app crash"],
  ["invoice sent to the wrong address", "wrong billing address on the invoice", "invoice address is wrong", "the invoice shows an old billing address", "billing invoice went to wrong address", "invoice billing address error"],
];
const KO = [
  ["배송이 너무 늦게 도착했어요", "택배 배송이 일주일이나 걸렸어요", "배송 지연이 너무 심해요", "주문한 물건 배송이 늦어요", "배송이 늦어서 불편했어요", "택배가 아직도 도착하지 않았어요"],
  ["환불 요청했는데 아직 안 들어왔어요", "환불 처리가 너무 느려요", "환불금이 계좌로 입금되지 않았어요", "환불 신청 후 답이 없어요", "결제 취소 환불이 안 돼요", "환불이 언제 되는지 모르겠어요"],
];

beforeAll(async () => {
  app = await startTestApp();
  admin = await signedIn(app, "admin");
});
afterAll(async () => app?.close());

async function insert(groups: string[][], language: "ko" | "en") {
  const texts = groups.flatMap((g) => g.flatMap((t) => [t, `${t} ${language === "ko" ? "정말" : "really"}`, `${language === "ko" ? "또" : "again:"} ${t}`]));
  await app.db
    .insertInto("feedback_items")
    .values(texts.map((text) => ({ source: "import" as const, text, language, sentiment_score: -0.5, sentiment_label: "negative" as const })))
    .execute();
}

const candidatesOf = async (runId: string) =>
  (await app.db.selectFrom("discovery_runs").select("candidates").where("id", "=", runId).executeTakeFirstOrThrow()).candidates;

/** The text between a candidate's section tag and the next one. */
function section(html: string, id: string): string {
  const at = html.indexOf(`data-candidate="${id}"`);
  expect(at).toBeGreaterThan(0);
  const next = html.indexOf("data-candidate=", at + 10);
  return html.slice(at, next < 0 ? undefined : next);
}

describe("discovery candidates in two languages", () => {
  let runId: string;

  it("each candidate stores the language it was discovered in and the page says it in the UI's language", async () => {
    await insert(EN, "en");
    await insert(KO, "ko");
    const res = await admin.post("/app/themes", { sources: "import" }, en);
    expect(res.status).toBe(302);
    runId = res.headers.get("Location")!.split("/").pop()!;
    const { runQueuedDiscoveryRuns } = await import("../../app/models/theme.server");
    expect(await runQueuedDiscoveryRuns()).toBe(1);

    const slice = await sql<{ id: string; text: string; sentiment_score: number; language: string }>`
      SELECT id, text, sentiment_score, language FROM feedback_items WHERE source = 'import' ORDER BY id`.execute(app.db);
    const lang = new Map(slice.rows.map((r) => [r.id, r.language]));
    const expected = discoverThemesByGroup(
      slice.rows.map((r) => r.text),
      slice.rows.map((r) => r.language),
      { seed: 1, sentiment: slice.rows.map((r) => r.sentiment_score) },
    );
    const candidates = await candidatesOf(runId);
    expect(candidates.map((c) => [c.id, c.size, c.languages])).toEqual(expected.themes.map((t) => [t.id, t.size, [t.group]]));
    // both languages gave candidates, and every item of a candidate is in the candidate's language
    expect(new Set(candidates.map((c) => c.languages![0]))).toEqual(new Set(["en", "ko"]));
    for (const c of candidates) expect(new Set(c.itemIds.map((id) => lang.get(id)))).toEqual(new Set(c.languages));

    const pageEn = await (await admin.get(`/app/themes/runs/${runId}`, en)).text();
    const pageKo = await (await admin.get(`/app/themes/runs/${runId}`, ko)).text();
    for (const c of candidates) {
      const isKo = c.languages![0] === "ko";
      expect(section(pageEn, c.id)).toContain(`<p class="small" data-languages="${c.languages![0]}">${isKo ? "Language: Korean" : "Language: English"}</p>`);
      expect(section(pageKo, c.id)).toContain(`<p class="small" data-languages="${c.languages![0]}">${isKo ? "언어: 한국어" : "언어: 영어"}</p>`);
    }
    expect(pageEn).toContain("Candidates are discovered in each language apart.");
    expect(pageKo).toContain("후보는 언어별로 따로 찾습니다.");
    // the merge list names each other candidate's language, so a cross-language merge is seen as one
    const firstKo = candidates.find((c) => c.languages![0] === "ko")!;
    expect(pageEn).toContain(`<option value="candidate:${firstKo.id}">${firstKo.label} (Korean)</option>`);
    expect(pageKo).toContain(`<option value="candidate:${firstKo.id}">${firstKo.label} (한국어)</option>`);
  });

  it("a Korean candidate merges into an English one: the result names both languages and accepting it keeps items and examples of both", async () => {
    const before = await candidatesOf(runId);
    const e = before.find((c) => c.languages![0] === "en")!;
    const k = before.find((c) => c.languages![0] === "ko")!;
    const merge = await admin.post(`/app/themes/runs/${runId}`, { intent: "merge", candidate: k.id, into: `candidate:${e.id}` }, ko);
    expect(merge.status).toBe(302);
    const after = await candidatesOf(runId);
    const merged = after.find((c) => c.id === e.id)!;
    expect(merged.languages).toEqual(["en", "ko"]);
    expect(merged.size).toBe(e.size + k.size);
    expect(merged.itemIds).toEqual([...e.itemIds, ...k.itemIds]);
    // its quotes: the English ones, then the Korean candidate's first
    expect(merged.quoteItemIds).toEqual([...e.quoteItemIds, k.quoteItemIds[0]]);
    expect(after.find((c) => c.id === k.id)).toMatchObject({ state: "merged", mergedInto: e.id, languages: ["ko"] });

    const pageEn = await (await admin.get(`/app/themes/runs/${runId}`, en)).text();
    const pageKo = await (await admin.get(`/app/themes/runs/${runId}`, ko)).text();
    expect(section(pageEn, e.id)).toContain(`<p class="small" data-languages="en ko">Languages: English, Korean</p>`);
    expect(section(pageKo, e.id)).toContain(`<p class="small" data-languages="en ko">언어: 영어, 한국어</p>`);

    const accept = await admin.post(`/app/themes/runs/${runId}`, { intent: "accept", candidate: e.id }, en);
    expect(accept.status).toBe(302);
    const themeId = new URL(accept.headers.get("Location")!, app.url).searchParams.get("accepted")!;
    const assigned = await sql<{ language: string; n: number }>`
      SELECT f.language, count(*)::int AS n FROM theme_assignments ta JOIN feedback_items f ON f.id = ta.feedback_item_id
      WHERE ta.theme_id = ${themeId} GROUP BY f.language ORDER BY f.language`.execute(app.db);
    expect(assigned.rows).toEqual([
      { language: "en", n: e.size },
      { language: "ko", n: k.size },
    ]);
    const examples = await sql<{ language: string }>`
      SELECT DISTINCT f.language FROM theme_examples x JOIN feedback_items f ON f.id = x.feedback_item_id
      WHERE x.theme_id = ${themeId} ORDER BY f.language`.execute(app.db);
    expect(examples.rows.map((r) => r.language)).toEqual(["en", "ko"]);
  });

  it("splitting a two-language candidate gives parts that name the languages of their own items", async () => {
    const before = await candidatesOf(runId);
    const e = before.find((c) => c.state === "open" && c.languages![0] === "en")!;
    const k = before.find((c) => c.state === "open" && c.languages![0] === "ko")!;
    expect((await admin.post(`/app/themes/runs/${runId}`, { intent: "merge", candidate: k.id, into: `candidate:${e.id}` }, en)).status).toBe(302);
    const merged = (await candidatesOf(runId)).find((c) => c.id === e.id)!;
    expect((await admin.post(`/app/themes/runs/${runId}`, { intent: "split", candidate: e.id }, en)).status).toBe(302);
    const rows = await app.db.selectFrom("feedback_items").select(["id", "text", "sentiment_score", "language"]).where("id", "in", merged.itemIds).orderBy("id").execute();
    const split = discoverThemes(
      rows.map((r) => r.text),
      { k: 2, seed: 1, minSize: 1, sentiment: rows.map((r) => r.sentiment_score) },
    );
    const want = split.themes.map((t, i) => {
      const present = new Set(rows.filter((_, j) => split.assignments[j] === i).map((r) => r.language));
      return [`${e.id}${"ab"[i]}`, t.size, ["en", "ko"].filter((l) => present.has(l))];
    });
    const parts = (await candidatesOf(runId)).filter((c) => c.id === `${e.id}a` || c.id === `${e.id}b`);
    expect(parts.map((p) => [p.id, p.size, p.languages])).toEqual(want);
  });
});
