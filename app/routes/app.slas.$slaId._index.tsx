import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { SlaDetailsForm } from "~/components/sla/SlaDetailsForm";
import { CompareFields } from "~/components/sla/CompareFields";
import { formatDay } from "~/components/sla/format";
import { mailConfigured } from "~/jobs/outbox.server";
import { setSlaFollowUp } from "~/models/follow-up.server";
import { listChangeLog } from "~/models/notice.server";
import { ensureShares, getSla, listAccountTiers, listShares, listVersions, updateSla } from "~/models/sla.server";
import { errorTexts, slaFormRaw, slaSchema, type FormErrors } from "~/schemas/sla";
import { assertRole, requireRole } from "~/utils/permissions.server";
import { ANALYSTS, hasRole, STAFF } from "~/utils/permissions";
import { formDataObject, readForm } from "~/utils/forms";
import { pick, useLocale, useT } from "~/utils/i18n";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { getLocale } from "~/utils/locale.server";
import { metaLocale, pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => data ? [{ title: `${pick(data.sla.name, metaLocale(matches))} · Trustloop` }] : pageTitle(matches, "sla.list.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const sla = await getSla(params.slaId ?? "");
  if (!sla) throw new Response("Not found", { status: 404 });
  const versions = await listVersions(sla.id);
  const now = new Date();
  const inForce = versions.find((v) => v.status === "published" && v.effectiveFrom && new Date(v.effectiveFrom) <= now) ?? null;
  const url = new URL(request.url);
  return {
    sla,
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      status: v.status,
      effectiveFrom: v.effectiveFrom,
      publishedAt: v.publishedAt,
      publishedByName: v.publishedByName,
      state:
        v.status === "draft" ? "draft" : v.id === inForce?.id ? "inForce" : v.effectiveFrom && new Date(v.effectiveFrom) > now ? "upcoming" : "superseded",
      timezone: v.calendar.timezone,
    })),
    shares: await listShares(sla.id),
    changeLog: await listChangeLog(sla.id, await getLocale(request)),
    mailReady: mailConfigured(),
    followUpSaved: url.searchParams.get("followUp") === "1",
    tiers: await listAccountTiers(),
    canDraft: hasRole(user.role, ANALYSTS),
    origin: url.origin,
    published: url.searchParams.get("published"),
    shortNotice: Number(url.searchParams.get("shortNotice")) || null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const sla = await getSla(params.slaId ?? "");
  if (!sla) throw new Response("Not found", { status: 404 });
  const values = formDataObject(await readForm(request));
  if (values._intent === "links") {
    // Any staff member may hand a customer the link to what they already agreed to.
    const made = await ensureShares(user.id, sla.id);
    return { made };
  }
  assertRole(user, ANALYSTS);
  if (values._intent === "followUp") {
    // A checkbox: "on" when ticked, absent when not.
    await setSlaFollowUp(user.id, sla.id, values.followUpCsat === "on");
    return redirect(`/app/slas/${sla.id}?followUp=1`);
  }
  const parsed = slaSchema.safeParse(slaFormRaw(values));
  if (!parsed.success) {
    const errors: FormErrors = {};
    for (const issue of parsed.error.issues) errors[issue.path.join(".") || "_form"] ??= { key: issue.message, params: (issue as any).params };
    return data({ errors: errorTexts(errors, await getLocale(request)), values }, { status: 400 });
  }
  await updateSla(user.id, sla.id, parsed.data);
  return redirect(`/app/slas/${sla.id}`);
}

