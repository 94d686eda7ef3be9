// analysis/README.md's promise, checked on the source: plain data in, plain data out. Nothing here
// imports app/ or db/, reads the clock, draws unseeded random numbers or looks at the machine; the
// few files that touch files or threads are named, with what they may use.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../analysis");

/** Node modules a file may import; every other file none. */
const NODE_ALLOWED: Record<string, string[]> = {
  "cli/": ["node:fs", "node:os", "node:path", "node:url"], // the command line: files, and the cores it gives discovery
  "sentiment/models/": ["node:fs", "node:path", "node:url"], // the shipped model files
  "text/stem.ts": ["node:module"],
  "themes/parallel.ts": ["node:worker_threads"],
};
/** Files that run as programs (a clock for their own timing, the environment for their options). */
const PROGRAMS = ["cli/", "sentiment/models/build.ts"];

const under = (file: string, prefixes: string[]) => prefixes.some((p) => (p.endsWith("/") ? file.startsWith(p) : file === p));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [relative(root, p)] : [];
  });
}

describe("analysis/ stays pure", () => {
  const files = sources(root);

  it("finds the module's files", () => {
    expect(files).toContain("metrics/nps.ts");
    expect(files).toContain("themes/discover.ts");
  });

  it("imports only analysis/ itself, packages, and the node modules a file is allowed", () => {
    const wrong: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(root, file), "utf8");
      for (const [, spec] of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/g)) {
        if (spec.startsWith(".")) {
          if (relative(root, resolve(root, dirname(file), spec)).startsWith("..")) wrong.push(`${file}: ${spec}`);
        } else if (spec.startsWith("node:")) {
          const allowed = Object.entries(NODE_ALLOWED).find(([p]) => under(file, [p]))?.[1] ?? [];
          if (!allowed.includes(spec)) wrong.push(`${file}: ${spec}`);
        } else if (spec.startsWith("~") || /^(app|db)\//.test(spec)) wrong.push(`${file}: ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("reads no clock, no unseeded randomness and nothing of the machine outside its programs", () => {
    const wrong: string[] = [];
    for (const file of files) {
      if (under(file, PROGRAMS)) continue;
      // comments may name what the code must not do
      const code = readFileSync(join(root, file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "");
      for (const bad of [/Date\.now\(/, /new Date\(\)/, /Math\.random\(/, /performance\.now\(/, /availableParallelism|\bcpus\(\)/, /process\.env\b/]) {
        if (bad.test(code) && !(file === "sentiment/models/load.ts" && bad.source === "process\\.env\\b")) wrong.push(`${file}: ${bad.source}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
