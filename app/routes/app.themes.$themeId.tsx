import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/FormError";
import { BarChart } from "~/components/charts/Charts";
import { FieldError } from "~/components/FieldError";
import { HowCalculated } from "~/components/HowCalculated";
import { count, percent } from "~/components/results/format";
import { ImpactText, SentimentText } from "~/components/themes/figures";
import { addThemeExample, getThemePage, reassignItems, ThemeError, type ThemeItemRow } from "~/models/theme.server";
import { themeItemActionSchema, themeItemsQuery } from "~/schemas/theme";
import { ANALYSTS, STAFF } from "~/utils/permissions";
import { orgTimeZone } from "~/models/settings.server";
import { requireRole } from "~/utils/permissions.server";
import { fieldErrorsOf, formDataObject, readForm, readSearchParams, type FieldErrors } from "~/utils/forms";
import { translate, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { formatDateTime, useOrgTimeZone, useTimeZone } from "~/utils/dates";
import { getLocale } from "~/utils/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.page.theme.name} · Trustloop` : "Trustloop" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const { page } = await readSearchParams(request, themeItemsQuery);
  const result = await getThemePage(params.themeId ?? "", await orgTimeZone(), page);
  if (!result) throw new Response("Not found", { status: 404 });
  return { page: result, current: page, canEdit: (ANALYSTS as readonly string[]).includes(user.role) };
}

