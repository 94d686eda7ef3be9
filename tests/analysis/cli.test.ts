import { describe, expect, it, beforeAll } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { discoverThemesByGroup } from "../../analysis/themes/discover.js";
import { detectLanguage } from "../../analysis/text/index.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsx = join(root, "node_modules/.bin/tsx");
const run = (...args: string[]) => spawnSync(tsx, ["analysis/cli/main.ts", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, DOTENV_CONFIG_QUIET: "true" } });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "trustloop-cli-"));
  writeFileSync(join(dir, "nps.csv"), 'id,score,region,date\n1,10,eu,2026-01-03\n2,3,us,2026-01-10\n3,9,eu,2026-02-01\n4,,us,2026-02-02\n5,7,us,2026-02-09\n');
  const topics = [
    ["refund", "refund money back payment returned waiting"],
    ["login", "login password reset account locked code"],
    ["delivery", "delivery parcel courier arrived late damaged"],
  ];
  const lines = ["id,text"];
  const seeds = ["text,theme"];
  let id = 0;
  for (const [name, vocab] of topics) {
    const w = vocab.split(" ");
    for (let i = 0; i < 12; i++) lines.push(`${++id},"${w[i % w.length]} ${w[(i + 2) % w.length]}, ${w[(i + 3) % w.length]} ${w[(i + 1) % w.length]}"`);
    for (let i = 0; i < 5; i++) seeds.push(`"${w[i]} ${w[(i + 1) % w.length]} ${w[(i + 4) % w.length]}",${name}`);
  }
  writeFileSync(join(dir, "items.csv"), lines.join("\n") + "\n");
  writeFileSync(join(dir, "seeds.csv"), seeds.join("\n") + "\n");
  // Korean and English items mixed, as in an export: each language is discovered apart
  const ko = [
    ["배송", "배송이 택배가 늦게 도착 파손 기사님"],
    ["환불", "환불이 환불금 입금이 취소 요청 계좌로"],
  ];
  const mixed = ["id,text", ...lines.slice(1)];
  for (const [, vocab] of ko) {
    const w = vocab.split(" ");
    for (let i = 0; i < 12; i++) mixed.push(`${++id},"${w[i % w.length]} ${w[(i + 2) % w.length]} ${w[(i + 3) % w.length]} ${w[(i + 1) % w.length]}"`);
  }
  writeFileSync(join(dir, "mixed.csv"), mixed.join("\n") + "\n");
  // the same with a language column saying "en" everywhere (a previous run's column wins over detection)
  writeFileSync(join(dir, "mixed-en.csv"), ["id,text,language", ...mixed.slice(1).map((l) => `${l},en`)].join("\n") + "\n");
  writeFileSync(join(dir, "items.jsonl"), lines.slice(1).map((l) => { const [i, ...t] = l.split(","); return JSON.stringify({ id: Number(i), text: t.join(",").replace(/"/g, "") }); }).join("\n") + "\n");
});

describe("analyze nps", () => {
  it("prints NPS, n and the interval per group", () => {
    const r = run("nps", "--in", join(dir, "nps.csv"), "--score", "score", "--by", "region");
    expect(r.status).toBe(0);
    const eu = r.stdout.split("\n").find((l) => l.startsWith("eu"))!.trim().split(/\s+/);
    expect(eu.slice(0, 3)).toEqual(["eu", "2", "100.0"]);
    const us = r.stdout.split("\n").find((l) => l.startsWith("us"))!.trim().split(/\s+/);
    expect(us.slice(0, 3)).toEqual(["us", "2", "-50.0"]); // one blank score is a skip
  });
  it("groups by month", () => {
    const r = run("nps", "--in", join(dir, "nps.csv"), "--score", "score", "--period", "month", "--date", "date");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^2026-01\s+2\s+0\.0/m);
    expect(r.stdout).toMatch(/^2026-02\s+2\s+50\.0/m);
  });
});

describe("analyze themes", () => {
  it("adds theme columns with seeded themes (CSV in, CSV out)", () => {
    const out = join(dir, "out.csv");
    const r = run("themes", "--in", join(dir, "items.csv"), "--text", "text", "--out", out, "--seeds", join(dir, "seeds.csv"));
    expect(r.status, r.stderr).toBe(0);
    const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(36);
    expect(Object.keys(rows[0])).toEqual(["id", "text", "theme", "theme_label", "theme_confidence"]);
    const right = rows.filter((row, i) => row.theme === ["refund", "login", "delivery"][Math.floor(i / 12)]).length;
    expect(right).toBeGreaterThan(30);
    expect(r.stdout).toMatch(/seeded themes/);
  });
  it("discovers themes without seeds (JSONL in, JSONL out)", () => {
    const out = join(dir, "out.jsonl");
    const r = run("themes", "--in", join(dir, "items.jsonl"), "--text", "text", "--out", out, "--k", "3", "--seed", "2");
    expect(r.status, r.stderr).toBe(0);
    const rows = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.length).toBe(36);
    expect(new Set(rows.map((x) => x.theme)).size).toBeGreaterThanOrEqual(2);
    expect(typeof rows[0].theme_confidence).toBe("number");
    expect(r.stdout).toMatch(/discovered themes/);
  });
  it("discovers each language apart, as the app's job does, and says each theme's language", () => {
    const out = join(dir, "mixed-out.csv");
    const r = run("themes", "--in", join(dir, "mixed.csv"), "--text", "text", "--out", out);
    expect(r.status, r.stderr).toBe(0);
    const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(60);
    // the same call as the app's discovery job, on the detected languages
    const texts = rows.map((x) => x.text);
    const d = discoverThemesByGroup(texts, texts.map(detectLanguage), { k: "auto", seed: 1 });
    expect(rows.map((x) => x.theme)).toEqual(Array.from(d.assignments, (a) => (a < 0 ? "unassigned" : d.themes[a].id)));
    expect(new Set(d.themes.map((t) => t.group))).toEqual(new Set(["en", "ko"]));
    expect(r.stdout).toContain("discovered themes among 60 items, each language apart (en 36, ko 24; k = ");
    for (const t of d.themes) expect(r.stdout).toContain(`  ${t.id} [${t.group}] "${t.label}": ${t.size} (`);
    // no theme mixes the two languages
    for (const t of d.themes) expect(new Set(rows.filter((x) => x.theme === t.id).map((x) => detectLanguage(x.text)))).toEqual(new Set([t.group]));
  });
  it("takes the language from a language column where there is one", () => {
    const r = run("themes", "--in", join(dir, "mixed-en.csv"), "--text", "text", "--out", join(dir, "mixed-en-out.csv"));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("each language apart (en 60; k = ");
    expect(r.stdout).not.toContain("[ko]");
    expect(r.stdout).toMatch(/ d1 \[en\] "/);
  });
});

describe("bad input: one line, exit code 2", () => {
  it("names the columns that exist when one is missing", () => {
    const r = run("nps", "--in", join(dir, "nps.csv"), "--score", "nps");
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`error: ${join(dir, "nps.csv")}: no column "nps"; columns are: id, score, region, date`);
  });
  it("gives the line of a score out of range", () => {
    writeFileSync(join(dir, "bad.csv"), "id,score\n1,10\n2,11\n");
    const r = run("nps", "--in", join(dir, "bad.csv"), "--score", "score");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/line 3: score "11"/);
  });
  it("gives the line of malformed CSV", () => {
    writeFileSync(join(dir, "mal.csv"), 'id,text\n1,ok\n2,"unterminated\n');
    const r = run("themes", "--in", join(dir, "mal.csv"), "--text", "text", "--out", join(dir, "x.csv"));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/malformed CSV at line 3/);
    expect(r.stderr.trim().split("\n").length).toBe(1);
  });
  it("rejects empty input", () => {
    writeFileSync(join(dir, "empty.csv"), "");
    const r = run("nps", "--in", join(dir, "empty.csv"), "--score", "score");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/input is empty/);
  });
});
