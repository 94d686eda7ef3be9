import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SlaDocument } from "~/components/sla/SlaDocument";
import { redline } from "~/components/sla/compare";
import { formatDay } from "~/components/sla/format";
import { LanguageSwitchLink } from "~/components/survey/LanguageSwitchLink";
import { openShare } from "~/models/sla.server";
import { pick, translate, translator, useLocale, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data && "title" in data ? data.title : "SLA" },
  // A customer's link is private: keep it out of search engines and referrers.
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

/** The customer's page: the SLA version that applies to their account now, no sign-in. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const share = await openShare(params.token ?? "");
  if (!share) {
    return data(
      { kind: "notFound" as const, title: translate(locale, "sla.public.notFound.title"), body: translate(locale, "sla.public.notFound.body") },
      { status: 404, headers: { "Cache-Control": "no-store" } },
    );
  }
  return data(
    {
      kind: "sla" as const,
      title: translate(locale, "sla.public.title", { account: share.account_name }),
      slaName: share.sla_name,
      version: share.version,
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
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function PublicSla() {
  const page = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  if (page.kind === "notFound") {
    return (
      <main className="narrow" id="main">
        <LanguageSwitchLink />
        <h1>{page.title}</h1>
        <p>{page.body}</p>
      </main>
    );
  }
  return (
    <main className="narrow sla-public" id="main">
      <LanguageSwitchLink />
      <p className="eyebrow">{pick(page.slaName, locale)}</p>
      <h1>{page.title}</h1>
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
    </main>
  );
}
