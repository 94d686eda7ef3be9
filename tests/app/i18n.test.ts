import { describe, expect, it } from "vitest";
import { messages, translate, type MessageKey } from "../../app/utils/i18n";

describe("messages", () => {
  it("English counts agree with their number: one case, two cases", () => {
    expect(translate("en", "cases.count", { n: 1 })).toBe("1 case");
    expect(translate("en", "cases.count", { n: 2 })).toBe("2 cases");
    expect(translate("en", "cases.count", { n: 0 })).toBe("0 cases");
    // Counts arrive formatted ("1,234"); the form is chosen from the number, # shows it as given.
    expect(translate("en", "measurements.imported", { n: "1,234" })).toBe("Imported 1,234 measurement windows.");
    expect(translate("en", "measurements.imported", { n: 1 })).toBe("Imported 1 measurement window.");
    expect(translate("en", "results.dashboard.recent", { n: 1, days: 30 })).toBe("1 response in the last 30 days");
    expect(translate("ko", "cases.count", { n: 1 })).toBe("케이스 1건");
  });

  it("no English message puts a count before a plural noun without a plural form", () => {
    // "{n} cases" reads "1 cases"; every count word must go through {n, plural, ...}.
    const offenders = (Object.keys(messages) as MessageKey[]).filter((key) =>
      /\{(?:n|count|days|minutes|hours|max|min|total|finished|unfinished)\} (?:[a-z]+ )?[a-z]+s\b/.test(messages[key].en.replace(/\{\w+, plural,(?:[^{}]|\{[^{}]*\})*\}/g, "")),
    );
    expect(offenders).toEqual([]);
  });
});
