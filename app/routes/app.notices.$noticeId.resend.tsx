import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { NoticeError, resendNotice } from "~/models/notice.server";
import { linkBaseUrl } from "~/models/survey.server";
import { readForm } from "~/utils/forms";
import { translate } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { requireRole } from "~/utils/permissions.server";
import { MANAGERS } from "~/utils/permissions";

/** Nothing to show: the resend button lives on the meeting page (NoticeDeliveries). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, MANAGERS);
  throw new Response("Not found", { status: 404 });
}

/** POST: queues the notice's email again for each contact (new outbox rows), audited; back to the meeting. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, MANAGERS);
  await readForm(request);
  try {
    const { queued, meetingId } = await resendNotice(user.id, params.noticeId ?? "", linkBaseUrl(request));
    return redirect(meetingId ? `/app/reviews/${meetingId}?resent=${queued}#notices` : "/app/slas");
  } catch (e) {
    if (!(e instanceof NoticeError)) throw e;
    const locale = await getLocale(request);
    if (e.code === "notFound") throw new Response(translate(locale, "notice.resend.notFound"), { status: 404 });
    throw new Response(translate(locale, "notice.resend.noRecipient"), { status: 409 });
  }
}
