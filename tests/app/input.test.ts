import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Client, startTestApp, toParams, type TestApp, signedIn } from "../support/app";
import { countRows, createTestSurvey, PASSWORD } from "../support/fixtures";

// Reading what users send (issue 7): form size, redirects, query strings, control characters,
// signed hidden fields, the respond rate limit and a double submit.
let app: TestApp;
let admin: Client;
let survey: Awaited<ReturnType<typeof createTestSurvey>>;
beforeAll(async () => {
  app = await startTestApp();
  admin = await signedIn(app, "admin");
  survey = await createTestSurvey(app.db);
});
afterAll(async () => app?.close());
beforeEach(() => {
  // A fresh rate-limit window per test; each test sets the limits it needs.
  delete (globalThis as any).__trustloop.respondRate;
  delete process.env.RESPOND_LIMIT_PER_ADDRESS;
  delete process.env.RESPOND_LIMIT_PER_LINK;
});

const key = () => crypto.randomUUID();
const post = (path: string, form: Record<string, string | string[]> | URLSearchParams, lang = "en") =>
  new Client(app.url).post(path, form, { headers: { "Accept-Language": lang } });

/**
 * /healthz timed every 20 ms while `work` runs; the slowest answer in ms. Before the fix these
 * forms stalled the server for 18 s (40,000 repeats) and 9 minutes (10,000 slots); the bound of
 * 1 s leaves room for a machine loaded by the rest of the suite.
 */
