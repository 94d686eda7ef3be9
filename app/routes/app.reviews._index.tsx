import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DueTable, MeetingsTable } from "~/components/review/BoardTables";
import { listBoard } from "~/models/review.server";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";
import { useT } from "~/utils/i18n";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("review.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  return listBoard();
}

export default function ReviewBoard() {
  const { slas, meetings } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("review.title")}</h1>
      <p>{t("review.intro")}</p>
      <p>
        <Link to="/app/reviews/new" className="button">
          {t("review.schedule")}
        </Link>
      </p>
      <section aria-labelledby="due-title">
        <h2 id="due-title">{t("review.dueTitle")}</h2>
        {slas.length ? <DueTable rows={slas} /> : <p>{t("review.noSlas")}</p>}
      </section>
      <section aria-labelledby="meetings-title">
        <h2 id="meetings-title">{t("review.meetingsTitle")}</h2>
        {meetings.length ? <MeetingsTable rows={meetings} /> : <p>{t("review.noMeetings")}</p>}
      </section>
    </>
  );
}
