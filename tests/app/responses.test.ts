import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp, signedIn } from "../support/app";

/* The responses list and its CSV export through the real server, filters as GET parameters. */

let app: TestApp;
let analyst: Client;

type Seg = { account?: string; tier?: string; region?: string; plan?: string; ticket?: string };
type AnswerIn = { q: string; int?: number; text?: string; choices?: string[]; why?: string };

async function makeSurvey(title: { ko: string; en: string }, questions: { type: string; options?: string[]; why?: boolean }[]) {
  const { createSurvey } = await import("../../app/models/survey.server");
  const id = await createSurvey(null, {
    title,
    intro: {},
    status: "open",
    anonymous: false,
    closesAt: null,
    responseLimit: null,
    questions: questions.map((q, i) => ({
      type: q.type as any,
      required: false,
      page: 1,
      prompt: { ko: `질문 ${i + 1}`, en: `Question ${i + 1}` },
      whyPrompt: q.why ? { ko: "이유", en: "Why" } : null,
      options: (q.options ?? []).map((v) => ({ value: v, label: { ko: v, en: v } })),
    })),
  });
  const qs = await app.db.selectFrom("questions").select(["id"]).where("survey_id", "=", id).orderBy("position").execute();
  return { id, q: qs.map((q) => q.id) };
}

async function addResponses(
  surveyId: string,
  list: { at: string; finished?: boolean; segment?: Seg; answers?: AnswerIn[] }[],
): Promise<string[]> {
  if (!list.length) return [];
  const rows = await app.db
    .insertInto("responses")
    .values(
      list.map((r) => ({
        survey_id: surveyId,
        submission_key: crypto.randomUUID(),
        segment: JSON.stringify(r.segment ?? {}),
        locale: "ko" as const,
        finished: r.finished ?? true,
        started_at: new Date(new Date(r.at).getTime() - 120_000),
        submitted_at: r.finished === false ? null : new Date(r.at),
      })),
    )
    .returning("id")
    .execute();
  const answers = list.flatMap((r, i) =>
    (r.answers ?? []).map((a) => ({
      response_id: rows[i].id,
      question_id: a.q,
      value_int: a.int ?? null,
      value_text: a.text ?? null,
      choices: a.choices ? JSON.stringify(a.choices) : null,
      why_text: a.why ?? null,
    })),
  );
  if (answers.length) await app.db.insertInto("answers").values(answers).execute();
  return rows.map((r) => r.id);
}

