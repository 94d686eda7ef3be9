import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormError } from "~/components/FormError";
import { ProposalForm } from "~/components/review/ProposalForm";
import { createStaffProposalFromForm, draftProposalsFromPack, loadProposalForm, ProposalError } from "~/models/proposal.server";
import { changeFormSchema, proposalCommonSchema, proposalFormValues } from "~/schemas/proposal";
import { fieldErrorsOf, formDataObject, readForm, type FieldErrors } from "~/utils/forms";
import { translate, useT, type MessageKey } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("proposal.newTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const form = await loadProposalForm(params.meetingId ?? "");
  if (!form) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  // "drafted=2.1.0": created, already there, stale (from the draft action's redirect).
  const drafted = /^(\d{1,4})\.(\d{1,4})\.(\d{1,4})$/.exec(url.searchParams.get("drafted") ?? "");
  return { ...form, drafted: drafted ? { created: Number(drafted[1]), existing: Number(drafted[2]), stale: Number(drafted[3]) } : null };
}

type ActionData = { intent: string; errors: FieldErrors; formError?: string; values?: Record<string, string | string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const locale = await getLocale(request);
  const meetingId = params.meetingId ?? "";
  const values = formDataObject(await readForm(request));
  const intent = values.intent === "draft" ? "draft" : "create";
  const refuse = (errors: FieldErrors, key: MessageKey) => data<ActionData>({ intent, errors, formError: translate(locale, key), values }, { status: 400 });
  try {
    if (intent === "draft") {
      const r = await draftProposalsFromPack(user.id, meetingId, locale);
      return redirect(`/app/reviews/${meetingId}/proposals/new?drafted=${r.created}.${r.existing}.${r.stale}`);
    }
    const nested = proposalFormValues(values);
    const change = changeFormSchema.safeParse(nested);
    const common = proposalCommonSchema.safeParse(nested);
    if (!change.success || !common.success) {
      const errors = { ...(change.success ? {} : fieldErrorsOf(change.error)), ...(common.success ? {} : fieldErrorsOf(common.error)) };
      return refuse(errors, "common.fixErrors");
    }
    const id = await createStaffProposalFromForm(user.id, meetingId, change.data, common.data);
    return redirect(`/app/reviews/${meetingId}/proposals/${id}`);
  } catch (e) {
    if (!(e instanceof ProposalError)) throw e;
    if (e.code === "meetingNotFound") throw new Response("Not found", { status: 404 });
    return refuse(e.field === "_form" ? {} : { [e.field]: e.messageKey }, e.code === "invalid" ? "common.fixErrors" : e.messageKey);
  }
}

export default function NewProposalPage() {
  const { meeting, version, hasPack, drafted } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const open = meeting.status === "scheduled" || meeting.status === "open";
  return (
    <>
      <p>
        <Link to={`/app/reviews/${meeting.id}`}>← {t("proposal.back")}</Link>
      </p>
      <h1>{t("proposal.newTitle")}</h1>
      <p className="muted">{t("proposal.period", { from: meeting.periodStart, to: meeting.periodEnd })}</p>
      {drafted && !actionData ? (
        <p className="notice" role="status">
          {t("proposal.done.draft", drafted)}
        </p>
      ) : null}
      <FormError message={actionData?.formError} />
      {!open ? (
        <p>{t("proposal.closedForProposals")}</p>
      ) : !version ? (
        <p>{t("proposal.noVersionYet")}</p>
      ) : (
        <>
          {hasPack ? (
            <section className="card" aria-labelledby="draft-h">
              <h2 id="draft-h">{t("proposal.draftFromPack")}</h2>
              <p className="small muted">{t("proposal.draftHelp")}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="draft" />
                <button type="submit" className="secondary">
                  {t("proposal.draftFromPack")}
                </button>
              </Form>
            </section>
          ) : null}
          <section className="card" aria-labelledby="new-h">
            <h2 id="new-h">{t("proposal.new")}</h2>
            <p className="small muted">{t("proposal.newIntro", { version: version.version })}</p>
            <ProposalForm
              version={version}
              values={actionData?.intent === "create" ? (actionData.values ?? {}) : {}}
              errors={actionData?.intent === "create" ? ((actionData.errors ?? {}) as FieldErrors) : {}}
            />
          </section>
        </>
      )}
    </>
  );
}