async function slowestHealthzDuring(work: () => Promise<unknown>): Promise<number> {
  let done = false;
  let max = 0;
  const probe = (async () => {
    while (!done) {
      const t0 = performance.now();
      await (await fetch(`${app.url}/healthz`)).arrayBuffer();
      max = Math.max(max, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await work();
  done = true;
  await probe;
  return max;
}

describe("a form of 40,000 repeats of one field", () => {
  it("on /login (430 KB, the issue's repro) is refused by size before it is read, within a second, and /healthz stays fast", async () => {
    const body = new URLSearchParams();
    for (let i = 0; i < 40_000; i++) body.append("email", "a@b.cd");
    body.append("password", "x");
    let res!: Response;
    let ms = 0;
    const healthz = await slowestHealthzDuring(async () => {
      const t0 = performance.now();
      res = await post("/login", body, "en");
      ms = performance.now() - t0;
    });
    expect(res.status).toBe(413);
    expect(ms).toBeLessThan(1000);
    expect(healthz).toBeLessThan(1000);
  });

  it("under the size limit, too many fields or repeats on /login is a 400 in the user's language, at once", async () => {
    const body = new URLSearchParams();
    for (let i = 0; i < 5_000; i++) body.append("e", "1");
    const t0 = performance.now();
    const res = await post("/login", body, "en");
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("This form has too many fields.");
  });

  it("on a survey, a repeated _key is refused the same way and stores nothing", async () => {
    const before = await countRows(app.db);
    const big = new URLSearchParams({ _page: "1", [`q_${survey.nps}`]: "9" });
    for (let i = 0; i < 40_000; i++) big.append("_key", key());
    expect((await post(`/s/${survey.token}?lang=ko`, big, "ko")).status).toBe(413);
    const body = new URLSearchParams({ _page: "1", [`q_${survey.nps}`]: "9" });
    for (let i = 0; i < 300; i++) body.append("_key", key());
    const t0 = performance.now();
    const res = await post(`/s/${survey.token}?lang=ko`, body, "ko");
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("양식의 항목이 너무 많습니다.");
    expect(await countRows(app.db)).toEqual(before);
  });
});

describe("repeated rows in staff forms", () => {
  let versionPath = "";
  beforeAll(async () => {
    const res = await admin.post("/app/slas/new", { "name.ko": "표준", "name.en": "Standard", service: "cloud", tiers: "standard", tiersOther: "" });
    expect(res.status).toBe(302);
    versionPath = res.headers.get("location")!.replace(/\?.*/, "");
  });

  function slots(n: number) {
    const form: Record<string, string> = { "calendar.timezone": "Asia/Seoul", noticePeriodDays: "30", reviewCadence: "quarterly" };
    for (let i = 0; i < n; i++) Object.assign(form, { [`calendar.slots.${i}.day`]: "1", [`calendar.slots.${i}.start`]: "09:00", [`calendar.slots.${i}.end`]: "18:00" });
    return form;
  }

  it("an SLA version with 10,000 calendar slots (1 MB) answers 400 at once, and /healthz stays fast", async () => {
    let res!: Response;
    let ms = 0;
    const healthz = await slowestHealthzDuring(async () => {
      const t0 = performance.now();
      res = await admin.post(versionPath, slots(10_000), { headers: { "Accept-Language": "en" } });
      ms = performance.now() - t0;
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("This form has too many fields.");
    expect(ms).toBeLessThan(1000);
    expect(healthz).toBeLessThan(1000);
  });

  it("201 slots fit the form but not the schema: the message sits beside the slot table", async () => {
    const res = await admin.post(versionPath, slots(201), { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<p class="field-error" id="calendar-slots-error" role="alert">At most 200 rows are allowed.</p>');
  });

  it("501 holidays and 51 credit rows are refused with their own messages", async () => {
    const form = slots(1);
    form["calendar.holidays"] = Array.from({ length: 501 }, (_, i) => `2027-01-01 #${i}`).join("\n");
    for (let i = 0; i < 51; i++) Object.assign(form, { [`remedies.credits.${i}.below`]: String(99 - i), [`remedies.credits.${i}.creditPercent`]: "5" });
    const html = await (await admin.post(versionPath, form, { headers: { "Accept-Language": "en" } })).text();
    expect(html).toContain('id="calendar-holidays-error" role="alert">At most 500 lines are allowed.</p>');
    expect(html).toContain('id="remedies-credits-error" role="alert">At most 50 rows are allowed.</p>');
  });

  it("a survey with 101 questions is refused, not cut to 100 without a word", async () => {
    const form: Record<string, string> = { intent: "save", "title.ko": "설문", "title.en": "Survey", status: "draft" };
    for (let i = 0; i < 101; i++) Object.assign(form, { [`questions.${i}.type`]: "nps", [`questions.${i}.prompt.ko`]: "추천?", [`questions.${i}.prompt.en`]: "Recommend?" });
    const res = await admin.post("/app/surveys/new", form, { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("At most 100 questions.");
  });
});

describe("redirectTo after sign-in and after a language switch", () => {
  const hostile = ["/\t/evil.test/pwned", "/\n/evil.test", "/\r/evil.test", "/\u3000/evil.test", "/\\evil.test", "//evil.test", "https://evil.test/", "/%09/x\u0000"];

  it("never leaves the site and never answers 500", async () => {
    for (const redirectTo of hostile) {
      const c = new Client(app.url);
      const res = await c.post("/login", { email: "admin@example.test", password: PASSWORD, redirectTo });
      expect([redirectTo, res.status, res.headers.get("location")]).toEqual([redirectTo, 302, "/app"]);
      const lang = await c.post("/lang", { lang: "en", redirectTo });
      expect([redirectTo, lang.status, lang.headers.get("location")]).toEqual([redirectTo, 302, "/"]);
    }
  });

  it("keeps a path on this site with its query and fragment", async () => {
    const res = await new Client(app.url).post("/login", { email: "admin@example.test", password: PASSWORD, redirectTo: "/app/responses?tier=gold#list" });
    expect(res.headers.get("location")).toBe("/app/responses?tier=gold#list");
    const ko = await new Client(app.url).post("/lang", { lang: "ko", redirectTo: "/s/abc?lang=ko" });
    expect(ko.headers.get("location")).toBe("/s/abc?lang=ko");
  });

  it("the address-bar form of the attack: %2F%09%2Fevil.test%2Fpwned on the login page", async () => {
    const html = await (await new Client(app.url).get("/login?redirectTo=%2F%09%2Fevil.test%2Fpwned")).text();
    // The sign-in form's redirectTo (the language switch has one too: back to this page).
    const value = [...html.matchAll(/name="redirectTo" value="([^"]*)"/g)].map((m) => m[1]).find((v) => !v.startsWith("/login"))!;
    expect(value).toBe("/\t/evil.test/pwned");
    const res = await new Client(app.url).post("/login", { email: "admin@example.test", password: PASSWORD, redirectTo: value });
    expect(res.headers.get("location")).toBe("/app");
  });
});

describe("addresses with characters no page sends", () => {
  it("answer 4xx pages in the user's language, not 500", async () => {
    const c = (path: string) => admin.get(path, { headers: { "Accept-Language": "en" } });
    const cases: [string, number, string][] = [
      ["/s/demo?r=%00", 400, "The address has a query that is not valid."],
      [`/s/${survey.token}?r=%00&lang=en`, 400, "The address has a query that is not valid."],
      [`/sla/${"a".repeat(19)}%00`, 404, ""],
      ["/app/responses?tier=a%00b", 400, "The address has a query that is not valid."],
      ["/app/responses.csv?tier=a%00b", 400, "The address has a query that is not valid."],
      ["/app/reports/csv?tier=a%00b", 400, "The address has a query that is not valid."],
      ["/app/reports?month=%01", 400, "The address has a query that is not valid."],
    ];
    for (const [path, status, text] of cases) {
      const res = await c(path);
      const body = await res.text();
      expect([path, res.status]).toEqual([path, status]);
      if (text) expect(body).toContain(text);
    }
  });

  it("a signed h_account of 36 hyphens is no account, not a uuid error", async () => {
    const { signHidden } = await import("../../app/utils/link-signature.server");
    const account = "-".repeat(36);
    const submissionKey = key();
    const res = await post(`/s/${survey.token}`, { _key: submissionKey, _page: "1", [`q_${survey.nps}`]: "7", h_account: account, _sig: await signHidden(survey.token, { account }) });
    expect(res.status).toBe(302);
    const r = await app.db.selectFrom("responses").select(["account_id", "segment"]).where("submission_key", "=", submissionKey).executeTakeFirstOrThrow();
    expect(r).toEqual({ account_id: null, segment: { account: account } });
  });
});

describe("control characters are refused, not cleaned", () => {
  it("an NPS of 10<NUL> is a 400 with the message beside the question, and nothing is stored", async () => {
    const before = await countRows(app.db);
    const res = await post(`/s/${survey.token}?lang=en`, { _key: key(), _page: "1", [`q_${survey.nps}`]: "10\u0000" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(`id="q_${survey.nps}-error"`);
    expect(html).toMatch(new RegExp(`id="q_${survey.nps}-error"[^>]*>Invisible control characters are not allowed here.<`));
    expect(await countRows(app.db)).toEqual(before);
  });

  it("a text answer keeps tab and newline but refuses NUL and other C0 characters", async () => {
    const kept = key();
    expect((await post(`/s/${survey.token}`, { _key: kept, _page: "1", [`q_${survey.nps}`]: "8", [`q_${survey.text}`]: "line one\n\tline two" })).status).toBe(302);
    const stored = await app.db
      .selectFrom("answers")
      .innerJoin("responses", "responses.id", "answers.response_id")
      .select("answers.value_text")
      .where("responses.submission_key", "=", kept)
      .where("answers.question_id", "=", survey.text)
      .executeTakeFirstOrThrow();
    expect(stored.value_text).toBe("line one\n\tline two");
    for (const bad of ["a\u0000b", "a\u0001b", "a\u001bb"]) {
      const res = await post(`/s/${survey.token}`, { _key: key(), _page: "1", [`q_${survey.nps}`]: "8", [`q_${survey.text}`]: bad });
      expect([bad, res.status]).toEqual([bad, 400]);
    }
  });

  it("a staff one-line field refuses a tab; a form with a control character in a field name is a 400", async () => {
    const res = await admin.post("/app/cases/new", { accountId: crypto.randomUUID(), priority: "p2", title: "a\tb" }, { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Invisible control characters are not allowed here.");
    const named = await post("/login", { "email\u0000": "a@b.cd", password: "x" });
    expect(named.status).toBe(400);
    expect(await named.text()).toContain("This form has a field name that is not valid.");
  });
});

describe("hidden fields on a public link", () => {
  async function submit(query: string, hidden: Record<string, string>) {
    // What the browser does: open the address, then post the form the page rendered.
    const page = await (await new Client(app.url).get(`/s/${survey.token}?lang=en&${query}`)).text();
    const form: Record<string, string> = { _page: "1", [`q_${survey.nps}`]: "9" };
    for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) form[m[1]] = m[2].replace(/&amp;/g, "&");
    Object.assign(form, hidden);
    const res = await post(`/s/${survey.token}?lang=en`, form);
    const r = await app.db.selectFrom("responses").select(["segment"]).where("submission_key", "=", form._key).executeTakeFirstOrThrow();
    return { page, res, segment: r.segment };
  }

  it("a link signed on the links page is taken as it is", async () => {
    const res = await admin.post(`/app/surveys/${survey.id}/links`, { intent: "sign", tier: "gold", region: "kr", account: "", plan: "", ticket: "T-9" });
    expect(res.status).toBe(200);
    const html = await res.text();
    const url = new URL(/id="signed-url"[^>]*value="([^"]+)"/.exec(html)![1].replace(/&amp;/g, "&"));
    expect(url.pathname).toBe(`/s/${survey.token}`);
    expect([...url.searchParams.keys()]).toEqual(["tier", "region", "ticket", "sig"]);
    const { page, res: posted, segment } = await submit(url.search.slice(1), {});
    expect(page).not.toContain("could not be verified");
    expect(posted.headers.get("location")).toBe(`/s/${survey.token}/thanks?lang=en`);
    expect(segment).toEqual({ tier: "gold", region: "kr", ticket: "T-9" });
  });

  it("unsigned values are dropped, the response is kept, and the page says so", async () => {
    const { page, res, segment } = await submit("tier=gold&account=acme", {});
    expect(page).toContain("Some details in this link (customer attributes) could not be verified");
    expect(segment).toEqual({});
    expect(res.headers.get("location")).toBe(`/s/${survey.token}/thanks?lang=en`);
  });

  it("a forged h_account in the post is dropped and the thanks page says so", async () => {
    const { res, segment } = await submit("", { h_account: crypto.randomUUID(), h_tier: "enterprise" });
    expect(segment).toEqual({});
    expect(res.headers.get("location")).toBe(`/s/${survey.token}/thanks?lang=en&dropped=1`);
    const thanks = await (await new Client(app.url).get(res.headers.get("location")!)).text();
    expect(thanks).toContain("could not be verified");
  });

  it("an altered value under a valid signature is dropped, with every other value", async () => {
    const { signHidden } = await import("../../app/utils/link-signature.server");
    const sig = await signHidden(survey.token, { tier: "standard", region: "kr" });
    const { page, segment } = await submit(`tier=enterprise&region=kr&sig=${sig}`, {});
    expect(page).toContain("could not be verified");
    expect(segment).toEqual({});
    // The same signature for another link's token does not carry over either.
    const other = await createTestSurvey(app.db);
    const moved = await (await new Client(app.url).get(`/s/${other.token}?lang=en&tier=standard&region=kr&sig=${sig}`)).text();
    expect(moved).toContain("could not be verified");
  });
});

describe("the rate limit on public submissions", () => {
  it("refuses the sixth post from one address in the window with 429, Retry-After and a page in the respondent's language", async () => {
    process.env.RESPOND_LIMIT_PER_ADDRESS = "5";
    for (let i = 0; i < 5; i++) expect((await post(`/s/${survey.token}`, { _key: key(), _page: "1", [`q_${survey.nps}`]: "9" })).status).toBe(302);
    const before = await countRows(app.db);
    const res = await post(`/s/${survey.token}?lang=ko`, { _key: key(), _page: "1", [`q_${survey.nps}`]: "9" }, "ko");
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(await res.text()).toContain("짧은 시간에 응답이 너무 많이 들어왔습니다.");
    expect(await countRows(app.db)).toEqual(before);
    // Viewing the survey is not a submission.
    expect((await new Client(app.url).get(`/s/${survey.token}?lang=en`)).status).toBe(200);
  });

  it("counts per link too, whatever the address", async () => {
    process.env.RESPOND_LIMIT_PER_LINK = "3";
    const other = await createTestSurvey(app.db);
    for (let i = 0; i < 3; i++) expect((await post(`/s/${survey.token}`, { _key: key(), _page: "1", [`q_${survey.nps}`]: "9" })).status).toBe(302);
    expect((await post(`/s/${survey.token}`, { _key: key(), _page: "1", [`q_${survey.nps}`]: "9" })).status).toBe(429);
    expect((await post(`/s/${other.token}`, { _key: key(), _page: "1", [`q_${other.nps}`]: "9" })).status).toBe(302);
  });
});

describe("a double click on a single-use link", () => {
  async function singleUseLink() {
    const s = await createTestSurvey(app.db);
    const account = await app.db.insertInto("accounts").values({ name: "한빛", tier: "enterprise", region: "kr", plan: "pro", locale: "en" }).returning("id").executeTakeFirstOrThrow();
    const { createSingleUseLinks } = await import("../../app/models/survey.server");
    const {
      created: [link],
    } = await createSingleUseLinks(null as unknown as string, s.id, { accountIds: [account.id], expiresAt: null });
    return { s, link };
  }

  it("the second post of the same form shows the thanks page; another form still sees 'used'", async () => {
    const { s, link } = await singleUseLink();
    const form = { _key: key(), _page: "1", [`q_${s.nps}`]: "4" };
    const first = await post(`/s/${link.token}?lang=en`, form);
    const second = await post(`/s/${link.token}?lang=en`, form);
    expect([first.status, first.headers.get("location")]).toEqual([302, `/s/${link.token}/thanks?lang=en`]);
    expect([second.status, second.headers.get("location")]).toEqual([302, `/s/${link.token}/thanks?lang=en`]);
    expect((await post(`/s/${link.token}?lang=en`, { ...form, _key: key() })).status).toBe(410);
    const stored = await app.db.selectFrom("responses").select("id").where("link_id", "=", link.id).execute();
    expect(stored.length).toBe(1);
  });

  it("eight concurrent copies of the same post all land on the thanks page, one response stored", async () => {
    const { s, link } = await singleUseLink();
    const form = { _key: key(), _page: "1", [`q_${s.nps}`]: "4" };
    const all = await Promise.all(Array.from({ length: 8 }, () => post(`/s/${link.token}?lang=en`, toParams(form))));
    expect(all.map((r) => `${r.status} ${r.headers.get("location")}`)).toEqual(Array(8).fill(`302 /s/${link.token}/thanks?lang=en`));
    const stored = await app.db.selectFrom("responses").select("id").where("link_id", "=", link.id).execute();
    expect(stored.length).toBe(1);
  });
});