/** A small RFC 4180 reader, enough to check what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      (row = []), (cell = "");
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

const responseIds = (html: string) => [...html.matchAll(/data-response="([0-9a-f-]{36})"/g)].map((m) => m[1]);
const textOf = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

let npsSurvey: Awaited<ReturnType<typeof makeSurvey>>;
let otherSurvey: Awaited<ReturnType<typeof makeSurvey>>;
const ids: Record<string, string[]> = {};

beforeAll(async () => {
  app = await startTestApp();
  analyst = await signedIn(app, "analyst");

  npsSurvey = await makeSurvey({ ko: "추천 의향 설문", en: "Recommend survey" }, [{ type: "nps", why: true }, { type: "multi", options: ["support", "price"] }, { type: "text" }]);
  otherSurvey = await makeSurvey({ ko: "다른 설문", en: "Other survey" }, [{ type: "csat" }]);
  const [nps, multi, text] = npsSurvey.q;
  ids.enterpriseMarch = await addResponses(npsSurvey.id, [
    {
      at: "2026-03-05T09:00:00Z",
      segment: { account: "acme", tier: "enterprise", region: "kr", plan: "annual", ticket: "T-1" },
      answers: [
        { q: nps, int: 9, why: "지원이 빠르고 친절했습니다, \"정말\"로요" },
        { q: multi, choices: ["support", "price"] },
        { q: text, text: "=HYPERLINK(\"http://evil\",\"click\")" },
      ],
    },
    { at: "2026-03-20T09:00:00Z", segment: { tier: "enterprise", region: "us" }, answers: [{ q: nps, int: 10 }] },
  ]);
  ids.standardApril = await addResponses(npsSurvey.id, [
    { at: "2026-04-02T09:00:00Z", segment: { tier: "standard", region: "kr" }, answers: [{ q: nps, int: 3, why: "느려요" }] },
  ]);
  ids.unfinished = await addResponses(npsSurvey.id, [
    { at: "2026-04-10T09:00:00Z", finished: false, segment: { tier: "enterprise" }, answers: [{ q: nps, int: 7 }] },
  ]);
  ids.other = await addResponses(otherSurvey.id, [{ at: "2026-05-01T09:00:00Z", segment: { tier: "standard" }, answers: [{ q: otherSurvey.q[0], int: 4 }] }]);
});
afterAll(async () => app?.close());

describe("responses list", () => {
  it("needs a signed-in staff user", async () => {
    const res = await new Client(app.url).get("/app/responses");
    expect(res.status).toBe(302);
    expect((await new Client(app.url).get("/app/responses.csv")).status).toBe(302);
  });

  it("lists every response newest first with its segment, scores and texts as text", async () => {
    const res = await analyst.get("/app/responses?lang=en");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(responseIds(html)).toEqual([...ids.other, ...ids.unfinished, ...ids.standardApril, ids.enterpriseMarch[1], ids.enterpriseMarch[0]]);
    const text = textOf(html);
    expect(text).toContain("5 responses match");
    expect(text).toContain("지원이 빠르고 친절했습니다");
    expect(text).toContain("T-1");
    // Selects offer the values the responses carry.
    expect(html).toMatch(/<select[^>]*name="tier"[^>]*>.*<option value="enterprise">enterprise<\/option>.*<option value="standard">standard<\/option>/s);
    expect(html).toMatch(/<select[^>]*name="account"[^>]*>.*<option value="acme">acme<\/option>/s);
  });

  it("shows each answer under its question text with option labels in the reader's language, not codes", async () => {
    const { createTestSurvey } = await import("../support/fixtures");
    const survey = await createTestSurvey(app.db);
    const post = await new Client(app.url).post(`/s/${survey.token}`, { _key: crypto.randomUUID(), _page: "1", [`q_${survey.nps}`]: "3", [`q_${survey.choice}`]: "support" });
    expect(post.status).toBe(302);
    const en = textOf(await (await analyst.get(`/app/responses?survey=${survey.id}&lang=en`)).text());
    expect(en).toContain("Would you recommend us?: 3");
    expect(en).toContain("What matters: Support");
    expect(en).not.toMatch(/Q\d (NPS|SINGLE)/);
    const ko = textOf(await (await analyst.get(`/app/responses?survey=${survey.id}&lang=ko`)).text());
    expect(ko).toContain("중요한 것: 지원");
  });

  it("filters by hidden-field value, finished or not, survey and period", async () => {
    const get = async (q: string) => responseIds(await (await analyst.get(`/app/responses?${q}`)).text());
    expect(await get("tier=enterprise")).toEqual([...ids.unfinished, ids.enterpriseMarch[1], ids.enterpriseMarch[0]]);
    expect(await get("tier=enterprise&status=finished")).toEqual([ids.enterpriseMarch[1], ids.enterpriseMarch[0]]);
    expect(await get("status=unfinished")).toEqual(ids.unfinished);
    expect(await get(`survey=${otherSurvey.id}`)).toEqual(ids.other);
    // Period: UTC days, both ends inclusive; an unfinished response counts by its start time.
    expect(await get("from=2026-03-20&to=2026-04-10")).toEqual([...ids.unfinished, ...ids.standardApril, ids.enterpriseMarch[1]]);
    expect(await get("region=kr&plan=annual&account=acme&ticket=T-1")).toEqual([ids.enterpriseMarch[0]]);
  });

  it("pages by 50 with the total", async () => {
    const s = await makeSurvey({ ko: "많은 응답", en: "Many responses" }, [{ type: "nps" }]);
    const many = await addResponses(
      s.id,
      Array.from({ length: 60 }, (_, i) => ({ at: new Date(Date.UTC(2026, 6, 1, 0, i)).toISOString(), answers: [{ q: s.q[0], int: i % 11 }] })),
    );
    const first = await (await analyst.get(`/app/responses?survey=${s.id}&lang=en`)).text();
    expect(textOf(first)).toContain("60 responses match");
    expect(textOf(first)).toContain("Page 1 of 2");
    expect(responseIds(first)).toEqual([...many].reverse().slice(0, 50));
    expect(first).toContain(`href="/app/responses?survey=${s.id}&amp;page=2"`);
    const second = await (await analyst.get(`/app/responses?survey=${s.id}&page=2`)).text();
    expect(responseIds(second)).toEqual([...many].reverse().slice(50));
  });

  it("answers bad filters with 400 and a message beside the field", async () => {
    const cases: [string, string][] = [
      ["from=yesterday", "This is not a date."],
      ["to=2026-13-01", "This is not a date."],
      ["survey=not-a-uuid", "There is no such survey."],
      [`survey=${crypto.randomUUID()}`, "There is no such survey."],
      ["status=maybe", "This value is not valid."],
      ["page=abc", "Please enter a whole number."],
      ["from=2026-05-01&to=2026-04-01", "The end date is before the start date."],
      [`tier=${"x".repeat(65)}`, "Please use at most 64 characters."],
    ];
    for (const [q, message] of cases) {
      const res = await analyst.get(`/app/responses?${q}&lang=en`);
      expect(res.status, q).toBe(400);
      const html = await res.text();
      expect(textOf(html), q).toContain(message);
      expect(responseIds(html), q).toEqual([]);
    }
  });
});

describe("CSV export", () => {
  async function csv(q: string) {
    const res = await analyst.get(`/app/responses.csv?${q}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { res, bytes, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
  }

  it("is UTF-8 with a BOM, an attachment, one row per response with the question columns", async () => {
    const { res, bytes, text } = await csv(`survey=${npsSurvey.id}&lang=ko`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="[^"]+\.csv"$/);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(text.slice(1));
    // First header row: what each column holds, in the reader's language; second: the codes.
    expect(rows[0]).toEqual([
      "응답 ID", "설문", "제출 시각 (UTC, ISO 8601)", "시작 시각 (UTC, ISO 8601)", "완료", "언어",
      "고객사", "고객사 ID", "등급", "지역", "요금제", "티켓",
      "질문 1", "질문 1 — 이유", "질문 2", "질문 3",
    ]);
    expect(rows[1]).toEqual([
      "response_id", "survey", "submitted_at", "started_at", "finished", "locale",
      "account", "account_id", "tier", "region", "plan", "ticket",
      "q1_nps", "q1_nps_why", "q2_multi", "q3_text",
    ]);
    expect(rows.length).toBe(2 + 4);
    const byId = new Map(rows.slice(2).map((r) => [r[0], Object.fromEntries(rows[1].map((h, i) => [h, r[i]]))]));
    const first = byId.get(ids.enterpriseMarch[0])!;
    expect(first.survey).toBe("추천 의향 설문");
    expect(first.submitted_at).toBe("2026-03-05T09:00:00.000Z");
    expect(first.finished).toBe("true");
    expect(first.tier).toBe("enterprise");
    expect(first.ticket).toBe("T-1");
    expect(first.q1_nps).toBe("9");
    // Korean text with a comma and quotes survives the round trip.
    expect(first.q1_nps_why).toBe('지원이 빠르고 친절했습니다, "정말"로요');
    expect(first.q2_multi).toBe("support;price");
    // A formula-like text is neutralised so a spreadsheet does not run it.
    expect(first.q3_text).toBe("'=HYPERLINK(\"http://evil\",\"click\")");
    const unfinished = byId.get(ids.unfinished[0])!;
    expect(unfinished.finished).toBe("false");
    expect(unfinished.submitted_at).toBe("");
  });

  it("applies the list's filters", async () => {
    const { text } = await csv("tier=enterprise&status=finished");
    const rows = parseCsv(text.slice(1));
    expect(rows.slice(2).map((r) => r[0]).sort()).toEqual([...ids.enterpriseMarch].sort());
    const none = parseCsv((await csv("tier=nobody&lang=en")).text.slice(1));
    expect(none.length).toBe(2);
    expect(none[0][0]).toBe("Response ID");
    expect(none[1][0]).toBe("response_id");
  });

  it("names question columns by survey when an export spans several surveys", async () => {
    const { text } = await csv("from=2026-04-01&to=2026-05-31&lang=en");
    const [labels, codes] = parseCsv(text.slice(1));
    expect(codes.slice(12)).toEqual([`${npsSurvey.id.slice(0, 8)}_q1_nps`, `${npsSurvey.id.slice(0, 8)}_q1_nps_why`, `${npsSurvey.id.slice(0, 8)}_q2_multi`, `${npsSurvey.id.slice(0, 8)}_q3_text`, `${otherSurvey.id.slice(0, 8)}_q1_csat`]);
    expect(labels.slice(12)).toEqual(["[Recommend survey] Question 1", "[Recommend survey] Question 1 — Why", "[Recommend survey] Question 2", "[Recommend survey] Question 3", "[Other survey] Question 1"]);
  });

  it("streams every row exactly once across batches, even when times tie", async () => {
    const s = await makeSurvey({ ko: "대량", en: "Bulk" }, [{ type: "nps" }]);
    const at = "2026-08-01T00:00:00Z";
    const bulk = await addResponses(
      s.id,
      Array.from({ length: 1203 }, (_, i) => ({ at, answers: [{ q: s.q[0], int: i % 11 }] })),
    );
    const rows = parseCsv((await csv(`survey=${s.id}`)).text.slice(1));
    expect(rows.length).toBe(2 + bulk.length);
    expect(new Set(rows.slice(2).map((r) => r[0]))).toEqual(new Set(bulk));
  });

  it("answers bad filters with 400 and a message in the user's language", async () => {
    const { res, text } = await csv("from=2026-02-30&lang=en");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(text).toContain("This is not a date.");
    const ko = await csv("survey=nope&lang=ko");
    expect(ko.res.status).toBe(400);
    expect(ko.text).toContain("해당 설문을 찾을 수 없습니다.");
  });
});
