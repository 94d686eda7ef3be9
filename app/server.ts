// The HTTP server: `npm start` runs this file, and the tests start the same server in-process.
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { configFromEnv, createDb, type DbHandle } from "../db/client";
import { isDemoMode, prepareDatabase } from "../db/setup";
import { singleton } from "./utils/singleton.server";

const root = path.resolve(import.meta.dirname, "..");

export type RunningServer = { url: string; close: () => Promise<void> };

export async function startServer(options: { port?: number; host?: string; build?: ServerBuild } = {}): Promise<RunningServer> {
  const build = options.build ?? ((await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild);
  const app = express();
  app.disable("x-powered-by");
  // A hop count, never `true`: the client writes the left of X-Forwarded-For, each proxy appends.
  const proxyHops = Number(process.env.TRUST_PROXY);
  if (Number.isInteger(proxyHops) && proxyHops > 0) app.set("trust proxy", proxyHops);
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: (req) => ({ remoteAddress: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
    }),
  );
  const server = app.listen(options.port ?? 3000, options.host ?? "0.0.0.0");
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
  const { outboxJob, mailConfigured } = await import("./jobs/outbox.server");
  const jobs = startJobs([breachesJob, outboxJob]);
  console.log(`\nTrustloop is running at ${running.url}`);
  console.log(handle.kind === "pglite" ? `Database: embedded (${configFromEnv().dataDir})` : "Database: PostgreSQL");
  for (const line of demoInfo) console.log(line.replace("{url}", running.url));
  if (!mailConfigured()) console.log("Mail: not set up (SMTP_URL); notices wait in the outbox.");
  const stop = async () => {
    await running.close();
    await jobs.stop();
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
