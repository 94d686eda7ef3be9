import { describe, expect, it } from "vitest";
import { isUuid } from "~/utils/uuid";

describe("isUuid", () => {
  it("accepts a uuid in lower, upper and mixed case, of any version", () => {
    expect(isUuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")).toBe(true);
    expect(isUuid("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")).toBe(true);
    expect(isUuid("a0EEbc99-9c0b-4ef8-BB6d-6bb9bd380a11")).toBe(true);
    // PostgreSQL checks no version or variant nibble; neither do we.
    expect(isUuid("00000000-0000-0000-0000-000000000001")).toBe(true);
    expect(isUuid("a0eebc99-9c0b-0ef8-0b6d-6bb9bd380a11")).toBe(true);
  });

  it("refuses what is not one uuid in the 8-4-4-4-12 form", () => {
    for (const bad of [
      "",
      "-".repeat(36),
      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1",
      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111",
      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1g",
      "a0eebc999c0b4ef8bb6d6bb9bd380a11",
      "a0eebc99-9c0b4-ef8-bb6d-6bb9bd380a11",
      "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
      " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\n",
      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
      "x a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
    ]) {
      expect(isUuid(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it("refuses what is not a string", () => {
    for (const bad of [undefined, null, 1, {}, ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"]]) expect(isUuid(bad)).toBe(false);
  });
});
