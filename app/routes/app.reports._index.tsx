import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ComplianceView } from "~/components/report/ComplianceView";
import { complianceFor, currentMonthFor, reportChoices } from "~/models/report.server";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";
import { reportQuery } from "~/schemas/query";
import { readSearchParams } from "~/utils/forms";
import { pick, useLocale, useT } from "~/utils/i18n";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("compliance.title");

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const query = await readSearchParams(request, reportQuery);
  const slas = await reportChoices();
  const slaId = query.sla || slas[0]?.id || null;
  const sla = slas.find((s) => s.id === slaId) ?? null;
  if (!sla) return { slas, sla: null, report: null, month: "", tier: "", badMonth: false };
  const monthParam = query.month ?? "";
  const badMonth = monthParam !== "" && !monthPattern.test(monthParam);
  const month = monthPattern.test(monthParam) ? monthParam : await currentMonthFor(sla.id);
  const tierParam = query.tier ?? "";
  const tier = sla.tiers.includes(tierParam) ? tierParam : "";
  const report = await complianceFor({ slaId: sla.id, month, tier: tier || null });
  return { slas, sla, report, month, tier, badMonth };
}

export default function Reports() {
  const { slas, sla, report, month, tier, badMonth } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const query = sla ? `sla=${sla.id}&month=${month}${tier ? `&tier=${encodeURIComponent(tier)}` : ""}` : "";
  return (
    <>
      <h1>{t("compliance.title")}</h1>
      {!sla ? (
        <p>{t("compliance.noSla")}</p>
      ) : (
        <>
          <Form method="get" className="card row no-print" aria-label={t("compliance.pick")}>
            <div className="field">
              <label htmlFor="r-sla">{t("compliance.sla")}</label>
              <select id="r-sla" name="sla" defaultValue={sla.id}>
                {slas.map((s) => (
                  <option key={s.id} value={s.id}>
                    {pick(s.name, locale)} ({s.service})
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="r-month">{t("compliance.month")}</label>
              <input id="r-month" type="month" name="month" defaultValue={month} aria-invalid={badMonth ? true : undefined} aria-describedby={badMonth ? "r-month-error" : undefined} />
              {badMonth ? (
                <p className="field-error" id="r-month-error" role="alert">
                  {t("compliance.error.month")}
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="r-tier">{t("compliance.tier")}</label>
              <select id="r-tier" name="tier" defaultValue={tier}>
                <option value="">{t("compliance.allTiers")}</option>
                {sla.tiers.map((x) => (
                  <option key={x} value={x}>
                    {x}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <button type="submit">{t("compliance.show")}</button>
            </div>
          </Form>
          <h2 className="report-title">{t("compliance.heading", { sla: pick(sla.name, locale), month, tier: tier || t("compliance.allTiers") })}</h2>
          <p className="no-print row">
            <a className="button secondary" href={`/app/reports/csv?${query}`} download>
              {t("common.downloadCsv")}
            </a>
            <button type="button" className="secondary" onClick={() => window.print()}>
              {t("compliance.print")}
            </button>
          </p>
          {report ? <ComplianceView r={report} /> : null}
        </>
      )}
    </>
  );
}
