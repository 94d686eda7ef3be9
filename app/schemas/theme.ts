import { z } from "zod";
import { isRealDay } from "./account";
import { isUuid } from "~/utils/uuid";
import { checkedIds, line, text } from "./text";

export const slaAreas = ["response_speed", "resolution", "availability", "service_hours", "communication"] as const;
export const feedbackSources = ["survey", "interview", "import"] as const;
export const sentimentLabels = ["negative", "neutral", "positive"] as const;
export const segmentKeys = ["tier", "region", "plan"] as const;
/** The seeded classifier needs this many examples per theme (analysis/themes/seeded.ts minExamples). */
export const MIN_EXAMPLES = 5;
export const MAX_EXAMPLES = 200;
export const MAX_THEME_NAME = 120;

/** A value or a list of values (a checkbox group posts one name many times). */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(MAX_EXAMPLES, "validation.tooManyRows"));

const themeName = line(MAX_THEME_NAME).pipe(z.string().min(1, "validation.required"));
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .default("")
    .refine((s) => s === "" || (values as readonly string[]).includes(s), "validation.invalid")
    .transform((s) => (s === "" ? null : (s as T[number])));

/** A seeded theme: a name, an optional SLA area, examples typed one per line and/or picked from items. */
export const themeCreateSchema = z
  .object({
    name: themeName,
    slaArea: optionalEnum(slaAreas),
    examples: text(40_000)
      .default("")
      .transform((s) =>
        s
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().max(2000, "validation.tooLong")).max(MAX_EXAMPLES, "validation.tooManyLines")),
    itemIds: many(z.string().refine(isUuid, "validation.invalid")),
  })
  .superRefine((v, ctx) => {
    if (v.examples.length + new Set(v.itemIds).size < MIN_EXAMPLES)
      ctx.addIssue({ code: "custom", path: ["examples"], message: "theme.error.fewExamples" });
  });
export type ThemeCreateInput = z.output<typeof themeCreateSchema>;

const optionalDay = z
  .string()
  .trim()
  .default("")
  .refine((s) => s === "" || isRealDay(s), "validation.date")
  .transform((s) => (s === "" ? undefined : s));

/** The slice a discovery run clusters. */
export const discoveryRunSchema = z
  .object({
    from: optionalDay,
    to: optionalDay,
    sources: many(z.enum(feedbackSources, { message: "validation.invalid" })),
    segmentKey: optionalEnum(segmentKeys),
    segmentValue: line(100).default(""),
    sentiment: optionalEnum(sentimentLabels),
    unassignedOnly: z.string().optional().transform((v) => v === "on" || v === "1" || v === "true"),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "theme.error.periodOrder" });
    if (v.segmentKey && !v.segmentValue) ctx.addIssue({ code: "custom", path: ["segmentValue"], message: "validation.required" });
  });

const candidateId = z.string().regex(/^d[0-9a-z]{1,12}$/, "validation.invalid");

/** What the analyst does to a run's candidates (and to the run). */
export const candidateActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("accept"), candidate: candidateId }),
    z.object({ intent: z.literal("rename"), candidate: candidateId, label: themeName }),
    z.object({
      intent: z.literal("merge"),
      candidate: candidateId,
      // "candidate:d2" or "theme:<uuid>"; the model splits on the prefix and looks the theme id up as a uuid.
      into: z.string().refine((s) => /^candidate:d[0-9a-z]{1,12}$/.test(s) || (s.startsWith("theme:") && isUuid(s.slice(6))), "theme.error.mergeTarget"),
    }),
    z.object({ intent: z.literal("split"), candidate: candidateId }),
    z.object({ intent: z.literal("dismiss"), candidate: candidateId }),
    z.object({ intent: z.literal("cancel") }),
  ],
  { message: "validation.invalid" },
);
export type CandidateAction = z.output<typeof candidateActionSchema>;

/** On a theme's page: move an item (by hand), or add a typed example. */
export const themeItemActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("reassign"),
      // Ticked rows of the theme's item list (a page holds 50).
      itemId: checkedIds({ none: "theme.error.noneSelected", invalid: "validation.invalid" }, 100),
      // "" = no theme
      themeId: z.string().refine((s) => s === "" || isUuid(s), "validation.invalid"),
    }),
    z.object({ intent: z.literal("example"), text: text(2000).pipe(z.string().min(1, "validation.required")) }),
  ],
  { message: "validation.invalid" },
);

export const themeListQuery = z.object({
  sort: z.enum(["volume", "growth", "impact"]).default("volume"),
});
export const themeItemsQuery = z.object({
  page: z
    .string()
    .regex(/^\d{1,5}$/)
    .default("1")
    .transform(Number)
    .pipe(z.number().int().min(1)),
});
