import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cesFromDistribution, csatFromDistribution, monthOverMonth, npsFromDistribution, npsFromScores } from "../../analysis/metrics";
import { formatNumber } from "../../app/utils/i18n";
import { Client, startTestApp, type TestApp, signedIn } from "../support/app";

/*
 * The survey results page through the real server: figures on the page are checked against
 * analysis/metrics run on the same answers (and one by hand), never against copied numbers.
 */

let app: TestApp;
let analyst: Client;

type Seg = { tier?: string; region?: string; plan?: string };
type AnswerIn = { q: string; int?: number; text?: string; choices?: string[]; why?: string };

async function makeSurvey(title: string, questions: { type: string; prompt: string; options?: string[]; why?: boolean }[]) {
  const { createSurvey } = await import("../../app/models/survey.server");
  const id = await createSurvey(null, {
    title: { ko: `${title} (ko)`, en: title },
    intro: {},
    status: "open",
    anonymous: false,
    closesAt: null,
    responseLimit: null,
    questions: questions.map((q) => ({
      type: q.type as any,
      required: false,
      page: 1,
      prompt: { ko: `${q.prompt} (ko)`, en: q.prompt },
      whyPrompt: q.why ? { ko: "이유", en: "Why" } : null,
      options: (q.options ?? []).map((v) => ({ value: v, label: { ko: `${v}-ko`, en: `${v}-en` } })),
    })),
  });
  const qs = await app.db.selectFrom("questions").select(["id", "type"]).where("survey_id", "=", id).orderBy("position").execute();
  const link = await app.db.selectFrom("links").select("token").where("survey_id", "=", id).executeTakeFirstOrThrow();
  return { id, token: link.token, q: qs.map((q) => q.id) };
}

