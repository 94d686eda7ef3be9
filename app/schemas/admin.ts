import { z } from "zod";
import { isUuid } from "~/utils/uuid";

export const unlockSchema = z.object({ intent: z.literal("unlock"), userId: z.string().refine(isUuid, "validation.invalid") });

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date").refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "validation.date");

/** The audit log's search params; empty values mean "no filter", unknown ones are ignored. */
export const auditFilterSchema = z
  .object({
    // A user's id, or "system" for what no user did.
    actor: z.string().refine((v) => v === "system" || isUuid(v), "validation.invalid").optional(),
    action: z.string().regex(/^[a-z_]+\.[a-z_]+$/, "validation.invalid").max(60).optional(),
    entity: z.string().regex(/^[a-z_]+$/, "validation.invalid").max(40).optional(),
    entityId: z.string().regex(/^[\w-]+$/, "validation.invalid").max(80).optional(),
    from: day.optional(),
    to: day.optional(),
    page: z.coerce.number({ message: "validation.integer" }).int("validation.integer").min(1, "validation.positive").max(100_000).default(1),
  });
export type AuditFilter = z.infer<typeof auditFilterSchema>;
export const AUDIT_FILTER_KEYS = ["actor", "action", "entity", "entityId", "from", "to"] as const;
