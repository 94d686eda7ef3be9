import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { availabilityByMonth, importMeasurements, listImports, type ImportError } from "~/models/measurement.server";
import { listSlas } from "~/models/sla.server";
import { measurementImportSchema } from "~/schemas/measurement";
import { requireRole } from "~/utils/permissions.server";
import { ANALYSTS, STAFF } from "~/utils/permissions";
import { measurementsQuery } from "~/schemas/query";
import { formatNumber, pick, translate, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { getLocale } from "~/utils/locale.server";
import { readForm, readSearchParams } from "~/utils/forms";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("measurements.title");

const MAX_BYTES = 5_000_000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const query = await readSearchParams(request, measurementsQuery);
  const slas = await listSlas();
  const slaId = query.sla ?? slas.find((s) => s.inForce)?.id ?? slas[0]?.id ?? null;
  const sla = slas.find((s) => s.id === slaId) ?? null;
  const months = sla ? await availabilityByMonth(sla.id, 6) : null;
  return {
    slas: slas.map((s) => ({ id: s.id, name: s.name, service: s.service })),
    sla: sla ? { id: sla.id, name: sla.name, service: sla.service } : null,
    months,
    imports: await listImports(),
    imported: query.imported ?? null,
  };
}

type ActionData = { errors: ImportError[]; formError?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const locale = await getLocale(request);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BYTES + 10_000) {
    return data<ActionData>({ errors: [], formError: translate(locale, "measurements.error.tooLarge") }, { status: 400 });
  }
  const form = await readForm(request);
  const file = form.get("file");
  const pasted = form.get("csv");
  let text = "";
  let filename = "pasted.csv";
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_BYTES) return data<ActionData>({ errors: [], formError: translate(locale, "measurements.error.tooLarge") }, { status: 400 });
    text = await file.text();
    filename = file.name || "upload.csv";
  } else if (typeof pasted === "string") text = pasted;
  const parsed = measurementImportSchema.safeParse({ csv: text });
  if (!parsed.success) {
    return data<ActionData>({ errors: [], formError: translate(locale, parsed.error.issues[0].message as MessageKey) }, { status: 400 });
  }
  const result = await importMeasurements(user.id, filename, parsed.data.csv);
  if (!result.ok) {
    return data<ActionData>(
      { errors: result.errors, formError: translate(locale, "measurements.failed", { n: result.errors.length }) },
      { status: 400 },
    );
  }
  const sla = new URL(request.url).searchParams.get("sla");
  return redirect(`/app/measurements?imported=${result.count}${sla ? `&sla=${encodeURIComponent(sla)}` : ""}`);
}

