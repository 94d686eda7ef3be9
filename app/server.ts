// The HTTP server: `npm start` runs this file, and the tests start the same server in-process.
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type RequestHandler,
  type ServerBuild,
} from "@remix-run/node";
import express from "express";
import helmet from "helmet";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { configFromEnv, createDb, type DbHandle } from "../db/client";
import { isDemoMode, prepareDatabase } from "../db/setup";
import { bodyKindOf, bodyLimitsFromEnv, byteLimit, type BodyLimits } from "./utils/body-limit.server";
import { failurePage, noteFailure, type Failure } from "./utils/failures.server";
import { getLocale } from "./utils/locale.server";
import { routeGroupBuild, routeGroupKey, staticPrefixes } from "./utils/route-groups.server";
import { singleton } from "./utils/singleton.server";

const root = path.resolve(import.meta.dirname, "..");

export type RunningServer = { url: string; close: () => Promise<void> };

export async function startServer(options: { port?: number; host?: string; build?: ServerBuild } = {}): Promise<RunningServer> {
  const build = options.build ?? ((await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild);
  // One-time work done now rather than on some request's turn, where it would hold every other
  // request and /healthz. Node makes its web streams' "Reader released" errors lazily, once per
  // process, and formats their stack; with source maps on (tsx: npm start and the tests) a stack
  // with a frame in build/index.js first parses the build's 3.6 MB map: 130-800 ms (a CPU profile
  // of the fuzz's server) on the first request whose body the multipart parser released mid-read,
  // such as a non-multipart POST to /app/imports. Made here, the stack holds no frame of the build.
  new ReadableStream().getReader().releaseLock();
  // The build's own first-use work (app/utils/warm-up.server.ts).
  await (build.entry.module as { warmUp?: () => Promise<void> }).warmUp?.();
  const app = express();
  app.disable("x-powered-by");
  // Remix reads the query from the URL; Express's own parse of it (qs) was for nothing.
  app.set("query parser", false);
  // A hop count, never `true`: the client writes the left of X-Forwarded-For, each proxy appends.
  const proxyHops = Number(process.env.TRUST_PROXY);
  if (Number.isInteger(proxyHops) && proxyHops > 0) app.set("trust proxy", proxyHops);
  app.use(securityHeaders());
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(publicFiles(path.join(root, "public")));
  app.all("*", remixHandler(build, bodyLimitsFromEnv()));
  const server = app.listen(options.port ?? 3000, options.host ?? "0.0.0.0");
  // Idle keep-alive sockets stay open longer than a reverse proxy's or a client pool's idle time
  // (60 s is the common default): a server that closes first races the client's next request on
  // that socket, and the client sees a reset instead of an answer. (Safe now that a body the route
  // did not read is drained or the connection closed: see finishBody.)
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * helmet's defaults, plus: scripts only from us or carrying this response's nonce (Remix's inline
 * scripts get it through entry.server.tsx), no framing at all, and HSTS and upgrades only when the
 * site is served over HTTPS (COOKIE_SECURE=1). The referrer stays on for same-origin requests:
 * without it browsers send `Origin: null` with form posts and Remix refuses them.
 */
function securityHeaders(): express.Handler[] {
  const https = process.env.COOKIE_SECURE === "1";
  return [
    (_req, res, next) => {
      res.locals.nonce = randomBytes(16).toString("base64");
      next();
    },
    helmet({
      contentSecurityPolicy: {
        directives: {
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.nonce}'`],
          "style-src": ["'self'", "'unsafe-inline'"],
          "frame-ancestors": ["'none'"],
          "upgrade-insecure-requests": https ? [] : null,
        },
      },
      xFrameOptions: { action: "deny" },
      referrerPolicy: { policy: "same-origin" },
      strictTransportSecurity: https ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    }),
  ];
}

/**
 * public/ as static files, asked only for paths whose first segment is one of its entries (read at
 * start): every other request (every page) skipped a file-system stat and the 404 error object
 * serve-static makes before it falls through to Remix. A file added to public/ is served after a restart.
 */
function publicFiles(dir: string): express.Handler {
  const serve = express.static(dir, { maxAge: "1h" });
  const names = new Set(fs.readdirSync(dir));
  return (req, res, next) => {
    const first = req.path.split("/")[1] ?? "";
    let name: string;
    try {
      name = decodeURIComponent(first);
    } catch {
      return next();
    }
    return names.has(name) ? serve(req, res, next) : next();
  };
}

// Staff pages and a customer's SLA page must not stay in a shared or back-button cache.
const privatePages = /^\/(app|app\.data|app\/.*|sla\/.*)$/;

/**
 * Remix behind Express (what @remix-run/express does, plus the guards below), so that no request
 * a stranger can send reaches a route as a 500:
 * - a body over the limit for its route kind is refused before it is read (413), and a chunked
 *   body is counted as it streams;
 * - a body that is not a form is refused (415, or 400 for a multipart body without a boundary),
 *   and a cross-origin submission gets 403 (Remix would throw a 500);
 * - the database being away, wherever it surfaces, becomes 503 (see failures.server.ts).
 * Each of these is answered with a short page in the user's language and logged as one line.
 */
function remixHandler(build: ServerBuild, limits: BodyLimits): express.RequestHandler {
  const whole = createRequestHandler(build, "production");
  // A handler per first path segment over the routes that can match there (route-groups.server.ts).
  const statics = staticPrefixes(build);
  const groups = new Map<string, RequestHandler>();
  const handlerFor = (pathname: string) => {
    const key = routeGroupKey(pathname, statics);
    if (key === null) return whole;
    let handler = groups.get(key);
    if (!handler) groups.set(key, (handler = createRequestHandler(routeGroupBuild(build, key), "production")));
    return handler;
  };
  return async (req, res) => {
    const local = req.socket.localAddress ?? "127.0.0.1";
    const selfUrl = `http://${local.includes(":") && !local.startsWith("::ffff:") ? `[${local}]` : local.replace(/^::ffff:/, "")}:${req.socket.localPort}`;
    const context: AppLoadContext = { remoteAddress: req.ip ?? req.socket.remoteAddress ?? "unknown", nonce: res.locals.nonce, selfUrl };
    const pathname = req.path;
    try {
      const limit = limits[bodyKindOf(pathname)];
      context.failure = refuseBody(req, limit) ?? undefined;
      let response: Response | undefined;
      if (!context.failure) {
        try {
          const request = remixRequest(req, res, limit, context);
          // The path as Remix sees it (the URL resolves "..", "%2e%2e"), not as it came.
          response = await handlerFor(new URL(request.url).pathname)(request, context);
        } catch (error) {
          if (!noteFailure(context, error)) throw error;
        }
      }
      const failure = context.failure;
      if (failure) {
        console.warn(`${req.method} ${pathname} ${failure.status} ${failure.reason}`);
        // A single-fetch client decodes Remix's own body; a document gets our page.
        if (response && pathname.endsWith(".data")) response = new Response(response.body, { status: failure.status, headers: response.headers });
        else response = await failureResponse(req, failure);
      }
      if (privatePages.test(pathname)) response!.headers.set("Cache-Control", "private, no-store");
      // A body refused for its size is not read; anything else the route left unread is.
      const keepAlive = await finishBody(req, failure?.status === 413 ? 0 : limit);
      await sendResponse(res, response!, keepAlive);
    } catch (error) {
      console.error(error);
      if (!res.headersSent) res.status(500).end();
      else res.destroy();
    }
  };
}

const formTypes = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;
const bodyMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** What can be refused from the headers alone, before a byte of the body is read. */
function refuseBody(req: express.Request, limit: number): Failure | null {
  if (!bodyMethods.has(req.method)) return null;
  const length = Number(req.headers["content-length"] ?? 0);
  if (length > limit) return { status: 413, reason: `body of ${length} bytes over the limit of ${limit}`, limit };
  if (!sameOrigin(req)) return { status: 403, reason: `cross-origin submission from ${JSON.stringify(req.headers.origin?.slice(0, 100))}` };
  const type = req.headers["content-type"] ?? "";
  if (!formTypes.test(type)) return { status: 415, reason: `body is not a form (${JSON.stringify(type.slice(0, 60))})` };
  if (/^multipart\//i.test(type) && !/;\s*boundary=("[^"]+"|[^;\s]+)/i.test(type)) return { status: 400, reason: "multipart body without a boundary" };
  return null;
}

/** Remix's own CSRF rule (an Origin header must name this host), answered as 403 instead of its 500. */
function sameOrigin(req: express.Request): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const forwarded = req.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwarded || req.get("host");
  try {
    return origin !== "null" && new URL(origin).host === host;
  } catch {
    return false;
  }
}

function remixRequest(req: express.Request, res: express.Response, limit: number, context: AppLoadContext): Request {
  // req.hostname follows TRUST_PROXY; the port comes from the Host header.
  const port = req.get("host")?.split(":")[1];
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const controller = new AbortController();
  // Abort loaders and actions when the response can no longer be written.
  let finished = false;
  res.on("finish", () => (finished = true));
  res.on("close", () => finished || controller.abort());
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const counted = req.pipe(
      byteLimit(limit, () => {
        context.failure ??= { status: 413, reason: `chunked body over the limit of ${limit}`, limit };
      }),
    );
    counted.on("error", () => req.unpipe(counted));
    init.body = createReadableStreamFromReadable(counted);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

async function failureResponse(req: express.Request, failure: Failure): Promise<Response> {
  const url = new URL(req.originalUrl, "http://localhost");
  const locale = await getLocale(new Request(url, { headers: { cookie: req.get("cookie") ?? "", "accept-language": req.get("accept-language") ?? "" } }));
  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  if (failure.status === 503) headers.set("Retry-After", "5");
  // A single-fetch address (/x.data) stands for the page /x.
  const page = url.pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/") + url.search;
  return new Response(failurePage(failure, locale, page), { status: failure.status, headers });
}

/**
 * Reads and drops what is left of a request body that nobody read (a 405 from a route without an
 * action, a 429, a refused form), so that the keep-alive connection can carry the client's next
 * request: unread bytes stall the socket until the server's timeout resets it under the client.
 * At most `limit` more bytes (a declared length is already within the limit) and DRAIN_MS; false
 * when the body is over it, slower than that, or the client went away, and the answer then closes
 * the connection.
 */
const DRAIN_MS = 5000;
function finishBody(req: express.Request, limit: number): Promise<boolean> {
  if (!bodyMethods.has(req.method) && !req.headers["content-length"] && !req.headers["transfer-encoding"]) return Promise.resolve(true);
  if (req.readableEnded) return Promise.resolve(true);
  if (req.destroyed || Number(req.headers["content-length"] ?? 0) > limit) return Promise.resolve(false);
  req.unpipe();
  return new Promise((resolve) => {
    let seen = 0;
    const timer = setTimeout(() => done(false), DRAIN_MS);
    const done = (whole: boolean) => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("error", onGone).off("close", onGone);
      if (!whole) req.pause();
      resolve(whole);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limit) done(false);
    };
    const onEnd = () => done(true);
    const onGone = () => done(false);
    req.on("data", onData).once("end", onEnd).once("error", onGone).once("close", onGone);
    req.resume();
  });
}

