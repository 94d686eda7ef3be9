import fs from "node:fs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp, signedIn } from "../support/app";
import { tmpDir } from "../support/env";

// Feedback imports over real HTTP with the job queue running: upload (streamed to disk), mapping,
// preview, the job, all-or-nothing or skip-bad-rows, the error file, duplicates, cancel.
let app: TestApp;
let analyst: Client;
const uploads = `${tmpDir}/uploads-${process.pid}`;
process.env.UPLOAD_DIR = uploads;

beforeAll(async () => {
  app = await startTestApp({ queue: true });
  analyst = await signedIn(app, "analyst");
  await app.db.insertInto("accounts").values({ name: "Acme", email: null, tier: "enterprise", region: "kr", plan: "annual", external_id: "C-100" }).execute();
  await app.db.insertInto("accounts").values({ name: "Beta", email: null, tier: "smb", region: "us", plan: "monthly" }).execute();
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(uploads, { recursive: true, force: true });
});

async function upload(bytes: Uint8Array | string, fields: Record<string, string> = {}, name = "reviews.csv"): Promise<Response> {
  const form = new FormData();
  form.set("kind", fields.kind ?? "reviews");
  form.set("encoding", fields.encoding ?? "auto");
  form.set("file", new Blob([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], { type: "text/csv" }), name);
  return analyst.request("/app/imports", { method: "POST", body: form });
}

async function uploaded(bytes: Uint8Array | string, fields: Record<string, string> = {}): Promise<string> {
  const res = await upload(bytes, fields);
  expect(res.status, await res.clone().text()).toBe(303);
  return res.headers.get("location")!.split("/").pop()!;
}

const mappingForm = (m: Record<string, string>, extra: Record<string, string> = {}) => ({
  "map.text": "",
  "map.date": "",
  "map.score": "",
  "map.accountName": "",
  "map.accountExternalId": "",
  "map.sourceName": "",
  "map.language": "",
  "map.externalId": "",
  scale: "stars",
  fixedSourceName: "",
  encoding: "auto",
  ...Object.fromEntries(Object.entries(m).map(([k, v]) => [`map.${k}`, v])),
  ...extra,
});

/** The body as text, keeping the BOM (Response.text() drops it). */
const withBom = async (res: Response) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());

const importRow = (id: string) => app.db.selectFrom("imports").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

