import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { count, percent } from "~/components/results/format";
import { SentimentBadge, ThemeChips } from "~/components/feedback/FeedbackBits";
import { feedbackFilterOptions, FEEDBACK_PAGE_SIZE, listFeedback } from "~/models/feedback.server";
import { FEEDBACK_MAX_PAGE, feedbackListQuery } from "~/schemas/query";
import { readSearchParams } from "~/utils/forms";
import { useLocale, useT, type MessageKey } from "~/utils/i18n";
import { titleMeta } from "~/utils/meta";
import { STAFF } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { FilterSelect } from "~/components/FilterSelect";
import { userTimeZone } from "~/models/settings.server";

export const meta = titleMeta("feedback.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const filter = await readSearchParams(request, feedbackListQuery);
  const [list, options] = await Promise.all([listFeedback(filter, await userTimeZone(user)), feedbackFilterOptions()]);
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (k !== "page" && v !== undefined) query.set(k, String(v));
  return { filter, list, options, query: query.toString() };
}

const sources = ["survey", "interview", "import"] as const;
const sentiments = ["negative", "neutral", "positive", "none"] as const;
const languages = ["ko", "en", "other"] as const;

export default function FeedbackList() {
  const { filter, list, options, query } = useLoaderData<typeof loader>();
  const t = useT();
  const zone = useTimeZone();
  const locale = useLocale();
  const pageHref = (p: number) => `/app/feedback?${[query, p > 1 ? `page=${p}` : ""].filter(Boolean).join("&")}`;
  const select = (name: keyof typeof filter, label: MessageKey, values: readonly string[], labelOf: (v: string) => string) => (
    <FilterSelect id={`fb-${name}`} name={name} label={t(label)} value={filter[name] as string | undefined} options={values.map((v) => ({ value: v, label: labelOf(v) }))} />
  );
  return (
    <>
      <h1>{t("feedback.title")}</h1>
      <Form method="get" className="card filters" aria-label={t("feedback.filters")}>
        <div className="row">
          <div className="field grow">
            <label htmlFor="fb-q">{t("feedback.search")}</label>
            <input id="fb-q" name="q" type="search" defaultValue={filter.q ?? ""} maxLength={200} />
          </div>
          {select("source", "feedback.source", sources, (v) => t(`feedback.source.${v}` as MessageKey))}
          {select("sentiment", "feedback.sentiment", sentiments, (v) => t(`feedback.sentiment.${v}` as MessageKey))}
          {select("language", "feedback.language", languages, (v) => t(`feedback.language.${v}` as MessageKey))}
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="fb-from">{t("times.filter.from", { zone })}</label>
            <input id="fb-from" name="from" type="date" defaultValue={filter.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="fb-to">{t("times.filter.to", { zone })}</label>
            <input id="fb-to" name="to" type="date" defaultValue={filter.to ?? ""} />
          </div>
          {select("tier", "accounts.field.tier", options.tiers, (v) => v)}
          {select("region", "accounts.field.region", options.regions, (v) => v)}
          {select("plan", "accounts.field.plan", options.plans, (v) => v)}
        </div>
        <div className="row">
          {select("theme", "feedback.theme", options.themes.map((th) => th.id), (v) => options.themes.find((th) => th.id === v)?.name ?? v)}
          {select("score", "feedback.hasScore", ["yes", "no"], (v) => t(v === "yes" ? "common.yes" : "common.no"))}
          <div className="field checkbox">
            <input id="fb-unassigned" name="unassigned" type="checkbox" value="1" defaultChecked={filter.unassigned === "1"} />
            <label htmlFor="fb-unassigned">{t("feedback.unassigned")}</label>
          </div>
          <button type="submit">{t("common.filter")}</button>
          <Link to="/app/feedback">{t("feedback.clear")}</Link>
        </div>
      </Form>
      <p className="total" role="status">
        {list.totalCapped ? t("feedback.totalCapped", { n: count(locale, list.total) }) : t("feedback.total", { n: count(locale, list.total) })}
      </p>
      <p className="small muted">{t("feedback.estimateNote")}</p>
      {list.rows.length === 0 ? (
        <p>{t("feedback.none")}</p>
      ) : (
        <ol className="feedback-list" start={(filter.page - 1) * FEEDBACK_PAGE_SIZE + 1}>
          {list.rows.map((r) => (
            <li key={r.id} className="card feedback-item" data-item-id={r.id}>
              <p className="feedback-text" lang={r.language === "other" ? undefined : r.language}>
                {r.text}
              </p>
              <p className="small meta">
                <span>{t(`feedback.source.${r.source}` as MessageKey)}</span>
                {r.source_name ? <span> · {r.source_name}</span> : null}
                <span> · {formatDateTime(r.occurred_at, zone)}</span>
                {r.account_name ? <span> · {r.account_name}</span> : null}
                {r.segment?.tier ? <span> · {r.segment.tier}</span> : null}
                {r.score !== null ? (
                  <span>
                    {" "}
                    · {t("feedback.score", { scale: r.score_scale?.toUpperCase() ?? "", score: r.score })}
                  </span>
                ) : null}
                <span> · {t(`feedback.language.${r.language === "ko" || r.language === "en" ? r.language : "other"}` as MessageKey)}</span>
              </p>
              <SentimentBadge label={r.sentiment_label} confidence={r.sentiment_confidence} model={r.sentiment_model} percentOf={(v) => percent(locale, v, 0)} />
              <ThemeChips tags={r.tags} />
              {r.href ? (
                <p className="small">
                  <Link to={r.href}>{t(`feedback.openSource.${r.source}` as MessageKey)}</Link>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {filter.page > 1 || list.hasMore ? (
        <nav className="pager" aria-label={t("feedback.pagination")}>
          {filter.page > 1 ? <Link to={pageHref(filter.page - 1)}>{t("feedback.prev")}</Link> : null}
          <span>{t("feedback.page", { page: filter.page })}</span>
          {list.hasMore && filter.page < FEEDBACK_MAX_PAGE ? <Link to={pageHref(filter.page + 1)}>{t("feedback.next")}</Link> : null}
        </nav>
      ) : null}
      {list.hasMore && filter.page >= FEEDBACK_MAX_PAGE ? <p className="small muted">{t("feedback.narrow", { pages: FEEDBACK_MAX_PAGE })}</p> : null}
    </>
  );
}
