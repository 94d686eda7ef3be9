// The worker's entry in plain JS: it registers tsx's loader on this thread, then loads the
// TypeScript worker (execArgv --import does not reach a worker's module loader on Node 20).
import { register } from "tsx/esm/api";

register();
await import("./analysis.worker.ts");
