import type { AppLoadContext } from "@remix-run/node";
import { translate, type Locale, type MessageKey } from "./i18n";

/**
 * A request that failed for a reason outside the route's code: the database is away, or the body
 * is not something a route can read. The server answers these with a short page of its own and
 * logs one line; anything else is a bug and keeps its stack trace.
 */
export type Failure = { status: 400 | 403 | 413 | 415 | 503; reason: string; limit?: number };

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Set by app/server.ts or handleError when the request failed for one of the reasons above. */
    failure?: Failure;
  }
}

// SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, crash, starting up), too many connections.
const sqlStates = /^(08...|57P0[123]|53300)$/;
const socketCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
// What pg and pg-pool say when a connection dies or cannot be made; they carry no code.
const driverMessages = /Connection terminated|not queryable|timeout exceeded when trying to connect|Client was closed/i;

/** Why the database cannot answer (a SQLSTATE, a socket code or pg's message), or null for any other error. */
export function databaseUnavailable(error: unknown, depth = 0): string | null {
  if (!error || typeof error !== "object" || depth > 3) return null;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === "string" && (sqlStates.test(e.code) || socketCodes.has(e.code))) return e.code;
  if (typeof e.message === "string" && driverMessages.test(e.message)) return e.message.split("\n")[0];
  for (const inner of [e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
    const found = databaseUnavailable(inner, depth + 1);
    if (found) return found;
  }
  return null;
}

/** undici's request.formData() refuses a body it cannot parse with a TypeError and no code. */
function bodyUnreadable(error: unknown): Failure | null {
  if (!(error instanceof TypeError)) return null;
  if (/^Content-Type was not one of/.test(error.message)) return { status: 415, reason: "body is not a form" };
  if (/Failed to parse body as FormData/.test(error.message)) return { status: 400, reason: "form body cannot be parsed" };
  return null;
}

/** The failure an error thrown in a loader or action stands for, if it is not a bug of ours. */
export function failureOf(error: unknown): Failure | null {
  const db = databaseUnavailable(error);
  if (db) return { status: 503, reason: `database unavailable: ${db}` };
  return bodyUnreadable(error);
}

/** Records the failure (the first one wins) so the server answers with its page; false for a bug. */
export function noteFailure(context: AppLoadContext | undefined, error: unknown): boolean {
  if (context?.failure) return true; // the body was already refused; what followed is a consequence
  const failure = failureOf(error);
  if (failure && context) context.failure = failure;
  return failure !== null;
}

const pages: Record<Failure["status"], [MessageKey, MessageKey]> = {
  400: ["security.badBody.title", "security.badBody.body"],
  403: ["security.crossOrigin.title", "security.crossOrigin.body"],
  413: ["security.tooLarge.title", "security.tooLarge.body"],
  415: ["security.unsupported.title", "security.unsupported.body"],
  503: ["security.unavailable.title", "security.unavailable.body"],
};

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} B`;
}

/**
 * A short self-contained page: it must render with the database down and no route involved.
 * `page` is the address the request went to: the same page again (a form's page is its own address).
 */
export function failurePage(failure: Failure, locale: Locale, page: string): string {
  const [title, body] = pages[failure.status];
  const t = (key: MessageKey) => escapeHtml(translate(locale, key, { limit: formatBytes(failure.limit ?? 0) }));
  return `<!DOCTYPE html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1f2933}h1{font-size:1.5rem}</style>
</head><body><main id="main"><h1>${t(title)}</h1><p>${t(body)}</p><p><a href="${escapeHtml(page)}">${t(failure.status === 503 ? "security.retry" : "security.back")}</a> · <a href="/">${t("security.home")}</a></p></main></body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
