import { describe, expect, it } from "vitest";
import { tokens, wordDiff, type DiffPart } from "../../app/utils/diff";

const side = (parts: DiffPart[], keep: "add" | "del") => parts.filter((p) => p.op === "same" || p.op === keep).map((p) => p.text).join("");

describe("wordDiff", () => {
  it("marks a changed word as one removal and one addition, keeping the rest", () => {
    const parts = wordDiff("respond within 24 hours", "respond within 8 hours");
    expect(parts).toEqual([
      { op: "same", text: "respond within " },
      { op: "del", text: "24" },
      { op: "add", text: "8" },
      { op: "same", text: " hours" },
    ]);
  });

  it("splits Korean text at spaces (particles stay attached to their word)", () => {
    const parts = wordDiff("평일 09:00부터 18:00까지 지원합니다", "평일 08:00부터 20:00까지 지원합니다");
    // Two neighbouring changed words read as one edit; each word stays whole.
    expect(parts.filter((p) => p.op === "del").map((p) => p.text.trim())).toEqual(["09:00부터 18:00까지"]);
    expect(parts.filter((p) => p.op === "add").map((p) => p.text.trim())).toEqual(["08:00부터 20:00까지"]);
  });

  it("gives back both texts exactly, whitespace included", () => {
    const before = "Provider keeps  the service\nrunning and answers tickets.";
    const after = "Provider keeps the service running, answers tickets and reports monthly.";
    const parts = wordDiff(before, after);
    expect(side(parts, "del")).toBe(before);
    expect(side(parts, "add")).toBe(after);
  });

  it("reports pure additions and removals, and nothing for equal texts", () => {
    expect(wordDiff("", "new clause")).toEqual([{ op: "add", text: "new clause" }]);
    expect(wordDiff("old clause", "")).toEqual([{ op: "del", text: "old clause" }]);
    expect(wordDiff("same", "same")).toEqual([{ op: "same", text: "same" }]);
    expect(wordDiff("", "")).toEqual([]);
  });

  it("finds the longest common run rather than the first match", () => {
    const parts = wordDiff("a b c d", "x a b c d");
    expect(parts[0]).toEqual({ op: "add", text: "x " });
    expect(parts.filter((p) => p.op === "del")).toEqual([]);
  });

  it("two long, wholly different texts are one removal and one addition", () => {
    const long = (w: string) => Array.from({ length: 2500 }, (_, i) => `${w}${i}`).join(" ");
    const parts = wordDiff(long("a"), long("b"));
    expect(side(parts, "del")).toBe(long("a"));
    expect(side(parts, "add")).toBe(long("b"));
  });

  it("a 3,000-line duty list with one change shows exactly that change (the old LCS gave up past 4M cells)", () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `Duty ${i}: the provider answers tickets within the agreed time and reports monthly.`);
    const before = lines.join("\n");
    const changed = [...lines];
    changed[1500] = "Duty 1500: the provider answers tickets within two hours and reports monthly.";
    const parts = wordDiff(before, changed.join("\n"));
    expect(parts.filter((p) => p.op === "del").map((p) => p.text.trim())).toEqual(["the agreed time"]);
    expect(parts.filter((p) => p.op === "add").map((p) => p.text.trim())).toEqual(["two hours"]);
    expect(side(parts, "del")).toBe(before);
  });

  it("tokens keep whitespace runs", () => {
    expect(tokens("a  b\nc")).toEqual(["a", "  ", "b", "\n", "c"]);
  });
});
