// Seeded and accepted themes assign new feedback items as they arrive. One periodic job instead of
// a call in every writer (survey intake, interviews, imports): the intake path stays one
// statement, and the classifier calibrates once per batch instead of once per item.
import { assignNewItems } from "~/models/theme.server";
import type { Job } from "./runner.server";

export const themeAssignJob: Job = {
  name: "theme-assign",
  everyMs: 15_000,
  run: async () => {
    while ((await assignNewItems()) > 0);
  },
};
