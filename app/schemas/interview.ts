import { z } from "zod";
import { isRealDay } from "./account";
import { line, text } from "./text";
import { isUuid } from "~/utils/uuid";

export const interviewLanguages = ["auto", "ko", "en"] as const;
/** A note longer than this is not an interview note (about 30 pages of text). */
export const MAX_INTERVIEW_BODY = 100_000;

/** The interview form (new and edit). "auto" language: detected from the body (analysis/text). */
export const interviewSchema = z.object({
  accountId: z
    .string()
    .trim()
    .refine((s) => s === "" || isUuid(s), "validation.invalid")
    .transform((s) => (s === "" ? null : s)),
  heldOn: z.string().trim().min(1, "validation.required").refine(isRealDay, "validation.date"),
  interviewer: line(200).pipe(z.string().min(1, "validation.required")),
  participants: line(500),
  language: z.enum(interviewLanguages, { message: "validation.invalid" }),
  body: text(MAX_INTERVIEW_BODY).pipe(z.string().min(1, "validation.required")),
});
export type InterviewFormInput = z.input<typeof interviewSchema>;
export type InterviewInput = z.output<typeof interviewSchema>;

/** Highlight: passages picked by checkbox, tagged with an existing theme or a new one by name. */
export const highlightSchema = z
  .object({
    passages: z.array(z.string().refine(isUuid, "validation.invalid")).min(1, "feedback.interview.error.noPassage").max(1000),
    themeId: z
      .string()
      .trim()
      .refine((s) => s === "" || isUuid(s), "validation.invalid")
      .transform((s) => (s === "" ? null : s)),
    newTheme: line(100),
  })
  .superRefine((h, ctx) => {
    if (!h.themeId && !h.newTheme) ctx.addIssue({ code: "custom", path: ["themeId"], message: "feedback.interview.error.noTheme" });
    if (h.themeId && h.newTheme) ctx.addIssue({ code: "custom", path: ["newTheme"], message: "feedback.interview.error.bothThemes" });
  });
export type HighlightInput = z.output<typeof highlightSchema>;
