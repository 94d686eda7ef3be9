import { describe, expect, it } from "vitest";
import { isDemoMode } from "../../db/setup";

describe("demo mode", () => {
  it("is on outside production, whatever the database", () => {
    expect(isDemoMode({})).toBe(true);
    expect(isDemoMode({ NODE_ENV: "development" })).toBe(true);
    expect(isDemoMode({ DATABASE_URL: "postgres://db/x" })).toBe(true);
  });
  it("is off with NODE_ENV=production on any database, even when TRUSTLOOP_DEMO=1 asks for it", () => {
    expect(isDemoMode({ NODE_ENV: "production" })).toBe(false);
    expect(isDemoMode({ NODE_ENV: "production", TRUSTLOOP_DEMO: "1" })).toBe(false);
    expect(isDemoMode({ DATABASE_URL: "postgres://db/x", NODE_ENV: "production" })).toBe(false);
    expect(isDemoMode({ DATABASE_URL: "postgresql://db/x", NODE_ENV: "production", TRUSTLOOP_DEMO: "1" })).toBe(false);
  });
  it("TRUSTLOOP_DEMO=0 turns it off", () => {
    expect(isDemoMode({ TRUSTLOOP_DEMO: "0" })).toBe(false);
  });
});
