import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { StaffLayout } from "~/components/StaffLayout";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";

export async function loader({ request }: LoaderFunctionArgs) {
  return { user: await requireRole(request, STAFF) };
}

export default function StaffArea() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <StaffLayout user={user}>
      <Outlet />
    </StaffLayout>
  );
}
