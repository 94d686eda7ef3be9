import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldError } from "~/components/FieldError";
import { listImports, receiveUpload } from "~/models/import.server";
import { importEncodings, importKinds } from "~/schemas/import";
import { bodyLimitsFromEnv } from "~/utils/body-limit.server";
import { ANALYSTS, STAFF } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { formatNumber, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("import.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  return { imports: await listImports() };
}

type ActionData = { errors: Partial<Record<"file" | "kind" | "encoding" | "_form", MessageKey>> };

/** The upload: a multipart body streamed to disk (see import.server.ts), then the mapping page. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const result = await receiveUpload(request, user.id, bodyLimitsFromEnv().upload);
  if (!result.ok) return data<ActionData>({ errors: { [result.field]: result.key } }, { status: result.status });
  return redirect(`/app/imports/${result.id}`, 303);
}

export default function Imports() {
  const { imports } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const zone = useTimeZone();
  const errors = actionData?.errors ?? {};
  return (
    <>
      <h1>{t("import.title")}</h1>
      <p>{t("import.intro")}</p>
      <section className="card no-print" aria-labelledby="upload-h">
        <h2 id="upload-h">{t("import.upload")}</h2>
        {errors._form ? (
          <div className="form-error" role="alert">
            <p>{t(errors._form)}</p>
          </div>
        ) : null}
        <Form method="post" encType="multipart/form-data" aria-label={t("import.upload")}>
          <div className="field">
            <label htmlFor="imp-file">{t("import.file")}</label>
            <input id="imp-file" type="file" name="file" accept=".csv,text/csv" aria-invalid={!!errors.file} aria-describedby={errors.file ? "imp-file-error" : undefined} />
            <FieldError id="imp-file-error" message={errors.file} />
          </div>
          <div className="row">
            <div className="field">
              <label htmlFor="imp-kind">{t("import.kind")}</label>
              <select id="imp-kind" name="kind" defaultValue="reviews" aria-invalid={!!errors.kind} aria-describedby={errors.kind ? "imp-kind-error" : undefined}>
                {importKinds.map((k) => (
                  <option key={k} value={k}>
                    {t(`import.kind.${k}`)}
                  </option>
                ))}
              </select>
              <FieldError id="imp-kind-error" message={errors.kind} />
            </div>
            <div className="field">
              <label htmlFor="imp-encoding">{t("import.encoding")}</label>
              <select id="imp-encoding" name="encoding" defaultValue="auto" aria-invalid={!!errors.encoding} aria-describedby={errors.encoding ? "imp-encoding-error" : undefined}>
                {importEncodings.map((e) => (
                  <option key={e} value={e}>
                    {t(`import.encoding.${e}`)}
                  </option>
                ))}
              </select>
              <FieldError id="imp-encoding-error" message={errors.encoding} />
            </div>
          </div>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("import.submitUpload")}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="list-h">
        <h2 id="list-h">{t("import.list")}</h2>
        {imports.length === 0 ? (
          <p>{t("import.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("import.col.file")}</th>
                <th scope="col">{t("import.kind")}</th>
                <th scope="col">{t("import.col.status")}</th>
                <th scope="col" className="num">{t("import.col.rows")}</th>
                <th scope="col">{t("import.col.created", { zone: "UTC" })}</th>
                <th scope="col">{t("import.col.by")}</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((i) => (
                <tr key={i.id} data-import={i.id}>
                  <td>
                    <Link to={`/app/imports/${i.id}`}>{i.filename}</Link>
                  </td>
                  <td>{t(`import.kind.${i.kind}`)}</td>
                  <td>{t(`import.status.${i.display}`)}</td>
                  <td className="num">{i.status === "done" ? formatNumber(locale, i.rows_imported, 0) : "—"}</td>
                  <td>{formatDateTime(i.created_at, zone)}</td>
                  <td>{i.createdByName ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
