import { sql } from "kysely";
import {
  csatFromDistribution,
  csatMonthOverMonth,
  monthOverMonth,
  npsFromDistribution,
  wilsonInterval,
  type CsatResult,
  type NpsResult,
  type TrendPoint,
} from "../../analysis/metrics";
import type { SentimentLabel } from "../../db/schema";
import { db } from "~/db.server";
import { listThemes, monthsBetween, type ThemeSummary } from "./theme.server";

/**
 * The staff dashboard's figures: NPS and CSAT by month over every survey (one aggregate of answer
 * counts per month and score, fed to analysis/metrics), the top themes, and the sentiment mix.
 * Months are UTC calendar months of the response's submission, as on results pages.
 */

const MONTHS = 12;

function monthKey(d: Date): string {
  return d.toISOString().slice(0, 7);
}

async function scoreCounts(type: "nps" | "csat", from: Date): Promise<Map<string, number[]>> {
  const rows = await sql<{ month: string; score: number; n: string }>`
    SELECT to_char(r.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, a.value_int AS score, count(*) AS n
    FROM answers a
    JOIN questions q ON q.id = a.question_id AND q.type = ${type}
    JOIN responses r ON r.id = a.response_id AND r.finished AND r.submitted_at >= ${from}
    WHERE a.value_int IS NOT NULL
    GROUP BY month, score`.execute(db);
  const size = type === "nps" ? 11 : 5;
  const offset = type === "nps" ? 0 : 1;
  const out = new Map<string, number[]>();
  for (const r of rows.rows) {
    const i = Number(r.score) - offset;
    if (i < 0 || i >= size) continue;
    const arr = out.get(r.month) ?? out.set(r.month, new Array<number>(size).fill(0)).get(r.month)!;
    arr[i] += Number(r.n);
  }
  return out;
}

export type Dashboard = {
  months: string[];
  nps: TrendPoint<NpsResult>[];
  csat: TrendPoint<CsatResult>[];
  topByVolume: ThemeSummary[];
  topByImpact: ThemeSummary[];
  sentiment: { label: SentimentLabel; n: number; share: number; low: number; high: number }[];
  sentimentN: number;
};

export async function dashboardOverview(now: Date): Promise<Dashboard> {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (MONTHS - 1), 1));
  const [npsCounts, csatCounts] = [await scoreCounts("nps", from), await scoreCounts("csat", from)];
  // From the first month with answers (at most twelve back) to this month.
  const first = [...npsCounts.keys(), ...csatCounts.keys()].sort()[0] ?? monthKey(now);
  const months = monthsBetween(first, monthKey(now));
  const nps = monthOverMonth(months.map((m) => ({ period: m, result: npsFromDistribution(npsCounts.get(m) ?? new Array(11).fill(0)) })));
  const csat = csatMonthOverMonth(months.map((m) => ({ period: m, result: csatFromDistribution(csatCounts.get(m) ?? new Array(5).fill(0)) })));
  const { themes } = await listThemes(now, "volume");
  const topByVolume = themes.slice(0, 5);
  const topByImpact = themes
    .filter((t) => t.impact.impact !== null)
    .sort((a, b) => a.impact.impact! - b.impact.impact! || a.name.localeCompare(b.name))
    .slice(0, 5);
  const mix = await db
    .selectFrom("feedback_items")
    .select(["sentiment_label", (eb) => eb.fn.countAll<string>().as("n")])
    .where("sentiment_label", "is not", null)
    .groupBy("sentiment_label")
    .execute();
  const sentimentN = mix.reduce((s, r) => s + Number(r.n), 0);
  const sentiment = (["negative", "neutral", "positive"] as const).map((label) => {
    const n = Number(mix.find((r) => r.sentiment_label === label)?.n ?? 0);
    const iv = wilsonInterval(n, sentimentN);
    return { label, n, share: sentimentN ? n / sentimentN : 0, low: iv?.low ?? 0, high: iv?.high ?? 0 };
  });
  return { months, nps, csat, topByVolume, topByImpact, sentiment, sentimentN };
}
