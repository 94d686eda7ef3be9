import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { FormError } from "~/components/FormError";
import { ProgressBar } from "~/components/charts/Charts";
import { FieldError } from "~/components/FieldError";
import { HowCalculated } from "~/components/HowCalculated";
import { count, percent } from "~/components/results/format";
import { actOnDiscoveryRun, getDiscoveryRun, ThemeError } from "~/models/theme.server";
import { candidateActionSchema } from "~/schemas/theme";
import { ANALYSTS, STAFF } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { fieldErrorsOf, formDataObject, readForm, type FieldErrors } from "~/utils/forms";
import { formatNumber, translate, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { titleMeta } from "~/utils/meta";
import { formatDateTime, useTimeZone } from "~/utils/dates";

export const meta = titleMeta("theme.run.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const run = await getDiscoveryRun(params.runId ?? "");
  if (!run) throw new Response("Not found", { status: 404 });
  return { run, canEdit: (ANALYSTS as readonly string[]).includes(user.role) };
}

type ActionData = { intent: string; candidate: string; errors: FieldErrors; formError: string; values: Record<string, string | string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const locale = await getLocale(request);
  const runId = params.runId ?? "";
  const values = formDataObject(await readForm(request));
  const intent = typeof values.intent === "string" ? values.intent : "";
  const candidate = typeof values.candidate === "string" ? values.candidate : "";
  const parsed = candidateActionSchema.safeParse(values);
  if (!parsed.success)
    return data<ActionData>({ intent, candidate, errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors"), values }, { status: 400 });
  try {
    const result = await actOnDiscoveryRun(user.id, runId, parsed.data);
    if (parsed.data.intent === "accept" && result.themeId) return redirect(`/app/themes/runs/${runId}?accepted=${result.themeId}`);
  } catch (e) {
    if (!(e instanceof ThemeError)) throw e;
    if (e.code === "notFound") throw new Response("Not found", { status: 404 });
    const key = `theme.error.${e.code}` as MessageKey;
    return data<ActionData>({ intent, candidate, errors: { [e.field]: key }, formError: translate(locale, key), values }, { status: 400 });
  }
  return redirect(`/app/themes/runs/${runId}`);
}

export default function DiscoveryRun() {
  const { run, canEdit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const zone = useTimeZone();
  const locale = useLocale();
  const revalidator = useRevalidator();
  const live = run.status === "queued" || run.status === "running";
  // With JavaScript the page follows the job; without it, the refresh link does.
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(timer);
  }, [live, revalidator]);
  const open = run.candidates.filter((c) => c.state === "open");
  // Discovery runs each language apart: every candidate says its language(s).
  const languageNames = (ls: string[]) =>
    ls.map((l) => (l === "ko" || l === "en" || l === "other" ? t(`analysislang.name.${l}`) : l)).join(", ");
  const languagesLine = (ls: string[]) =>
    t(ls.length > 1 ? "analysislang.candidate.languages" : "analysislang.candidate.language", { languages: languageNames(ls) });
  const mixed = new Set(run.candidates.flatMap((c) => c.languages ?? [])).size > 1;
  const errFor = (id: string) => (actionData?.candidate === id ? actionData.errors : {});
  const f = run.filters;
  const sliceParts = [
    f.from || f.to ? `${f.from ?? "…"} – ${f.to ?? "…"}` : null,
    f.sources?.length ? f.sources.map((s) => t(`theme.source.${s}`)).join(", ") : null,
    f.segmentKey ? `${t(`theme.segment.${f.segmentKey}`)} = ${f.segmentValue}` : null,
    f.sentiment ? t(`theme.sentiment.${f.sentiment}`) : null,
    f.unassignedOnly ? t("theme.filter.unassignedOnly") : null,
  ].filter(Boolean);
  return (
    <>
      <p>
        <Link to="/app/themes">← {t("theme.title")}</Link>
      </p>
      <h1>{t("theme.run.title")}</h1>
      <p className="muted">
        {t("theme.run.slice")}: {sliceParts.length ? sliceParts.join(" · ") : t("theme.run.everything")} · {formatDateTime(run.createdAt, zone)}
      </p>
      <p>
        <strong data-status={run.status}>{t(`theme.run.status.${run.status}`)}</strong>
      </p>
      <ProgressBar
        done={run.done}
        total={run.total}
        label={t("theme.run.progress", { done: count(locale, run.done), total: count(locale, run.total) })}
      />
      {live ? (
        <p className="row">
          <Link to={`/app/themes/runs/${run.id}`} reloadDocument>
            {t("theme.run.refresh")}
          </Link>
          {canEdit ? (
            <Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              <button type="submit" className="link">
                {t("theme.run.cancel")}
              </button>
            </Form>
          ) : null}
        </p>
      ) : null}
      {run.status === "failed" ? (
        <p className="form-error" role="alert">
          {t("theme.run.failed")}
        </p>
      ) : null}
      <FormError message={actionData?.formError} />

      {run.status === "done" ? (
        <section aria-labelledby="cand-h">
          <h2 id="cand-h">{t("theme.candidates", { n: count(locale, open.length) })}</h2>
          <p className="small">
            {t("theme.run.stability")}: {run.stability === null ? "–" : formatNumber(locale, run.stability, 2)}
          </p>
          <HowCalculated>{t("theme.how.discovery")}</HowCalculated>
          {mixed ? <p className="small">{t("analysislang.candidate.note")}</p> : null}
          {run.candidates.length === 0 ? <p>{t("theme.candidates.none")}</p> : null}
          {run.candidates.map((c) => (
            <section key={c.id} className="card" aria-labelledby={`c-${c.id}`} data-candidate={c.id} data-state={c.state} data-size={c.size}>
              <h3 id={`c-${c.id}`}>{c.label}</h3>
              {c.languages?.length ? (
                <p className="small" data-languages={c.languages.join(" ")}>
                  {languagesLine(c.languages)}
                </p>
              ) : null}
              <p className="small">
                {t("theme.col.volume")}: {count(locale, c.size)} · {t("theme.col.share")}: {percent(locale, c.share)} · {t("theme.col.sentiment")}:{" "}
                {c.meanSentiment === null ? "–" : `${formatNumber(locale, c.meanSentiment, 2)} (${t("theme.estimate")})`} · {t("theme.run.stability")}:{" "}
                {c.stability === null ? "–" : formatNumber(locale, c.stability, 2)}
              </p>
              {c.state !== "open" ? (
                <p className="small muted">
                  {t(`theme.candidate.${c.state}`)}
                  {c.themeId ? (
                    <>
                      {" "}
                      <Link to={`/app/themes/${c.themeId}`}>{t("theme.candidate.open")}</Link>
                    </>
                  ) : null}
                </p>
              ) : null}
              {c.quotes.map((q) => (
                <blockquote key={q.id} className="quote">
                  <p>{q.text}</p>
                  {q.responseId ? (
                    <footer className="small">
                      <Link to={`/app/responses/${q.responseId}`}>{t("theme.source.survey")}</Link>
                    </footer>
                  ) : q.interviewId ? (
                    <footer className="small">
                      <Link to={`/app/interviews/${q.interviewId}`}>{t("theme.source.interview")}</Link>
                    </footer>
                  ) : null}
                </blockquote>
              ))}
              {canEdit && c.state === "open" ? (
                <div className="stack">
                  <div className="row">
                    <CandidateButton candidate={c.id} intent="accept" label={t("theme.candidate.accept")} />
                    <CandidateButton candidate={c.id} intent="split" label={t("theme.candidate.split")} />
                    <CandidateButton candidate={c.id} intent="dismiss" label={t("theme.candidate.dismiss")} className="secondary" />
                  </div>
                  <FieldError id={`${c.id}-error`} message={errFor(c.id).candidate} />
                  <Form method="post" className="row" noValidate>
                    <input type="hidden" name="candidate" value={c.id} />
                    <input type="hidden" name="intent" value="rename" />
                    <label>
                      {t("theme.candidate.label")}
                      <input
                        name="label"
                        defaultValue={c.label}
                        aria-invalid={errFor(c.id).label ? true : undefined}
                        aria-describedby={`${c.id}-label-error`}
                      />
                    </label>
                    <button type="submit">{t("theme.candidate.rename")}</button>
                  </Form>
                  <FieldError id={`${c.id}-label-error`} message={errFor(c.id).label} />
                  <Form method="post" className="row" noValidate>
                    <input type="hidden" name="candidate" value={c.id} />
                    <input type="hidden" name="intent" value="merge" />
                    <label>
                      {t("theme.candidate.mergeInto")}
                      <select name="into" aria-invalid={errFor(c.id).into ? true : undefined} aria-describedby={`${c.id}-into-error`}>
                        <optgroup label={t("theme.candidate.candidates")}>
                          {open
                            .filter((o) => o.id !== c.id)
                            .map((o) => (
                              <option key={o.id} value={`candidate:${o.id}`}>
                                {mixed && o.languages?.length ? `${o.label} (${languageNames(o.languages)})` : o.label}
                              </option>
                            ))}
                        </optgroup>
                        {run.themes.length ? (
                          <optgroup label={t("theme.candidate.themes")}>
                            {run.themes.map((th) => (
                              <option key={th.id} value={`theme:${th.id}`}>
                                {th.name}
                              </option>
                            ))}
                          </optgroup>
                        ) : null}
                      </select>
                    </label>
                    <button type="submit">{t("theme.candidate.merge")}</button>
                  </Form>
                  <FieldError id={`${c.id}-into-error`} message={errFor(c.id).into} />
                </div>
              ) : null}
            </section>
          ))}
        </section>
      ) : null}
    </>
  );
}

/** One action on a candidate that needs nothing but the click: accept, split, dismiss. */
function CandidateButton({ candidate, intent, label, className }: { candidate: string; intent: "accept" | "split" | "dismiss"; label: string; className?: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="candidate" value={candidate} />
      <button type="submit" name="intent" value={intent} className={className}>
        {label}
      </button>
    </Form>
  );
}
