import type { LoaderFunctionArgs } from "@remix-run/node";
import { packCsvRows } from "~/models/evidence.server";
import { getEvidencePack } from "~/models/review.server";
import { toCsv } from "~/utils/csv";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";

// The frozen pack's numbers as CSV (long format: section, item, segment, metric, value).
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const pack = await getEvidencePack(params.meetingId ?? "");
  if (!pack) throw new Response("Not found", { status: 404 });
  const csv = toCsv(["section", "item", "segment", "metric", "value"], packCsvRows(pack.content), { bom: true });
  const name = `evidence-pack-${pack.content.sla.service}-${pack.content.period.start}-${pack.content.period.end}.csv`.replace(/[^\w.-]/g, "_");
  return new Response(csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
}
