import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ProposalList } from "~/components/review/ProposalList";
import { castVote, loadProposalPage, ProposalError, withdrawProposal } from "~/models/proposal.server";
import { proposalActionSchema } from "~/schemas/proposal";
import { fieldErrorsOf, formDataObject, readForm, type FieldErrors } from "~/utils/forms";
import { translate, useT, type MessageKey } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { assertRole, requireRole } from "~/utils/permissions.server";
import { MANAGERS, STAFF } from "~/utils/permissions";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("proposal.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const page = await loadProposalPage(params.meetingId ?? "", params.proposalId ?? "", user.id);
  if (!page) throw new Response("Not found", { status: 404 });
  const done = new URL(request.url).searchParams.get("done");
  return { page, done: done === "vote" || done === "withdraw" ? done : null };
}

type ActionData = { proposalId: string; errors: FieldErrors; formError?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const locale = await getLocale(request);
  const meetingId = params.meetingId ?? "";
  const proposalId = params.proposalId ?? "";
  const values = formDataObject(await readForm(request));
  // Voting is for managers; an analyst's vote is refused before anything is read.
  if (values.intent === "vote") assertRole(user, MANAGERS);
  const parsed = proposalActionSchema.safeParse(values);
  if (!parsed.success) {
    return data<ActionData>({ proposalId, errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors") }, { status: 400 });
  }
  const input = parsed.data;
  try {
    if (input.intent === "vote") await castVote(user.id, proposalId, input.choice, input.comment, meetingId);
    else await withdrawProposal(user.id, proposalId, meetingId);
  } catch (e) {
    if (!(e instanceof ProposalError)) throw e;
    if (e.code === "notFound" || e.code === "meetingNotFound") throw new Response("Not found", { status: 404 });
    if (e.code === "notAttendee") throw new Response(translate(locale, "proposal.error.notAttendee"), { status: 403 });
    return data<ActionData>(
      { proposalId, errors: e.field === "_form" ? {} : { [e.field]: e.messageKey }, formError: translate(locale, e.messageKey as MessageKey) },
      { status: 400 },
    );
  }
  return redirect(`/app/reviews/${meetingId}/proposals/${proposalId}?done=${input.intent}`);
}

export default function ProposalPage() {
  const { page, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <p>
        <Link to={`/app/reviews/${page.meeting.id}`}>← {t("proposal.back")}</Link>
      </p>
      <h1>{t("proposal.title")}</h1>
      <p className="muted">{t("proposal.period", { from: page.meeting.periodStart, to: page.meeting.periodEnd })}</p>
      {done && !actionData ? (
        <p className="notice" role="status">
          {t(`proposal.done.${done}` as MessageKey)}
        </p>
      ) : null}
      <ProposalList data={page} feedback={actionData} single />
    </>
  );
}
