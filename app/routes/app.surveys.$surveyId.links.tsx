import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FieldError } from "~/components/FieldError";
import { FormError } from "~/components/FormError";
import { CopyField } from "~/components/surveys/CopyField";
import { InvitationsSection } from "~/components/surveys/InvitationsSection";
import { SurveyTabs } from "~/components/surveys/SurveyTabs";
import { listAccounts } from "~/models/account.server";
import { distributionCounts, InvitationError, invitableAccounts, sendInvitations } from "~/models/invitation.server";
import { mailConfigured } from "~/jobs/outbox.server";
import { inviteByEmailSchema } from "~/schemas/invitations";
import { createSingleUseLinks, getPublicLink, linkBaseUrl, getSurvey, listLinks, setPublicLinkLocale, SurveyEditError } from "~/models/survey.server";
import { generateLinksSchema, publicLocaleSchema, signLinkSchema } from "~/schemas/links";
import { requireRole } from "~/utils/permissions.server";
import { ANALYSTS, hasRole, STAFF } from "~/utils/permissions";
import { fieldErrorsOf, formDataObject, type FieldErrors, readForm } from "~/utils/forms";
import { pick, translate, useLocale, useT } from "~/utils/i18n";
import { formatDateTime, formatLocalDay, useOrgTimeZone, useTimeZone } from "~/utils/dates";
import { orgTimeZone } from "~/models/settings.server";
import { getLocale } from "~/utils/locale.server";
import { metaLocale, pageTitle } from "~/utils/meta";
import { signedLinkUrl } from "~/utils/link-signature.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? pageTitle(matches, "links.title", { title: pick(data.surveyTitle, metaLocale(matches)) }) : [{ title: "Trustloop" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const survey = await getSurvey(params.surveyId ?? "");
  if (!survey) throw new Response("Not found", { status: 404 });
  const base = linkBaseUrl(request);
  const [publicLink, links, accounts, invitable, distributions] = await Promise.all([
    getPublicLink(survey.id),
    listLinks(survey.id),
    listAccounts(),
    invitableAccounts(),
    distributionCounts(survey.id),
  ]);
  return {
    surveyId: survey.id,
    surveyTitle: survey.title,
    status: survey.status,
    readOnly: !hasRole(user.role, ANALYSTS),
    publicUrl: publicLink ? `${base}/s/${publicLink.token}` : null,
    signedExample: publicLink
      ? await signedLinkUrl(`${base}/s/${publicLink.token}`, publicLink.token, { tier: "enterprise", region: "apac", plan: "pro", ticket: "T-1234" })
      : null,
    publicLocale: publicLink?.locale ?? "",
    singles: links
      .filter((l) => l.kind === "single")
      .map((l) => ({
        id: l.id,
        url: `${base}/s/${l.token}`,
        account: l.account_name,
        locale: l.locale,
        ticket: l.hidden?.ticket ?? null,
        created_at: l.created_at,
        expires_at: l.expires_at,
        used_at: l.used_at,
      })),
    accounts,
    tiers: [...new Set(accounts.map((a) => a.tier))],
    invitable,
    distributions,
    mailReady: mailConfigured(),
  };
}

