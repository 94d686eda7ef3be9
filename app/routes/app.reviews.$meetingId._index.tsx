import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { MeetingActions, MeetingNotes, MeetingSummary } from "~/components/review/Meeting";
import { MeetingProposals } from "~/components/review/MeetingProposals";
import { NoticeDeliveries } from "~/components/review/NoticeDeliveries";
import { mailConfigured } from "~/jobs/outbox.server";
import { listNoticeDeliveries } from "~/models/notice.server";
import { loadProposalsForMeeting } from "~/models/proposal.server";
import { ProcessChanges } from "~/components/review/ProcessChanges";
import { listStaff } from "~/models/user.server";
import {
  closeMeeting,
  getMeeting,
  listProcessChanges,
  markProcessChangeDone,
  openMeeting,
  recordProcessChange,
  refreshEvidence,
  ReviewError,
  updateMeetingNotes,
} from "~/models/review.server";
import { meetingActionSchema } from "~/schemas/review";
import { fieldErrorsOf, formDataObject, readForm, type FieldErrors } from "~/utils/forms";
import { pick, translate, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { assertRole, requireRole } from "~/utils/permissions.server";
import { hasRole, MANAGERS, STAFF } from "~/utils/permissions";
import { metaLocale, pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => data ? pageTitle(matches, "review.meetingTitle", { sla: pick(data.meeting.slaName, metaLocale(matches)) }) : [{ title: "Trustloop" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const meeting = await getMeeting(params.meetingId ?? "");
  if (!meeting) throw new Response("Not found", { status: 404 });
  return {
    meeting,
    canRun: hasRole(user.role, MANAGERS),
    proposals: await loadProposalsForMeeting(meeting.id, user.id),
    notices: await listNoticeDeliveries(meeting.id),
    processChanges: await listProcessChanges(meeting.id),
    staff: await listStaff(),
    mailReady: mailConfigured(),
    resent: Number(new URL(request.url).searchParams.get("resent")) || null,
  };
}

type ActionData = { ok?: MessageKey; errors?: FieldErrors; formError?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const locale = await getLocale(request);
  const values = formDataObject(await readForm(request));
  // Analysts prepare (notes); only managers open, refresh, close and record process changes
  // (app/utils/permissions.ts). Checked before the form, so a role never learns what a form needs.
  if (values.intent !== "notes") assertRole(user, MANAGERS);
  const parsed = meetingActionSchema.safeParse(values);
  if (!parsed.success) {
    return data<ActionData>({ errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors") }, { status: 400 });
  }
  const meetingId = params.meetingId ?? "";
  const input = parsed.data;
  try {
    if (input.intent === "notes") await updateMeetingNotes(user.id, meetingId, input.notes);
    else if (input.intent === "open") await openMeeting(user.id, meetingId);
    else if (input.intent === "refresh") await refreshEvidence(user.id, meetingId);
    else if (input.intent === "processChange") await recordProcessChange(user.id, meetingId, input);
    else if (input.intent === "processDone") await markProcessChangeDone(user.id, meetingId, input.processChangeId, input.doneOn ?? null);
    else await closeMeeting(user.id, meetingId);
  } catch (e) {
    if (!(e instanceof ReviewError)) throw e;
    if (e.code === "notFound") throw new Response("Not found", { status: 404 });
    if (e.field) {
      return data<ActionData>({ errors: { [e.field]: `review.error.${e.code}` }, formError: translate(locale, "common.fixErrors") }, { status: 400 });
    }
    const status = e.code === "state" || e.code === "votesExist" || e.code === "openProposals" ? 409 : 400;
    return data<ActionData>({ formError: translate(locale, `review.error.${e.code}` as MessageKey) }, { status });
  }
  const ok: Record<typeof input.intent, MessageKey> = {
    notes: "review.notesSaved",
    open: "review.opened",
    refresh: "review.refreshed",
    close: "review.closed",
    processChange: "review.process.saved",
    processDone: "review.process.doneSaved",
  };
  return { ok: ok[input.intent] } satisfies ActionData;
}

export default function MeetingPage() {
  const { meeting, canRun, proposals, notices, mailReady, resent, processChanges, staff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <p>
        <Link to="/app/reviews">← {t("review.back")}</Link>
      </p>
      <h1>{t("review.meetingTitle", { sla: pick(meeting.slaName, locale) })}</h1>
      {actionData?.ok && actionData.ok !== "review.notesSaved" ? <p role="status">{t(actionData.ok)}</p> : null}
      <MeetingSummary m={meeting} />
      <MeetingActions m={meeting} canRun={canRun} formError={actionData?.formError} />
      <MeetingNotes m={meeting} errors={actionData?.errors ?? {}} saved={actionData?.ok === "review.notesSaved"} />
      {proposals ? <MeetingProposals data={proposals} /> : null}
      {canRun && meeting.status === "decided" ? (
        <p>
          <Link to={`/app/reviews/${meeting.id}/amend`}>{t("notice.compose.title")}</Link>
        </p>
      ) : null}
      <ProcessChanges
        rows={processChanges}
        staff={staff}
        canRecord={canRun && (meeting.status === "open" || meeting.status === "decided")}
        canMarkDone={canRun}
        errors={actionData?.errors ?? {}}
      />
      <NoticeDeliveries notices={notices} mailConfigured={mailReady} canResend={canRun} resent={resent} />
    </>
  );
}