async function waitFor(id: string, statuses: string[], timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const row = await importRow(id);
    if (statuses.includes(row.status)) return row;
    if (Date.now() > end) throw new Error(`import ${id} still ${row.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const itemsOf = (id: string) =>
  app.db
    .selectFrom("feedback_items")
    .select(["import_row", "text", "score", "score_scale", "source_name", "external_id", "language", "account_id", "occurred_at", "sentiment_label", "sentiment_model"])
    .where("import_id", "=", id)
    .orderBy("import_row")
    .execute();

describe("upload and preview", () => {
  it("reads a UTF-8 file with a BOM, guesses the mapping, and previews the rows as stored", async () => {
    const csv = "\uFEFFreview_id,text,date,rating,customer_id\r\nr1,Great support and fast answers,2026-11-01,5,C-100\r\nr2,\"Slow, and the app crashed\",2026-11-02 10:30,1,\r\n";
    const id = await uploaded(csv);
    const row = await importRow(id);
    expect(row.status).toBe("uploaded");
    expect(row.detected_encoding).toBe("utf-8");
    expect(row.header).toEqual(["review_id", "text", "date", "rating", "customer_id"]);
    expect(row.mapping).toEqual({ scale: "stars", fixedSourceName: "", accountExternalId: 4, externalId: 0, text: 1, date: 2, score: 3 });
    expect(fs.existsSync(`${uploads}/${id}.csv`)).toBe(true);

    const { previewImport } = await import("../../app/models/import.server");
    const preview = (await previewImport(id))!;
    expect(preview.errors).toEqual([]);
    const acme = await app.db.selectFrom("accounts").select("id").where("name", "=", "Acme").executeTakeFirstOrThrow();
    expect(preview.rows.map((r) => ({ line: r.line, text: r.text, at: r.occurredAt.toISOString(), score: r.score, scale: r.scoreScale, account: r.accountId, ext: r.externalId, lang: r.language }))).toEqual([
      // No offset in the file: local times in the organisation's zone (Asia/Seoul, UTC+9).
      { line: 2, text: "Great support and fast answers", at: "2026-10-31T15:00:00.000Z", score: 5, scale: "stars", account: acme.id, ext: "r1", lang: "en" },
      { line: 3, text: "Slow, and the app crashed", at: "2026-11-02T01:30:00.000Z", score: 1, scale: "stars", account: null, ext: "r2", lang: "en" },
    ]);
    expect(preview.rows[0].sentiment.label).toBe("positive");
    expect(preview.rows[1].sentiment.label).toBe("negative");

    const page = await (await analyst.get(`/app/imports/${id}`)).text();
    expect(page).toContain('data-line="2"');
    expect(page).toContain("Great support and fast answers");
    expect(page).toContain('data-line="3"');
    // The preview shows the dates as the file gave them: in the organisation's zone, labelled.
    expect(page).toContain("(Asia/Seoul)</th>");
    expect(page).toContain("2026-11-02 10:30");
  });

  it("detects CP949 (Korean Excel) and decodes it", async () => {
    const csv = "번호,내용,날짜,별점\n1,배송이 빨라서 좋아요,2026.11.03,5\n2,상담원 연결이 너무 늦어요,2026/11/04,2\n";
    const bytes = iconv.encode(csv, "cp949");
    // Not valid UTF-8, so "auto" picks CP949.
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const id = await uploaded(bytes);
    const row = await importRow(id);
    expect(row.detected_encoding).toBe("cp949");
    expect(row.header).toEqual(["번호", "내용", "날짜", "별점"]);
    expect(row.mapping).toMatchObject({ externalId: 0, text: 1, date: 2, score: 3 });
    const { previewImport } = await import("../../app/models/import.server");
    const preview = (await previewImport(id))!;
    // Midnight of those days in Seoul.
    expect(preview.rows.map((r) => [r.line, r.text, r.occurredAt.toISOString(), r.score, r.language])).toEqual([
      [2, "배송이 빨라서 좋아요", "2026-11-02T15:00:00.000Z", 5, "ko"],
      [3, "상담원 연결이 너무 늦어요", "2026-11-03T15:00:00.000Z", 2, "ko"],
    ]);
  });

  it("refuses a request without a file, and an unknown kind, with the message beside the field", async () => {
    const form = new FormData();
    form.set("kind", "reviews");
    const none = await analyst.request("/app/imports", { method: "POST", body: form, headers: { "Accept-Language": "en" } });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Choose a CSV file.");
    const badKind = await upload("text\nhello\n", { kind: "poems" });
    expect(badKind.status).toBe(400);
    expect(await app.db.selectFrom("imports").select("id").where("kind", "=", "other").execute()).toEqual([]);
  });

  it("saves a chosen mapping and shows the first rows with line-numbered errors", async () => {
    const csv = [
      "id,body,when,nps,company,channel,lang",
      "a1,Love it,2026-10-01,10,Acme,Twitter,en",
      'a2,"Two lines',
      'of text",2026-10-02,7,,Twitter,ko',
      "a3,Bad date,2026-13-40,9,,Twitter,en",
      "a4,,2026-10-04,8,,Twitter,en",
      "a5,Out of range,2026-10-05,11,Nobody Inc,,en",
    ].join("\n");
    const id = await uploaded(csv);
    const res = await analyst.post(`/app/imports/${id}`, mappingForm(
      { text: "1", date: "2", score: "3", accountName: "4", sourceName: "5", language: "6", externalId: "0" },
      { scale: "nps", fixedSourceName: "Survey export", intent: "preview" },
    ));
    expect(res.status).toBe(303);
    const row = await importRow(id);
    expect(row.mapping).toEqual({ scale: "nps", fixedSourceName: "Survey export", text: 1, date: 2, score: 3, accountName: 4, sourceName: 5, language: 6, externalId: 0 });
    const { previewImport } = await import("../../app/models/import.server");
    const preview = (await previewImport(id))!;
    expect(preview.checked).toBe(5);
    expect(preview.rows.map((r) => [r.line, r.text, r.score, r.scoreScale, r.sourceName, r.language])).toEqual([
      [2, "Love it", 10, "nps", "Twitter", "en"],
      [3, "Two lines\nof text", 7, "nps", "Twitter", "ko"],
    ]);
    expect(preview.errors.map((e) => [e.line, e.column, e.key, e.params ?? null])).toEqual([
      [5, "when", "import.error.date", { value: "2026-13-40" }],
      [6, "body", "import.error.textEmpty", null],
      [7, "nps", "import.error.score", { value: "11", min: 0, max: 10 }],
      [7, "company", "import.error.accountName", { value: "Nobody Inc" }],
    ]);
    const page = await (await analyst.get(`/app/imports/${id}`, { headers: { "Accept-Language": "en" } })).text();
    expect(page).toContain("Line 5 · when: Not a date: 2026-13-40");
    expect(page).toContain("Line 7 · company: No account has this name: Nobody Inc");
  });

  it("refuses a mapping without a text column, writing nothing", async () => {
    const id = await uploaded("a,b\n1,2\n");
    const before = await importRow(id);
    const res = await analyst.post(`/app/imports/${id}`, mappingForm({}, { intent: "start" }), { headers: { "Accept-Language": "en" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Choose the text column.");
    expect(await importRow(id)).toEqual(before);
  });
});

const badFile = [
  "id,text,date,stars",
  "b1,Fine product,2026-09-01,4",
  "b2,Terrible delay,2026-09-02,9",
  "b3,Okay,not a date,3",
  "b4,Excellent help,2026-09-04,5",
].join("\n");

describe("the import job", () => {
  it("imports nothing when a row is bad, and lists every bad row in the error file", async () => {
    const id = await uploaded(badFile);
    await analyst.post(`/app/imports/${id}`, mappingForm({ externalId: "0", text: "1", date: "2", score: "3" }, { fixedSourceName: "Shop", intent: "start" }));
    const done = await waitFor(id, ["failed", "done"]);
    expect(done).toMatchObject({ status: "failed", failure: "import.failure.badRows", rows_total: 4, rows_failed: 2, rows_imported: 0 });
    expect(await itemsOf(id)).toEqual([]);
    expect(await app.db.selectFrom("import_rows").select("line").where("import_id", "=", id).execute()).toEqual([]);
    const file = await analyst.get(`/app/imports/${id}.errors.csv`, { headers: { "Accept-Language": "en" } });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(await withBom(file)).toBe("\uFEFFline,column,message\r\n3,stars,Not a whole number from 1 to 5: 9\r\n4,date,Not a date: not a date\r\n");
  });

  it("with skip bad rows, imports exactly the good ones, with sentiment and language", async () => {
    const id = await uploaded(badFile);
    await analyst.post(`/app/imports/${id}`, mappingForm({ externalId: "0", text: "1", date: "2", score: "3" }, { fixedSourceName: "Shop", skipBadRows: "on", intent: "start" }));
    const done = await waitFor(id, ["failed", "done"]);
    expect(done).toMatchObject({ status: "done", rows_total: 4, rows_failed: 2, rows_imported: 2, rows_duplicate: 0 });
    const items = await itemsOf(id);
    expect(items.map((i) => [i.import_row, i.text, i.score, i.score_scale, i.source_name, i.external_id, i.language, i.occurred_at.toISOString()])).toEqual([
      [2, "Fine product", 4, "stars", "Shop", "b1", "en", "2026-08-31T15:00:00.000Z"],
      [5, "Excellent help", 5, "stars", "Shop", "b4", "en", "2026-09-03T15:00:00.000Z"],
    ]);
    expect(items.every((i) => i.sentiment_label !== null && i.sentiment_model !== null)).toBe(true);
    const file = await withBom(await analyst.get(`/app/imports/${id}.errors.csv`, { headers: { "Accept-Language": "ko" } }));
    expect(file).toBe("\uFEFF줄,열,오류\r\n3,stars,1에서 5 사이의 정수가 아닙니다: 9\r\n4,date,날짜로 읽을 수 없습니다: not a date\r\n");
    const page = await (await analyst.get(`/app/imports/${id}`, { headers: { "Accept-Language": "en" } })).text();
    expect(page).toContain('data-imported="2"');
    expect(page).toContain("2 bad rows skipped");
    expect(page).toContain(`/app/imports/${id}.errors.csv`);
    // The upload is deleted once the rows are in.
    expect(fs.existsSync(`${uploads}/${id}.csv`)).toBe(false);
  });

  it("skips and counts duplicates: the same external id, or the same text, time and source", async () => {
    const csv = [
      "id,text,date,source",
      "d1,First,2026-08-01,Play",
      "d1,First again with the same id,2026-08-02,Play",
      "d1,Same id at another source,2026-08-02,Web",
      ",No id,2026-08-03,Play",
      ",No id,2026-08-03,Play",
      ",No id,2026-08-04,Play",
    ].join("\n");
    const first = await uploaded(csv);
    await analyst.post(`/app/imports/${first}`, mappingForm({ externalId: "0", text: "1", date: "2", sourceName: "3" }, { intent: "start" }));
    expect(await waitFor(first, ["failed", "done"])).toMatchObject({ status: "done", rows_total: 6, rows_imported: 4, rows_duplicate: 2 });
    expect((await itemsOf(first)).map((i) => i.import_row)).toEqual([2, 4, 5, 7]);
    // The same file again: every row is already there.
    const again = await uploaded(csv);
    await analyst.post(`/app/imports/${again}`, mappingForm({ externalId: "0", text: "1", date: "2", sourceName: "3" }, { intent: "start" }));
    expect(await waitFor(again, ["failed", "done"])).toMatchObject({ status: "done", rows_total: 6, rows_imported: 0, rows_duplicate: 6 });
  });

  it("shows a running import's progress, and cancels it: nothing stored", async () => {
    const lines = ["id,text"];
    for (let i = 0; i < 60_000; i++) lines.push(`c${i},Feedback number ${i} about the product`);
    const id = await uploaded(lines.join("\n"));
    await analyst.post(`/app/imports/${id}`, mappingForm({ externalId: "0", text: "1" }, { intent: "start" }));
    // The page, as a person without JavaScript would reload it, until the job has read some rows.
    const end = Date.now() + 60_000;
    let page = "";
    for (;;) {
      page = await (await analyst.get(`/app/imports/${id}`, { headers: { "Accept-Language": "en" } })).text();
      const done = /data-rows-done="(\d+)"/.exec(page);
      if (done && Number(done[1]) > 0) break;
      if (Date.now() > end) throw new Error("never started");
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(page).toContain('data-status="running"');
    expect(page).toMatch(/rows read/);
    expect(page).toContain(`href="/app/imports/${id}"`); // the refresh link
    expect(page).toContain('value="cancel"');
    const res = await analyst.post(`/app/imports/${id}`, { intent: "cancel" });
    expect(res.status).toBe(303);
    expect(await waitFor(id, ["cancelled", "done", "failed"])).toMatchObject({ status: "cancelled", rows_imported: 0 });
    expect(await itemsOf(id)).toEqual([]);
    expect(await app.db.selectFrom("import_rows").select("line").where("import_id", "=", id).execute()).toEqual([]);
    const audit = await app.db.selectFrom("audit_events").select("action").where("target_id", "=", id).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["import.upload", "import.map", "import.start", "import.cancel"]);
  }, 120_000);

  it("cancels an import before it starts", async () => {
    const id = await uploaded("text\nhello\n");
    const res = await analyst.post(`/app/imports/${id}`, { intent: "cancel" });
    expect(res.status).toBe(303);
    expect(await importRow(id)).toMatchObject({ status: "cancelled" });
    const again = await analyst.post(`/app/imports/${id}`, { intent: "cancel" }, { headers: { "Accept-Language": "en" } });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("This import has already ended.");
  });

  it("lists imports with their status and a link to each", async () => {
    const list = await (await analyst.get("/app/imports", { headers: { "Accept-Language": "en" } })).text();
    expect(list).toContain("Feedback imports");
    expect(list).toContain('href="/app/imports"');
    const id = (await app.db.selectFrom("imports").select("id").where("status", "=", "done").executeTakeFirstOrThrow()).id;
    expect(list).toContain(`/app/imports/${id}`);
  });
});
