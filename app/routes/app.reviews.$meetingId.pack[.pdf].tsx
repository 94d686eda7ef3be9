import type { LoaderFunctionArgs } from "@remix-run/node";
import { getEvidencePack } from "~/models/review.server";
import { translate } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { chromiumAvailable, chromiumPath, pageToPdf } from "~/utils/pdf.server";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";

// The evidence pack page printed to PDF by Chromium on the server; 503 with a message when the
// server has no Chromium (the page's Print button still makes one in the reader's browser).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const meetingId = params.meetingId ?? "";
  const pack = await getEvidencePack(meetingId);
  if (!pack) throw new Response("Not found", { status: 404 });
  if (!chromiumAvailable()) {
    const text = translate(await getLocale(request), "review.pdf.unavailable", { path: chromiumPath() });
    return new Response(text, { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "3600" } });
  }
  const base = context.selfUrl ?? new URL(request.url).origin;
  const pdf = await pageToPdf(`${base}/app/reviews/${meetingId}/pack`, request.headers.get("Cookie") ?? "");
  const name = `evidence-pack-${pack.content.sla.service}-${pack.content.period.start}-${pack.content.period.end}.pdf`.replace(/[^\w.-]/g, "_");
  return new Response(new Uint8Array(pdf), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
}
