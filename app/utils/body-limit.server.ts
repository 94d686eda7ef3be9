import { Transform } from "node:stream";
import { z } from "zod";

/**
 * How much a request body may hold, by the kind of route it goes to: an anonymous survey or sign-in
 * form is small, a staff form (an SLA with its calendar) larger, a CSV upload largest. Checked
 * before anything is read: Content-Length up front, and a byte counter for chunked bodies.
 */
export type BodyKind = "public" | "staff" | "upload";

// Routes that take a multipart file upload: the availability CSV and feedback imports.
const uploadRoutes = [/^\/app\/measurements\/?$/, /^\/app\/imports\/?$/];

export function bodyKindOf(pathname: string): BodyKind {
  const path = pathname.replace(/\.data$/, ""); // single-fetch submissions of the same route
  if (uploadRoutes.some((r) => r.test(path))) return "upload";
  if (path === "/app" || path.startsWith("/app/")) return "staff";
  return "public";
}

const size = z
  .string()
  .trim()
  .regex(/^\d+\s*(kb|mb|b)?$/i, "a size in bytes, or with KB or MB")
  .transform((v) => {
    const n = Number.parseInt(v, 10);
    const unit = v.replace(/^[\d\s]+/, "").toLowerCase();
    return n * (unit === "mb" ? 1024 * 1024 : unit === "kb" ? 1024 : 1);
  });

const limitsSchema = z.object({
  BODY_LIMIT_PUBLIC: size.default(64 * 1024),
  BODY_LIMIT_STAFF: size.default(1024 * 1024),
  BODY_LIMIT_UPLOAD: size.default(50 * 1024 * 1024),
});

export type BodyLimits = Record<BodyKind, number>;

export function bodyLimitsFromEnv(env: Record<string, string | undefined> = process.env): BodyLimits {
  const parsed = limitsSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Body size limits: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const l = parsed.data;
  return { public: l.BODY_LIMIT_PUBLIC, staff: l.BODY_LIMIT_STAFF, upload: l.BODY_LIMIT_UPLOAD };
}

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

/** Passes bytes through until the limit, then fails the stream (the reader gets BodyTooLarge). */
export function byteLimit(limit: number, onExceeded: () => void): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) {
        onExceeded();
        callback(new BodyTooLarge(limit));
      } else callback(null, chunk);
    },
  });
}
