import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FieldError } from "~/components/FieldError";
import { FormError } from "~/components/FormError";
import { SentimentBadge, ThemeChips } from "~/components/feedback/FeedbackBits";
import { percent } from "~/components/results/format";
import { getInterview, highlightPassages, InterviewError, removeHighlight, themesForTagging } from "~/models/interview.server";
import { highlightSchema } from "~/schemas/interview";
import { badRequest, fieldErrorsOf, formDataObject, readForm, type FieldErrors } from "~/utils/forms";
import { translate, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { ANALYSTS, hasRole, STAFF } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? pageTitle(matches, "feedback.interview.title", { date: data.interview.held_on }) : [{ title: "Trustloop" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const locale = await getLocale(request);
  const interview = await getInterview(params.interviewId ?? "");
  if (!interview) throw new Response(translate(locale, "feedback.interview.error.notFound"), { status: 404 });
  return {
    interview,
    themes: await themesForTagging(),
    canEdit: hasRole(user.role, ANALYSTS),
  };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] ?? "" : v ?? "");

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const locale = await getLocale(request);
  const id = params.interviewId ?? "";
  const raw = formDataObject(await readForm(request, { maxFields: 1100, maxRepeats: 1000 }));
  const remove = one(raw.remove);
  if (remove) {
    const [itemId = "", themeId = ""] = remove.split(":");
    if (!(await removeHighlight(user.id, id, itemId, themeId))) throw await badRequest(request, "feedback.interview.error.tagNotFound");
    return redirect(`/app/interviews/${id}?untagged=1`);
  }
  const values = { passages: ([] as string[]).concat(raw.passages ?? []), themeId: one(raw.themeId), newTheme: one(raw.newTheme) };
  const parsed = highlightSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors"), values }, { status: 400 });
  try {
    const r = await highlightPassages(user.id, id, parsed.data);
    return redirect(`/app/interviews/${id}?tagged=${r.tagged}`);
  } catch (e) {
    if (!(e instanceof InterviewError)) throw e;
    if (e.code === "notFound") throw new Response(translate(locale, "feedback.interview.error.notFound"), { status: 404 });
    const key = `feedback.interview.error.${e.code}` as MessageKey;
    return data({ errors: { [e.field ?? "_form"]: key } as FieldErrors, formError: translate(locale, "common.fixErrors"), values }, { status: 400 });
  }
}

export default function InterviewPage() {
  const { interview, themes, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const errors = (actionData?.errors ?? {}) as FieldErrors;
  const picked = new Set(actionData?.values.passages ?? []);
  const tagged = params.get("tagged");
  const lang = interview.language === "other" ? undefined : interview.language;
  return (
    <>
      <p>
        <Link to="/app/interviews">← {t("feedback.interviews.title")}</Link>
      </p>
      <h1>{t("feedback.interview.title", { date: interview.held_on })}</h1>
      {params.get("saved") ? <p role="status">{t("common.saved")}</p> : null}
      {tagged ? <p role="status">{t("feedback.interview.tagged", { n: Number(tagged) || 0 })}</p> : null}
      {params.get("untagged") ? <p role="status">{t("feedback.interview.untagged")}</p> : null}
      <dl className="card facts">
        <dt>{t("feedback.interview.account")}</dt>
        <dd>{interview.account_id ? <Link to={`/app/accounts/${interview.account_id}`}>{interview.account_name}</Link> : t("feedback.interview.noAccount")}</dd>
        <dt>{t("feedback.interview.heldOn")}</dt>
        <dd>{interview.held_on}</dd>
        <dt>{t("feedback.interview.interviewer")}</dt>
        <dd>{interview.interviewer}</dd>
        <dt>{t("feedback.interview.participants")}</dt>
        <dd>{interview.participants || t("common.none")}</dd>
        <dt>{t("feedback.interview.language")}</dt>
        <dd>{t(`feedback.language.${interview.language}` as MessageKey)}</dd>
      </dl>
      {canEdit ? (
        <p>
          <Link to={`/app/interviews/${interview.id}/edit`}>{t("feedback.interview.edit")}</Link>
        </p>
      ) : null}
      <h2 id="passages-heading">{t("feedback.interview.passages", { n: interview.passages.length })}</h2>
      <p className="small muted">{t("feedback.estimateNote")}</p>
      <FormError message={actionData?.formError} />
      {/* A new key after each save: ticked boxes and the typed theme start empty again. */}
      <Form method="post" aria-labelledby="passages-heading" key={params.toString()}>
        {/* First in the form: Enter in the theme name submits this, not a "remove tag" button. */}
        {canEdit ? (
          <fieldset className="card highlight">
            <legend>{t("feedback.interview.highlight")}</legend>
            <div className="row">
              <div className="field">
                <label htmlFor="hl-themeId">{t("feedback.interview.theme")}</label>
                <select id="hl-themeId" name="themeId" defaultValue={actionData?.values.themeId ?? ""} aria-invalid={errors.themeId ? true : undefined} aria-describedby={errors.themeId ? "hl-themeId-error" : undefined}>
                  <option value="">{t("feedback.interview.themeNone")}</option>
                  {themes.map((th) => (
                    <option key={th.id} value={th.id}>
                      {th.name}
                    </option>
                  ))}
                </select>
                <FieldError id="hl-themeId-error" message={errors.themeId} />
              </div>
              <div className="field">
                <label htmlFor="hl-newTheme">{t("feedback.interview.newTheme")}</label>
                <input id="hl-newTheme" name="newTheme" type="text" maxLength={100} defaultValue={actionData?.values.newTheme ?? ""} aria-invalid={errors.newTheme ? true : undefined} aria-describedby={errors.newTheme ? "hl-newTheme-error" : undefined} />
                <FieldError id="hl-newTheme-error" message={errors.newTheme} />
              </div>
            </div>
            <button type="submit" name="intent" value="highlight">
              {t("feedback.interview.tag")}
            </button>
          </fieldset>
        ) : null}
        <FieldError id="hl-passages-error" message={errors.passages} />
        <ol className="passages">
          {interview.passages.map((p) => (
            <li key={p.id} id={`passage-${(p.passage_index ?? 0) + 1}`} className="card passage">
              {canEdit ? (
                <div className="field checkbox">
                  <input type="checkbox" id={`hl-${p.id}`} name="passages" value={p.id} defaultChecked={picked.has(p.id)} aria-describedby={errors.passages ? "hl-passages-error" : undefined} />
                  <label htmlFor={`hl-${p.id}`}>{t("feedback.interview.pick", { n: (p.passage_index ?? 0) + 1 })}</label>
                </div>
              ) : null}
              <p className="feedback-text" lang={lang}>
                {p.text}
              </p>
              <SentimentBadge label={p.sentiment_label} confidence={p.sentiment_confidence} model={p.sentiment_model} percentOf={(v) => percent(locale, v, 0)} />
              <ThemeChips tags={p.tags} />
              {canEdit
                ? p.tags
                    .filter((tag) => tag.by === "hand")
                    .map((tag) => (
                      <button key={tag.themeId} type="submit" name="remove" value={`${p.id}:${tag.themeId}`} className="link small">
                        {t("feedback.interview.removeTag", { theme: tag.name })}
                      </button>
                    ))
                : null}
            </li>
          ))}
        </ol>
      </Form>
    </>
  );
}
