// A worker thread for the seeded theme classifier: 2,000 items take seconds of CPU, which on the
// server's thread would stall every request meanwhile (issue 7: no work stalls the server).
import { parentPort } from "node:worker_threads";
import { assignSeededThemes, type SeededOptions, type SeedTheme } from "../../analysis/themes";

parentPort!.on("message", (m: { id: number; texts: string[]; themes: SeedTheme[]; opts: SeededOptions }) => {
  try {
    parentPort!.postMessage({ id: m.id, result: assignSeededThemes(m.texts, m.themes, m.opts) });
  } catch (error) {
    parentPort!.postMessage({ id: m.id, error: error instanceof Error ? error.message : String(error) });
  }
});
