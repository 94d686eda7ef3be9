import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SlaDocument } from "~/components/sla/SlaDocument";
import { redline } from "~/components/sla/compare";
import { formatDay } from "~/components/sla/format";
import { CustomerNotFound, CustomerPage, customerMeta } from "~/components/sla/CustomerPage";
import { listChangeLog, listNoticesForShare } from "~/models/notice.server";
import { openShare } from "~/models/sla.server";
import { pick, translate, translator, useLocale, useT } from "~/utils/i18n";
import { customerNotFound, customerPage } from "~/utils/customer-page.server";
import { getLocale } from "~/utils/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => customerMeta(data && "title" in data ? data.title : "SLA");

/** The customer's page: the SLA version that applies to their account now, no sign-in. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const share = await openShare(params.token ?? "");
  if (!share) {
    return customerNotFound(locale);
  }
  return customerPage({
    kind: "sla" as const,
    title: translate(locale, "sla.public.title", { account: share.account_name }),
    slaName: share.sla_name,
    token: params.token!,
    version: share.version,
    notices: (await listNoticesForShare(params.token ?? "")).map((n) => ({ id: n.id, version: n.version, date: formatDay(locale, n.effective_from, n.timezone) })),
    // Version, effective date and the change in plain words: no reasons, meetings or evidence here.
    changeLog: (await listChangeLog(share.sla_id, locale)).map((e) => ({
      version: e.version,
      date: e.effectiveFrom ? formatDay(locale, e.effectiveFrom, e.timezone) : "",
      summary: e.summary,
    })),
    upcoming: share.upcoming
      ? {
          version: share.upcoming.version,
          effectiveFrom: share.upcoming.effectiveFrom,
          timezone: share.upcoming.calendar.timezone,
          note: pick(share.upcoming.changeNote, locale),
          // What changes, field by field, against the version that applies now.
          changes: share.version ? redline(share.version, share.upcoming, translator(locale), locale).filter((r) => r.change !== "same") : [],
        }
      : null,
  });
}

export default function PublicSla() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  if (page.kind === "notFound") return <CustomerNotFound {...page} />;
  return (
    <CustomerPage eyebrow={pick(page.slaName, locale)} title={page.title}>
      <p>{t("sla.public.intro")}</p>
      {page.upcoming && (
        <section className="notice" aria-labelledby="upcoming-h">
          <h2 id="upcoming-h">
            {t("sla.public.upcoming", { version: page.upcoming.version, date: formatDay(locale, page.upcoming.effectiveFrom!, page.upcoming.timezone) })}
          </h2>
          {page.upcoming.note ? <p className="pre">{page.upcoming.note}</p> : null}
          {page.upcoming.changes.length ? (
            <>
              <p>{t("sla.public.whatChanges")}</p>
              <ul className="sla-changes">
                {page.upcoming.changes.map((c) => (
                  <li key={c.id}>
                    <strong>{c.label}</strong>:{" "}
                    {c.change === "changed"
                      ? t("sla.public.change.changed", { before: c.before ?? "", after: c.after ?? "" })
                      : c.change === "added"
                        ? t("sla.public.change.added", { after: c.after ?? "" })
                        : t("sla.public.change.removed", { before: c.before ?? "" })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      )}
      {page.notices.length > 0 && (
        <section aria-labelledby="notices-h">
          <h2 id="notices-h">{t("notice.public.notices")}</h2>
          <ul>
            {page.notices.map((n) => (
              <li key={n.id}>
                <Link to={`/sla/${page.token}/notices/${n.id}`}>{t("notice.public.noticeLink", { n: n.version, date: n.date })}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {page.version ? (
        <>
          <p>
            <strong>{t("sla.versionN", { n: page.version.version })}</strong>
          </p>
          <SlaDocument version={page.version} />
        </>
      ) : (
        <p className="notice">{t("sla.public.notYet")}</p>
      )}
      {page.changeLog.length > 0 && (
        <section aria-labelledby="log-h">
          <h2 id="log-h">{t("notice.log.title")}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("notice.log.version")}</th>
                <th scope="col">{t("notice.log.effective")}</th>
                <th scope="col">{t("notice.log.summary")}</th>
              </tr>
            </thead>
            <tbody>
              {page.changeLog.map((e) => (
                <tr key={e.version}>
                  <td>{t("sla.versionN", { n: e.version })}</td>
                  <td>{e.date}</td>
                  <td>
                    {e.summary.map((s, i) => (
                      <div key={i}>{s}</div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </CustomerPage>
  );
}
