import type { LoaderFunctionArgs } from "@remix-run/node";
import { getSurvey, linkBaseUrl, listLinks } from "~/models/survey.server";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";
import { toCsv } from "~/utils/csv";

/** Every single-use link of a survey, for a mail merge: UTF-8 with a BOM so Excel shows Korean names. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const survey = await getSurvey(params.surveyId ?? "");
  if (!survey) throw new Response("Not found", { status: 404 });
  const base = linkBaseUrl(request);
  const links = (await listLinks(survey.id)).filter((l) => l.kind === "single");
  const csv = toCsv(
    ["account", "email", "tier", "region", "plan", "language", "url", "expires_at", "used_at"],
    links.map((l) => [
      l.account_name,
      l.account_email,
      l.account_tier,
      l.account_region,
      l.account_plan,
      l.locale,
      `${base}/s/${l.token}`,
      l.expires_at ? new Date(l.expires_at) : null,
      l.used_at ? new Date(l.used_at) : null,
    ]),
    { bom: true },
  );
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="survey-${survey.id.slice(0, 8)}-links.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
