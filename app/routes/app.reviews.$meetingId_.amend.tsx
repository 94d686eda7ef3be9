import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AmendmentError, amendmentPreview, composeAmendment } from "~/models/amendment.server";
import { describeChange } from "~/utils/describe-change";
import { readForm } from "~/utils/forms";
import { pick, translate, useLocale, useT, type Locale } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { requireRole } from "~/utils/permissions.server";
import { MANAGERS } from "~/utils/permissions";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("notice.compose.title");

/** GET: the approved changes the draft will hold, and what stands in the way. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, MANAGERS);
  const locale = await getLocale(request);
  const preview = await amendmentPreview(params.meetingId ?? "", locale);
  if (!preview) throw new Response("Not found", { status: 404 });
  return preview;
}

function errorText(e: AmendmentError, locale: Locale): string {
  switch (e.code) {
    case "draftExists":
      return translate(locale, "notice.error.draftExists", { n: e.params.n ?? 0 });
    case "alreadyComposed":
      return translate(locale, "notice.error.alreadyComposed", { n: e.params.n ?? 0 });
    case "conflict":
      return translate(locale, "notice.error.conflict", { change: e.params.change ? describeChange(e.params.change, locale) : "" });
    default:
      return translate(locale, `notice.error.${e.code}`);
  }
}

/** POST: composes the draft (one transaction, in the model) and opens it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, MANAGERS);
  const locale = await getLocale(request);
  await readForm(request);
  try {
    const { slaId, versionId } = await composeAmendment(params.meetingId ?? "", user.id);
    return redirect(`/app/slas/${slaId}/versions/${versionId}`);
  } catch (e) {
    if (!(e instanceof AmendmentError)) throw e;
    if (e.code === "notFound") throw new Response("Not found", { status: 404 });
    return data({ formError: errorText(e, locale) }, { status: e.code === "conflict" || e.code === "noApproved" || e.code === "notDecided" ? 400 : 409 });
  }
}

export default function Amend() {
  const p = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <p>
        <Link to={`/app/reviews/${p.meeting.id}`}>← {t("notice.compose.meeting")}</Link>
      </p>
      <h1>{t("notice.compose.title")}</h1>
      <p className="eyebrow">{pick(p.sla.name, locale)}</p>
      {result?.formError && (
        <div className="form-error" role="alert">
          {result.formError}
        </div>
      )}
      {p.composed ? (
        <p className="notice" role="status">
          {t("notice.compose.composed", { n: p.composed.version })}{" "}
          <Link to={`/app/slas/${p.sla.id}/versions/${p.composed.id}`}>{t("notice.compose.open", { n: p.composed.version })}</Link>
        </p>
      ) : (
        <>
          {p.inForce ? <p>{t("notice.compose.intro", { n: p.inForce.version })}</p> : <p className="form-error">{t("notice.error.noVersion")}</p>}
          {p.meeting.status !== "decided" && <p className="form-error">{t("notice.error.notDecided")}</p>}
          {p.draft && (
            <p className="form-error">
              {t("notice.error.draftExists", { n: p.draft.version })}{" "}
              <Link to={`/app/slas/${p.sla.id}/versions/${p.draft.id}`}>{t("notice.compose.open", { n: p.draft.version })}</Link>
            </p>
          )}
          <h2>{t("notice.compose.approved", { n: p.approved.length })}</h2>
          {p.approved.length ? (
            <ol>
              {p.approved.map((a) => (
                <li key={a.id}>
                  {a.text}
                  {a.adverse && (
                    <>
                      {" "}
                      <span className="badge badge-removed">{t("notice.compose.adverse")}</span>
                    </>
                  )}
                  <p className="hint pre">{a.rationale}</p>
                </li>
              ))}
            </ol>
          ) : (
            <p>{t("notice.error.noApproved")}</p>
          )}
          <Form method="post">
            <button type="submit">{t("notice.compose.button")}</button>
          </Form>
        </>
      )}
    </>
  );
}
