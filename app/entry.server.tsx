import { PassThrough, Transform } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { noteFailure } from "./utils/failures.server";
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

/**
 * React 18.3's Node renderer writes its whole 2,048-byte buffer when a multi-byte character
 * (Hangul is 3 bytes in UTF-8) does not fit at its end, so 1-2 NUL bytes appear before that
 * character, wherever the page's bytes happen to fall. Our HTML never holds a NUL (inputs refuse
 * control characters and PostgreSQL text cannot store one), so they are dropped on the way out.
 */
function withoutNul(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (chunk.indexOf(0) === -1) return done(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length);
      let n = 0;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] !== 0) out[n++] = chunk[i];
      done(null, out.subarray(0, n));
    },
  });
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
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      const clean = withoutNul();
      body.pipe(clean);
      responseHeaders.set("Content-Type", "text/html");
      resolve(new Response(createReadableStreamFromReadable(clean), { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
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
    setTimeout(abort, ABORT_DELAY);
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
