import { z } from "zod";

export const loginSchema = z.object({
  email: z.string().trim().min(1, "validation.required").max(200, "validation.invalid").email("validation.email"),
  password: z.string().min(1, "validation.required").max(200, "validation.invalid"),
  redirectTo: z.string().optional(),
});
export type LoginInput = z.infer<typeof loginSchema>;
