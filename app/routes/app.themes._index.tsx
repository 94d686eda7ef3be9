import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/FormError";
import { count, percent } from "~/components/results/format";
import { FieldError } from "~/components/FieldError";
import { HowCalculated } from "~/components/HowCalculated";
import { listDiscoveryRuns, listThemes, startDiscoveryRun } from "~/models/theme.server";
import { discoveryRunSchema, feedbackSources, segmentKeys, sentimentLabels, themeListQuery } from "~/schemas/theme";
import { ANALYSTS, STAFF } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { fieldErrorsOf, formDataObject, readForm, readSearchParams, type FieldErrors } from "~/utils/forms";
import { formatNumber, translate, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { titleMeta } from "~/utils/meta";
import { ImpactText, SentimentText } from "~/components/themes/figures";
import { formatDateTime, useOrgTimeZone, useTimeZone } from "~/utils/dates";

export const meta = titleMeta("theme.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const { sort } = await readSearchParams(request, themeListQuery);
  const { themes, totalItems } = await listThemes(new Date(), sort);
  return { sort, themes, totalItems, runs: await listDiscoveryRuns() };
}

type ActionData = { errors: FieldErrors; formError: string; values: Record<string, string | string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const locale = await getLocale(request);
  const values = formDataObject(await readForm(request));
  const parsed = discoveryRunSchema.safeParse(values);
  if (!parsed.success) return data<ActionData>({ errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors"), values }, { status: 400 });
  const f = parsed.data;
  const id = await startDiscoveryRun(user.id, {
    from: f.from,
    to: f.to,
    sources: f.sources.length ? f.sources : undefined,
    segmentKey: f.segmentKey ?? undefined,
    segmentValue: f.segmentKey ? f.segmentValue : undefined,
    sentiment: f.sentiment ?? undefined,
    unassignedOnly: f.unassignedOnly || undefined,
  });
  return redirect(`/app/themes/runs/${id}`);
}

export default function Themes() {
  const { sort, themes, totalItems, runs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const zone = useTimeZone();
  const orgZone = useOrgTimeZone();
  const locale = useLocale();
  const errors = actionData?.errors ?? {};
  const v = actionData?.values ?? {};
  const str = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : "");
  const sources = ([] as string[]).concat(v.sources ?? []);
  return (
    <>
      <h1>{t("theme.title")}</h1>
      <p className="muted">{t("theme.intro")}</p>
      <p className="row">
        <Link to="/app/themes/new">{t("theme.new")}</Link>
      </p>

      <section aria-labelledby="themes-h">
        <h2 id="themes-h">{t("theme.list")}</h2>
        <p className="small">{t("theme.items", { n: count(locale, totalItems) })}</p>
        <nav aria-label={t("theme.sort")} className="row small">
          <span>{t("theme.sort")}:</span>
          {(["volume", "growth", "impact"] as const).map((s) => (
            <Link key={s} to={`?sort=${s}`} aria-current={s === sort ? "true" : undefined}>
              {t(`theme.sort.${s}`)}
            </Link>
          ))}
        </nav>
        {themes.length === 0 ? (
          <p>{t("theme.none")}</p>
        ) : (
          <table data-table="themes">
            <thead>
              <tr>
                <th scope="col">{t("theme.col.name")}</th>
                <th scope="col">{t("theme.col.origin")}</th>
                <th scope="col">{t("theme.col.volume")}</th>
                <th scope="col">{t("theme.col.share")}</th>
                <th scope="col">{t("theme.col.growth")}</th>
                <th scope="col">{t("theme.col.sentiment")}</th>
                <th scope="col">{t("theme.col.impact")}</th>
              </tr>
            </thead>
            <tbody>
              {themes.map((th) => (
                <tr key={th.id} data-theme={th.id} data-volume={th.volume}>
                  <td>
                    <Link to={`/app/themes/${th.id}`}>{th.name}</Link>
                    {th.slaArea ? <span className="muted small"> · {t(`theme.area.${th.slaArea}` as MessageKey)}</span> : null}
                  </td>
                  <td>{t(`theme.origin.${th.origin}`)}</td>
                  <td className="num">{count(locale, th.volume)}</td>
                  <td className="num nowrap">{th.share === null ? "–" : percent(locale, th.share)}</td>
                  <td className="num">{`${th.growth > 0 ? "+" : th.growth < 0 ? "−" : "±"}${formatNumber(locale, Math.abs(th.growth), 0)}`}</td>
                  <td>
                    <SentimentText result={th.sentiment} />
                  </td>
                  <td>
                    <ImpactText impact={th.impact} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <HowCalculated>{t("theme.how.list")}</HowCalculated>
      </section>

      <section aria-labelledby="discover-h">
        <h2 id="discover-h">{t("theme.discover")}</h2>
        <p className="small muted">{t("theme.discover.intro")}</p>
        <FormError message={actionData?.formError} />
        <Form method="post" noValidate className="stack" aria-labelledby="discover-h">
          <div className="row">
            <label>
              {t("times.filter.from", { zone: orgZone })}
              <input type="date" name="from" defaultValue={str("from")} aria-invalid={errors.from ? true : undefined} aria-describedby="from-error" />
            </label>
            <label>
              {t("times.filter.to", { zone: orgZone })}
              <input type="date" name="to" defaultValue={str("to")} aria-invalid={errors.to ? true : undefined} aria-describedby="to-error" />
            </label>
          </div>
          <FieldError id="from-error" message={errors.from} />
          <FieldError id="to-error" message={errors.to} />
          <fieldset>
            <legend>{t("theme.filter.sources")}</legend>
            {feedbackSources.map((s) => (
              <label key={s} className="inline">
                <input type="checkbox" name="sources" value={s} defaultChecked={sources.includes(s)} /> {t(`theme.source.${s}`)}
              </label>
            ))}
            <FieldError id="sources-error" message={errors.sources} />
          </fieldset>
          <div className="row">
            <label>
              {t("theme.filter.segmentKey")}
              <select name="segmentKey" defaultValue={str("segmentKey")} aria-invalid={errors.segmentKey ? true : undefined} aria-describedby="segmentKey-error">
                <option value="">{t("common.all")}</option>
                {segmentKeys.map((k) => (
                  <option key={k} value={k}>
                    {t(`theme.segment.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("theme.filter.segmentValue")}
              <input name="segmentValue" defaultValue={str("segmentValue")} aria-invalid={errors.segmentValue ? true : undefined} aria-describedby="segmentValue-error" />
            </label>
            <label>
              {t("theme.filter.sentiment")}
              <select name="sentiment" defaultValue={str("sentiment")} aria-invalid={errors.sentiment ? true : undefined} aria-describedby="sentiment-error">
                <option value="">{t("common.all")}</option>
                {sentimentLabels.map((s) => (
                  <option key={s} value={s}>
                    {t(`theme.sentiment.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <FieldError id="segmentKey-error" message={errors.segmentKey} />
          <FieldError id="segmentValue-error" message={errors.segmentValue} />
          <FieldError id="sentiment-error" message={errors.sentiment} />
          <label className="inline">
            <input type="checkbox" name="unassignedOnly" defaultChecked={v.unassignedOnly === "on"} /> {t("theme.filter.unassignedOnly")}
          </label>
          <p>
            <button type="submit">{t("theme.discover.start")}</button>
          </p>
        </Form>
      </section>

      <section aria-labelledby="runs-h">
        <h2 id="runs-h">{t("theme.runs")}</h2>
        {runs.length === 0 ? (
          <p>{t("theme.runs.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("theme.run.started")}</th>
                <th scope="col">{t("theme.run.status")}</th>
                <th scope="col">{t("theme.run.items")}</th>
                <th scope="col">{t("theme.run.candidates")}</th>
                <th scope="col">{t("theme.run.by")}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/app/themes/runs/${r.id}`}>{formatDateTime(r.createdAt, zone)}</Link>
                  </td>
                  <td>{t(`theme.run.status.${r.status}`)}</td>
                  <td className="num">
                    {count(locale, r.done)} / {count(locale, r.total)}
                  </td>
                  <td className="num">{count(locale, Number(r.candidates))}</td>
                  <td>{r.createdBy ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
