import { describe, expect, it } from "vitest";
import { toCsv } from "~/utils/csv";

describe("toCsv", () => {
  it("ends every record with CRLF and writes the header first", () => {
    expect(toCsv(["a", "b"], [["1", "2"]])).toBe("a,b\r\n1,2\r\n");
  });

  it("prefixes the BOM only when asked", () => {
    expect(toCsv(["a"], [], { bom: true }).startsWith("\uFEFFa")).toBe(true);
    expect(toCsv(["a"], []).startsWith("\uFEFF")).toBe(false);
  });

  it("quotes commas, quotes and line breaks (RFC 4180) and doubles quotes", () => {
    const csv = toCsv(["x"], [["a,b"], ['say "hi"'], ["two\nlines"], ["cr\rx"]]);
    expect(csv).toBe('x\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n"cr\rx"\r\n');
  });

  it("keeps Korean text intact", () => {
    expect(toCsv(["계정"], [["한빛상사, 서울"]], { bom: true })).toBe('\uFEFF계정\r\n"한빛상사, 서울"\r\n');
  });

  it("writes null and undefined as empty, numbers as numbers, dates as ISO", () => {
    const d = new Date("2026-03-04T05:06:07.000Z");
    expect(toCsv(["a", "b", "c", "d", "e"], [[null, undefined, 42, -3, d]])).toBe(
      "a,b,c,d,e\r\n,,42,-3,2026-03-04T05:06:07.000Z\r\n",
    );
  });

  it("guards against formula injection in text cells", () => {
    const csv = toCsv(["f"], [["=1+1"], ["+SUM(A1)"], ["-2"], ["@cmd"], ["ok=1"]]);
    expect(csv).toBe("f\r\n'=1+1\r\n'+SUM(A1)\r\n'-2\r\n'@cmd\r\nok=1\r\n");
  });

  it("quotes a guarded cell that also needs quoting", () => {
    expect(toCsv(["f"], [['=HYPERLINK("x")']])).toBe(`f\r\n"'=HYPERLINK(""x"")"\r\n`);
  });
});
