import { describe, expect, it } from "vitest";
import { sharedRead } from "../../app/utils/in-flight.server";

// sharedRead: concurrent identical reads share one query; nothing outlives the read.
describe("sharedRead", () => {
  it("runs one read for callers that ask while it is in flight, and a new one after it settles", async () => {
    let runs = 0;
    const read = () => new Promise<number>((resolve) => setTimeout(() => resolve(++runs), 5));
    const [a, b, c] = await Promise.all([sharedRead("k", read), sharedRead("k", read), sharedRead("k", read)]);
    expect([a, b, c, runs]).toEqual([1, 1, 1, 1]);
    expect(await sharedRead("k", read)).toBe(2);
    expect(await Promise.all([sharedRead("x", read), sharedRead("y", read)])).toEqual([3, 4]);
  });

  it("hands a failure to every caller that shared the read, and forgets it", async () => {
    let runs = 0;
    const failing = () => new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`down ${++runs}`)), 5));
    const results = await Promise.allSettled([sharedRead("f", failing), sharedRead("f", failing)]);
    expect(results.map((r) => (r.status === "rejected" ? (r.reason as Error).message : "ok"))).toEqual(["down 1", "down 1"]);
    expect(await sharedRead("f", async () => 7)).toBe(7);
  });
});
