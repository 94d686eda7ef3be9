import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { StaffLayout } from "~/components/StaffLayout";
import { requireUser } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return { user: await requireUser(request) };
}

export default function StaffArea() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <StaffLayout user={user}>
      <Outlet />
    </StaffLayout>
  );
}
