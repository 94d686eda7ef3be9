/**
 * A validation problem. `code` is stable so the app can translate it; `path` points at the
 * offending field (e.g. "slots.2.start"); `params` fill the translated message; `message`
 * is an English fallback for logs and tests.
 */
export interface Problem {
  code: string;
  path: string;
  message: string;
  params?: Record<string, string | number>;
}

export function problem(code: string, path: string, message: string, params?: Record<string, string | number>): Problem {
  return params ? { code, path, message, params } : { code, path, message };
}
