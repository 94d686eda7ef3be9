import { recordDueBreaches } from "~/models/case.server";
import type { Job } from "./runner.server";

/** Records SLA misses of running cases once a minute, so viewing a case never has to (DESIGN.md: each miss counted once). */
export const breachesJob: Job = { name: "breaches", everyMs: 60_000, run: (now) => recordDueBreaches(now) };
