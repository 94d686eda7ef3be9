import { currentScorer } from "~/models/sentiment.server";

/**
 * Work the server would otherwise do once, synchronously, on the turn of whichever request first
 * needs it, holding every other request (and /healthz) meanwhile. app/server.ts runs this before
 * it listens, through the build (entry.server.tsx re-exports it), so that the build's own copy of
 * the module is the one warmed: the sentiment scorer (the shipped models, 4.9 MB, decoded on
 * first use, 60-150 ms; or the organisation's chosen model).
 */
export async function warmUp(): Promise<void> {
  try {
    await currentScorer();
  } catch {
    // Model files missing or the database not answering: the server still starts, and the first use says so as before.
  }
}
