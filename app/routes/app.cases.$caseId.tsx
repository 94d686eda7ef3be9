import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/Field";
import { FormError } from "~/components/FormError";
import { TimerTable } from "~/components/cases/TimerTable";
import {
  addNote,
  assignOwner,
  CaseError,
  changeStatus,
  getCase,
  listOwners,
  recordFirstResponse,
  recordProgressUpdate,
  reopenStatement,
} from "~/models/case.server";
import { nextStatuses } from "../../analysis/sla";
import { caseActionSchema, type CaseStatus } from "~/schemas/case";
import { requireRole } from "~/utils/permissions.server";
import { CASE_WORKERS } from "~/utils/permissions";
import { fieldErrorsOf, formDataObject, type FieldErrors, readForm } from "~/utils/forms";
import { pick, translate, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { getLocale } from "~/utils/locale.server";
import { mailConfigured } from "~/jobs/outbox.server";
import { outboxForCase } from "~/models/outbox.server";
import { setCaseFollowUp } from "~/models/follow-up.server";
import { linkBaseUrl } from "~/models/survey.server";
import { OwnerOptions } from "~/components/cases/OwnerOptions";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => data ? pageTitle(matches, "cases.number", { number: data.case.number }) : pageTitle(matches, "cases.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, CASE_WORKERS);
  const found = await getCase(params.caseId ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  const owners = await listOwners();
  const url = new URL(request.url);
  const deliveries = await outboxForCase(found.case.id);
  return { ...found, owners, deliveries, mailReady: mailConfigured(), done: url.searchParams.get("done"), reopen: reopenStatement };
}

type ActionData = { intent: string; errors: FieldErrors; formError?: string; values?: Record<string, unknown> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, CASE_WORKERS);
  const locale = await getLocale(request);
  const caseId = params.caseId ?? "";
  const values = formDataObject(await readForm(request));
  const intent = typeof values.intent === "string" ? values.intent : "";
  const parsed = caseActionSchema.safeParse(values);
  if (!parsed.success) {
    return data<ActionData>({ intent, errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors"), values }, { status: 400 });
  }
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "status":
        await changeStatus(user.id, caseId, input.status, input.body, new Date(), { baseUrl: linkBaseUrl(request) });
        break;
      case "follow_up":
        if (!(await setCaseFollowUp(user.id, caseId, input.followUp === "on"))) throw new Response("Not found", { status: 404 });
        break;
      case "first_response":
        await recordFirstResponse(user.id, caseId, input.body);
        break;
      case "progress_update":
        await recordProgressUpdate(user.id, caseId, { body: input.body, to: input.to || undefined });
        break;
      case "note":
        await addNote(user.id, caseId, input.body);
        break;
      case "owner":
        await assignOwner(user.id, caseId, input.ownerId ?? null);
        break;
    }
  } catch (e) {
    if (!(e instanceof CaseError)) throw e;
    if (e.code === "notFound") throw new Response("Not found", { status: 404 });
    let formError: string;
    if (e.code === "transition") {
      const st = (s: string) => translate(locale, `cases.status.${s}` as MessageKey);
      const allowed = nextStatuses(e.params.from as CaseStatus).map(st).join(", ");
      formError = translate(locale, "cases.error.transition", { from: st(e.params.from), to: st(e.params.to), allowed });
    } else formError = translate(locale, `cases.error.${e.code}` as MessageKey);
    const errors: FieldErrors = e.code === "noRecipient" ? { to: "cases.error.noRecipient" } : e.code === "transition" ? { status: "cases.error.status" } : {};
    return data<ActionData>({ intent, errors, formError, values }, { status: 400 });
  }
  return redirect(`/app/cases/${caseId}?done=${input.intent}`);
}

export default function CasePage() {
  const { case: c, events, version, sla, timers, breaches, source, texts, next, owners, deliveries, mailReady, done, reopen } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  // Deadlines are counted in the SLA calendar's zone; they are shown, like every time, in the viewer's.
  const tz = version?.calendar.timezone;
  const zone = useTimeZone();
  const when = (d: Date | string) => formatDateTime(d, zone);
  const errorsFor = (intent: string) => (actionData?.intent === intent ? ((actionData.errors ?? {}) as FieldErrors) : {});
  const valueFor = (intent: string, name: string) => (actionData?.intent === intent ? String((actionData.values as any)?.[name] ?? "") : "");
  const busy = navigation.state === "submitting";
  return (
    <>
      <p>
        <Link to="/app/cases">← {t("cases.title")}</Link>
      </p>
      <h1>
        {t("cases.number", { number: c.number })} · {c.title}
      </h1>
      <p>
        <span className="pill">{t(`cases.status.${c.status}` as MessageKey)}</span> <span className="pill">{t(`cases.priority.${c.priority}` as MessageKey)}</span>{" "}
        {c.account_name} ({c.account_tier})
      </p>
      {/* A notice from an earlier action must not sit above this action's error. */}
      {actionData ? null : done === "progress_update" ? (
        <p className="notice" role="status">
          {t("cases.progressQueued")} {mailReady ? null : t("cases.mailNotConfigured")}
        </p>
      ) : done ? (
        <p className="notice" role="status">
          {t("common.saved")}
        </p>
      ) : null}
      <FormError message={actionData?.formError} />

      <section className="card" aria-labelledby="timers-h">
        <h2 id="timers-h">{t("cases.timers")}</h2>
        {version && timers && tz ? (
          <>
            <p className="small muted">
              {t("cases.stampedWith", { sla: sla ? pick(sla.name, locale) : "", version: version.version })} · {t("users.zone.deadlines", { calendar: tz, zone })}
            </p>
            {timers.status === "waiting_on_customer" ? (
              <p className="notice paused-note" role="status">
                {t("cases.timer.paused")} — {t("cases.pausedNote")}
              </p>
            ) : null}
            <TimerTable timers={timers} breaches={breaches} />
            <h3>{t("cases.reopenPolicy")}</h3>
            <p className="reopen-policy">{reopen[locale]}</p>
          </>
        ) : (
          <p>{t("cases.noSlaLong")}</p>
        )}
      </section>

      <div className="case-columns">
        {/* Keyed by the history, so after each change the forms start empty with the new choices. */}
        <section className="card" aria-labelledby="actions-h" key={`${c.status}-${events.length}-${c.owner_id ?? ""}`}>
          <h2 id="actions-h">{t("cases.actions")}</h2>

          <Form method="post" aria-label={t("cases.changeStatus")}>
            <input type="hidden" name="intent" value="status" />
            <h3>{t("cases.changeStatus")}</h3>
            {next.length === 0 ? <p className="muted">{t("cases.noNext")}</p> : null}
            <div className="field">
              <label htmlFor="status">{t("cases.newStatus")}</label>
              <select id="status" name="status" defaultValue={next[0]} aria-invalid={errorsFor("status").status ? true : undefined}>
                {next.map((s) => (
                  <option key={s} value={s}>
                    {t(`cases.status.${s}` as MessageKey)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="status-body">{t("cases.statusNote")}</label>
              <input id="status-body" type="text" name="body" defaultValue={valueFor("status", "body")} />
            </div>
            <button type="submit" disabled={busy || next.length === 0}>
              {t("cases.applyStatus")}
            </button>
          </Form>

          {c.first_response_at ? (
            <p className="first-response">{t("cases.firstResponseDone", { at: when(c.first_response_at) })}</p>
          ) : (
            <Form method="post" aria-label={t("cases.firstResponse")}>
              <input type="hidden" name="intent" value="first_response" />
              <h3>{t("cases.firstResponse")}</h3>
              <Field id="fr-body" label={t("cases.firstResponseBody")} error={errorsFor("first_response").body}>
                {(p) => <textarea {...p} name="body" defaultValue={valueFor("first_response", "body")} />}
              </Field>
              <button type="submit" disabled={busy}>
                {t("cases.firstResponse")}
              </button>
            </Form>
          )}

          <Form method="post" aria-label={t("cases.progress")}>
            <input type="hidden" name="intent" value="progress_update" />
            <h3>{t("cases.progress")}</h3>
            <Field id="pu-body" label={t("cases.progressBody")} error={errorsFor("progress_update").body}>
              {(p) => <textarea {...p} name="body" defaultValue={valueFor("progress_update", "body")} />}
            </Field>
            <Field id="pu-to" label={t("cases.progressTo")} error={errorsFor("progress_update").to}>
              {(p) => <input {...p} type="email" name="to" placeholder={c.account_email ?? ""} defaultValue={valueFor("progress_update", "to")} />}
            </Field>
            <p className="small muted">{t("cases.progressHelp")}</p>
            {mailReady ? null : <p className="form-error">{t("cases.mailNotConfigured")}</p>}
            <button type="submit" disabled={busy}>
              {t("cases.progress")}
            </button>
          </Form>
          {deliveries.length ? (
            <>
              <h3>{t("cases.deliveries")}</h3>
              <ul className="deliveries">
                {deliveries.map((d) => (
                  <li key={d.id} data-delivery={d.sent_at ? "sent" : d.failed_at ? "failed" : "queued"}>
                    {d.to} ·{" "}
                    {d.sent_at
                      ? t("cases.delivery.sent", { at: when(d.sent_at) })
                      : d.failed_at
                        ? t("cases.delivery.failed", { n: d.attempts, error: d.last_error ?? "" })
                        : d.attempts
                          ? t("cases.delivery.retrying", { n: d.attempts, at: when(d.next_attempt_at), error: d.last_error ?? "" })
                          : t("cases.delivery.queued")}
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          <Form method="post" aria-label={t("cases.note")}>
            <input type="hidden" name="intent" value="note" />
            <h3>{t("cases.note")}</h3>
            <Field id="note-body" label={t("cases.note")} error={errorsFor("note").body}>
              {(p) => <textarea {...p} name="body" defaultValue={valueFor("note", "body")} />}
            </Field>
            <button type="submit" className="secondary" disabled={busy}>
              {t("cases.addNote")}
            </button>
          </Form>

          <Form method="post" aria-label={t("notice.followUp.label")}>
            <input type="hidden" name="intent" value="follow_up" />
            <div className="field checkbox">
              <label>
                <input type="checkbox" name="followUp" value="on" defaultChecked={c.follow_up} disabled={!!c.follow_up_link_id} aria-describedby="follow-up-hint" />{" "}
                {t("notice.followUp.label")}
              </label>
              <p id="follow-up-hint" className="hint">
                {c.follow_up_link_id ? t("notice.followUp.sent") : t("notice.followUp.hint")}
              </p>
            </div>
            {!c.follow_up_link_id && (
              <button type="submit" className="secondary" disabled={busy}>
                {t("notice.followUp.save")}
              </button>
            )}
          </Form>

          <Form method="post" aria-label={t("cases.owner")}>
            <input type="hidden" name="intent" value="owner" />
            <h3>{t("cases.owner")}</h3>
            <div className="field">
              <label htmlFor="owner">{t("cases.field.owner")}</label>
              <select id="owner" name="ownerId" defaultValue={c.owner_id ?? ""}>
                <OwnerOptions owners={owners} />
              </select>
            </div>
            <button type="submit" className="secondary" disabled={busy}>
              {t("cases.assign")}
            </button>
          </Form>
        </section>

        <section className="card" aria-labelledby="details-h">
          <h2 id="details-h">{t("cases.details")}</h2>
          <dl className="case-details">
            <dt>{t("cases.openedAt")}</dt>
            <dd>{when(c.opened_at)}</dd>
            <dt>{t("cases.source")}</dt>
            <dd>
              {t(`cases.source.${c.source}` as MessageKey)}
              {source.map((s, i) => (
                <span key={i}>
                  {" "}
                  · {String(s.type ?? "").toUpperCase()} {s.value_int ?? ""}
                </span>
              ))}
              {texts.map((text, i) => (
                <blockquote key={i} className="quote">
                  {text}
                </blockquote>
              ))}
            </dd>
            <dt>{t("cases.field.owner")}</dt>
            <dd>{c.owner_name ?? t("cases.field.noOwner")}</dd>
            {c.description ? (
              <>
                <dt>{t("cases.field.description")}</dt>
                <dd className="pre">{c.description}</dd>
              </>
            ) : null}
          </dl>
          <h2>{t("cases.history")}</h2>
          <ol className="case-history">
            {events.map((e) => (
              <li key={e.id}>
                <time dateTime={new Date(e.at).toISOString()}>{when(e.at)}</time> ·{" "}
                <strong>
                  {e.kind === "status"
                    ? t("cases.event.status", { status: t(`cases.status.${e.status}` as MessageKey) })
                    : t(`cases.event.${e.kind}` as MessageKey)}
                </strong>
                {e.user_name ? <span className="muted"> · {e.user_name}</span> : null}
                {e.body ? <div className="pre">{e.body}</div> : null}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </>
  );
}
