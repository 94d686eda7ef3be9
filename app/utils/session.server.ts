import { createCookie, redirect, type Cookie } from "@remix-run/node";
import { getSetting } from "~/models/settings.server";
import { z } from "zod";
import { deleteSession, getUserBySession, type KnownDevice, type SafeUser } from "~/models/user.server";
import { sharedRead } from "./in-flight.server";
import { singleton } from "./singleton.server";
import { isUuid } from "./uuid";

// SESSION_SECRET wins; otherwise the secret that db/setup.ts generated and stored on first start.
async function cookieSecret(): Promise<string> {
  const secret = process.env.SESSION_SECRET || (await getSetting<string>("session_secret"));
  if (!secret) throw new Error("No session secret: set SESSION_SECRET or run `npm run db:migrate` once.");
  return secret;
}

async function sessionCookie(): Promise<Cookie> {
  return singleton("sessionCookie", async () => {
    const secret = await cookieSecret();
    return createCookie("__session", {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: process.env.COOKIE_SECURE === "1",
      secrets: [secret],
      maxAge: 60 * 60 * 24 * 14,
    });
  });
}

export async function sessionId(request: Request): Promise<string | null> {
  const value = await (await sessionCookie()).parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

export async function getUser(request: Request): Promise<SafeUser | null> {
  const id = await sessionId(request);
  if (!id) return null;
  // A page's loaders share the read; after an action (a POST) the user is read afresh.
  return request.method === "GET" ? sharedRead(`session:${id}`, () => getUserBySession(id)) : getUserBySession(id);
}

export async function commitSessionCookie(id: string): Promise<string> {
  return (await sessionCookie()).serialize(id);
}

export async function signOut(request: Request): Promise<Response> {
  const id = await sessionId(request);
  if (id) await deleteSession(id);
  return redirect("/login?signedOut=1", {
    headers: { "Set-Cookie": await (await sessionCookie()).serialize("", { maxAge: 0 }) },
  });
}

/**
 * The "known device" cookie (OWASP device cookies): signed, set at each successful sign-in and
 * kept for a year. It lets its user sign in past a lock that strangers' failures put on the account.
 */
async function deviceCookie(): Promise<Cookie> {
  return singleton("deviceCookie", async () =>
    createCookie("__device", {
      httpOnly: true,
      sameSite: "lax",
      path: "/login",
      secure: process.env.COOKIE_SECURE === "1",
      secrets: [await cookieSecret()],
      maxAge: 60 * 60 * 24 * 365,
    }),
  );
}

const knownDeviceSchema = z.object({ userId: z.string().refine(isUuid), nonce: z.string().min(16).max(64) });

/** The browser's known-device claim, or null when it has none (or a forged one: the signature fails). */
export async function readKnownDevice(request: Request): Promise<KnownDevice | null> {
  const parsed = knownDeviceSchema.safeParse(await (await deviceCookie()).parse(request.headers.get("Cookie")));
  return parsed.success ? parsed.data : null;
}

export async function commitDeviceCookie(device: KnownDevice): Promise<string> {
  return (await deviceCookie()).serialize(device);
}
