import { z } from "zod";
import { line } from "./text";

/** Feedback imports: the upload form, the column mapping form, and the id in the URL. */
export const importKinds = ["reviews", "social", "tickets", "other"] as const;
export const importEncodings = ["auto", "utf-8", "cp949"] as const;
/** The score scales an imported row may carry: stars 1-5, NPS 0-10, CSAT 1-5. */
export const importScales = ["stars", "nps", "csat"] as const;
export type ImportScale = (typeof importScales)[number];
export const scaleRange: Record<ImportScale, [number, number]> = { stars: [1, 5], nps: [0, 10], csat: [1, 5] };

/** Columns a file can map, in the order the form shows them. `text` is required. */
export const mappedFields = ["text", "date", "score", "accountName", "accountExternalId", "sourceName", "language", "externalId"] as const;
export type MappedField = (typeof mappedFields)[number];

export type ImportMapping = Partial<Record<MappedField, number>> & {
  scale: ImportScale;
  /** The source name of rows without a source-name column (or with it empty): "App Store". */
  fixedSourceName: string;
};

export const MAX_UPLOAD_ROWS = 200_000;

export const uploadSchema = z.object({
  kind: z.enum(importKinds, { message: "import.error.kind" }),
  encoding: z.enum(importEncodings, { message: "import.error.encoding" }).default("auto"),
});

const column = z.union([z.literal(""), z.coerce.number().int().min(0).max(999)], { message: "validation.invalid" });

/** The mapping form: map.<field> = column index or "" (not mapped). */
export const mappingFormSchema = z
  .object({
    intent: z.enum(["preview", "start"], { message: "validation.invalid" }),
    ...Object.fromEntries(mappedFields.map((f) => [`map.${f}`, column.default("")])),
    scale: z.enum(importScales, { message: "import.error.scale" }).default("stars"),
    fixedSourceName: line(200).default(""),
    encoding: z.enum(importEncodings, { message: "import.error.encoding" }).default("auto"),
    skipBadRows: z
      .union([z.literal("on"), z.literal("")])
      .optional()
      .transform((v) => v === "on"),
  })
  .superRefine((v, ctx) => {
    if ((v as Record<string, unknown>)["map.text"] === "") ctx.addIssue({ code: "custom", path: ["map.text"], message: "import.error.textColumn" });
  })
  .transform((v) => {
    const values = v as Record<string, unknown>;
    const mapping: ImportMapping = { scale: v.scale, fixedSourceName: v.fixedSourceName };
    for (const f of mappedFields) if (typeof values[`map.${f}`] === "number") mapping[f] = values[`map.${f}`] as number;
    return { intent: v.intent, mapping, encoding: v.encoding, skipBadRows: v.skipBadRows };
  });

export const importActionSchema = z.object({ intent: z.enum(["preview", "start", "cancel", "retry"], { message: "validation.invalid" }) });
