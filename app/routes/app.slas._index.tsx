import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listSlas } from "~/models/sla.server";
import { requireRole } from "~/utils/permissions.server";
import { ANALYSTS, hasRole, STAFF } from "~/utils/permissions";
import { formatDay } from "~/components/sla/format";
import { pick, useLocale, useT } from "~/utils/i18n";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("sla.list.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const canDraft = hasRole(user.role, ANALYSTS);
  return { slas: await listSlas(), canDraft };
}

export default function SlaList() {
  const { slas, canDraft } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("sla.list.title")}</h1>
      <p>{t("sla.list.intro")}</p>
      {canDraft && (
        <p>
          <Link className="button" to="/app/slas/new">
            {t("sla.list.new")}
          </Link>
        </p>
      )}
      {slas.length === 0 ? (
        <p>{t("sla.list.empty")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("sla.col.name")}</th>
              <th scope="col">{t("sla.col.service")}</th>
              <th scope="col">{t("sla.col.tiers")}</th>
              <th scope="col">{t("sla.col.inForce")}</th>
              <th scope="col">{t("sla.col.latest")}</th>
              <th scope="col">{t("sla.col.draft")}</th>
            </tr>
          </thead>
          <tbody>
            {slas.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/app/slas/${s.id}`}>{pick(s.name, locale)}</Link>
                </td>
                <td>
                  <code>{s.service}</code>
                </td>
                <td>{s.tiers.join(", ")}</td>
                <td>
                  {s.inForce ? (
                    <Link to={`/app/slas/${s.id}/versions/${s.inForce.id}`}>{t("sla.versionN", { n: s.inForce.version })}</Link>
                  ) : (
                    t("sla.none")
                  )}
                </td>
                <td>
                  {s.latestPublished && s.latestPublished.id !== s.inForce?.id ? (
                    <>
                      <Link to={`/app/slas/${s.id}/versions/${s.latestPublished.id}`}>{t("sla.versionN", { n: s.latestPublished.version })}</Link>{" "}
                      ({t("sla.status.upcoming", { date: formatDay(locale, s.latestPublished.effective_from!, s.latestPublished.timezone) })})
                    </>
                  ) : (
                    t("sla.none")
                  )}
                </td>
                <td>
                  {s.draft ? <Link to={`/app/slas/${s.id}/versions/${s.draft.id}`}>{t("sla.versionN", { n: s.draft.version })}</Link> : t("sla.none")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
