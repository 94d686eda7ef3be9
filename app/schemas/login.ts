import { z } from "zod";
import { CONTROL_MESSAGE, hasControlChars, line } from "./text";

export const loginSchema = z.object({
  email: line(200, "validation.invalid").pipe(z.string().min(1, "validation.required").email("validation.email")),
  password: z
    .string()
    .min(1, "validation.required")
    .max(200, "validation.invalid")
    .refine((s) => !hasControlChars(s), CONTROL_MESSAGE),
  redirectTo: z.string().optional(),
});
export type LoginInput = z.infer<typeof loginSchema>;
