import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { FieldError } from "~/components/FieldError";
import {
  cancelImport,
  editable,
  getImport,
  importErrors,
  previewImport,
  retryImport,
  saveMapping,
  startImport,
  PREVIEW_ROWS,
  type RowError,
} from "~/models/import.server";
import { importActionSchema, importEncodings, importScales, mappedFields, mappingFormSchema, type ImportMapping, type MappedField } from "~/schemas/import";
import { fieldErrorsOf, formDataObject, readForm, type FieldErrors } from "~/utils/forms";
import { formatDateTime, useOrgTimeZone, useTimeZone } from "~/utils/dates";
import { formatDate, formatNumber, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { ANALYSTS, STAFF } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { pageTitle } from "~/utils/meta";
import { isUuid } from "~/utils/uuid";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => data ? [{ title: `${data.imp.filename} · Trustloop` }] : pageTitle(matches, "import.title");

const FIRST_ERRORS = 20;

async function findImport(params: { importId?: string }) {
  const imp = isUuid(params.importId) ? await getImport(params.importId) : null;
  if (!imp) throw new Response("Not found", { status: 404 });
  return imp;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const imp = await findImport(params);
  const preview = editable(imp) ? await previewImport(imp.id) : null;
  const errors = imp.rows_failed > 0 && !["queued", "running"].includes(imp.status) ? await importErrors(imp.id, FIRST_ERRORS) : [];
  const { mapping, ...rest } = imp;
  // PREVIEW_ROWS lives in a server module: the count is sent, not imported by the page.
  const previewCount = preview ? Math.min(PREVIEW_ROWS, preview.checked) : 0;
  return { imp: { ...rest, mapping: mapping as ImportMapping, editable: editable(imp) }, preview, previewCount, errors };
}

type ActionData = { errors: FieldErrors };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const imp = await findImport(params);
  const values = formDataObject(await readForm(request));
  const intent = importActionSchema.safeParse({ intent: values.intent });
  if (!intent.success) return data<ActionData>({ errors: { _form: "validation.invalid" } }, { status: 400 });
  const back = redirect(`/app/imports/${imp.id}`, 303);
  if (intent.data.intent === "cancel" || intent.data.intent === "retry") {
    const result = intent.data.intent === "cancel" ? await cancelImport(user.id, imp.id) : await retryImport(user.id, imp.id);
    return result.ok ? back : data<ActionData>({ errors: { _form: result.key } }, { status: 400 });
  }
  const parsed = mappingFormSchema.safeParse(values);
  if (!parsed.success) return data<ActionData>({ errors: fieldErrorsOf(parsed.error) }, { status: 400 });
  const saved = await saveMapping(user.id, imp.id, parsed.data);
  if (!saved.ok) return data<ActionData>({ errors: { _form: saved.key } }, { status: 400 });
  if (parsed.data.intent === "start") {
    const started = await startImport(user.id, imp.id);
    if (!started.ok) return data<ActionData>({ errors: { _form: started.key } }, { status: 400 });
  }
  return back;
}

const active = new Set(["queued", "running"]);

