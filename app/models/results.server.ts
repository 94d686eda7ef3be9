import { sql, type RawBuilder } from "kysely";
import {
  cesFromDistribution,
  compareMeans,
  csatFromDistribution,
  csatMonthOverMonth,
  metricDefinitions,
  monthOverMonth,
  npsFromDistribution,
  ratingFromDistribution,
  segmentOrTooFew,
  type Comparison,
  type CsatResult,
  type MeanResult,
  type MetricKind,
  type NpsResult,
  type SegmentOutcome,
  type TrendPoint,
} from "../../analysis/metrics";
import type { ChoiceOption, Localized, QuestionType, Segment } from "../../db/schema";
import { db } from "~/db.server";
import { monthsBetween } from "~/utils/dates";
import { orgTimeZone } from "./settings.server";
import { answerCountsOf, recentFrom, responseCountsOf } from "./answer-count.server";
import type { MessageKey } from "~/utils/i18n";
import { isUuid } from "~/utils/uuid";

/*
 * Every read behind the results pages, the responses list and the CSV export.
 * SQL does the counting (grouped counts per score); analysis/metrics turns counts into numbers.
 * Periods and months are calendar days/months in the organisation's time zone (app_settings
 * org_time_zone, read with the filters); a response's time is submitted_at, or started_at while
 * it is unfinished.
 */

// ---------------------------------------------------------------------------------------------
// Filters (all GET parameters)

export const segmentDimensions = ["tier", "region", "plan"] as const;
export type SegmentDimension = (typeof segmentDimensions)[number];
export const hiddenFilterNames = ["account", "tier", "region", "plan", "ticket"] as const;
export type HiddenFilterName = (typeof hiddenFilterNames)[number];
export type FinishedFilter = "finished" | "unfinished" | "all";

export type ResponseFilters = {
  surveyId: string | null;
  /** YYYY-MM-DD in `timeZone`, inclusive. */
  from: string | null;
  to: string | null;
  segment: Partial<Record<HiddenFilterName, string>>;
  finished: FinishedFilter;
  page: number;
  /** The organisation's zone: days and months are counted in it. */
  timeZone: string;
};

/** The raw values as typed, so the form can show them back beside their errors. */
export type FilterValues = Record<string, string>;
export type FilterErrors = Partial<Record<string, MessageKey>>;
export type ParsedFilters = { filters: ResponseFilters; values: FilterValues; errors: FilterErrors };

function parseDay(v: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  // Rejects 2026-02-30 and the like, which Date would roll over.
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? d : null;
}

/**
 * Reads the filters from a URL. Bad values are reported as message keys per field (the page
 * answers 400 and shows them beside the fields); an unknown survey id is reported the same way.
 */
export async function parseResponseFilters(params: URLSearchParams, opts: { defaultFinished?: FinishedFilter } = {}): Promise<ParsedFilters> {
  const values: FilterValues = {};
  const errors: FilterErrors = {};
  const get = (name: string) => {
    const v = (params.get(name) ?? "").trim();
    if (v) values[name] = v;
    return v;
  };

  let surveyId: string | null = null;
  const survey = get("survey");
  if (survey) {
    if (!isUuid(survey)) errors.survey = "results.filter.unknownSurvey";
    else if (!(await db.selectFrom("surveys").select("id").where("id", "=", survey).executeTakeFirst())) {
      errors.survey = "results.filter.unknownSurvey";
    } else surveyId = survey;
  }

  const day = (name: "from" | "to") => {
    const v = get(name);
    if (!v) return null;
    if (!parseDay(v)) {
      errors[name] = "validation.date";
      return null;
    }
    return v;
  };
  const from = day("from");
  const to = day("to");
  if (from && to && from > to) errors.to = "results.filter.toBeforeFrom";

  const segment: ResponseFilters["segment"] = {};
  for (const name of hiddenFilterNames) {
    const v = get(name);
    if (!v) continue;
    if (v.length > 64) errors[name] = "results.filter.tooLong";
    else segment[name] = v;
  }

  let finished: FinishedFilter = opts.defaultFinished ?? "all";
  const status = get("status");
  if (status) {
    if (status === "finished" || status === "unfinished" || status === "all") finished = status;
    else errors.status = "validation.invalid";
  }

  let page = 1;
  const pageText = get("page");
  if (pageText) {
    if (/^\d{1,6}$/.test(pageText) && Number(pageText) >= 1) page = Number(pageText);
    else errors.page = "validation.integer";
  }
  return { filters: { surveyId, from, to, segment, finished, page, timeZone: await orgTimeZone() }, values, errors };
}

