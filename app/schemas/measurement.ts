import { z } from "zod";
import { line } from "./text";

/** One availability window as imported. Minutes may be fractional (seconds-level monitors). */
export const measurementRowSchema = z
  .object({
    service: line(200, "validation.invalid").pipe(z.string().min(1, "validation.required")),
    window_start: z.date({ message: "measurements.error.date" }),
    window_end: z.date({ message: "measurements.error.date" }),
    good_minutes: z.number({ message: "measurements.error.number" }).finite("measurements.error.number").nonnegative("measurements.error.negative"),
    total_minutes: z.number({ message: "measurements.error.number" }).finite("measurements.error.number").positive("measurements.error.totalPositive"),
  })
  .superRefine((row, ctx) => {
    if (row.window_end.getTime() <= row.window_start.getTime()) {
      ctx.addIssue({ code: "custom", path: ["window_end"], message: "measurements.error.endBeforeStart" });
    }
    if (row.good_minutes > row.total_minutes) {
      ctx.addIssue({ code: "custom", path: ["good_minutes"], message: "measurements.error.goodAboveTotal" });
    }
    const span = (row.window_end.getTime() - row.window_start.getTime()) / 60_000;
    if (span > 0 && row.total_minutes > span + 1e-6) {
      ctx.addIssue({ code: "custom", path: ["total_minutes"], message: "measurements.error.totalAboveWindow" });
    }
  });
export type MeasurementRow = z.infer<typeof measurementRowSchema>;

export const measurementColumns = ["service", "window_start", "window_end", "good_minutes", "total_minutes"] as const;

/** The upload form; the file itself is read from the multipart body. */
export const measurementImportSchema = z.object({
  csv: z.string().min(1, "measurements.error.emptyFile").max(5_000_000, "measurements.error.tooLarge"),
});
