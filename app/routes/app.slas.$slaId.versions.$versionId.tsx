import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { SlaDocument } from "~/components/sla/SlaDocument";
import { VersionForm } from "~/components/sla/VersionForm";
import { aria, ErrorText } from "~/components/sla/fields";
import {
  discardDraft,
  earliestEffectiveDate,
  getSla,
  getVersion,
  localDateAfter,
  localMidnight,
  newDraftFrom,
  publishVersion,
  SlaEditError,
  SlaPublishError,
  updateDraft,
} from "~/models/sla.server";
import { linkBaseUrl } from "~/models/survey.server";
import { applyRowIntent, compactRows, errorTexts, parseVersionForm, publishSchema, versionFormValues } from "~/schemas/sla";
import { assertRole, requireRole } from "~/utils/permissions.server";
import { ANALYSTS, hasRole, MANAGERS, STAFF } from "~/utils/permissions";
import { formDataObject, readForm } from "~/utils/forms";
import { pick, translate, useLocale, useT, type Locale } from "~/utils/i18n";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { getLocale } from "~/utils/locale.server";
import { metaLocale, pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => data ? pageTitle(matches, data.version.status === "draft" ? "sla.edit.title" : "sla.view.title", { name: pick(data.sla.name, metaLocale(matches)), n: data.version.version }) : pageTitle(matches, "sla.list.title");

async function load(params: { slaId?: string; versionId?: string }) {
  const sla = await getSla(params.slaId ?? "");
  const version = sla ? await getVersion(params.versionId ?? "") : null;
  if (!sla || !version || version.slaId !== sla.id) throw new Response("Not found", { status: 404 });
  return { sla, version };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const { sla, version } = await load(params);
  const url = new URL(request.url);
  const tz = version.calendar.timezone;
  return {
    sla,
    version,
    values: versionFormValues(version),
    canDraft: hasRole(user.role, ANALYSTS),
    canPublish: hasRole(user.role, MANAGERS),
    earliestAdverse: earliestEffectiveDate(new Date(), version.noticePeriodDays, tz),
    today: localDateAfter(new Date(), 0, tz),
    flash: url.searchParams.get("saved") ? "sla.saved" : url.searchParams.get("created") ? "sla.created" : null,
  };
}

type ActionResult = { values?: Record<string, string | string[]>; errors?: Record<string, string>; formError?: string; publishErrors?: Record<string, string>; warning?: string };

function fail(status: number, result: ActionResult) {
  return data<ActionResult>(result, { status });
}

function editError(e: unknown, locale: Locale) {
  if (e instanceof SlaEditError) {
    const status = e.code === "notFound" ? 404 : 409;
    const key =
      e.code === "draftExists" ? "sla.newDraft.exists" : e.code === "notFound" ? "sla.error.notFound" : e.code === "onlyVersion" ? "sla.error.onlyVersion" : "sla.error.published";
    return fail(status, { formError: translate(locale, key) });
  }
  throw e;
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Each branch narrows the role: analysts draft, managers publish.
  const user = await requireRole(request, STAFF);
  const locale = await getLocale(request);
  const { sla, version } = await load(params);
  const values = formDataObject(await readForm(request));
  const intent = String(values._intent ?? "save");
  delete values._intent;

  if (intent === "publish") {
    assertRole(user, MANAGERS);
    if (version.status !== "draft") return fail(409, { formError: translate(locale, "sla.error.published") });
    const parsed = publishSchema.safeParse({ effectiveFrom: values.effectiveFrom ?? "" });
    if (!parsed.success) return fail(400, { publishErrors: { effectiveFrom: translate(locale, "validation.date") } });
    // A version never takes effect in the past: that would change which version governed days already lived.
    if (parsed.data.effectiveFrom < localDateAfter(new Date(), 0, version.calendar.timezone)) {
      return fail(400, { publishErrors: { effectiveFrom: translate(locale, "sla.error.effectivePast") } });
    }
    // A draft is saved only when valid, but check again: the rules may have tightened since.
    if (!parseVersionForm(versionFormValues(version)).ok) return fail(400, { formError: translate(locale, "sla.publish.invalidDraft") });
    try {
      await publishVersion(user.id, version.id, localMidnight(parsed.data.effectiveFrom, version.calendar.timezone), new Date(), { baseUrl: linkBaseUrl(request) });
    } catch (e) {
      // The notice period for adverse changes is the model's rule; its message goes beside the date.
      if (e instanceof SlaPublishError) return fail(400, { publishErrors: { effectiveFrom: translate(locale, "notice.error.noticePeriod", e.params) } });
      return editError(e, locale);
    }
    // Publishing sooner than the notice period is allowed (a change may favour customers), but said.
    const short = parsed.data.effectiveFrom < localDateAfter(new Date(), version.noticePeriodDays, version.calendar.timezone);
    return redirect(`/app/slas/${sla.id}?published=${version.version}${short ? `&shortNotice=${version.noticePeriodDays}` : ""}`);
  }

  if (intent === "newDraft") {
    assertRole(user, ANALYSTS);
    try {
      const id = await newDraftFrom(user.id, version.id);
      return redirect(`/app/slas/${sla.id}/versions/${id}`);
    } catch (e) {
      return editError(e, locale);
    }
  }

  assertRole(user, ANALYSTS);
  if (version.status !== "draft") return fail(409, { formError: translate(locale, "sla.error.published") });

  if (intent === "discard") {
    try {
      await discardDraft(user.id, version.id);
    } catch (e) {
      return editError(e, locale);
    }
    return redirect(`/app/slas/${sla.id}?discarded=1`);
  }

  const changed = applyRowIntent(values, intent);
  if (changed) return data<ActionResult>({ values: changed, errors: {} });
  if (intent !== "save") return fail(400, { formError: translate(locale, "validation.invalid") });

  const parsed = parseVersionForm(values);
  if (!parsed.ok) return fail(400, { values: compactRows(values), errors: errorTexts(parsed.errors, locale) });
  try {
    await updateDraft(user.id, version.id, parsed.input);
  } catch (e) {
    return editError(e, locale);
  }
  return redirect(`/app/slas/${sla.id}/versions/${version.id}?saved=1`);
}

export default function VersionPage() {
  const { sla, version, values, canDraft, canPublish, earliestAdverse, today, flash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const zone = useTimeZone();
  const locale = useLocale();
  const name = pick(sla.name, locale);
  const isDraft = version.status === "draft";
  const publishErrors = result?.publishErrors ?? {};
  return (
    <>
      <p>
        <Link to={`/app/slas/${sla.id}`}>← {name}</Link>
      </p>
      <h1>{t(isDraft ? "sla.edit.title" : "sla.view.title", { name, n: version.version })}</h1>
      <p>
        <span className={`badge badge-${version.status}`}>{t(`sla.status.${version.status}`)}</span>{" "}
        {version.publishedAt &&
          t("sla.publishedBy", { date: formatDateTime(version.publishedAt, zone), name: version.publishedByName ?? t("sla.none") })}
      </p>
      {flash && !result && (
        <p className="notice" role="status">
          {t(flash as "sla.saved")}
        </p>
      )}
      {result?.formError && !result.values && (
        <div className="form-error" role="alert">
          {result.formError}
        </div>
      )}

      {version.version > 1 && (
        <p className="no-print">
          <Link to={`/app/slas/${sla.id}/compare?a=${version.version - 1}&b=${version.version}`}>
            {t("sla.compareWithPrevious", { n: version.version - 1 })}
          </Link>
        </p>
      )}

      {isDraft && canPublish && (
        <section className="card sla-publish" aria-labelledby="publish-heading">
          <h2 id="publish-heading">{t("sla.publish.title")}</h2>
          <p id="publish-hint">
            {t("sla.publish.hint", { days: version.noticePeriodDays, date: earliestAdverse, zone: version.calendar.timezone })}
          </p>
          <Form method="post" noValidate>
            <div className="field">
              <label htmlFor="f-effectiveFrom">{t("sla.publish.effectiveFrom")}</label>
              <input id="f-effectiveFrom" type="date" name="effectiveFrom" defaultValue={earliestAdverse} min={today} {...aria("effectiveFrom", publishErrors, "publish-hint")} />
              <ErrorText name="effectiveFrom" errors={publishErrors} />
            </div>
            <button type="submit" name="_intent" value="publish">
              {t("sla.publish.button")}
            </button>
          </Form>
        </section>
      )}
      {isDraft && !canPublish && <p className="hint">{t("sla.publish.managersOnly")}</p>}

      {isDraft && canDraft ? (
        <>
          <div id="edit">
            <VersionForm values={result?.values ?? values} errors={result?.errors ?? {}} formError={result?.values ? result.formError : null} />
          </div>
          {version.version > 1 && (
            <Form method="post" className="no-print">
              <button type="submit" name="_intent" value="discard" className="danger">
                {t("sla.discardDraft")}
              </button>
            </Form>
          )}
        </>
      ) : (
        <>
          {canDraft && !isDraft && (
            <Form method="post" className="no-print">
              <button type="submit" name="_intent" value="newDraft" className="secondary">
                {t("sla.newDraft")}
              </button>
            </Form>
          )}
          <SlaDocument version={version} />
        </>
      )}
    </>
  );
}