type ActionData = { errors: FieldErrors; formError?: string; values: Record<string, string | string[]>; signedUrl?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const survey = await getSurvey(params.surveyId ?? "");
  if (!survey) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  const values = formDataObject(await readForm(request, { maxFields: 5100, maxRepeats: 5000 }));
  if (values.intent === "publicLocale") {
    const parsed = publicLocaleSchema.safeParse(values);
    if (!parsed.success) return data<ActionData>({ errors: fieldErrorsOf(parsed.error), values }, { status: 400 });
    await setPublicLinkLocale(user.id, survey.id, parsed.data.locale);
    throw redirect(`/app/surveys/${survey.id}/links?localeSaved=1`);
  }
  if (values.intent === "invite") {
    const parsed = inviteByEmailSchema.safeParse(values);
    if (!parsed.success) return data<ActionData>({ errors: prefixed(fieldErrorsOf(parsed.error)), formError: translate(locale, "common.fixErrors"), values }, { status: 400 });
    try {
      const sent = await sendInvitations(user.id, survey.id, parsed.data, { baseUrl: linkBaseUrl(request) });
      throw redirect(`/app/surveys/${survey.id}/links?invited=${sent.invited}&noContacts=${sent.accountsWithoutContacts}#invitations`);
    } catch (e) {
      if (!(e instanceof InvitationError)) throw e;
      const key = `users.invitations.error.${e.code === "notFound" ? "unknownAccount" : e.code}` as const;
      return data<ActionData>({ errors: { inviteAccountIds: key }, formError: translate(locale, "common.fixErrors"), values }, { status: 400 });
    }
  }
  if (values.intent === "sign") {
    // Signing writes nothing: the signature is computed from the secret, the token and the values.
    const parsed = signLinkSchema.safeParse(values);
    const publicLink = await getPublicLink(survey.id);
    if (!parsed.success || !publicLink) return data<ActionData>({ errors: parsed.success ? {} : fieldErrorsOf(parsed.error), values }, { status: 400 });
    const { intent: _intent, ...hidden } = parsed.data;
    const signedUrl = await signedLinkUrl(`${linkBaseUrl(request)}/s/${publicLink.token}`, publicLink.token, hidden);
    return data<ActionData>({ errors: {}, values, signedUrl });
  }
  // The expiry date is a day in the organisation's zone.
  const timeZone = await orgTimeZone();
  const parsed = generateLinksSchema(formatLocalDay(new Date(), timeZone), timeZone).safeParse({ ...values, intent: "generate" });
  if (!parsed.success) {
    const errors = fieldErrorsOf(parsed.error);
    // An error on one chosen id belongs to the account list as a whole.
    for (const key of Object.keys(errors)) if (key.startsWith("accountIds.")) errors.accountIds ??= errors[key];
    return data<ActionData>({ errors, formError: translate(locale, "common.fixErrors"), values }, { status: 400 });
  }
  try {
    const { created, skipped } = await createSingleUseLinks(user.id, survey.id, parsed.data);
    throw redirect(`/app/surveys/${survey.id}/links?generated=${created.length}&skipped=${skipped}#single-links`);
  } catch (e) {
    if (e instanceof SurveyEditError) {
      return data<ActionData>({ errors: { accountIds: "links.error.unknownAccount" }, formError: translate(locale, "common.fixErrors"), values }, { status: 400 });
    }
    throw e;
  }
}

