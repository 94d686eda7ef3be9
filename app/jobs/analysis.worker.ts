// A worker thread for the analysis work that takes seconds of CPU (the seeded classifier over a
// batch, a discovery run): on the server's thread it would stall every request meanwhile.
import { parentPort } from "node:worker_threads";
import { assignSeededThemes, discoverThemesByGroup } from "../../analysis/themes";

const tasks = { assignSeededThemes, discoverThemesByGroup } as const;
export type AnalysisTask = keyof typeof tasks;

parentPort!.on("message", (m: { id: number; task: AnalysisTask; args: unknown[] }) => {
  try {
    const result = (tasks[m.task] as (...a: unknown[]) => unknown)(...m.args);
    parentPort!.postMessage({ id: m.id, result });
  } catch (error) {
    parentPort!.postMessage({ id: m.id, error: error instanceof Error ? error.message : String(error) });
  }
});
