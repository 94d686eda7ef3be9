import type { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { noteFailure } from "./utils/failures.server";
import { HtmlSink } from "./utils/html-sink.server";
import { NonceContext } from "./utils/nonce";

// Run by app/server.ts before it listens (see warm-up.server.ts).
export { warmUp } from "./utils/warm-up.server";

const ABORT_DELAY = 5_000;

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This response's Content-Security-Policy script nonce, made by app/server.ts. */
    nonce?: string;
  }
}

/** Remix's default document render, with the CSP nonce on every inline script it writes. */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.nonce ?? "";
  // Crawlers get the whole page at once; browsers get the shell as soon as it is ready.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ready = () => {
      shellRendered = true;
      const sink = new HtmlSink();
      // A finished page no longer needs aborting (the timer would keep the whole render alive for 5 s).
      sink.once("finish", () => clearTimeout(timer));
      responseHeaders.set("Content-Type", "text/html");
      resolve(new Response(sink.stream, { headers: responseHeaders, status: responseStatusCode }));
      pipe(sink as unknown as Writable);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        ...(waitForAll ? { onAllReady: ready } : { onShellReady: ready }),
        onShellError: reject,
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell reject and are logged by Remix; later ones only here.
          if (shellRendered) console.error(error);
        },
      },
    );
    timer = setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Errors thrown by loaders and actions. The database being away, or a body that is not a form,
 * is not a bug: app/server.ts answers those with its own page and one log line. The rest keep
 * their stack.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  if (noteFailure(context, error)) return;
  // The router's own refusals (no such route: 404, no action: 405) answer what someone typed.
  if (isRouteErrorResponse(error) && error.status < 500) {
    console.warn(`${request.method} ${new URL(request.url).pathname} ${error.status} ${error.statusText}`);
    return;
  }
  console.error(error);
};
