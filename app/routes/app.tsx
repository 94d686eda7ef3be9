import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { ErrorMessage } from "~/components/ErrorMessage";
import { StaffLayout } from "~/components/StaffLayout";
import { orgTimeZone, userTimeZone } from "~/models/settings.server";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, STAFF);
  // Every staff page shows times in this zone (app/utils/dates.ts useTimeZone); one read of the organisation's serves both.
  const org = await orgTimeZone();
  return { user, timeZone: await userTimeZone(user, org), orgTimeZone: org };
}

export default function StaffArea() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <StaffLayout user={user}>
      <Outlet />
    </StaffLayout>
  );
}

/** A missing case or survey keeps the navigation: the staff layout stays, the page says what went wrong. */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("routes/app");
  if (!data) return <ErrorMessage error={error} />;
  return (
    <StaffLayout user={data.user}>
      <ErrorMessage error={error} home="/app" />
    </StaffLayout>
  );
}
