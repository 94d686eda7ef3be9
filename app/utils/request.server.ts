import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address, as app/server.ts read it from the socket (or a trusted proxy). */
    remoteAddress?: string;
    /** This server as reached from this machine (the socket's local address and port): the PDF of a page loads it there. */
    selfUrl?: string;
  }
}

export function clientAddress(context: AppLoadContext): string {
  return context.remoteAddress ?? "unknown";
}