/** The WHERE conditions of the filters, on responses aliased `r`. */
function conditions(f: Omit<ResponseFilters, "page">): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  if (f.surveyId) out.push(sql`r.survey_id = ${f.surveyId}`);
  const at = sql`coalesce(r.submitted_at, r.started_at)`;
  // Local midnight of the day in the organisation's zone, as an instant.
  if (f.from) out.push(sql`${at} >= (${f.from}::date::timestamp at time zone ${f.timeZone})`);
  if (f.to) out.push(sql`${at} < ((${f.to}::date + 1)::timestamp at time zone ${f.timeZone})`);
  for (const name of hiddenFilterNames) {
    const v = f.segment[name];
    if (v) out.push(sql`r.segment->>${sql.lit(name)} = ${v}`);
  }
  if (f.finished === "finished") out.push(sql`r.finished`);
  if (f.finished === "unfinished") out.push(sql`not r.finished`);
  return out;
}

function whereClause(f: Omit<ResponseFilters, "page">): RawBuilder<unknown> {
  const c = conditions(f);
  return c.length ? sql`where ${sql.join(c, sql` and `)}` : sql``;
}

// ---------------------------------------------------------------------------------------------
// Survey results

export const metricTypes = ["nps", "csat", "ces", "rating"] as const;
export type MetricType = (typeof metricTypes)[number];
const isMetric = (t: QuestionType): t is MetricType => (metricTypes as readonly string[]).includes(t);

/** Lowest and highest score of each scale. */
export const scaleOf: Record<MetricType, [number, number]> = { nps: [0, 10], csat: [1, 5], ces: [1, 7], rating: [1, 5] };

export type MetricResult =
  | { kind: "nps"; result: NpsResult }
  | { kind: "csat"; result: CsatResult }
  | { kind: "ces" | "rating"; result: MeanResult };

export type MonthPoint = { period: string; metric: MetricResult; change: number | null; comparison: Comparison | null };

export type SegmentGroup = { value: string | null; outcome: SegmentOutcome<MetricResult & { n: number }> };

export type MetricQuestionResults = {
  id: string;
  position: number;
  type: MetricType;
  /** Lowest and highest score of the scale. */
  scale: [number, number];
  prompt: Localized;
  definition: Localized;
  /** counts[i] = answers with score scale[0] + i. */
  distribution: number[];
  metric: MetricResult;
  /** Finished responses in the period that did not answer this question (not in n). */
  skipped: number;
  segments: { dimension: SegmentDimension; groups: SegmentGroup[] }[];
  months: MonthPoint[];
};

export type ChoiceQuestionResults = {
  id: string;
  position: number;
  type: "single" | "multi";
  prompt: Localized;
  answered: number;
  options: { value: string; label: Localized; count: number }[];
};

export type TextQuestionResults = {
  id: string;
  position: number;
  type: "text";
  prompt: Localized;
  answered: number;
  latest: { responseId: string; text: string; at: Date }[];
};

export type SurveyResults = {
  survey: { id: string; title: Localized; status: string; minSegmentN: number; anonymous: boolean };
  finished: number;
  unfinished: number;
  questions: (MetricQuestionResults | ChoiceQuestionResults | TextQuestionResults)[];
};

