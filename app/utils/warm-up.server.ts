import { loadShippedModels } from "../../analysis/sentiment";

/**
 * Work the server would otherwise do once, synchronously, on the turn of whichever request first
 * needs it, holding every other request (and /healthz) meanwhile. app/server.ts runs this before
 * it listens, through the build (entry.server.tsx re-exports it), so that the build's own copy of
 * the module is the one warmed: the shipped sentiment models (4.9 MB) are decoded on first use,
 * 60-150 ms.
 */
export function warmUp(): void {
  try {
    loadShippedModels();
  } catch {
    // Model files missing: the server still starts, and the first use says so as before.
  }
}
