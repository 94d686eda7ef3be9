/**
 * The 1,000,000-response data set of the benchmarks (bench:review, bench:dashboard), built with
 * set-based SQL (generate_series, a fixed random seed) in a database of its own: 2,000 accounts,
 * finished responses with NPS, CSAT and CES answers spread evenly over the data's days, feedback
 * items from the first responses' "why?" texts, 5 themes with assignments for 60 % of the items,
 * cases (one in ten still open) with their events, and hourly availability windows.
 */
import pg from "pg";

const ACCOUNTS = 2_000;

export type SeedOptions = {
  adminUrl: string;
  dbName: string;
  responses: number;
  items: number;
  cases: number;
  /** BENCH_KEEP=1: reuse the data already in dbName. */
  keep: boolean;
  dataFrom: Date;
  dataDays: number;
  /** Scores lean up by 0.6 from this day, so periods differ. */
  shiftFrom: string;
};

/** Creates (or with keep, reuses) the database and its data; sets DATABASE_URL to it. */
export async function seedBenchData(o: SeedOptions): Promise<{ dbUrl: string; slaId: string; managerIds: string[]; reused: boolean }> {
  await databaseExists(o.adminUrl, o.dbName, o.keep);
  const u = new URL(o.adminUrl);
  u.pathname = `/${o.dbName}`;
  const dbUrl = u.toString();
  process.env.DATABASE_URL = dbUrl;
  return { dbUrl, ...(await seed(o)) };
}

export async function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await f();
  console.log(`  ${label.padEnd(44)} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

async function databaseExists(adminUrl: string, dbName: string, keep: boolean): Promise<boolean> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const r = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName]);
  if (!keep || r.rowCount === 0) {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${dbName}`);
  }
  await admin.end();
  return keep && r.rowCount === 1;
}

