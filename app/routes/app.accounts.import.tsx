import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { importAccounts, parseAccountCsv, type AccountImportError, type ColumnMapping } from "~/models/account.server";
import { importFields, importStepSchema, requiredImportFields, type AccountInput, type ImportField } from "~/schemas/account";
import { ANALYSTS } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { formDataObject, readForm } from "~/utils/forms";
import { translate, useT, type MessageKey } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { z } from "zod";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("accounts.import.title");

const MAX_BYTES = 2_000_000;
const PREVIEW_ROWS = 10;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ANALYSTS);
  return null;
}

type Preview = {
  csv: string;
  header: string[];
  mapping: ColumnMapping;
  rows: { line: number; input: AccountInput }[];
  total: number;
  errors: AccountImportError[];
};
type ActionData = { formError?: string; preview?: Preview };

/** map.<field> = column index, or "" for not mapped; only present once a preview has been shown. */
const mappingSchema = z.record(z.string(), z.union([z.literal(""), z.coerce.number().int().min(0).max(500)]).catch(""));

function mappingFrom(values: Record<string, string | string[]>): ColumnMapping | null {
  if (values.mapped !== "1") return null;
  const raw = Object.fromEntries(importFields.map((f) => [f, typeof values[`map.${f}`] === "string" ? values[`map.${f}`] : ""]));
  const parsed = mappingSchema.parse(raw);
  const out: ColumnMapping = {};
  for (const f of importFields) if (parsed[f] !== "" && parsed[f] !== undefined) out[f] = parsed[f] as number;
  return out;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const locale = await getLocale(request);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BYTES + 10_000) {
    return data<ActionData>({ formError: translate(locale, "accounts.import.error.tooLarge") }, { status: 400 });
  }
  const form = await readForm(request);
  const values = formDataObject(form);
  const file = form.get("file");
  let csv = typeof values.csv === "string" ? values.csv : "";
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_BYTES) return data<ActionData>({ formError: translate(locale, "accounts.import.error.tooLarge") }, { status: 400 });
    csv = await file.text();
  }
  const step = importStepSchema.safeParse({ intent: values.intent, csv });
  if (!step.success) return data<ActionData>({ formError: translate(locale, step.error.issues[0].message as MessageKey) }, { status: 400 });
  // A new file gets its columns guessed again; a re-preview or an import keeps the chosen mapping.
  const mapping = file && typeof file !== "string" && file.size > 0 ? null : mappingFrom(values);
  const parsed = parseAccountCsv(step.data.csv, mapping);
  const preview: Preview = {
    csv: step.data.csv,
    header: parsed.header,
    mapping: parsed.mapping,
    rows: parsed.rows.slice(0, PREVIEW_ROWS),
    total: parsed.lines,
    errors: parsed.errors,
  };
  if (parsed.errors.length) {
    return data<ActionData>({ formError: translate(locale, "accounts.import.failed", { n: parsed.errors.length }), preview }, { status: 400 });
  }
  if (step.data.intent === "preview") return data<ActionData>({ preview });
  const result = await importAccounts(user.id, parsed.rows);
  if (!result.ok) {
    return data<ActionData>(
      { formError: translate(locale, "accounts.import.failed", { n: result.errors.length }), preview: { ...preview, errors: result.errors } },
      { status: 400 },
    );
  }
  return redirect(`/app/accounts?imported=${result.ids.length}&sort=created`);
}

const fieldLabel: Record<ImportField, MessageKey> = {
  name: "accounts.field.name",
  tier: "accounts.field.tier",
  region: "accounts.field.region",
  plan: "accounts.field.plan",
  locale: "accounts.field.locale",
  monthlyFee: "accounts.field.monthlyFee",
  contractStart: "accounts.field.contractStart",
  renewalDate: "accounts.field.renewalDate",
  contactName: "accounts.import.contactName",
  contactEmails: "accounts.import.contactEmails",
};

