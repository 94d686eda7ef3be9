/**
 * Only a path on this site, so a crafted redirectTo cannot send a user elsewhere. Browsers drop
 * tabs and newlines from a URL and read "\\" as "/", so "/\t/evil.test" is "//evil.test": refuse
 * any whitespace, control character or backslash, then let the URL parser judge the origin. The
 * result is re-serialised (percent-encoded), so it is always a valid Location header.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/app"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.length > 2048) return fallback;
  if (/[\s\u0000-\u001f\u007f-\u009f\\]/u.test(to)) return fallback;
  const base = "http://trustloop.invalid";
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return url.pathname + url.search + url.hash;
}