type ActionData = { intent: string; errors: FieldErrors; formError: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const locale = await getLocale(request);
  const themeId = params.themeId ?? "";
  const values = formDataObject(await readForm(request));
  const intent = typeof values.intent === "string" ? values.intent : "";
  const parsed = themeItemActionSchema.safeParse(values);
  if (!parsed.success) return data<ActionData>({ intent, errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors") }, { status: 400 });
  try {
    if (parsed.data.intent === "reassign") await reassignItems(user.id, parsed.data.itemId, parsed.data.themeId || null);
    else await addThemeExample(user.id, themeId, parsed.data.text);
  } catch (e) {
    if (!(e instanceof ThemeError)) throw e;
    if (e.code === "notFound") throw new Response("Not found", { status: 404 });
    const key = `theme.error.${e.code}` as MessageKey;
    return data<ActionData>({ intent, errors: { [e.field]: key }, formError: translate(locale, key) }, { status: 400 });
  }
  return redirect(`/app/themes/${themeId}?saved=1`);
}

/** Where an item came from: its response or interview; imported rows name their source. */
function SourceLink({ item }: { item: Pick<ThemeItemRow, "source" | "responseId" | "interviewId" | "sourceName"> }) {
  const t = useT();
  if (item.responseId) return <Link to={`/app/responses/${item.responseId}`}>{t("theme.source.survey")}</Link>;
  if (item.interviewId) return <Link to={`/app/interviews/${item.interviewId}`}>{t("theme.source.interview")}</Link>;
  return (
    <span>
      {t(`theme.source.${item.source}`)}
      {item.sourceName ? ` · ${item.sourceName}` : ""}
    </span>
  );
}

export default function ThemePage() {
  const { page, current, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const orgZone = useOrgTimeZone();
  const zone = useTimeZone();
  const locale = useLocale();
  const { theme } = page;
  const segmentsByKey = (["tier", "region", "plan"] as const).map((key) => ({ key, rows: page.segments.filter((s) => s.key === key) })).filter((g) => g.rows.length);
  return (
    <>
      <p>
        <Link to="/app/themes">← {t("theme.title")}</Link>
      </p>
      <h1>{theme.name}</h1>
      <p className="muted">
        {t(`theme.origin.${theme.origin}`)}
        {theme.slaArea ? ` · ${t("theme.field.slaArea")}: ${t(`theme.area.${theme.slaArea}` as MessageKey)}` : ""} · {t("theme.examples", { n: count(locale, page.exampleCount) })}
      </p>
      <FormError message={actionData?.formError} />

      <div className="grid dashboard">
        <section className="card" aria-labelledby="vol-h">
          <h2 id="vol-h">{t("theme.col.volume")}</h2>
          <p className="metric-value">
            <strong className="stat" data-volume={page.volume}>
              {count(locale, page.volume)}
            </strong>
          </p>
        </section>
        <section className="card" aria-labelledby="sent-h">
          <h2 id="sent-h">{t("theme.col.sentiment")}</h2>
          <p>
            <SentimentText result={page.sentiment} />
          </p>
          <HowCalculated>{t("theme.how.sentiment")}</HowCalculated>
        </section>
        <section className="card" aria-labelledby="impact-h">
          <h2 id="impact-h">{t("theme.col.impact")}</h2>
          <p>
            <ImpactText impact={page.impact} long />
          </p>
          <HowCalculated>{t("theme.how.impact", { resamples: page.impact.resamples })}</HowCalculated>
        </section>
      </div>

      <section aria-labelledby="months-h">
        <h2 id="months-h">{t("theme.byMonth")}</h2>
        <p className="small muted">{t("theme.monthsInZone", { zone: orgZone })}</p>
        {page.months.length ? (
          <BarChart
            title={t("theme.byMonth")}
            desc={t("theme.byMonth.desc", { name: theme.name, first: page.months[0].month, last: page.months[page.months.length - 1].month })}
            valueLabel={t("theme.col.volume")}
            points={page.months.map((m) => ({ label: m.month, value: m.n }))}
          />
        ) : (
          <p>{t("theme.noItems")}</p>
        )}
      </section>

      <section aria-labelledby="seg-h">
        <h2 id="seg-h">{t("theme.bySegment")}</h2>
        {segmentsByKey.length === 0 ? <p>{t("theme.noItems")}</p> : null}
        {segmentsByKey.map((g) => (
          <table key={g.key} data-segment={g.key}>
            <caption>{t(`theme.segment.${g.key}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t(`theme.segment.${g.key}`)}</th>
                <th scope="col">{t("theme.col.inTheme")}</th>
                <th scope="col">{t("theme.col.segmentN")}</th>
                <th scope="col">{t("theme.col.share")}</th>
              </tr>
            </thead>
            <tbody>
              {g.rows.map((s) => (
                <tr key={s.value} data-value={s.value}>
                  <th scope="row">{s.value}</th>
                  <td className="num">{count(locale, s.inTheme)}</td>
                  <td className="num">{count(locale, s.outcome.status === "ok" ? s.outcome.result.n : s.outcome.n)}</td>
                  <td className="num" data-share={s.outcome.status === "ok" ? s.outcome.result.share : ""}>
                    {s.outcome.status === "ok" ? (
                      <>
                        {percent(locale, s.outcome.result.share)}
                        {s.outcome.result.interval ? (
                          <span className="small muted">
                            {" "}
                            ({percent(locale, s.outcome.result.interval.low)} – {percent(locale, s.outcome.result.interval.high)})
                          </span>
                        ) : null}
                      </>
                    ) : (
                      <span className="muted">{t("theme.tooFew")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
        <HowCalculated>{t("theme.how.segments")}</HowCalculated>
      </section>

      <section aria-labelledby="quotes-h">
        <h2 id="quotes-h">{t("theme.quotes")}</h2>
        {page.quotes.length === 0 ? <p>{t("theme.noItems")}</p> : null}
        {page.quotes.map((q) => (
          <blockquote key={q.id} className="quote">
            <p>{q.text}</p>
            <footer className="small">
              <SourceLink item={q} />
            </footer>
          </blockquote>
        ))}
      </section>

      <section aria-labelledby="cases-h">
        <h2 id="cases-h">{t("theme.cases")}</h2>
        {page.cases.length === 0 ? (
          <p>{t("theme.cases.none")}</p>
        ) : (
          <ul>
            {page.cases.map((c) => (
              <li key={c.id}>
                <Link to={`/app/cases/${c.id}`}>
                  #{c.number} {c.title}
                </Link>{" "}
                <span className="muted small">{t(`cases.status.${c.status}` as MessageKey)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="items-h">
        <h2 id="items-h">{t("theme.itemsTitle")}</h2>
        {canEdit && page.items.length ? (
          // One form for the whole list: rows are ticked (their checkboxes belong to it by form="move-items").
          <Form method="post" id="move-items" className="row">
            <input type="hidden" name="intent" value="reassign" />
            <label htmlFor="move-to">{t("theme.moveSelected")}</label>
            <select id="move-to" name="themeId" defaultValue={theme.id} aria-describedby="move-error">
              <option value="">{t("theme.noTheme")}</option>
              {page.themes.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
            <button type="submit">{t("theme.move")}</button>
            <FieldError id="move-error" message={actionData?.intent === "reassign" ? (actionData.errors.itemId ?? actionData.errors.themeId) : undefined} />
          </Form>
        ) : null}
        <table data-table="items">
          <thead>
            <tr>
              {canEdit ? (
                <th scope="col">
                  <span className="sr-only">{t("theme.col.select")}</span>
                </th>
              ) : null}
              <th scope="col">{t("theme.col.text")}</th>
              <th scope="col">{t("theme.col.source")}</th>
              <th scope="col">{t("theme.col.assigned")}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((it) => (
              <tr key={it.id} data-item={it.id}>
                {canEdit ? (
                  <td>
                    <input type="checkbox" name="itemId" value={it.id} form="move-items" aria-labelledby={`text-${it.id}`} />
                  </td>
                ) : null}
                <td>
                  <span className="quote" id={`text-${it.id}`}>
                    {it.text}
                  </span>
                  <br />
                  <span className="small muted">
                    {formatDateTime(it.occurredAt, zone)}
                    {it.sentimentLabel ? ` · ${t(`theme.sentiment.${it.sentimentLabel}` as MessageKey)} (${t("theme.estimate")})` : ""}
                  </span>
                </td>
                <td>
                  <SourceLink item={it} />
                </td>
                <td>{it.assignedBy === "hand" ? t("theme.by.hand") : t("theme.by.model", { confidence: percent(locale, it.confidence ?? 0, 0) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.pages > 1 ? (
          <nav className="row small" aria-label={t("theme.pages")}>
            {current > 1 ? <Link to={`?page=${current - 1}`}>{t("theme.prev")}</Link> : null}
            <span>{t("theme.page", { page: current, pages: page.pages })}</span>
            {current < page.pages ? <Link to={`?page=${current + 1}`}>{t("theme.next")}</Link> : null}
          </nav>
        ) : null}
      </section>

      {canEdit ? (
        <section aria-labelledby="ex-h">
          <h2 id="ex-h">{t("theme.addExample")}</h2>
          <Form method="post" noValidate className="stack">
            <input type="hidden" name="intent" value="example" />
            <label>
              {t("theme.field.example")}
              <textarea name="text" rows={2} aria-invalid={actionData?.errors.text ? true : undefined} aria-describedby="text-error" />
            </label>
            <FieldError id="text-error" message={actionData?.intent === "example" ? actionData.errors.text : undefined} />
            <p>
              <button type="submit">{t("theme.addExample")}</button>
            </p>
          </Form>
          {page.examples.length ? (
            <ul className="small">
              {page.examples.map((e) => (
                <li key={e.id}>{e.text}</li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