function metricOf(type: MetricType, counts: number[]): MetricResult {
  switch (type) {
    case "nps":
      return { kind: "nps", result: npsFromDistribution(counts) };
    case "csat":
      return { kind: "csat", result: csatFromDistribution(counts) };
    case "ces":
      return { kind: "ces", result: cesFromDistribution(counts) };
    case "rating":
      return { kind: "rating", result: ratingFromDistribution(counts) };
  }
}

/** Each month compared with the one before it, by the test that fits the metric. */
function trendOf(type: MetricType, series: { period: string; counts: number[] }[]): MonthPoint[] {
  if (type === "nps") {
    return monthOverMonth(series.map((s) => ({ period: s.period, result: npsFromDistribution(s.counts) }))).map((p: TrendPoint<NpsResult>) => ({
      period: p.period,
      metric: { kind: "nps", result: p.result },
      change: p.change,
      comparison: p.comparison,
    }));
  }
  if (type === "csat") {
    return csatMonthOverMonth(series.map((s) => ({ period: s.period, result: csatFromDistribution(s.counts) }))).map(
      (p: TrendPoint<CsatResult>) => ({ period: p.period, metric: { kind: "csat", result: p.result }, change: p.change, comparison: p.comparison }),
    );
  }
  const metrics = series.map((s) => metricOf(type, s.counts) as { kind: "ces" | "rating"; result: MeanResult });
  return metrics.map((m, i) => {
    if (i === 0) return { period: series[i].period, metric: m, change: null, comparison: null };
    const comparison = compareMeans(m.result, metrics[i - 1].result);
    return { period: series[i].period, metric: m, change: comparison.difference, comparison };
  });
}

export type SurveyPeriod = Pick<ResponseFilters, "from" | "to" | "segment" | "timeZone">;

