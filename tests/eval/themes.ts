// Loaders of the themes data in ../shared/data (BANKING77 intents, CFPB products), for the eval and the bench.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";

export function loadBanking(dataDir: string) {
  const rows = parse(readFileSync(join(dataDir, "banking77/train.csv")), { columns: true }) as { text: string; category: string }[];
  const cats = [...new Set(rows.map((r) => r.category))].sort();
  return { texts: rows.map((r) => r.text), labels: rows.map((r) => cats.indexOf(r.category)), cats };
}

export function loadCfpb(dataDir: string) {
  const read = (f: string) => JSON.parse(readFileSync(join(dataDir, "cfpb_ibm", f), "utf8")) as { input: string; output: string }[];
  const all = [...read("cfpb_train.json"), ...read("cfpb_test.json")];
  const cats = [...new Set(all.map((r) => r.output))].sort();
  // The narrative alone: the train file wraps it in "Narrative: ... Product:", the test file in
  // a prompt ("Including narratives choice the best match product with the items from the list:
  // 'credit_card', ... Comment: ..."). Left in, that shared prompt makes the 300 test items a
  // cluster of their own (and spells the five product names in every one of them).
  const clean = (s: string) =>
    s.replace(/^Narrative:\s*/, "").replace(/^Including narratives[\s\S]*?Comment:\s*/, "").replace(/\s*Product:\s*$/, "");
  return { texts: all.map((r) => clean(r.input)), labels: all.map((r) => cats.indexOf(r.output)), cats };
}