async function sendResponse(res: express.Response, response: Response, keepAlive = true) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (!keepAlive) res.setHeader("Connection", "close");
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

async function main() {
  // Decided before NODE_ENV is defaulted below, and kept for sign-in (user.server.ts demoAllowed).
  const demo = singleton("demoMode", () => isDemoMode());
  // The build is a production build; React's server renderer is much slower in development mode.
  process.env.NODE_ENV ??= "production";
  const handle: DbHandle = singleton("db", () => createDb(configFromEnv()));
  const { applied } = await prepareDatabase(handle.db);
  if (applied.length) console.log(`Migrated: ${applied.join(", ")}`);
  let demoInfo: string[] = [];
  if (demo) {
    const { seedDemoData } = await import("./models/demo.server");
    demoInfo = await seedDemoData();
  }
  const port = Number(process.env.PORT ?? 3000);
  const running = await startServer({ port });
  const { startJobs } = await import("./jobs/runner.server");
  const { breachesJob } = await import("./jobs/breaches.server");
  const { outboxSweepJob, sweepOutbox, mailConfigured } = await import("./jobs/outbox.server");
  const { rescoreJob } = await import("./jobs/rescore.server");
  const { themeAssignJob } = await import("./jobs/theme-assign.server");
  const { invitationRemindersJob } = await import("./jobs/invitations.server");
  const { answerCountsJob } = await import("./jobs/answer-counts.server");
  const jobs = startJobs([breachesJob, outboxSweepJob, rescoreJob, themeAssignJob, invitationRemindersJob, answerCountsJob]);
  // The job queue (pg-boss) beside the periodic jobs: imports, outbox delivery and other long work.
  const { startQueue, stopQueue } = await import("./jobs/queue.server");
  const { registerWorkers } = await import("./jobs/workers.server");
  await registerWorkers();
  await startQueue(handle.db);
  // Outbox rows written before the queue ran (the demo seed, a crash) get their jobs now, not in a minute.
  await sweepOutbox().catch((error: unknown) => console.error(`outbox sweep failed: ${error instanceof Error ? error.message : String(error)}`));
  console.log(`\nTrustloop is running at ${running.url}`);
  console.log(handle.kind === "pglite" ? `Database: embedded (${configFromEnv().dataDir})` : "Database: PostgreSQL");
  for (const line of demoInfo) console.log(line.replace("{url}", running.url));
  if (!mailConfigured()) console.log("Mail: not set up (SMTP_URL); notices wait in the outbox.");
  const stop = async () => {
    await running.close();
    await jobs.stop();
    await stopQueue();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
