import type { AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address, as app/server.ts read it from the socket (or a trusted proxy). */
    remoteAddress?: string;
  }
}

export function clientAddress(context: AppLoadContext): string {
  return context.remoteAddress ?? "unknown";
}
