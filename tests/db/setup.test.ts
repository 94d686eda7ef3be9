import { describe, expect, it } from "vitest";
import { isDemoMode } from "../../db/setup";

describe("demo mode", () => {
  it("is on for the embedded database, whatever NODE_ENV says", () => {
    expect(isDemoMode({})).toBe(true);
    expect(isDemoMode({ NODE_ENV: "production" })).toBe(true);
  });
  it("is on for PostgreSQL outside production, and off in production", () => {
    expect(isDemoMode({ DATABASE_URL: "postgres://db/x" })).toBe(true);
    expect(isDemoMode({ DATABASE_URL: "postgres://db/x", NODE_ENV: "production" })).toBe(false);
    expect(isDemoMode({ DATABASE_URL: "postgresql://db/x", NODE_ENV: "production" })).toBe(false);
  });
  it("TRUSTLOOP_DEMO forces it either way", () => {
    expect(isDemoMode({ TRUSTLOOP_DEMO: "0" })).toBe(false);
    expect(isDemoMode({ DATABASE_URL: "postgres://db/x", NODE_ENV: "production", TRUSTLOOP_DEMO: "1" })).toBe(true);
  });
});