/** Results of one survey over finished responses in the period; null when the survey does not exist. */
export async function getSurveyResults(surveyId: string, period: SurveyPeriod, opts: { latestTexts?: number } = {}): Promise<SurveyResults | null> {
  if (!isUuid(surveyId)) return null;
  const survey = await db
    .selectFrom("surveys")
    .select(["id", "title", "status", "min_segment_n", "metric_definitions", "anonymous"])
    .where("id", "=", surveyId)
    .executeTakeFirst();
  if (!survey) return null;
  const questions = await db
    .selectFrom("questions")
    .select(["id", "position", "type", "prompt", "options"])
    .where("survey_id", "=", surveyId)
    .orderBy("position")
    .execute();

  const base = { surveyId, from: period.from, to: period.to, segment: period.segment, timeZone: period.timeZone };
  const finishedOnly = whereClause({ ...base, finished: "finished" });

  const totals = await sql<{ finished: boolean; n: number }>`
    select r.finished, count(*)::int as n from responses r ${whereClause({ ...base, finished: "all" })} group by r.finished`.execute(db);
  const finished = totals.rows.find((t) => t.finished)?.n ?? 0;
  const unfinished = totals.rows.find((t) => !t.finished)?.n ?? 0;

  // One pass over the answers: counts per score overall, per segment value and per month.
  const counted = await sql<{
    question_id: string;
    value_int: number;
    tier: string | null;
    region: string | null;
    plan: string | null;
    month: string | null;
    g_tier: number;
    g_region: number;
    g_plan: number;
    g_month: number;
    n: number;
  }>`
    select question_id, value_int, tier, region, plan, month,
      grouping(tier) as g_tier, grouping(region) as g_region, grouping(plan) as g_plan, grouping(month) as g_month,
      count(*)::int as n
    from (
      select a.question_id, a.value_int,
        r.segment->>'tier' as tier, r.segment->>'region' as region, r.segment->>'plan' as plan,
        to_char(r.submitted_at at time zone ${period.timeZone}, 'YYYY-MM') as month
      from answers a join responses r on r.id = a.response_id
      join questions q on q.id = a.question_id and q.type in ('nps', 'csat', 'ces', 'rating')
      ${finishedOnly} and a.value_int is not null
    ) x
    group by grouping sets ((question_id, value_int), (question_id, value_int, tier), (question_id, value_int, region),
      (question_id, value_int, plan), (question_id, value_int, month))`.execute(db);

  const choiceCounts = await sql<{ question_id: string; choice: string; n: number }>`
    select a.question_id, c.choice, count(*)::int as n
    from answers a join responses r on r.id = a.response_id
    cross join lateral jsonb_array_elements_text(coalesce(a.choices, '[]'::jsonb)) as c(choice)
    ${finishedOnly}
    group by a.question_id, c.choice`.execute(db);

  const answeredCounts = await sql<{ question_id: string; n: number }>`
    select a.question_id, count(*)::int as n
    from answers a join responses r on r.id = a.response_id
    ${finishedOnly} and (a.value_int is not null or a.value_text is not null or jsonb_array_length(coalesce(a.choices, '[]'::jsonb)) > 0)
    group by a.question_id`.execute(db);
  const answered = new Map(answeredCounts.rows.map((r) => [r.question_id, r.n]));

  const latestLimit = opts.latestTexts ?? 10;
  const texts = await sql<{ question_id: string; response_id: string; text: string; at: Date }>`
    select question_id, response_id, text, at from (
      select a.question_id, a.response_id, a.value_text as text, r.submitted_at as at,
        row_number() over (partition by a.question_id order by r.submitted_at desc, r.id) as k
      from answers a join responses r on r.id = a.response_id
      join questions q on q.id = a.question_id and q.type = 'text'
      ${finishedOnly} and a.value_text is not null
    ) t where k <= ${latestLimit}
    order by question_id, at desc`.execute(db);

  const definitions = survey.metric_definitions ?? {};
  const out: SurveyResults["questions"] = [];
  for (const q of questions) {
    if (isMetric(q.type)) {
      const [lo, hi] = scaleOf[q.type];
      const size = hi - lo + 1;
      const empty = () => new Array<number>(size).fill(0);
      const overall = empty();
      const bySegment = new Map<string, Map<string | null, number[]>>(segmentDimensions.map((d) => [d, new Map()]));
      const byMonth = new Map<string, number[]>();
      for (const row of counted.rows) {
        if (row.question_id !== q.id) continue;
        const i = row.value_int - lo;
        if (i < 0 || i >= size) continue; // a score outside the scale cannot be stored; guard anyway
        const flags = { tier: Number(row.g_tier), region: Number(row.g_region), plan: Number(row.g_plan), month: Number(row.g_month) };
        if (flags.tier && flags.region && flags.plan && flags.month) overall[i] += row.n;
        else if (!flags.month) {
          const arr = byMonth.get(row.month!) ?? empty();
          arr[i] += row.n;
          byMonth.set(row.month!, arr);
        } else {
          for (const d of segmentDimensions) {
            if (flags[d]) continue;
            const groups = bySegment.get(d)!;
            const arr = groups.get(row[d]) ?? empty();
            arr[i] += row.n;
            groups.set(row[d], arr);
          }
        }
      }
      const metric = metricOf(q.type, overall);
      const months = [...byMonth.keys()].sort();
      const series = months.length ? monthsBetween(months[0], months[months.length - 1]).map((p) => ({ period: p, counts: byMonth.get(p) ?? empty() })) : [];
      out.push({
        id: q.id,
        position: q.position,
        type: q.type,
        scale: [lo, hi],
        prompt: q.prompt,
        definition: definitions[q.type] ?? metricDefinitions[q.type as MetricKind],
        distribution: overall,
        metric,
        skipped: Math.max(0, finished - metric.result.n),
        segments: segmentDimensions.map((d) => ({
          dimension: d,
          groups: [...bySegment.get(d)!.entries()]
            .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
            .map(([value, counts]) => {
              const m = metricOf(q.type as MetricType, counts);
              return { value, outcome: segmentOrTooFew({ ...m, n: m.result.n }, survey.min_segment_n) };
            }),
        })),
        months: trendOf(q.type, series),
      });
    } else if (q.type === "single" || q.type === "multi") {
      const counts = new Map(choiceCounts.rows.filter((r) => r.question_id === q.id).map((r) => [r.choice, r.n]));
      const options = (q.options as ChoiceOption[]).map((o) => ({ value: o.value, label: o.label, count: counts.get(o.value) ?? 0 }));
      // Values no longer offered (an option removed after answers came in) still count.
      for (const [value, count] of counts) if (!options.some((o) => o.value === value)) options.push({ value, label: { ko: value, en: value }, count });
      out.push({ id: q.id, position: q.position, type: q.type, prompt: q.prompt, answered: answered.get(q.id) ?? 0, options });
    } else {
      out.push({
        id: q.id,
        position: q.position,
        type: "text",
        prompt: q.prompt,
        answered: answered.get(q.id) ?? 0,
        latest: texts.rows.filter((r) => r.question_id === q.id).map((r) => ({ responseId: r.response_id, text: r.text, at: r.at })),
      });
    }
  }
  return {
    survey: { id: survey.id, title: survey.title, status: survey.status, minSegmentN: survey.min_segment_n, anonymous: survey.anonymous },
    finished,
    unfinished,
    questions: out,
  };
}