async function seed(o: Omit<SeedOptions, "adminUrl">): Promise<{ slaId: string; managerIds: string[]; reused: boolean }> {
  const { dbName, responses: RESPONSES, items: ITEMS, cases: CASES, keep, dataFrom: DATA_FROM, dataDays: DATA_DAYS, shiftFrom } = o;
  const { dbHandle } = await import("../../app/db.server");
  const { prepareDatabase } = await import("../../db/setup");
  const { sql } = await import("kysely");
  const handle = dbHandle();
  const db = handle.db;
  await prepareDatabase(db);
  const reused = keep && (await db.selectFrom("slas").select("id").where("service", "=", "bench-review").executeTakeFirst());
  if (reused) {
    const managers = await db.selectFrom("users").select("id").where("role", "=", "manager").execute();
    console.log("reusing the data in", dbName);
    return { slaId: reused.id, managerIds: managers.map((m) => m.id), reused: true };
  }
  const sla = await import("../../app/models/sla.server");
  const { createSurvey } = await import("../../app/models/survey.server");
  console.log(`seeding ${RESPONSES.toLocaleString("en")} responses, ${ITEMS.toLocaleString("en")} feedback items, ${CASES.toLocaleString("en")} cases`);

  const managerIds: string[] = [];
  for (const n of [1, 2, 3]) {
    const u = await db
      .insertInto("users")
      .values({ email: `manager${n}@bench.test`, name: `Manager ${n}`, role: "manager", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    managerIds.push(u.id);
  }
  const version = sla.defaultVersionInput();
  version.objectives.push(
    { kind: "resolution", priority: "p1", target: 8, unit: "hours", mode: "business", window: "month" },
    { kind: "resolution", priority: "p2", target: 24, unit: "hours", mode: "business", window: "month" },
  );
  version.remedies = { credits: [{ below: 99, creditPercent: 10 }, { below: 95, creditPercent: 25 }], alternative: {} };
  const created = await sla.createSla(managerIds[0], { name: { ko: "벤치 SLA", en: "Bench SLA" }, service: "bench-review", tiers: ["enterprise", "business"] }, version);
  await sla.publishVersion(managerIds[0], created.versionId, new Date("2026-01-01T00:00:00+09:00"), new Date("2025-11-01T00:00:00Z"));
  const versionId = created.versionId;

  const surveyId = await createSurvey(null, {
    title: { ko: "관계 조사", en: "Relationship survey" },
    intro: {},
    status: "open",
    anonymous: false,
    closesAt: null,
    responseLimit: null,
    questions: [
      { type: "nps", required: true, page: 1, prompt: { ko: "추천?", en: "Recommend?" }, whyPrompt: { ko: "이유", en: "Why" }, options: [] },
      { type: "csat", required: false, page: 1, prompt: { ko: "만족?", en: "Satisfied?" }, whyPrompt: null, options: [] },
      { type: "ces", required: false, page: 1, prompt: { ko: "쉬움?", en: "Easy?" }, whyPrompt: null, options: [] },
    ],
  } as never);
  const qs = await db.selectFrom("questions").select(["id", "type"]).where("survey_id", "=", surveyId).orderBy("position").execute();
  const q = Object.fromEntries(qs.map((x) => [x.type, x.id]));

  await sql`SELECT setseed(0.20261203)`.execute(db);
  await timed("accounts", () =>
    sql`INSERT INTO accounts (name, email, tier, region, plan, locale)
        SELECT 'Account ' || g, NULL, (ARRAY['enterprise','business','standard'])[1 + g % 3],
               (ARRAY['kr','us','jp'])[1 + (g / 3) % 3], (ARRAY['annual','monthly'])[1 + (g / 9) % 2],
               (ARRAY['ko','en'])[1 + g % 2]
        FROM generate_series(1, ${ACCOUNTS}) g`.execute(db),
  );
  await sql`CREATE TEMP TABLE bench_accounts AS SELECT row_number() OVER (ORDER BY name) AS n, id, tier, region, plan FROM accounts`.execute(db);
  await timed("responses", () =>
    sql`INSERT INTO responses (survey_id, account_id, submission_key, segment, locale, finished, last_page, started_at, submitted_at, duration_seconds)
        SELECT ${surveyId}, a.id, 'bench-' || g,
               jsonb_build_object('account', a.id, 'tier', a.tier, 'region', a.region, 'plan', a.plan),
               CASE WHEN g % 2 = 0 THEN 'ko' ELSE 'en' END, true, 1, t, t + interval '90 seconds', 90
        FROM generate_series(1, ${RESPONSES}) g
        JOIN bench_accounts a ON a.n = 1 + g % ${ACCOUNTS}
        CROSS JOIN LATERAL (SELECT ${DATA_FROM.toISOString()}::timestamptz + (g::double precision / ${RESPONSES}) * ${DATA_DAYS} * interval '1 day' AS t) tt`.execute(db),
  );
  // Scores lean on the tier so that segments differ, and on the half of the data so that the
  // quarter under review differs from the one before.
  await timed("answers (NPS, CSAT, CES)", () =>
    sql`INSERT INTO answers (response_id, question_id, value_int)
        SELECT r.id, x.qid, x.v FROM responses r
        CROSS JOIN LATERAL (VALUES
          (${q.nps}::uuid, least(10, greatest(0, floor(random() * 11 + CASE r.segment->>'tier' WHEN 'enterprise' THEN 1 ELSE -1 END + CASE WHEN r.submitted_at >= ${shiftFrom}::timestamptz THEN 0.6 ELSE 0 END))::int)),
          (${q.csat}::uuid, 1 + floor(random() * 5)::int),
          (${q.ces}::uuid, 1 + floor(random() * 7)::int)
        ) AS x(qid, v)`.execute(db),
  );
  const phrases = [
    "응답이 너무 늦어요", "장애 때 연락이 없었습니다", "지원팀이 친절해요", "해결까지 오래 걸렸어요", "서비스 시간이 짧아요",
    "The first response took two days", "Great support, thanks", "Outage with no notice", "Resolution was slow", "Support hours do not cover our evening",
  ];
  await timed("feedback items (why answers)", () =>
    sql`INSERT INTO feedback_items (source, response_id, question_id, account_id, segment, language, text, score, score_scale, occurred_at,
                                    sentiment_label, sentiment_score, sentiment_confidence, sentiment_model)
        SELECT 'survey', r.id, ${q.nps}, r.account_id, r.segment, r.locale,
               (${sql.val(phrases)}::text[])[1 + (abs(hashtext(r.id::text)) % ${phrases.length})],
               a.value_int, 'nps', r.submitted_at,
               CASE WHEN a.value_int <= 6 THEN 'negative' WHEN a.value_int <= 8 THEN 'neutral' ELSE 'positive' END,
               (a.value_int - 5) / 5.0, 0.7, 'bench'
        FROM responses r JOIN answers a ON a.response_id = r.id AND a.question_id = ${q.nps}
        ORDER BY r.submission_key LIMIT ${ITEMS}`.execute(db),
  );
  await timed("themes and assignments", async () => {
    const areas = ["response_speed", "resolution", "availability", "service_hours", "communication"] as const;
    for (const [i, area] of areas.entries()) {
      await db.insertInto("themes").values({ name: `Theme ${i + 1} (${area})`, origin: "seeded", sla_area: area }).execute();
    }
    await sql`INSERT INTO theme_assignments (feedback_item_id, theme_id, confidence, assigned_by)
              SELECT f.id, t.id, 0.8, 'model'
              FROM feedback_items f
              JOIN (SELECT id, row_number() OVER (ORDER BY name) AS n FROM themes) t ON t.n = 1 + abs(hashtext(f.text)) % 5
              WHERE abs(hashtext(f.id::text)) % 10 < 6`.execute(db);
  });
  await timed("cases, their events and breaches", async () => {
    await sql`INSERT INTO cases (account_id, sla_version_id, priority, title, source, opened_at, status, status_at, first_response_at)
              SELECT a.id, ${versionId}, (ARRAY['p1','p2','p3','p4'])[1 + g % 4], 'Case ' || g, 'manual', t,
                     CASE WHEN g % 10 = 0 THEN 'open' ELSE 'closed' END,
                     CASE WHEN g % 10 = 0 THEN t ELSE t + (1 + g % 40) * interval '1 hour' END,
                     t + (10 + g % 300) * interval '1 minute'
              FROM generate_series(1, ${CASES}) g
              JOIN bench_accounts a ON a.n = 1 + (g * 7) % ${ACCOUNTS}
              CROSS JOIN LATERAL (SELECT ${DATA_FROM.toISOString()}::timestamptz + (g::double precision / ${CASES}) * ${DATA_DAYS} * interval '1 day' AS t) tt`.execute(db);
    await sql`INSERT INTO case_events (case_id, kind, status, at) SELECT id, 'status', 'open', opened_at FROM cases`.execute(db);
    await sql`INSERT INTO case_events (case_id, kind, at) SELECT id, 'first_response', first_response_at FROM cases`.execute(db);
    await sql`INSERT INTO case_events (case_id, kind, status, at) SELECT id, 'status', 'closed', status_at FROM cases WHERE status = 'closed'`.execute(db);
    await sql`INSERT INTO case_breaches (case_id, timer, due_at, breached_at)
              SELECT id, 'first_response', opened_at + interval '1 hour', opened_at + interval '1 hour'
              FROM cases WHERE first_response_at > opened_at + interval '1 hour' AND priority = 'p1'`.execute(db);
  });
  await timed("availability windows (hourly)", () =>
    sql`INSERT INTO measurements (service, window_start, window_end, good_minutes, total_minutes)
        SELECT 'bench-review', t, t + interval '1 hour', CASE WHEN random() < 0.01 THEN 30 ELSE 60 END, 60
        FROM generate_series(${DATA_FROM.toISOString()}::timestamptz, ${DATA_FROM.toISOString()}::timestamptz + ${DATA_DAYS} * interval '1 day' - interval '1 hour', interval '1 hour') t`.execute(db),
  );
  await timed("ANALYZE", () => sql`ANALYZE`.execute(db));
  return { slaId: created.slaId, managerIds, reused: false };
}
