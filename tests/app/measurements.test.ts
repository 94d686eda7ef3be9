import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, startTestApp, type TestApp } from "../support/app";
import { insertUser, PASSWORD } from "../support/fixtures";

// Availability measurements: an all-or-nothing CSV import with line numbers, then per month.
let app: TestApp;
let admin: { id: string; email: string };

beforeAll(async () => {
  app = await startTestApp();
  admin = await insertUser(app.db, "admin");
  const sla = await import("../../app/models/sla.server");
  const input = sla.defaultVersionInput();
  input.calendar = { timezone: "Asia/Seoul", slots: [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" })), holidays: [] };
  input.objectives = [{ kind: "availability", priority: null, target: 99.9, unit: "percent", mode: null, window: "month" }];
  const { versionId } = await sla.createSla(admin.id, { name: { en: "Cloud SLA" }, service: "cloud", tiers: ["enterprise"] }, input);
  await sla.publishVersion(admin.id, versionId, new Date("2026-01-01T00:00:00Z"));
});
afterAll(async () => app?.close());

async function signedIn(lang = "en") {
  const c = new Client(app.url);
  await c.signIn(admin.email, PASSWORD);
  return { c, headers: { "Accept-Language": lang } };
}

const count = async () => Number((await app.db.selectFrom("measurements").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);

const header = "service,window_start,window_end,good_minutes,total_minutes";

describe("importing measurements", () => {
  it("a file with bad rows imports nothing and lists every error with its line number", async () => {
    const { c, headers } = await signedIn();
    const csv = [
      header,
      "cloud,2026-10-01 00:00,2026-10-02 00:00,1440,1440", // line 2: fine
      "cloud,2026-10-03 00:00,2026-10-02 00:00,100,1440", // line 3: end before start
      "cloud,2026-10-04 00:00,2026-10-05 00:00,1430,1440", // line 4: fine
      "cloud,2026-10-05 00:00,2026-10-06 00:00,1500,1440", // line 5: good > total
      "cloud,2026-10-06 00:00,2026-10-07 00:00,-5,1440", // line 6: negative
      "cloud,2026-10-32 00:00,2026-11-01 00:00,10,10", // line 7: not a date
      "nope,2026-10-08 00:00,2026-10-09 00:00,1440,1440", // line 8: unknown service
    ].join("\n");
    const res = await c.post("/app/measurements", { csv }, { headers });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("The file has 5 errors, so nothing was imported.");
    expect(html).toContain("Line 3: window_end is before window_start.");
    expect(html).toContain("Line 5: good_minutes is larger than total_minutes.");
    expect(html).toContain("Line 6: good_minutes: must not be negative.");
    expect(html).toContain("Line 7: window_start: not a date and time.");
    expect(html).toContain("Line 8: No SLA covers the service &#x27;nope&#x27;.");
    expect(html).not.toContain("Line 2:");
    expect(html).not.toContain("Line 4:");
    expect(await count()).toBe(0);
  });

  it("errors are in Korean for a Korean reader, and an uploaded file goes through the same checks", async () => {
    const { c } = await signedIn("ko");
    const form = new FormData();
    form.append("file", new Blob([`${header}\ncloud,2026-10-03T00:00:00+09:00,2026-10-02T00:00:00+09:00,1,2\n`], { type: "text/csv" }), "bad.csv");
    const res = await c.request("/app/measurements", { method: "POST", body: form, headers: { "Accept-Language": "ko" } });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("2행: window_end가 window_start보다 앞섭니다.");
    expect(await count()).toBe(0);
  });

  it("a missing column is reported on the header line", async () => {
    const { c, headers } = await signedIn();
    const res = await c.post("/app/measurements", { csv: "service,window_start,good_minutes\ncloud,2026-10-01,1" }, { headers });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Line 1: The header lacks these columns: window_end, total_minutes");
  });

  it("a clean file imports every row; the same file again is refused as overlapping, and nothing is added", async () => {
    const { c, headers } = await signedIn();
    // October 2026 in Seoul: 31 days; 44.64 bad minutes in total = 99.9 % exactly.
    const rows = [header];
    for (let d = 1; d <= 31; d++) {
      const day = String(d).padStart(2, "0");
      const next = d === 31 ? "2026-11-01" : `2026-10-${String(d + 1).padStart(2, "0")}`;
      const bad = d === 15 ? 300 : 0;
      rows.push(`cloud,2026-10-${day} 00:00,${next} 00:00,${1440 - bad},1440`);
    }
    const csv = rows.join("\r\n");
    const ok = await c.post("/app/measurements", { csv }, { headers });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toContain("imported=31");
    expect(await count()).toBe(31);
    // Local times were read in the calendar's zone (Seoul, UTC+9).
    const first = await app.db.selectFrom("measurements").select("window_start").orderBy("window_start").executeTakeFirstOrThrow();
    expect(first.window_start.toISOString()).toBe("2026-09-30T15:00:00.000Z");
    const again = await c.post("/app/measurements", { csv }, { headers });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("Line 2: Overlaps a window already stored");
    expect(await count()).toBe(31);
  });

  it("an outage list counts its months whole, with overlapping outages once; a bad outage row imports nothing", async () => {
    const { c, headers } = await signedIn();
    const bad = ["service,outage_start,outage_end", "cloud,2026-09-10 10:00,2026-09-10 12:00", "cloud,2026-09-11 12:00,2026-09-11 10:00"].join("\n");
    const refused = await c.post("/app/measurements", { csv: bad }, { headers });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Line 3: outage_end is before outage_start.");
    expect(await count()).toBe(31);

    // Two overlapping reports of one incident, 10:00-13:00 Seoul time: 180 bad minutes of September's 43,200.
    const csv = ["service,outage_start,outage_end", "cloud,2026-09-10 10:00,2026-09-10 12:00", "cloud,2026-09-10 11:00,2026-09-10 13:00"].join("\n");
    const ok = await c.post("/app/measurements", { csv }, { headers });
    expect(ok.status).toBe(302);
    const sep = await app.db.selectFrom("measurements").selectAll().where("window_start", "=", new Date("2026-08-31T15:00:00Z")).executeTakeFirstOrThrow();
    expect(sep.window_end.toISOString()).toBe("2026-09-30T15:00:00.000Z");
    expect(sep.total_minutes).toBe(43_200);
    expect(sep.good_minutes).toBe(43_020);
  });

  it("shows October against the objective: availability, error budget left and burn rate", async () => {
    const { c, headers } = await signedIn();
    const html = await (await c.get("/app/measurements", { headers })).text();
    const row = /<tr data-month="2026-10">([\s\S]*?)<\/tr>/.exec(html);
    expect(row).not.toBeNull();
    // 300 bad of 44,640 minutes = 99.328 %; budget 44.64 min, 255 over; burn rate 300/44.64 = 6.72.
    expect(row![1]).toContain("99.328 %");
    expect(row![1]).toContain("✖ Missed");
    expect(row![1]).toContain("-255 min");
    expect(row![1]).toContain("6.72×");
  });
});