export default function ImportAccounts() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const preview = actionData?.preview;
  const errorText = (e: AccountImportError) =>
    `${t("accounts.import.line", { line: e.line })}${e.field && e.field in fieldLabel ? ` · ${t(fieldLabel[e.field as ImportField])}` : ""}: ${t(e.key, (e.params ?? {}) as Record<string, string | number>)}`;
  return (
    <>
      <p>
        <Link to="/app/accounts">← {t("accounts.title")}</Link>
      </p>
      <h1>{t("accounts.import.title")}</h1>
      <section className="card" aria-labelledby="imp-how-h">
        <h2 id="imp-how-h">{t("accounts.import.how")}</h2>
        <p className="small">{t("accounts.import.format")}</p>
        <p className="small">{t("accounts.import.formatValues")}</p>
        <p className="small">
          <strong>{t("accounts.import.allOrNothing")}</strong>
        </p>
      </section>
      {actionData?.formError ? (
        <div className="form-error" role="alert">
          <p>{actionData.formError}</p>
          {preview?.errors.length ? (
            <ul className="import-errors">
              {preview.errors.map((e, i) => (
                <li key={i}>{errorText(e)}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Form
        key={preview ? `${preview.csv.length}:${JSON.stringify(preview.mapping)}` : "empty"}
        method="post"
        encType="multipart/form-data"
        className="card" aria-label={t("accounts.import.title")}>
        {preview && preview.header.length ? (
          <fieldset>
            <legend>{t("accounts.import.mapping")}</legend>
            <input type="hidden" name="mapped" value="1" />
            <div className="row">
              {importFields.map((f) => (
                <div className="field" key={f}>
                  <label htmlFor={`map-${f}`}>
                    {t(fieldLabel[f])}
                    {requiredImportFields.includes(f) ? " *" : ""}
                  </label>
                  <select id={`map-${f}`} name={`map.${f}`} defaultValue={preview.mapping[f] === undefined ? "" : String(preview.mapping[f])}>
                    <option value="">{t("accounts.import.notMapped")}</option>
                    {preview.header.map((h, i) => (
                      <option key={i} value={String(i)}>
                        {h || t("accounts.import.column", { n: i + 1 })}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </div>
          </fieldset>
        ) : null}
        {preview && preview.rows.length ? (
          <section aria-labelledby="imp-preview-h">
            <h2 id="imp-preview-h">{t("accounts.import.preview", { n: preview.rows.length, total: preview.total })}</h2>
            <div className="table-scroll" tabIndex={0}>
              <table className="import-preview">
                <thead>
                  <tr>
                    <th scope="col">{t("accounts.import.lineCol")}</th>
                    {(["name", "tier", "region", "plan", "locale", "monthlyFee", "contractStart", "renewalDate"] as const).map((f) => (
                      <th scope="col" key={f}>
                        {t(fieldLabel[f])}
                      </th>
                    ))}
                    <th scope="col">{t("accounts.contacts")}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((r) => (
                    <tr key={r.line}>
                      <td>{r.line}</td>
                      <td>{r.input.name}</td>
                      <td>{r.input.tier}</td>
                      <td>{r.input.region}</td>
                      <td>{r.input.plan}</td>
                      <td>{r.input.locale}</td>
                      <td className="num">{r.input.monthlyFee}</td>
                      <td>{r.input.contractStart ?? "—"}</td>
                      <td>{r.input.renewalDate ?? "—"}</td>
                      <td>{r.input.contacts.map((c) => (c.name ? `${c.name} <${c.email}>` : c.email)).join(", ") || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : null}
        <div className="field">
          <label htmlFor="imp-file">{t("accounts.import.file")}</label>
          <input id="imp-file" type="file" name="file" accept=".csv,text/csv" />
        </div>
        <div className="field">
          <label htmlFor="imp-csv">{t("accounts.import.paste")}</label>
          <textarea id="imp-csv" name="csv" rows={8} defaultValue={preview?.csv ?? ""} placeholder="name,tier,region,plan,locale,monthly_fee,contract_start,renewal_date,contact_name,email" />
        </div>
        <div className="row">
          <button type="submit" name="intent" value="preview" className={preview && !preview.errors.length ? "secondary" : undefined} disabled={navigation.state === "submitting"}>
            {t(preview ? "accounts.import.previewAgain" : "accounts.import.previewButton")}
          </button>
          {preview && !preview.errors.length && preview.rows.length ? (
            <button type="submit" name="intent" value="import" disabled={navigation.state === "submitting"}>
              {t("accounts.import.submit", { n: preview.total })}
            </button>
          ) : null}
        </div>
      </Form>
    </>
  );
}
