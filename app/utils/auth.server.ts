import { redirect } from "@remix-run/node";
import type { Role } from "../../db/schema";
import type { SafeUser } from "~/models/user.server";
import { getUser } from "./session.server";

/** A signed-in staff user with one of the roles, or a redirect to sign-in / a 403 response. */
export async function requireUser(request: Request, roles?: Role[]): Promise<SafeUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  // Admins may do everything the other roles may.
  if (roles && user.role !== "admin" && !roles.includes(user.role)) {
    throw new Response("Forbidden", { status: 403 });
  }
  return user;
}

/** Only same-site relative paths, so a crafted redirectTo cannot send a user elsewhere. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/app"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