async function addResponse(surveyId: string, opts: { at: string; finished?: boolean; segment?: Seg; answers: AnswerIn[] }) {
  const finished = opts.finished ?? true;
  const r = await app.db
    .insertInto("responses")
    .values({
      survey_id: surveyId,
      submission_key: crypto.randomUUID(),
      segment: JSON.stringify(opts.segment ?? {}),
      locale: "en",
      finished,
      started_at: new Date(new Date(opts.at).getTime() - 60_000),
      submitted_at: finished ? new Date(opts.at) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (opts.answers.length) {
    await app.db
      .insertInto("answers")
      .values(
        opts.answers.map((a) => ({
          response_id: r.id,
          question_id: a.q,
          value_int: a.int ?? null,
          value_text: a.text ?? null,
          choices: a.choices ? JSON.stringify(a.choices) : null,
          why_text: a.why ?? null,
        })),
      )
      .execute();
  }
  return r.id;
}

/** The visible text of a piece of HTML (React's text separators removed). */
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
const f1 = (v: number) => formatNumber("en", v, 1);

function section(html: string, questionId: string): string {
  const start = html.indexOf(`data-question="${questionId}"`);
  expect(start).toBeGreaterThan(-1);
  const end = html.indexOf("</section>", html.indexOf("By month", start));
  return html.slice(start, end > start ? end : undefined);
}

async function page(path: string) {
  const res = await analyst.get(path);
  return { status: res.status, html: await res.text() };
}

let main: Awaited<ReturnType<typeof makeSurvey>>;
const scores = [9, 9, 9, 10, 7, 8, 6, 0, 3, 10];
const tiers = ["enterprise", "enterprise", "enterprise", "enterprise", "enterprise", "enterprise", "standard", "standard", "standard", undefined];

beforeAll(async () => {
  app = await startTestApp();
  // Months here are read as UTC months (tests/app/time-zones.test.ts covers the organisation's zone).
  await app.db.insertInto("app_settings").values({ key: "org_time_zone", value: JSON.stringify("UTC") }).execute();
  analyst = await signedIn(app, "analyst");

  main = await makeSurvey("Main survey", [
    { type: "nps", prompt: "Recommend?", why: true },
    { type: "csat", prompt: "Satisfied?" },
    { type: "multi", prompt: "What matters", options: ["support", "price", "speed"] },
    { type: "text", prompt: "Anything else" },
  ]);
  // A small minimum so the segment rule is visible with a handful of answers.
  await app.db.updateTable("surveys").set({ min_segment_n: 4 }).where("id", "=", main.id).execute();
  const [nps, csat, multi, text] = main.q;
  for (let i = 0; i < scores.length; i++) {
    await addResponse(main.id, {
      at: `2026-03-${String(10 + i).padStart(2, "0")}T10:00:00Z`,
      segment: tiers[i] ? { tier: tiers[i], region: "kr" } : { region: "kr" },
      answers: [
        { q: nps, int: scores[i], why: i === 0 ? "빠른 지원 감사합니다" : undefined },
        { q: csat, int: (i % 5) + 1 },
        ...(i < 3 ? [{ q: multi, choices: i === 0 ? ["support", "price"] : ["support"] }] : []),
      ],
    });
  }
  // Finished, but the NPS question skipped: counted as a response, not in n.
  await addResponse(main.id, { at: "2026-03-25T10:00:00Z", segment: { tier: "enterprise" }, answers: [{ q: text, text: "<b>bold</b> & <script>alert(1)</script>" }] });
  await addResponse(main.id, { at: "2026-03-26T10:00:00Z", answers: [{ q: text, text: "두 번째 의견입니다" }] });
  // Unfinished: never counted toward the metrics.
  await addResponse(main.id, { at: "2026-03-27T10:00:00Z", finished: false, segment: { tier: "standard" }, answers: [{ q: nps, int: 0 }] });
});
afterAll(async () => app?.close());

describe("survey results page", () => {
  it("needs a signed-in staff user", async () => {
    const res = await new Client(app.url).get(`/app/surveys/${main.id}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });

  it("shows NPS 20 for 9,9,9,10,7,8,6,0,3,10 with counts, shares, n and the 95 % interval; skips and unfinished excluded", async () => {
    // By hand: 5 promoters, 2 passives, 3 detractors of 10: 100 x (5 - 3) / 10 = 20.
    const expected = npsFromScores(scores);
    expect(expected.nps).toBe(20);
    const { status, html } = await page(`/app/surveys/${main.id}?lang=en`);
    expect(status).toBe(200);
    const nps = section(html, main.q[0]);
    expect(nps).toContain('data-metric="nps" data-value="20" data-n="10"');
    const text = textOf(nps);
    expect(text).toContain("NPS 20.0");
    expect(text).toContain("n = 10");
    expect(text).toContain("2 skipped (not in n)");
    const i = expected.interval!;
    expect(text).toContain(`95 % interval ${f1(i.low)} to ${f1(i.high)} (±${f1(i.margin)})`);
    expect(text).toMatch(/Promoters \(9-10\) 5 50\.0 %/);
    expect(text).toMatch(/Passives \(7-8\) 2 20\.0 %/);
    expect(text).toMatch(/Detractors \(0-6\) 3 30\.0 %/);
    // The distribution: one row per score 0..10 with its count.
    for (let s = 0; s <= 10; s++) expect(nps).toContain(`data-score="${s}" data-count="${scores.filter((x) => x === s).length}"`);
    expect(text).toContain("How is this calculated?");
    expect(text).toContain("promoters 9-10, passives 7-8, detractors 0-6");
    expect(textOf(html)).toContain("12 finished and 1 unfinished response in this period");
  });

  it("shows CSAT with the Wilson interval", async () => {
    const { html } = await page(`/app/surveys/${main.id}?lang=en`);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < scores.length; i++) counts[i % 5]++;
    const expected = csatFromDistribution(counts);
    const csat = textOf(section(html, main.q[1]));
    expect(csat).toContain(`CSAT ${f1(expected.csat! * 100)} %`);
    expect(csat).toContain(`95 % interval ${f1(expected.interval!.low * 100)} % to ${f1(expected.interval!.high * 100)} %`);
  });

  it("shows a segment under the survey's minimum as 'too few answers', not as a number", async () => {
    const { html } = await page(`/app/surveys/${main.id}?lang=en`);
    const nps = section(html, main.q[0]);
    const tier = nps.slice(nps.indexOf('data-dimension="tier"'));
    const row = (v: string) => tier.match(new RegExp(`<tr[^>]*data-segment="${v}"[^>]*>(.*?)</tr>`))!;
    const standard = row("standard");
    expect(standard[0]).toContain('data-status="too_few"');
    expect(textOf(standard[1])).toContain("too few answers");
    // standard: 6, 0, 3 -> NPS -100 would be the number; it must not be shown.
    expect(textOf(standard[1])).not.toMatch(/-100/);
    const enterprise = row("enterprise");
    expect(enterprise[0]).toContain('data-status="ok"');
    const ent = npsFromScores(scores.filter((_, i) => tiers[i] === "enterprise"));
    expect(textOf(enterprise[1])).toContain(` ${f1(ent.nps!)} `);
    expect(textOf(enterprise[1])).toContain(`${f1(ent.interval!.low)} to ${f1(ent.interval!.high)}`);
  });

  it("counts choices per option and shows the latest texts as text, with a link to the responses list", async () => {
    const { html } = await page(`/app/surveys/${main.id}?lang=en`);
    const multi = section(html, main.q[2]);
    expect(multi).toContain('data-option="support" data-count="3"');
    expect(multi).toContain('data-option="price" data-count="1"');
    expect(multi).toContain('data-option="speed" data-count="0"');
    const text = section(html, main.q[3]);
    expect(text).toContain("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<b>bold</b>");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(text).toContain("두 번째 의견입니다");
    expect(text).toContain(`href="/app/responses?survey=${main.id}"`);
  });

  it("limits the period with from/to (UTC days, inclusive)", async () => {
    // 2026-03-10 .. 2026-03-14: the first five answers only.
    const { status, html } = await page(`/app/surveys/${main.id}?lang=en&from=2026-03-10&to=2026-03-14`);
    expect(status).toBe(200);
    const expected = npsFromScores(scores.slice(0, 5));
    expect(section(html, main.q[0])).toContain(`data-metric="nps" data-value="${expected.nps}" data-n="5"`);
  });

  it("answers bad filters with 400 and a message, and unknown surveys with 404", async () => {
    const bad = await page(`/app/surveys/${main.id}?lang=en&from=2026-02-30`);
    expect(bad.status).toBe(400);
    expect(textOf(bad.html)).toContain("This is not a date.");
    expect(bad.html).toMatch(/id="f-from"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-from"/);
    const reversed = await page(`/app/surveys/${main.id}?lang=en&from=2026-03-10&to=2026-03-01`);
    expect(reversed.status).toBe(400);
    expect(textOf(reversed.html)).toContain("The end date is before the start date.");
    expect((await page(`/app/surveys/not-a-uuid`)).status).toBe(404);
    expect((await page(`/app/surveys/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it("counts an answer submitted over HTTP by a respondent", async () => {
    const respondent = new Client(app.url);
    const res = await respondent.post(`/s/${main.token}?lang=en`, { _key: crypto.randomUUID(), _page: "1", [`q_${main.q[0]}`]: "10" });
    expect([302, 303]).toContain(res.status);
    const { html } = await page(`/app/surveys/${main.id}?lang=en`);
    const expected = npsFromScores([...scores, 10]);
    expect(section(html, main.q[0])).toContain(`data-metric="nps" data-value="${expected.nps}" data-n="11"`);
  });
});

describe("mean scores", () => {
  it("shows the CES mean with its t interval and distribution", async () => {
    const s = await makeSurvey("Effort survey", [{ type: "ces", prompt: "Easy?" }]);
    const answers = [1, 4, 5, 5, 6, 7, 7, 7];
    for (const [i, v] of answers.entries()) await addResponse(s.id, { at: `2026-02-0${i + 1}T08:00:00Z`, answers: [{ q: s.q[0], int: v }] });
    const counts = [1, 2, 3, 4, 5, 6, 7].map((v) => answers.filter((a) => a === v).length);
    const expected = cesFromDistribution(counts);
    const { html } = await page(`/app/surveys/${s.id}?lang=en`);
    const ces = section(html, s.q[0]);
    expect(ces).toContain(`data-metric="ces" data-value="${expected.mean}" data-n="8"`);
    const f2 = (v: number) => formatNumber("en", v, 2);
    expect(textOf(ces)).toContain(`CES mean ${f2(expected.mean!)} out of 7`);
    expect(textOf(ces)).toContain(`95 % interval ${f2(expected.interval!.low)} to ${f2(expected.interval!.high)} (±${f2(expected.interval!.margin)})`);
    expect(ces).toContain('data-score="7" data-count="3"');
    expect(textOf(ces)).toContain("mean of 1-7 answers");
  });
});

describe("month over month", () => {
  it("marks each change significant or not, with its p-value, from compareNps", async () => {
    const s = await makeSurvey("Trend survey", [{ type: "nps", prompt: "Recommend?" }]);
    // January: 40 promoters; February: 40 detractors (a real drop); March: the same as February;
    // April: nobody; May: 40 detractors again.
    const months: [string, number, number][] = [
      ["2026-01", 10, 40],
      ["2026-02", 0, 40],
      ["2026-03", 0, 20],
      ["2026-05", 3, 20],
    ];
    for (const [month, score, n] of months) {
      for (let i = 0; i < n; i++) await addResponse(s.id, { at: `${month}-15T12:00:00Z`, answers: [{ q: s.q[0], int: score }] });
    }
    const counts = (score: number, n: number) => {
      const c = new Array(11).fill(0);
      c[score] = n;
      return c;
    };
    const series = [
      { period: "2026-01", result: npsFromDistribution(counts(10, 40)) },
      { period: "2026-02", result: npsFromDistribution(counts(0, 40)) },
      { period: "2026-03", result: npsFromDistribution(counts(0, 20)) },
      { period: "2026-04", result: npsFromDistribution(counts(0, 0)) },
      { period: "2026-05", result: npsFromDistribution(counts(3, 20)) },
    ];
    const expected = monthOverMonth(series);
    const { html } = await page(`/app/surveys/${s.id}?lang=en`);
    const row = (m: string) => html.match(new RegExp(`<tr[^>]*data-month="${m}"[^>]*>(.*?)</tr>`))!;
    expect(row("2026-01")[0]).toContain('data-significant=""');
    expect(textOf(row("2026-01")[1])).toContain("first month");
    expect(expected[1].comparison!.significant).toBe(true);
    expect(row("2026-02")[0]).toContain('data-significant="true"');
    expect(textOf(row("2026-02")[1])).toContain(" significant");
    expect(textOf(row("2026-02")[1])).toContain("−200.0");
    expect(textOf(row("2026-02")[1])).toContain(expected[1].comparison!.p! < 0.001 ? "< 0.001" : formatNumber("en", expected[1].comparison!.p!, 3));
    expect(expected[2].comparison!.significant).toBe(false);
    expect(row("2026-03")[0]).toContain('data-significant="false"');
    expect(textOf(row("2026-03")[1])).toContain("not significant");
    expect(textOf(row("2026-03")[1])).toContain(formatNumber("en", expected[2].comparison!.p!, 3));
    // A month without answers is shown (n 0) and cannot be compared.
    expect(textOf(row("2026-04")[1])).toContain("no comparison");
    expect(textOf(html)).toContain("Months in UTC: calendar months of the submission time there.");
  });
});

describe("dashboard", () => {
  it("shows each open survey's headline metric with n", async () => {
    const { status, html } = await page(`/app?lang=en`);
    expect(status).toBe(200);
    const card = html.slice(html.indexOf(`data-survey="${main.id}"`));
    const expected = npsFromScores([...scores, 10]);
    expect(card).toContain(`data-metric="nps" data-value="${expected.nps}" data-n="11"`);
  });
});