export default function ImportPage() {
  const { imp, preview, previewCount, errors } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const t = useT();
  const locale = useLocale();
  const orgZone = useOrgTimeZone();
  const zone = useTimeZone();
  const running = active.has(imp.display);
  // Live progress with JavaScript: reload the data every second while the job runs.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [running, revalidator]);
  const formErrors = actionData?.errors ?? {};
  const fieldLabel = (f: MappedField) => t(`import.field.${f}`);
  const errorText = (e: RowError) =>
    t("import.errorLine", { line: e.line, column: e.column || fieldLabel(e.field), message: t(e.key, (e.params ?? {}) as Record<string, string | number>) });
  const n = (v: number) => formatNumber(locale, v, 0);
  const busy = navigation.state === "submitting";
  return (
    <>
      <p>
        <Link to="/app/imports">← {t("import.back")}</Link>
      </p>
      <h1>{imp.filename}</h1>
      <p className="small muted">
        {t(`import.kind.${imp.kind}`)} · {formatNumber(locale, imp.byte_size / 1024 / 1024, 1)} MB ·{" "}
        {t("import.encoding.detected", { encoding: t(`import.encoding.${imp.encoding === "auto" ? (imp.detected_encoding ?? "utf-8") : imp.encoding}`) })} ·{" "}
        <span data-status={imp.display}>{t(`import.status.${imp.display}`)}</span>
      </p>
      {formErrors._form ? (
        <div className="form-error" role="alert">
          <p>{t(formErrors._form)}</p>
        </div>
      ) : null}

      {running || imp.display === "stalled" ? (
        <section className="card" aria-labelledby="progress-h">
          <h2 id="progress-h">{t("import.progress")}</h2>
          {imp.progress.fraction !== null ? (
            <progress max={1} value={imp.progress.fraction} aria-labelledby="progress-h">
              {formatNumber(locale, imp.progress.fraction * 100, 0)} %
            </progress>
          ) : null}
          <p role="status">
            <span data-rows-done={imp.rows_done}>{t("import.rowsDone", { n: n(imp.rows_done) })}</span>
            {imp.progress.rowsPerSecond !== null ? ` · ${t("import.rate", { n: n(imp.progress.rowsPerSecond) })}` : ""}
            {" · "}
            {imp.progress.secondsLeft !== null && imp.display !== "stalled" ? t("import.timeLeft", { n: n(imp.progress.secondsLeft) }) : t("import.timeUnknown")}
            {imp.rows_failed ? ` · ${t("import.badSoFar", { n: n(imp.rows_failed) })}` : ""}
          </p>
          {imp.cancel_requested ? <p>{t("import.cancelRequested")}</p> : null}
          {imp.display === "stalled" ? <p>{t("import.stalledHelp")}</p> : null}
          <div className="row">
            {/* Without JavaScript the page does not update itself: this link reloads it. */}
            <Link to={`/app/imports/${imp.id}`} reloadDocument>
              {t("import.refresh")}
            </Link>
            <Form method="post">
              {imp.retryable ? (
                <button type="submit" name="intent" value="retry" disabled={busy}>
                  {t("import.retry")}
                </button>
              ) : null}
              {!imp.cancel_requested ? (
                <button type="submit" name="intent" value="cancel" className="secondary" disabled={busy}>
                  {t("import.cancel")}
                </button>
              ) : null}
            </Form>
          </div>
        </section>
      ) : null}

      {imp.status === "done" ? (
        <section className="card" aria-labelledby="result-h">
          <h2 id="result-h">{t("import.result")}</h2>
          <ul>
            <li data-imported={imp.rows_imported}>{t("import.imported", { n: n(imp.rows_imported) })}</li>
            <li data-duplicates={imp.rows_duplicate}>{t("import.duplicates", { n: n(imp.rows_duplicate) })}</li>
            {imp.rows_failed ? <li data-skipped={imp.rows_failed}>{t("import.skipped", { n: n(imp.rows_failed) })}</li> : null}
          </ul>
          {imp.finished_at ? <p className="small muted">{t("import.finishedAt", { time: formatDateTime(imp.finished_at, zone) })}</p> : null}
        </section>
      ) : null}

      {imp.status === "failed" ? (
        <section className="card" aria-labelledby="failed-h">
          <h2 id="failed-h">{t("import.status.failed")}</h2>
          <p>{t((imp.failure ?? "import.failure.error") as MessageKey)}</p>
          {imp.failure === "import.failure.badRows" ? <p>{t("import.failedRows", { n: n(imp.rows_failed) })}</p> : null}
          {imp.retryable ? (
            <Form method="post">
              <button type="submit" name="intent" value="retry" disabled={busy}>
                {t("import.retry")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {imp.status === "cancelled" ? (
        <section className="card">
          <p>{t("import.cancelledHelp")}</p>
        </section>
      ) : null}

      {errors.length ? (
        <section className="card" aria-labelledby="errors-h">
          <h2 id="errors-h">{t("import.firstErrors")}</h2>
          <ul className="import-errors">
            {errors.map((e, i) => (
              <li key={i}>{errorText(e)}</li>
            ))}
          </ul>
          <p>
            <a href={`/app/imports/${imp.id}.errors.csv`} download>
              {t("import.errorFile")}
            </a>
          </p>
          {imp.editable ? <p>{t("import.fixAndRestart")}</p> : null}
        </section>
      ) : null}

      {imp.editable ? (
        <Form method="post" className="card" aria-labelledby="mapping-h">
          <h2 id="mapping-h">{t("import.mapping")}</h2>
          <p className="small">{t("import.mappingHelp", { zone: orgZone })}</p>
          <div className="row">
            {mappedFields.map((f) => (
              <div className="field" key={f}>
                <label htmlFor={`map-${f}`}>
                  {fieldLabel(f)}
                  {f === "text" ? " *" : ""}
                </label>
                <select
                  id={`map-${f}`}
                  name={`map.${f}`}
                  defaultValue={imp.mapping[f] === undefined ? "" : String(imp.mapping[f])}
                  aria-invalid={!!formErrors[`map.${f}`]}
                  aria-describedby={formErrors[`map.${f}`] ? `map-${f}-error` : undefined}
                >
                  <option value="">{t("import.notMapped")}</option>
                  {imp.header.map((h, i) => (
                    <option key={i} value={String(i)}>
                      {h || t("import.columnN", { n: i + 1 })}
                    </option>
                  ))}
                </select>
                <FieldError id={`map-${f}-error`} message={formErrors[`map.${f}`]} />
              </div>
            ))}
          </div>
          <div className="row">
            <div className="field">
              <label htmlFor="map-scale">{t("import.scale")}</label>
              <select id="map-scale" name="scale" defaultValue={imp.mapping.scale}>
                {importScales.map((s) => (
                  <option key={s} value={s}>
                    {t(`import.scale.${s}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="map-source">{t("import.fixedSourceName")}</label>
              <input
                id="map-source"
                name="fixedSourceName"
                maxLength={200}
                defaultValue={imp.mapping.fixedSourceName}
                aria-invalid={!!formErrors.fixedSourceName}
                aria-describedby={formErrors.fixedSourceName ? "map-source-error" : undefined}
              />
              <FieldError id="map-source-error" message={formErrors.fixedSourceName} />
            </div>
            <div className="field">
              <label htmlFor="map-encoding">{t("import.encoding")}</label>
              <select id="map-encoding" name="encoding" defaultValue={imp.encoding}>
                {importEncodings.map((e) => (
                  <option key={e} value={e}>
                    {t(`import.encoding.${e}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="field">
            <label>
              <input type="checkbox" name="skipBadRows" value="on" defaultChecked={imp.skip_bad_rows} /> {t("import.skipBadRows")}
            </label>
          </div>
          <p className="small">{t("import.allOrNothing")}</p>
          <div className="row">
            <button type="submit" name="intent" value="preview" className="secondary" disabled={busy}>
              {t("import.previewButton")}
            </button>
            <button type="submit" name="intent" value="start" disabled={busy}>
              {t("import.start")}
            </button>
            <button type="submit" name="intent" value="cancel" className="secondary" disabled={busy}>
              {t("import.cancel")}
            </button>
          </div>
        </Form>
      ) : null}

      {preview ? (
        <section className="card" aria-labelledby="preview-h">
          <h2 id="preview-h">{t("import.preview", { n: previewCount })}</h2>
          <p className="small muted">{t("import.previewHelp")}</p>
          {preview.errors.length ? (
            <div className="form-error" role="alert">
              <p>{t("import.previewErrors", { n: preview.errors.length })}</p>
              <ul className="import-errors">
                {preview.errors.map((e, i) => (
                  <li key={i}>{errorText(e)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {preview.rows.length === 0 ? (
            <p>{t("import.previewNone")}</p>
          ) : (
            <div className="table-scroll" tabIndex={0}>
              <table className="import-preview">
                <thead>
                  <tr>
                    <th scope="col">{t("import.col.line")}</th>
                    <th scope="col">{t("import.field.text")}</th>
                    <th scope="col">{`${t("import.field.date")} (${orgZone})`}</th>
                    <th scope="col">{t("import.field.score")}</th>
                    <th scope="col">{t("import.col.account")}</th>
                    <th scope="col">{t("import.field.sourceName")}</th>
                    <th scope="col">{t("import.field.externalId")}</th>
                    <th scope="col">{t("import.field.language")}</th>
                    <th scope="col">{t("import.col.sentiment")}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => (
                    <tr key={r.line} data-line={r.line}>
                      <td>{r.line}</td>
                      <td>{r.text}</td>
                      <td>{formatDate(locale, r.occurredAt, orgZone)}</td>
                      <td>{r.score === null ? "—" : `${r.score} (${t(`import.scale.${r.scoreScale!}`)})`}</td>
                      <td>{r.accountName ?? "—"}</td>
                      <td>{r.sourceName ?? "—"}</td>
                      <td>{r.externalId ?? "—"}</td>
                      <td>{t(`import.language.${r.language}`)}</td>
                      <td>
                        {t(`import.sentiment.${r.sentiment.label}`)} ({formatNumber(locale, r.sentiment.score, 2)})
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </>
  );
}
