import { sql, type Kysely } from "kysely";
import { meanFromStats, segmentOrTooFew, wilsonInterval } from "../../analysis/metrics";
import { themeNpsImpactFromCounts, type NpsCounts } from "../../analysis/themes";
import type { Database } from "../../db/schema";

/** The theme page's and the list's figures computed directly, as the pages did before the counts. */
export async function directThemeFigures(db: Kysely<Database>, themeId: string, zone: string, NOW: Date) {
  const monthly = await sql<{ month: string; n: string }>`
    SELECT to_char(f.occurred_at AT TIME ZONE ${zone}, 'YYYY-MM') AS month, count(*) AS n
    FROM theme_assignments ta JOIN feedback_items f ON f.id = ta.feedback_item_id
    WHERE ta.theme_id = ${themeId} GROUP BY month ORDER BY month`.execute(db);
  const seg = await sql<{ key: string; value: string; n: string; k: string }>`
    SELECT s.key, f.segment->>s.key AS value, count(*) AS n,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM theme_assignments ta WHERE ta.feedback_item_id = f.id AND ta.theme_id = ${themeId})) AS k
    FROM feedback_items f CROSS JOIN (VALUES ('tier'), ('region'), ('plan')) AS s(key)
    WHERE f.segment->>s.key IS NOT NULL AND f.segment->>s.key <> ''
    GROUP BY s.key, value ORDER BY s.key, value`.execute(db);
  const st = await sql<{ n: string; mean: number | null; sd: number | null; volume: string; recent: string; previous: string }>`
    SELECT count(f.sentiment_score) AS n, avg(f.sentiment_score) AS mean, stddev_samp(f.sentiment_score) AS sd, count(*) AS volume,
      count(*) FILTER (WHERE f.occurred_at >= ${new Date(NOW.getTime() - 30 * 86_400_000)} AND f.occurred_at < ${NOW}) AS recent,
      count(*) FILTER (WHERE f.occurred_at >= ${new Date(NOW.getTime() - 60 * 86_400_000)} AND f.occurred_at < ${new Date(NOW.getTime() - 30 * 86_400_000)}) AS previous
    FROM theme_assignments ta JOIN feedback_items f ON f.id = ta.feedback_item_id WHERE ta.theme_id = ${themeId}`.execute(db);
  const nps = await sql<{ theme_id: string | null; bucket: "promoter" | "passive" | "detractor"; n: string }>`
    WITH resp AS (
      SELECT DISTINCT ON (r.id) r.id, CASE WHEN a.value_int >= 9 THEN 'promoter' WHEN a.value_int >= 7 THEN 'passive' ELSE 'detractor' END AS bucket
      FROM answers a JOIN questions q ON q.id = a.question_id AND q.type = 'nps' JOIN responses r ON r.id = a.response_id
      WHERE a.value_int IS NOT NULL ORDER BY r.id, q.position)
    SELECT NULL::text AS theme_id, bucket, count(*) AS n FROM resp GROUP BY bucket
    UNION ALL
    SELECT ta.theme_id::text, resp.bucket, count(DISTINCT resp.id) FROM resp
    JOIN feedback_items f ON f.response_id = resp.id JOIN theme_assignments ta ON ta.feedback_item_id = f.id
    WHERE ta.theme_id = ${themeId} GROUP BY 1, 2`.execute(db);
  const key = { promoter: "promoters", passive: "passives", detractor: "detractors" } as const;
  const all: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  const inside: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const r of nps.rows) (r.theme_id === null ? all : inside)[key[r.bucket]] += Number(r.n);
  const outside = { promoters: all.promoters - inside.promoters, passives: all.passives - inside.passives, detractors: all.detractors - inside.detractors };
  const items = await sql<{ id: string }>`
    SELECT f.id FROM theme_assignments ta JOIN feedback_items f ON f.id = ta.feedback_item_id WHERE ta.theme_id = ${themeId}
    ORDER BY f.occurred_at DESC, f.id LIMIT 50`.execute(db);
  const quotes = await sql<{ id: string; text: string }>`
    SELECT f.id, f.text FROM theme_assignments ta JOIN feedback_items f ON f.id = ta.feedback_item_id WHERE ta.theme_id = ${themeId}
    ORDER BY ta.assigned_by = 'hand' DESC, ta.confidence DESC NULLS LAST, f.id LIMIT 12`.execute(db);
  const s = st.rows[0];
  return {
    months: monthly.rows.map((r) => [r.month, Number(r.n)]),
    segments: seg.rows.map((r) => {
      const n = Number(r.n);
      const k = Number(r.k);
      const iv = wilsonInterval(k, n);
      return { key: r.key, value: r.value, inTheme: k, outcome: segmentOrTooFew({ n, share: n ? k / n : 0, interval: iv ? { low: iv.low, high: iv.high } : null }) };
    }),
    sentiment: meanFromStats({ n: Number(s.n), mean: s.mean === null ? null : Number(s.mean), sd: s.sd === null ? null : Number(s.sd) }),
    volume: Number(s.volume),
    recent: Number(s.recent),
    previous: Number(s.previous),
    impact: themeNpsImpactFromCounts(inside, outside, { seed: 1 }),
    items: items.rows.map((r) => r.id),
    // The surest three with different texts.
    quotes: quotes.rows.filter((r, i) => quotes.rows.findIndex((o) => o.text.trim() === r.text.trim()) === i).slice(0, 3).map((r) => r.id),
  };
}

