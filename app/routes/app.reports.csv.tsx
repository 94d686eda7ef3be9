import type { LoaderFunctionArgs } from "@remix-run/node";
import { complianceCsvRows, complianceFor, currentMonthFor } from "~/models/report.server";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";
import { reportQuery } from "~/schemas/query";
import { readSearchParams } from "~/utils/forms";
import { toCsv } from "~/utils/csv";

// The compliance report as CSV (long format: section, item, priority, metric, value).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const query = await readSearchParams(request, reportQuery);
  const slaId = query.sla ?? "";
  const monthParam = query.month ?? "";
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(monthParam) ? monthParam : await currentMonthFor(slaId);
  const report = await complianceFor({ slaId, month, tier: query.tier || null });
  if (!report) throw new Response("Not found", { status: 404 });
  const csv = toCsv(["section", "item", "priority", "metric", "value"], complianceCsvRows(report), { bom: true });
  const name = `sla-compliance-${report.sla.service}-${report.month}${report.tier ? `-${report.tier}` : ""}.csv`.replace(/[^\w.-]/g, "_");
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
}
