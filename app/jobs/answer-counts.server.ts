import { countNewAnswers } from "~/models/answer-count.server";
import type { Job } from "./runner.server";

/** Moves finished responses into the answer counts every 30 s, so reads add only the last few seconds' responses (app/models/answer-count.server.ts). */
export const answerCountsJob: Job = { name: "answer-counts", everyMs: 30_000, run: () => countNewAnswers() };