// ---------------------------------------------------------------------------------------------
// Dashboard

export type SurveyHeadline = {
  id: string;
  title: Localized;
  question: { id: string; type: MetricType; prompt: Localized } | null;
  metric: MetricResult | null;
  /** The definition stored with the survey for the headline metric. */
  definition: Localized;
  /** Finished responses submitted in the last `recentDays` calendar days (the organisation's zone). */
  recent: number;
  finished: number;
};

/** Each open survey's first metric question, over all its finished responses; "recent" is the last `recentDays` calendar days in the organisation's zone. */
export async function openSurveyHeadlines(now: Date, recentDays = 30): Promise<SurveyHeadline[]> {
  const surveys = await db.selectFrom("surveys").select(["id", "title", "metric_definitions"]).where("status", "=", "open").orderBy("created_at", "desc").execute();
  if (!surveys.length) return [];
  const ids = surveys.map((s) => s.id);
  const questions = await db
    .selectFrom("questions")
    .select(["id", "survey_id", "type", "prompt", "position"])
    .where("survey_id", "in", ids)
    .where("type", "in", [...metricTypes])
    .orderBy("position")
    .execute();
  const first = new Map<string, (typeof questions)[number]>();
  for (const q of questions) if (!first.has(q.survey_id)) first.set(q.survey_id, q);
  const dist = await answerCountsOf([...first.values()].map((q) => q.id));
  const zone = await orgTimeZone();
  const volume = await responseCountsOf(ids, recentFrom(now, recentDays, zone), zone);
  return surveys.map((s) => {
    const q = first.get(s.id);
    const v = volume.find((x) => x.survey_id === s.id);
    let metric: MetricResult | null = null;
    if (q && isMetric(q.type)) {
      const [lo, hi] = scaleOf[q.type];
      const counts = new Array<number>(hi - lo + 1).fill(0);
      for (const d of dist) if (d.question_id === q.id && d.score >= lo && d.score <= hi) counts[d.score - lo] += Number(d.n);
      metric = metricOf(q.type, counts);
    }
    return {
      id: s.id,
      title: s.title,
      question: q && isMetric(q.type) ? { id: q.id, type: q.type, prompt: q.prompt } : null,
      metric,
      definition: q && isMetric(q.type) ? (s.metric_definitions?.[q.type] ?? metricDefinitions[q.type]) : {},
      recent: Number(v?.recent ?? 0),
      finished: Number(v?.finished ?? 0),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Responses list

export type ResponseAnswer = {
  questionId: string;
  position: number;
  type: QuestionType;
  /** Shown instead of codes: the question and the option labels in the viewer's language. */
  prompt: Localized;
  options: ChoiceOption[];
  valueInt: number | null;
  valueText: string | null;
  choices: string[] | null;
  why: string | null;
};

export type ResponseRow = {
  id: string;
  surveyId: string;
  surveyTitle: Localized;
  startedAt: Date;
  submittedAt: Date | null;
  finished: boolean;
  locale: string;
  segment: Segment;
  accountName: string | null;
  answers: ResponseAnswer[];
  /** The case opened from this response, if any (the list links to it instead of offering another). */
  caseId: string | null;
};

export const PAGE_SIZE = 50;

async function answersFor(responseIds: string[]): Promise<Map<string, ResponseAnswer[]>> {
  const map = new Map<string, ResponseAnswer[]>();
  if (!responseIds.length) return map;
  const rows = await db
    .selectFrom("answers as a")
    .innerJoin("questions as q", "q.id", "a.question_id")
    .select(["a.response_id", "a.question_id", "q.position", "q.type", "q.prompt", "q.options", "a.value_int", "a.value_text", "a.choices", "a.why_text"])
    .where("a.response_id", "in", responseIds)
    .orderBy("q.position")
    .execute();
  for (const r of rows) {
    const list = map.get(r.response_id) ?? [];
    list.push({
      questionId: r.question_id,
      position: r.position,
      type: r.type,
      prompt: r.prompt,
      options: r.options ?? [],
      valueInt: r.value_int,
      valueText: r.value_text,
      choices: r.choices,
      why: r.why_text,
    });
    map.set(r.response_id, list);
  }
  return map;
}

type ResponseBase = Omit<ResponseRow, "answers" | "caseId">;

function toBase(r: {
  id: string;
  survey_id: string;
  title: Localized;
  started_at: Date;
  submitted_at: Date | null;
  finished: boolean;
  locale: string;
  segment: Segment;
  account_name: string | null;
}): ResponseBase {
  return {
    id: r.id,
    surveyId: r.survey_id,
    surveyTitle: r.title,
    startedAt: r.started_at,
    submittedAt: r.submitted_at,
    finished: r.finished,
    locale: r.locale,
    segment: r.segment ?? {},
    accountName: r.account_name,
  };
}

const responseColumns = sql`r.id, r.survey_id, s.title, r.started_at, r.submitted_at, r.finished, r.locale, r.segment, acc.name as account_name`;
// The segment's account is an account id when the link was made for an account; otherwise free text.
const responseJoins = sql`join surveys s on s.id = r.survey_id left join accounts acc on acc.id::text = r.segment->>'account'`;

/** One page of responses, newest first, with the total that matches the filters. */
export async function listResponses(f: ResponseFilters, pageSize = PAGE_SIZE): Promise<{ total: number; rows: ResponseRow[] }> {
  const where = whereClause(f);
  const total = (await sql<{ n: number }>`select count(*)::int as n from responses r ${where}`.execute(db)).rows[0]?.n ?? 0;
  const rows = (
    await sql<Parameters<typeof toBase>[0] & { case_id: string | null }>`
      select ${responseColumns}, (select c.id from cases c where c.response_id = r.id order by c.opened_at, c.id limit 1) as case_id
      from responses r ${responseJoins} ${where}
      order by coalesce(r.submitted_at, r.started_at) desc, r.id desc
      limit ${pageSize} offset ${(f.page - 1) * pageSize}`.execute(db)
  ).rows;
  const answers = await answersFor(rows.map((r) => r.id));
  return { total, rows: rows.map((r) => ({ ...toBase(r), answers: answers.get(r.id) ?? [], caseId: r.case_id })) };
}

export type FilterOptions = {
  surveys: { id: string; title: Localized }[];
  tier: string[];
  region: string[];
  plan: string[];
  account: { value: string; name: string | null }[];
};

/** The values the filter selects offer: what the responses actually carry. */
export async function responseFilterOptions(): Promise<FilterOptions> {
  const surveys = await db.selectFrom("surveys").select(["id", "title"]).orderBy("created_at", "desc").execute();
  const distinct = async (name: SegmentDimension) =>
    (
      await sql<{ v: string }>`select distinct r.segment->>${sql.lit(name)} as v from responses r where r.segment ? ${sql.lit(name)} order by 1 limit 200`.execute(db)
    ).rows.map((r) => r.v);
  const accounts = await sql<{ value: string; name: string | null }>`
    select distinct r.segment->>'account' as value, acc.name
    from responses r left join accounts acc on acc.id::text = r.segment->>'account'
    where r.segment ? 'account' order by acc.name nulls last, 1 limit 500`.execute(db);
  return { surveys, tier: await distinct("tier"), region: await distinct("region"), plan: await distinct("plan"), account: accounts.rows };
}

// ---------------------------------------------------------------------------------------------
// CSV export

export type ExportQuestion = { id: string; surveyId: string; position: number; type: QuestionType; prompt: Localized; whyPrompt: Localized | null; hasWhy: boolean };

/** The questions of the surveys that have responses matching the filters, survey by survey. */
export async function exportQuestions(f: ResponseFilters): Promise<{ surveys: { id: string; title: Localized }[]; questions: ExportQuestion[] }> {
  const surveys = (
    await sql<{ id: string; title: Localized }>`
      select s.id, s.title from surveys s
      where s.id in (select distinct r.survey_id from responses r ${whereClause(f)})
      order by s.created_at, s.id`.execute(db)
  ).rows;
  if (!surveys.length) return { surveys, questions: [] };
  const rows = await db
    .selectFrom("questions")
    .select(["id", "survey_id", "position", "type", "prompt", "why_prompt"])
    .where(
      "survey_id",
      "in",
      surveys.map((s) => s.id),
    )
    .execute();
  const order = new Map(surveys.map((s, i) => [s.id, i]));
  rows.sort((a, b) => order.get(a.survey_id)! - order.get(b.survey_id)! || a.position - b.position);
  return { surveys, questions: rows.map((q) => ({
      id: q.id,
      surveyId: q.survey_id,
      position: q.position,
      type: q.type,
      prompt: q.prompt,
      whyPrompt: q.why_prompt,
      hasWhy: q.why_prompt !== null && isMetric(q.type),
    })),
  };
}

/**
 * Every response matching the filters, oldest first, in batches (keyset pagination), so a large
 * export never holds more than one batch of rows in memory.
 */
export async function* exportResponseBatches(f: ResponseFilters, batchSize = 500): AsyncGenerator<ResponseRow[]> {
  const base = conditions(f);
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const c = [...base];
    if (after) c.push(sql`(coalesce(r.submitted_at, r.started_at), r.id) > (${after.at}::timestamptz, ${after.id}::uuid)`);
    const where = c.length ? sql`where ${sql.join(c, sql` and `)}` : sql``;
    const rows = (
      await sql<Parameters<typeof toBase>[0] & { at: string }>`
        select ${responseColumns}, coalesce(r.submitted_at, r.started_at)::text as at
        from responses r ${responseJoins} ${where}
        order by coalesce(r.submitted_at, r.started_at), r.id
        limit ${batchSize}`.execute(db)
    ).rows;
    if (!rows.length) return;
    const answers = await answersFor(rows.map((r) => r.id));
    // The CSV has no case column: no look-up per row.
    yield rows.map((r) => ({ ...toBase(r), answers: answers.get(r.id) ?? [], caseId: null }));
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1];
    after = { at: last.at, id: last.id };
  }
}
