import { createHmac, timingSafeEqual } from "node:crypto";
import { getSetting } from "~/models/settings.server";
import { hiddenFieldNames } from "~/schemas/response";
import { singleton } from "./singleton.server";

/**
 * Hidden fields on a public link are the respondent's segment (account, tier, ...): a value counts
 * only when the server signed it for that link, so nobody can answer in another customer's name.
 *
 *   sig = base64url(HMAC-SHA256(key, token + "\n" + "name=value" lines in name order, "\n"-joined))
 *
 * Names without a value are left out. The key is LINK_SECRET, or the one db/setup.ts generated
 * and stored in app_settings (as it does the session secret). A CRM mail merge that knows LINK_SECRET
 * can sign links itself; the links page signs them for staff.
 */
export type HiddenValues = Partial<Record<(typeof hiddenFieldNames)[number], string>>;

async function linkSecret(): Promise<string> {
  if (process.env.LINK_SECRET) return process.env.LINK_SECRET;
  const cache = singleton("linkSecret", () => ({ value: "" }));
  // Cached once read; a failed read (database away) is tried again next time.
  cache.value ||= (await getSetting<string>("link_secret")) ?? "";
  if (!cache.value) throw new Error("No link secret: set LINK_SECRET or run `npm run db:migrate` once.");
  return cache.value;
}

export function signatureBase(token: string, values: HiddenValues): string {
  const lines = hiddenFieldNames
    .filter((n) => values[n])
    .sort()
    .map((n) => `${n}=${values[n]}`);
  return [token, ...lines].join("\n");
}

export async function signHidden(token: string, values: HiddenValues): Promise<string> {
  return createHmac("sha256", await linkSecret()).update(signatureBase(token, values)).digest("base64url");
}

export async function verifyHidden(token: string, values: HiddenValues, sig: string | undefined): Promise<boolean> {
  if (!sig) return false;
  const expected = Buffer.from(await signHidden(token, values));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The public URL with the values and their signature appended. */
export async function signedLinkUrl(url: string, token: string, values: HiddenValues): Promise<string> {
  const params = new URLSearchParams();
  for (const n of hiddenFieldNames) if (values[n]) params.set(n, values[n]!);
  params.set("sig", await signHidden(token, values));
  return `${url}?${params}`;
}
