import type { LoaderFunctionArgs } from "@remix-run/node";
import { STAFF } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";

// An unknown address under /app is a 404 inside the staff layout (with its navigation), not the bare root page.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
