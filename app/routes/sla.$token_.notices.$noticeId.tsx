import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Redline } from "~/components/sla/Redline";
import { formatDay } from "~/components/sla/format";
import { CustomerNotFound, CustomerPage, customerMeta } from "~/components/sla/CustomerPage";
import { openNotice } from "~/models/notice.server";
import { pick, translate, useLocale, useT } from "~/utils/i18n";
import { customerNotFound, customerPage } from "~/utils/customer-page.server";
import { getLocale, localeCookie } from "~/utils/locale.server";
import { isLocale } from "~/utils/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => customerMeta(data && "title" in data ? data.title : "SLA");

/**
 * A customer's notice of a new SLA version, by their account's SLA link (no sign-in): what
 * changes in plain words, why (the approved proposals' rationale only), from when, the redline.
 * The language follows the request (the notice email links with ?lang= the contact's language).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const notice = await openNotice(params.token ?? "", params.noticeId ?? "", locale);
  if (!notice) {
    return customerNotFound(locale);
  }
  // In the account's language unless the reader chose one (?lang= or the language switch).
  const url = new URL(request.url);
  const chosen = isLocale(url.searchParams.get("lang")) || isLocale(await localeCookie.parse(request.headers.get("Cookie")));
  if (!chosen && notice.locale !== locale) {
    url.searchParams.set("lang", notice.locale);
    throw redirect(url.pathname + url.search, { headers: { "Cache-Control": "no-store" } });
  }
  const date = formatDay(locale, notice.effectiveFrom, notice.timezone);
  return customerPage({ kind: "notice" as const, title: translate(locale, "notice.page.title", { date }), date, token: params.token!, ...notice });
}

export default function PublicNotice() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  if (page.kind === "notFound") return <CustomerNotFound {...page} />;
  return (
    <CustomerPage eyebrow={pick(page.slaName, locale)} title={page.title}>
      <p>{t("notice.page.intro", { account: page.accountName, sla: pick(page.slaName, locale), n: page.version })}</p>
      <section aria-labelledby="what-h">
        <h2 id="what-h">{t("notice.page.what")}</h2>
        <ul className="sla-changes">
          {page.changes.map((c, i) => (
            <li key={i}>{c}</li>
          ))}
        </ul>
        {page.adverse && <p className="notice">{t("notice.page.adverse", { days: page.noticeDays })}</p>}
      </section>
      <section aria-labelledby="why-h">
        <h2 id="why-h">{t("notice.page.why")}</h2>
        {page.rationales.length ? (
          page.rationales.map((r, i) => (
            <p key={i} className="pre">
              {r}
            </p>
          ))
        ) : (
          <p>{t("notice.page.noReason")}</p>
        )}
      </section>
      <section aria-labelledby="when-h">
        <h2 id="when-h">{t("notice.page.when")}</h2>
        <p>{t("notice.page.whenValue", { date: page.date, zone: page.timezone })}</p>
      </section>
      {page.previousVersion !== null && (
        <section aria-labelledby="redline-h">
          <h2 id="redline-h">{t("notice.page.redline")}</h2>
          <Redline rows={page.redline} a={page.previousVersion} b={page.version} />
        </section>
      )}
      <p>
        <Link to={`/sla/${page.token}`}>{t("notice.page.back")}</Link>
      </p>
    </CustomerPage>
  );
}
