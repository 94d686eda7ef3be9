import { z } from "zod";

/**
 * zod compiles object parsers with `new Function` when it may. Under our Content-Security-Policy
 * (no 'unsafe-eval') the browser refuses that and reports a violation for zod's probe, although
 * zod falls back. Telling it up front avoids the probe. Called from root.tsx before any route
 * module builds a schema; the server keeps the compiled parsers.
 */
export function configureZodForCsp() {
  if (typeof document !== "undefined") z.config({ jitless: true });
}
