import { z } from "zod";

/** The sentiment settings page's buttons. */
export const sentimentIntentSchema = z.object({ intent: z.enum(["train", "useOrg", "useShipped"]) });