export default function Measurements() {
  const { slas, sla, months, imports, imported } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const zone = useTimeZone();
  const locale = useLocale();
  const pct = (v: number | null) => (v === null ? "—" : `${formatNumber(locale, v, 3)} %`);
  const mins = (v: number) => t("measurements.minutes", { n: formatNumber(locale, v, 0) });
  return (
    <>
      <h1>{t("measurements.title")}</h1>
      {imported ? (
        <p className="notice" role="status">
          {t("measurements.imported", { n: imported })}
        </p>
      ) : null}

      {slas.length > 1 ? (
        <Form method="get" className="row no-print" aria-label={t("compliance.sla")}>
          <div className="field">
            <label htmlFor="m-sla">{t("compliance.sla")}</label>
            <select id="m-sla" name="sla" defaultValue={sla?.id}>
              {slas.map((s) => (
                <option key={s.id} value={s.id}>
                  {pick(s.name, locale)} ({s.service})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <button type="submit" className="secondary">
              {t("compliance.show")}
            </button>
          </div>
        </Form>
      ) : null}

      <section className="card" aria-labelledby="per-month-h">
        <h2 id="per-month-h">
          {t("measurements.perMonth")}
          {sla ? ` · ${pick(sla.name, locale)} (${sla.service})` : ""}
        </h2>
        {!sla ? (
          <p>{t("measurements.noSla")}</p>
        ) : !months || months.months.length === 0 ? (
          <p>{t("measurements.noObjective")}</p>
        ) : (
          <>
            <p className="small muted">{t("measurements.definition", { zone: months.timezone })}</p>
            <table className="availability">
              <thead>
                <tr>
                  <th scope="col">{t("measurements.month")}</th>
                  <th scope="col" className="num">{t("measurements.availability")}</th>
                  <th scope="col" className="num">{t("measurements.objective")}</th>
                  <th scope="col">{t("cases.timer.state")}</th>
                  <th scope="col" className="num">{t("measurements.budgetLeft")}</th>
                  <th scope="col" className="num">{t("measurements.burnRate")}</th>
                  <th scope="col" className="num">{t("measurements.measured")}</th>
                  <th scope="col" className="num">{t("measurements.bad")}</th>
                </tr>
              </thead>
              <tbody>
                {months.months.map((m) => (
                  <tr key={m.month} data-month={m.month}>
                    <th scope="row">{m.month}</th>
                    <td className="num">{pct(m.percent)}</td>
                    <td className="num">{pct(m.objectivePercent)}</td>
                    <td>
                      {m.meetsObjective === null ? (
                        <span className="muted">{t("measurements.noData")}</span>
                      ) : m.meetsObjective ? (
                        <span className="pill good">{t("measurements.met")}</span>
                      ) : (
                        <span className="pill bad">{t("measurements.missed")}</span>
                      )}
                    </td>
                    <td className="num">
                      {m.totalMinutes > 0 ? (
                        <>
                          {mins(m.errorBudgetLeftMinutes)}
                          {m.errorBudgetLeftShare !== null ? ` (${formatNumber(locale, m.errorBudgetLeftShare * 100, 0)} %)` : ""}
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="num">{m.burnRate === null ? "—" : `${formatNumber(locale, m.burnRate, 2)}×`}</td>
                    <td className="num">{mins(m.totalMinutes)}</td>
                    <td className="num">{mins(m.badMinutes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="no-print">
              <Link to={`/app/reports?sla=${sla.id}`}>{t("compliance.title")} →</Link>
            </p>
          </>
        )}
      </section>

      <section className="card no-print" aria-labelledby="import-h">
        <h2 id="import-h">{t("measurements.import")}</h2>
        <p className="small">{t("measurements.format")}</p>
        <p className="small">{t("measurements.formatOutages")}</p>
        <p className="small">
          <strong>{t("measurements.allOrNothing")}</strong>
        </p>
        {actionData?.formError ? (
          <div className="form-error" role="alert">
            <p>{actionData.formError}</p>
            {actionData.errors.length ? (
              <ul className="import-errors">
                {actionData.errors.map((e, i) => (
                  <li key={i}>
                    {`${t("measurements.line", { line: e.line })}: ${t(e.key as MessageKey, (e.params ?? {}) as Record<string, string | number>)}`}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <Form method="post" encType="multipart/form-data" aria-label={t("measurements.import")}>
          <div className="field">
            <label htmlFor="m-file">{t("measurements.file")}</label>
            <input id="m-file" type="file" name="file" accept=".csv,text/csv" />
          </div>
          <div className="field">
            <label htmlFor="m-csv">{t("measurements.paste")}</label>
            <textarea id="m-csv" name="csv" rows={5} placeholder="service,window_start,window_end,good_minutes,total_minutes" />
          </div>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("measurements.submit")}
          </button>
        </Form>
        {imports.length ? (
          <>
            <h3>{t("measurements.recentImports")}</h3>
            <ul>
              {imports.map((i) => (
                <li key={i.id}>
                  {formatDateTime(i.created_at, zone)} · {i.filename} · {t("measurements.rows", { n: i.row_count })}
                  {i.user_name ? ` · ${i.user_name}` : ""}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </>
  );
}
