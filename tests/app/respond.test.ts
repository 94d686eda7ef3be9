import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { countRows, createTestSurvey } from "../support/fixtures";
import { signHidden } from "../../app/utils/link-signature.server";

let app: TestApp;
let survey: Awaited<ReturnType<typeof createTestSurvey>>;
beforeAll(async () => {
  app = await startTestApp();
  survey = await createTestSurvey(app.db);
});
afterAll(async () => app?.close());

const key = () => crypto.randomUUID();
function valid(overrides: Record<string, string | string[]> = {}) {
  return { _key: key(), _page: "1", [`q_${survey.nps}`]: "9", [`q_${survey.nps}_why`]: "빠른 지원", ...overrides };
}

async function post(path: string, form: Record<string, string | string[]>, lang = "ko") {
  return new Client(app.url).post(path, form, { headers: { "Accept-Language": lang } });
}

describe("the respondent's page", () => {
  it("shows the survey in the browser's language, and ?lang switches it", async () => {
    const ko = await new Client(app.url).get(`/s/${survey.token}`, { headers: { "Accept-Language": "ko-KR,ko;q=0.9" } });
    expect(ko.status).toBe(200);
    const koHtml = await ko.text();
    expect(koHtml).toContain('<html lang="ko"');
    expect(koHtml).toContain("추천하시겠습니까?");
    const en = await new Client(app.url).get(`/s/${survey.token}?lang=en`, { headers: { "Accept-Language": "ko" } });
    const enHtml = await en.text();
    expect(enHtml).toContain('<html lang="en"');
    expect(enHtml).toContain("Would you recommend us?");
  });

  it("renders the NPS scale as a radio group in a fieldset with a legend and the end labels", async () => {
    const html = await (await new Client(app.url).get(`/s/${survey.token}?lang=en`)).text();
    expect(html).toMatch(/<fieldset[^>]*><legend[^>]*>1\. Would you recommend us\?/);
    for (let i = 0; i <= 10; i++) expect(html).toContain(`name="q_${survey.nps}" value="${i}"`);
    expect(html).toContain("Not at all likely");
    expect(html).toContain("Extremely likely");
  });

  it("answers an unknown token with a kind 404 page in the right language", async () => {
    const res = await new Client(app.url).get("/s/no-such-token", { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Survey not found");
    const ko = await new Client(app.url).get("/s/no-such-token", { headers: { "Accept-Language": "ko" } });
    expect(await ko.text()).toContain("설문을 찾을 수 없습니다");
  });
});

describe("bad input: 400, a message beside the field in the respondent's language, nothing written", () => {
  let before: Awaited<ReturnType<typeof countRows>>;
  beforeEach(async () => {
    before = await countRows(app.db);
  });

  const npsCases: [string, string][] = [
    ["11", "0부터 10 사이의 정수를 골라 주세요."],
    ["-1", "0부터 10 사이의 정수를 골라 주세요."],
    ["7.5", "0부터 10 사이의 정수를 골라 주세요."],
    ["abc", "0부터 10 사이의 정수를 골라 주세요."],
  ];
  for (const [value, message] of npsCases) {
    it(`an NPS of ${JSON.stringify(value)}`, async () => {
      const res = await post(`/s/${survey.token}`, valid({ [`q_${survey.nps}`]: value }));
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(`id="q_${survey.nps}-error"`);
      expect(html).toContain(message);
      expect(await countRows(app.db)).toEqual(before);
    });
  }

  it("an NPS of 11 in English gets the English message", async () => {
    const res = await post(`/s/${survey.token}?lang=en`, valid({ [`q_${survey.nps}`]: "11" }), "en");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Please choose a whole number from 0 to 10.");
  });

  it("a missing required answer", async () => {
    const form = valid();
    delete form[`q_${survey.nps}`];
    const res = await post(`/s/${survey.token}`, form);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`id="q_${survey.nps}-error"`);
    expect(html).toContain("필수 항목입니다.");
    expect(await countRows(app.db)).toEqual(before);
  });

  it("an answer to a question the survey does not have", async () => {
    const res = await post(`/s/${survey.token}`, valid({ [`q_${crypto.randomUUID()}`]: "5" }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("이 설문에 없는 질문에 대한 답이 포함되어 있습니다");
    expect(await countRows(app.db)).toEqual(before);
  });

  it("a text over 5,000 characters", async () => {
    const res = await post(`/s/${survey.token}`, valid({ [`q_${survey.text}`]: "가".repeat(5001) }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`id="q_${survey.text}-error"`);
    expect(html).toContain("5,000자 이하로 입력해 주세요.");
    expect(await countRows(app.db)).toEqual(before);
  });

  it("a why text over 5,000 characters", async () => {
    const res = await post(`/s/${survey.token}`, valid({ [`q_${survey.nps}_why`]: "a".repeat(5001) }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(`id="q_${survey.nps}_why-error"`);
    expect(await countRows(app.db)).toEqual(before);
  });

  it("a choice not offered", async () => {
    const res = await post(`/s/${survey.token}`, valid({ [`q_${survey.choice}`]: "free-lunch" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`id="q_${survey.choice}-error"`);
    expect(html).toContain("제시된 보기 중에서 골라 주세요.");
    expect(await countRows(app.db)).toEqual(before);
  });

  it("a hidden field that fails validation", async () => {
    const res = await post(`/s/${survey.token}`, valid({ h_tier: "<script>alert(1)</script>" }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("이 설문 링크의 정보가 올바르지 않습니다");
    expect(await countRows(app.db)).toEqual(before);
    const page = await new Client(app.url).get(`/s/${survey.token}?tier=${encodeURIComponent("a b;c")}`);
    expect(page.status).toBe(400);
  });
});

describe("a valid response", () => {
  it("is stored with its answers, a feedback item per text and the link's signed hidden fields", async () => {
    const submissionKey = key();
    const _sig = await signHidden(survey.token, { tier: "gold", region: "kr", ticket: "T-42" });
    const res = await post(`/s/${survey.token}?tier=gold`, {
      ...valid({ _key: submissionKey, h_tier: "gold", h_region: "kr", h_ticket: "T-42", _sig }),
      [`q_${survey.choice}`]: "price",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/s/${survey.token}/thanks?lang=ko`);
    const response = await app.db.selectFrom("responses").selectAll().where("submission_key", "=", submissionKey).executeTakeFirstOrThrow();
    expect(response.finished).toBe(true);
    expect(response.segment).toEqual({ tier: "gold", region: "kr", ticket: "T-42" });
    expect(response.ip).toBeTruthy();
    const answers = await app.db.selectFrom("answers").selectAll().where("response_id", "=", response.id).execute();
    const nps = answers.find((a) => a.question_id === survey.nps)!;
    expect(nps.value_int).toBe(9);
    expect(nps.why_text).toBe("빠른 지원");
    expect(answers.find((a) => a.question_id === survey.choice)!.choices).toEqual(["price"]);
    const items = await app.db.selectFrom("feedback_items").selectAll().where("response_id", "=", response.id).execute();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ source: "survey", text: "빠른 지원", score: 9, score_scale: "nps", language: "ko" });
  });

  it("submitted twice with the same form (double click, back and resubmit) is stored once", async () => {
    const form = valid();
    const before = await countRows(app.db);
    const [a, b] = await Promise.all([post(`/s/${survey.token}`, form), post(`/s/${survey.token}`, form)]);
    const c = await post(`/s/${survey.token}`, form);
    for (const res of [a, b, c]) expect(res.status).toBe(302);
    const after = await countRows(app.db);
    expect(after.responses - before.responses).toBe(1);
    expect(after.answers - before.answers).toBe(1);
  });
});

describe("round trips to the database per response", () => {
  /** Swaps the app's database handle for one that records what it sends (statements, and transactions). */
  function recordingDb() {
    const store = (globalThis as any).__trustloop;
    const working = store.db;
    const sent: string[] = [];
    // Every statement that runs comes back through transformResult, compiled in advance or not.
    const plugged = working.db.withPlugin({
      transformQuery: ({ node }: { node: unknown }) => node,
      transformResult: async ({ result }: { result: { rows: unknown[] } }) => (sent.push(`${result.rows.length} rows`), result),
    });
    const db = new Proxy(plugged, {
      get(target, prop) {
        if (prop === "transaction") sent.push("BEGIN ... COMMIT");
        const value = target[prop];
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    store.db = { ...working, db };
    return { sent, restore: () => (store.db = working) };
  }

  it("a completed page through a public link: two (link, survey and questions; then response, answers and feedback items)", async () => {
    // The first post reads what the process keeps (the sentiment model choice, the link secret).
    expect((await post(`/s/${survey.token}`, valid())).status).toBe(302);
    const recorded = recordingDb();
    try {
      const _sig = await signHidden(survey.token, { tier: "gold" });
      const res = await post(`/s/${survey.token}`, { ...valid({ h_tier: "gold", _sig }), [`q_${survey.choice}`]: "price", [`q_${survey.text}`]: "좋아요" });
      expect(res.status).toBe(302);
      expect(recorded.sent).toEqual(["1 rows", "1 rows"]);
    } finally {
      recorded.restore();
    }
  });
});

describe("surveys longer than one page", () => {
  it("keep the first page's answers as an unfinished response, then finish it", async () => {
    const twoPages = await createTestSurvey(app.db, { twoPages: true });
    const submissionKey = key();
    const first = await post(`/s/${twoPages.token}`, { _key: submissionKey, _page: "1", [`q_${twoPages.nps}`]: "3" });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toContain(`r=${submissionKey}&p=2`);
    const partial = await app.db.selectFrom("responses").selectAll().where("submission_key", "=", submissionKey).executeTakeFirstOrThrow();
    expect(partial.finished).toBe(false);
    expect(partial.submitted_at).toBeNull();
    // The second page shows only its own question, and refuses an answer to the first page's.
    const page2 = await (await new Client(app.url).get(first.headers.get("location")!)).text();
    expect(page2).toContain("기타 의견");
    expect(page2).not.toContain("추천하시겠습니까?");
    const wrong = await post(`/s/${twoPages.token}`, { _key: submissionKey, _page: "2", [`q_${twoPages.nps}`]: "9" });
    expect(wrong.status).toBe(400);
    const done = await post(`/s/${twoPages.token}`, { _key: submissionKey, _page: "2", [`q_${twoPages.text}`]: "Thanks" });
    expect(done.status).toBe(302);
    const finished = await app.db.selectFrom("responses").selectAll().where("id", "=", partial.id).executeTakeFirstOrThrow();
    expect(finished.finished).toBe(true);
    const answers = await app.db.selectFrom("answers").select(["question_id", "value_int", "value_text"]).where("response_id", "=", partial.id).execute();
    expect(answers).toHaveLength(2);
  });
});

describe("links that cannot be answered", () => {
  it("a closed survey shows a kind 410 page in the respondent's language and writes nothing", async () => {
    const closed = await createTestSurvey(app.db, { status: "closed" });
    const res = await new Client(app.url).get(`/s/${closed.token}`, { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("This survey is closed");
    const before = await countRows(app.db);
    const posted = await post(`/s/${closed.token}`, { _key: key(), _page: "1", [`q_${closed.nps}`]: "5" });
    expect(posted.status).toBe(410);
    expect(await countRows(app.db)).toEqual(before);
  });

  it("a draft survey is not found (404)", async () => {
    const draft = await createTestSurvey(app.db, { status: "draft" });
    expect((await new Client(app.url).get(`/s/${draft.token}`)).status).toBe(404);
  });

  it("a single-use link is used once, then shows 410; an expired one shows 410", async () => {
    const s = await createTestSurvey(app.db);
    const account = await app.db
      .insertInto("accounts")
      .values({ name: "한빛물류", tier: "enterprise", region: "kr", plan: "annual", locale: "en" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { createSingleUseLinks } = await import("../../app/models/survey.server");
    const {
      created: [link],
    } = await createSingleUseLinks(null as unknown as string, s.id, { accountIds: [account.id], expiresAt: null });
    // The link's language wins over the browser's.
    const first = await new Client(app.url).get(`/s/${link.token}`, { headers: { "Accept-Language": "ko" } });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toContain("lang=en");
    const ok = await post(`/s/${link.token}`, { _key: key(), _page: "1", [`q_${s.nps}`]: "2" });
    expect(ok.status).toBe(302);
    const stored = await app.db.selectFrom("responses").selectAll().where("link_id", "=", link.id).executeTakeFirstOrThrow();
    expect(stored.account_id).toBe(account.id);
    expect(stored.segment).toMatchObject({ account: account.id, tier: "enterprise", region: "kr", plan: "annual" });
    const again = await new Client(app.url).get(`/s/${link.token}?lang=en`);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("This link has already been used");
    const secondTry = await post(`/s/${link.token}`, { _key: key(), _page: "1", [`q_${s.nps}`]: "10" });
    expect(secondTry.status).toBe(410);

    const {
      created: [expired],
    } = await createSingleUseLinks(null as unknown as string, s.id, {
      accountIds: [account.id],
      expiresAt: new Date(Date.now() - 60_000),
    });
    const res = await new Client(app.url).get(`/s/${expired.token}?lang=en`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("This link has expired");
  });

  it("a survey at its response limit is closed", async () => {
    const limited = await createTestSurvey(app.db, { responseLimit: 1 });
    expect((await post(`/s/${limited.token}`, { _key: key(), _page: "1", [`q_${limited.nps}`]: "8" })).status).toBe(302);
    expect((await new Client(app.url).get(`/s/${limited.token}`)).status).toBe(410);
  });
});

describe("anonymous surveys", () => {
  it("keep no IP address and round the submission time to the day", async () => {
    const anon = await createTestSurvey(app.db, { anonymous: true });
    const submissionKey = key();
    const _sig = await signHidden(anon.token, { account: "acme", tier: "gold" });
    const res = await post(`/s/${anon.token}?account=acme`, { _key: submissionKey, _page: "1", h_account: "acme", h_tier: "gold", _sig, [`q_${anon.nps}`]: "6" });
    expect(res.status).toBe(302);
    const r = await app.db.selectFrom("responses").selectAll().where("submission_key", "=", submissionKey).executeTakeFirstOrThrow();
    expect(r.ip).toBeNull();
    expect(r.account_id).toBeNull();
    expect(r.segment).toEqual({ tier: "gold" });
    expect(r.submitted_at!.toISOString()).toMatch(/T00:00:00\.000Z$/);
    expect(r.started_at.toISOString()).toMatch(/T00:00:00\.000Z$/);
  });
});

describe("characters the database refuses", () => {
  it("a NUL byte in a text answer is refused beside the field (400), not cleaned and not a 500", async () => {
    const before = await countRows(app.db);
    const res = await post(`/s/${survey.token}`, valid({ [`q_${survey.nps}_why`]: "fast\u0000 support" }));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(new RegExp(`id="q_${survey.nps}_why-error"[^>]*>보이지 않는 제어 문자는 쓸 수 없습니다.<`));
    expect(await countRows(app.db)).toEqual(before);
  });
});
