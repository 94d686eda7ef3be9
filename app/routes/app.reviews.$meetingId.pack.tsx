import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { EvidencePack } from "../../analysis/review";
import { EvidencePackView } from "~/components/review/EvidencePackView";
import { getEvidencePack } from "~/models/review.server";
import packStyles from "~/styles/review-pack.css";
import { pick, useT } from "~/utils/i18n";
import { metaLocale, pageTitle } from "~/utils/meta";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => data ? pageTitle(matches, "review.pack.title", { sla: pick((data.pack as EvidencePack).sla.name, metaLocale(matches)) }) : [{ title: "Trustloop" }];
export const links: LinksFunction = () => [{ rel: "stylesheet", href: packStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const meetingId = params.meetingId ?? "";
  const pack = await getEvidencePack(meetingId);
  if (!pack) throw new Response("Not found", { status: 404 });
  return { meetingId, pack: pack.content, frozenAt: pack.frozenAt, definitionsVersion: pack.definitionsVersion };
}

export default function PackPage() {
  const { meetingId, pack, frozenAt, definitionsVersion } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <div className="pack-toolbar no-print">
        <Link to={`/app/reviews/${meetingId}`}>← {t("review.pack.back")}</Link>
        {/* A plain link prints too without JavaScript: the browser's own print menu. */}
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t("review.pack.print")}
        </button>
        <a className="button secondary" href={`/app/reviews/${meetingId}/pack.pdf`}>
          {t("review.pack.pdf")}
        </a>
        <a className="button secondary" href={`/app/reviews/${meetingId}/pack.csv`}>
          {t("review.pack.csv")}
        </a>
      </div>
      <EvidencePackView pack={pack as unknown as EvidencePack} frozenAt={frozenAt} definitionsVersion={definitionsVersion} />
    </>
  );
}
