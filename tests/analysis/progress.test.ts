import { describe, expect, it } from "vitest";
import { jobProgress } from "../../analysis/metrics";

describe("jobProgress", () => {
  it("says how far, how fast and how long is left from bytes read and rows done", () => {
    // A quarter of the file in 10 s: 30 s left; 5,000 rows in 10 s is 500 rows/s.
    expect(jobProgress({ rowsDone: 5000, bytesDone: 25, bytesTotal: 100, elapsedMs: 10_000 })).toEqual({ fraction: 0.25, rowsPerSecond: 500, secondsLeft: 30 });
  });

  it("is null where nothing can be said yet, and never past the end", () => {
    expect(jobProgress({ rowsDone: 0, bytesDone: 0, bytesTotal: 100, elapsedMs: 0 })).toEqual({ fraction: 0, rowsPerSecond: null, secondsLeft: null });
    expect(jobProgress({ rowsDone: 10, bytesDone: 5, bytesTotal: 0, elapsedMs: 1000 })).toEqual({ fraction: null, rowsPerSecond: 10, secondsLeft: null });
    expect(jobProgress({ rowsDone: 10, bytesDone: 120, bytesTotal: 100, elapsedMs: 2000 })).toEqual({ fraction: 1, rowsPerSecond: 5, secondsLeft: 0 });
  });
});