/** The invitation form's errors carry an "invite" prefix, apart from the generating form's fields. */
function prefixed(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, value] of Object.entries(errors)) {
    const field = key.startsWith("accountIds") ? "accountIds" : key;
    out[`invite${field[0].toUpperCase()}${field.slice(1)}`] ??= value;
  }
  return out;
}

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export default function SurveyLinks() {
  const t = useT();
  const zone = useTimeZone();
  const orgZone = useOrgTimeZone();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const values = actionData?.values ?? {};
  // The signing form and the generating form both have a "ticket": each shows its own errors.
  const signing = values.intent === "sign";
  const errors = signing ? {} : actionData?.errors ?? {};
  const selectTier = params.get("selectTier");
  const checked = new Set(actionData ? asList(values.accountIds) : d.accounts.filter((a) => a.tier === selectTier).map((a) => a.id));
  const example = d.signedExample ?? "";
  const signErrors: FieldErrors = signing ? actionData?.errors ?? {} : {};
  const languageName = (l: string | null) => (l === "ko" ? t("common.korean") : l === "en" ? t("common.english") : "—");
  return (
    <>
      <h1>{t("links.title", { title: pick(d.surveyTitle, locale) })}</h1>
      <SurveyTabs surveyId={d.surveyId} />
      {d.readOnly ? (
        <p className="notice" role="status">
          {t("surveys.readOnly")}
        </p>
      ) : null}
      {d.status !== "open" ? <p className="notice warn">{t("links.notOpen")}</p> : null}
      {params.get("localeSaved") && !actionData ? (
        <p className="notice" role="status">
          {t("links.public.localeSaved")}
        </p>
      ) : null}

      <section className="card" aria-labelledby="public-link">
        <h2 id="public-link">{t("links.public.heading")}</h2>
        <p className="muted">{t("links.public.help")}</p>
        {d.publicUrl ? <CopyField id="public-url" label={t("links.public.url")} value={d.publicUrl} /> : null}
        <Form method="post" className="row">
          <input type="hidden" name="intent" value="publicLocale" />
          <fieldset disabled={d.readOnly} className="plain row">
            <div className="field">
              <label htmlFor="public-locale">{t("links.public.locale")}</label>
              <select id="public-locale" name="locale" defaultValue={d.publicLocale}>
                <option value="">{t("links.locale.browser")}</option>
                <option value="ko">{t("common.korean")}</option>
                <option value="en">{t("common.english")}</option>
              </select>
            </div>
            <div className="field">
              <button type="submit" className="secondary">
                {t("links.public.localeSave")}
              </button>
            </div>
          </fieldset>
        </Form>
        <h3>{t("links.hidden.heading")}</h3>
        <p>{t("links.hidden.help")}</p>
        {example ? (
          <p className="small">
            {t("links.hidden.example")}: <code className="url">{example}</code>
          </p>
        ) : null}
        <h3 id="signed-heading">{t("links.signed.heading")}</h3>
        <p className="muted">{t("links.signed.help")}</p>
        <Form method="post" noValidate aria-labelledby="signed-heading">
          <input type="hidden" name="intent" value="sign" />
          <fieldset disabled={d.readOnly} className="plain">
            {signErrors._form ? (
              <p className="form-error" role="alert">
                {t(signErrors._form)}
              </p>
            ) : null}
            <div className="grid">
              {(["account", "tier", "region", "plan", "ticket"] as const).map((name) => (
                <div className="field" key={name}>
                  <label htmlFor={`sign-${name}`}>{name}</label>
                  <input
                    type="text"
                    id={`sign-${name}`}
                    name={name}
                    defaultValue={signing && typeof values[name] === "string" ? (values[name] as string) : ""}
                    aria-invalid={signErrors[name] ? true : undefined}
                    aria-describedby={signErrors[name] ? `sign-${name}-error` : undefined}
                  />
                  <FieldError id={`sign-${name}-error`} message={signErrors[name]} />
                </div>
              ))}
            </div>
            <button type="submit" className="secondary">
              {t("links.signed.generate")}
            </button>
          </fieldset>
        </Form>
        {actionData?.signedUrl ? <CopyField id="signed-url" label={t("links.signed.result")} value={actionData.signedUrl} /> : null}
        <h3>{t("links.signed.formatHeading")}</h3>
        <p className="small">{t("links.signed.format")}</p>
      </section>

      <section className="card" aria-labelledby="single-heading">
        <h2 id="single-heading">{t("links.single.heading")}</h2>
        <p className="muted">{t("links.single.help")}</p>
        <FormError message={actionData?.formError} />
        {d.accounts.length === 0 ? (
          <p className="muted">{t("links.noAccounts")}</p>
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="generate" />
            <fieldset disabled={d.readOnly} className="plain">
              <fieldset className="plain" aria-describedby={errors.accountIds ? "accountIds-error" : undefined}>
                <legend className="label">{t("links.accounts")}</legend>
                {!d.readOnly ? (
                  <p className="row-actions small">
                    {d.tiers.map((tier) => (
                      <Link key={tier} to={`?selectTier=${encodeURIComponent(tier)}#single-heading`} preventScrollReset>
                        {t("links.selectTier", { tier })}
                      </Link>
                    ))}
                    {selectTier ? (
                      <Link to="?#single-heading" preventScrollReset>
                        {t("links.selectNone")}
                      </Link>
                    ) : null}
                  </p>
                ) : null}
                <FieldError id="accountIds-error" message={errors.accountIds} />
                <div className="scroll" tabIndex={0}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">
                          <span className="sr-only">{t("links.col.select")}</span>
                        </th>
                        <th scope="col">{t("links.col.account")}</th>
                        <th scope="col">{t("links.col.email")}</th>
                        <th scope="col">{t("links.col.tier")}</th>
                        <th scope="col">{t("links.col.region")}</th>
                        <th scope="col">{t("links.col.plan")}</th>
                        <th scope="col">{t("links.col.language")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.accounts.map((a) => (
                        <tr key={a.id + (checked.has(a.id) ? "-on" : "")}>
                          <td>
                            <input
                              type="checkbox"
                              name="accountIds"
                              value={a.id}
                              id={`account-${a.id}`}
                              defaultChecked={checked.has(a.id)}
                              aria-label={t("links.selectAccount", { name: a.name })}
                            />
                          </td>
                          <td>
                            <label htmlFor={`account-${a.id}`} className="plain-label">
                              {a.name}
                            </label>
                          </td>
                          <td>{a.email ?? ""}</td>
                          <td>{a.tier}</td>
                          <td>{a.region}</td>
                          <td>{a.plan}</td>
                          <td>{languageName(a.locale)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </fieldset>
              <div className="grid">
                <div className="field">
                  <label htmlFor="expiresAt">{t("links.expiresAt")}</label>
                  <input
                    type="date"
                    id="expiresAt"
                    name="expiresAt"
                    defaultValue={typeof values.expiresAt === "string" ? values.expiresAt : ""}
                    aria-invalid={errors.expiresAt ? true : undefined}
                    aria-describedby={`expiresAt-help${errors.expiresAt ? " expiresAt-error" : ""}`}
                  />
                  <p className="muted small" id="expiresAt-help">
                    {t("links.expiresAtHelp", { zone: orgZone })}
                  </p>
                  <FieldError id="expiresAt-error" message={errors.expiresAt} />
                </div>
                <div className="field">
                  <label htmlFor="ticket">{t("links.ticket")}</label>
                  <input
                    type="text"
                    id="ticket"
                    name="ticket"
                    defaultValue={typeof values.ticket === "string" ? values.ticket : ""}
                    aria-invalid={errors.ticket ? true : undefined}
                    aria-describedby={`ticket-help${errors.ticket ? " ticket-error" : ""}`}
                  />
                  <p className="muted small" id="ticket-help">
                    {t("links.ticketHelp")}
                  </p>
                  <FieldError id="ticket-error" message={errors.ticket} />
                </div>
                <div className="field">
                  <label htmlFor="locale">{t("links.locale")}</label>
                  <select id="locale" name="locale" defaultValue={typeof values.locale === "string" ? values.locale : ""}>
                    <option value="">{t("links.locale.account")}</option>
                    <option value="ko">{t("common.korean")}</option>
                    <option value="en">{t("common.english")}</option>
                  </select>
                  <FieldError id="locale-error" message={errors.locale} />
                </div>
              </div>
              <div className="field">
                <label>
                  <input type="checkbox" name="includeLive" defaultChecked={values.includeLive === "on"} /> {t("links.includeLive")}
                </label>
              </div>
              <button type="submit" disabled={navigation.state === "submitting"}>
                {t("links.generate")}
              </button>
            </fieldset>
          </Form>
        )}
      </section>

      <section className="card" aria-labelledby="single-links">
        <div className="page-head">
          <h2 id="single-links">
            {t("links.list.heading")} <span className="muted small">({t("links.list.count", { count: d.singles.length })})</span>
          </h2>
          {d.singles.length ? (
            <a className="button secondary" href={`/app/surveys/${d.surveyId}/links.csv`} download>
              {t("common.downloadCsv")}
            </a>
          ) : null}
        </div>
        {params.get("generated") && !actionData ? (
          <p className="notice" role="status">
            {t("links.generated", { count: Number(params.get("generated")) || 0 })}
            {Number(params.get("skipped")) > 0 ? ` ${t("links.skippedLive", { count: Number(params.get("skipped")) })}` : null}
          </p>
        ) : null}
        {d.singles.length === 0 ? (
          <p className="muted">{t("links.list.empty")}</p>
        ) : (
          <div className="scroll" tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("links.col.account")}</th>
                  <th scope="col">{t("links.col.link")}</th>
                  <th scope="col">{t("links.col.language")}</th>
                  <th scope="col">{t("links.col.ticket")}</th>
                  <th scope="col">{t("links.col.created")}</th>
                  <th scope="col">{t("links.col.expires")}</th>
                  <th scope="col">{t("links.col.used")}</th>
                </tr>
              </thead>
              <tbody>
                {d.singles.map((l) => (
                  <tr key={l.id}>
                    <td>{l.account ?? "—"}</td>
                    <td>
                      <code className="url">{l.url}</code>
                    </td>
                    <td>{languageName(l.locale)}</td>
                    <td>{l.ticket ?? ""}</td>
                    <td>{formatDateTime(l.created_at, zone)}</td>
                    <td>{l.expires_at ? formatDateTime(l.expires_at, zone) : t("links.never")}</td>
                    <td>{l.used_at ? formatDateTime(l.used_at, zone) : <span className="muted">{t("links.notUsed")}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <InvitationsSection
        accounts={d.invitable}
        distributions={d.distributions}
        mailReady={d.mailReady}
        readOnly={d.readOnly || d.status !== "open"}
        errors={values.intent === "invite" ? actionData?.errors ?? {} : {}}
        values={values}
      />
    </>
  );
}