import { redirect } from "@remix-run/node";
import type { SafeUser } from "~/models/user.server";
import { hasRole, type Roles } from "./permissions";
import { getUser } from "./session.server";

/**
 * The first line of every staff loader and action: the signed-in user when their role is in
 * `allowed` (see permissions.ts), else a redirect to sign-in (no session) or a 403.
 * A parent layout's loader does not protect a child's action, so each calls this itself.
 */
export async function requireRole(request: Request, allowed: Roles): Promise<SafeUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  // A password an admin chose is changed first: every staff page but My settings waits for it.
  if (user.must_change_password) {
    const path = new URL(request.url).pathname;
    if (path !== "/app/account") throw redirect("/app/account?must=password");
  }
  assertRole(user, allowed);
  return user;
}

/** For an intent that needs a narrower role than its action's first line. */
export function assertRole(user: SafeUser, allowed: Roles): SafeUser {
  if (!hasRole(user.role, allowed)) throw new Response("Forbidden", { status: 403 });
  return user;
}