export default function SlaPage() {
  const { sla, versions, shares, tiers, canDraft, origin, published, shortNotice, changeLog, mailReady, followUpSaved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const zone = useTimeZone();
  const locale = useLocale();
  const draft = versions.find((v) => v.status === "draft");
  const newest = versions[0];
  const previous = versions[1];
  return (
    <>
      <p>
        <Link to="/app/slas">← {t("sla.list.title")}</Link>
      </p>
      <h1>{pick(sla.name, locale)}</h1>
      <p>
        {t("sla.col.service")}: <code>{sla.service}</code> · {t("sla.col.tiers")}: {sla.tiers.join(", ")}
      </p>
      {published && (
        <p className="notice" role="status">
          {t("sla.published")} {mailReady ? null : t("notice.deliveries.waiting")}
        </p>
      )}
      {published && shortNotice && (
        <p className="form-error" role="status">
          {t("sla.publish.shortNotice", { days: shortNotice })}
        </p>
      )}

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">{t("sla.versions")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("sla.col.version")}</th>
              <th scope="col">{t("sla.col.status")}</th>
              <th scope="col">{t("sla.col.effectiveFrom")}</th>
              <th scope="col">{t("sla.col.publishedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <td>
                  <Link to={`/app/slas/${sla.id}/versions/${v.id}`}>{t("sla.versionN", { n: v.version })}</Link>
                  {v.status === "draft" && canDraft && (
                    <>
                      {" "}
                      · <Link to={`/app/slas/${sla.id}/versions/${v.id}#edit`}>{t("sla.editDraft")}</Link>
                    </>
                  )}
                </td>
                <td>
                  <span className={`badge badge-${v.state}`}>
                    {v.state === "upcoming"
                      ? t("sla.status.upcoming", { date: formatDay(locale, v.effectiveFrom!, v.timezone) })
                      : t(v.state === "draft" ? "sla.status.draft" : v.state === "inForce" ? "sla.status.inForce" : "sla.status.superseded")}
                  </span>
                </td>
                <td>{v.effectiveFrom ? formatDay(locale, v.effectiveFrom, v.timezone) : t("sla.none")}</td>
                <td>{v.publishedAt ? t("sla.publishedBy", { date: formatDateTime(v.publishedAt, zone), name: v.publishedByName ?? t("sla.none") }) : t("sla.none")}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!draft && canDraft && newest && (
          <p>
            <Link to={`/app/slas/${sla.id}/versions/${newest.id}`}>{t("sla.newDraft")}</Link>
          </p>
        )}
      </section>

      <section aria-labelledby="log-heading">
        <h2 id="log-heading">{t("notice.log.title")}</h2>
        {changeLog.length === 0 ? (
          <p>{t("notice.log.empty")}</p>
        ) : (
          <table className="change-log">
            <thead>
              <tr>
                <th scope="col">{t("notice.log.version")}</th>
                <th scope="col">{t("notice.log.effective")}</th>
                <th scope="col">{t("notice.log.summary")}</th>
                <th scope="col">{t("notice.log.reason")}</th>
                <th scope="col">{t("notice.log.meeting")}</th>
              </tr>
            </thead>
            <tbody>
              {changeLog.map((e) => (
                <tr key={e.versionId}>
                  <td>
                    <Link to={`/app/slas/${sla.id}/versions/${e.versionId}`}>{t("sla.versionN", { n: e.version })}</Link>
                  </td>
                  <td>{e.effectiveFrom ? `${formatDay(locale, e.effectiveFrom, e.timezone)} (${e.timezone})` : t("sla.none")}</td>
                  <td>
                    {e.summary.map((s, i) => (
                      <div key={i}>{s}</div>
                    ))}
                  </td>
                  <td>
                    {e.reasons.map((r, i) => (
                      <div key={i} className="pre">
                        {r}
                      </div>
                    ))}
                  </td>
                  <td>{e.meetingId ? <Link to={`/app/reviews/${e.meetingId}`}>{t("notice.log.meetingLink")}</Link> : t("sla.none")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {versions.length >= 2 && (
        <section aria-labelledby="compare-heading">
          <h2 id="compare-heading">{t("sla.compare")}</h2>
          <Form method="get" action={`/app/slas/${sla.id}/compare`} className="inline-form">
            <CompareFields versions={versions.map((v) => v.version)} a={previous?.version} b={newest?.version} />
          </Form>
        </section>
      )}

      <section aria-labelledby="links-heading">
        <h2 id="links-heading">{t("sla.links.title")}</h2>
        <p>{t("sla.links.intro")}</p>
        {result && "made" in result && (
          <p className="notice" role="status">
            {t("sla.links.made", { n: result.made })}
          </p>
        )}
        {shares.length === 0 ? (
          <p>{t("sla.links.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("sla.col.account")}</th>
                <th scope="col">{t("sla.col.tiers")}</th>
                <th scope="col">{t("sla.col.link")}</th>
              </tr>
            </thead>
            <tbody>
              {shares.map((s) => (
                <tr key={s.token}>
                  <td>{s.account_name}</td>
                  <td>{s.tier}</td>
                  <td>
                    <a href={`/sla/${s.token}?lang=${s.locale}`}>{`${origin}/sla/${s.token}`}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Form method="post">
          <button type="submit" name="_intent" value="links" className="secondary">
            {t("sla.links.make")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="follow-up-heading">
        <h2 id="follow-up-heading">{t("notice.followUp.slaTitle")}</h2>
        {followUpSaved && (
          <p className="notice" role="status">
            {t("common.saved")}
          </p>
        )}
        <Form method="post">
          <label className="check">
            <input type="checkbox" name="followUpCsat" value="on" defaultChecked={sla.follow_up_csat} disabled={!canDraft} /> {t("notice.followUp.slaLabel")}
          </label>
          {canDraft && (
            <p>
              <button type="submit" name="_intent" value="followUp" className="secondary">
                {t("notice.followUp.save")}
              </button>
            </p>
          )}
        </Form>
      </section>

      {canDraft && (
        <section aria-labelledby="details-heading">
          <h2 id="details-heading">{t("sla.editSla")}</h2>
          <SlaDetailsForm
            values={
              result && "values" in result
                ? result.values
                : { "name.ko": sla.name.ko ?? "", "name.en": sla.name.en ?? "", service: sla.service, tiers: sla.tiers }
            }
            errors={result && "errors" in result ? result.errors : {}}
            knownTiers={tiers}
            submitLabel={t("common.save")}
          />
        </section>
      )}
    </>
  );
}
