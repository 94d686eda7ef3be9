/**
 * Rebuilds a shipped model file byte for byte from ../shared/data:
 *   npx tsx analysis/sentiment/models/build.ts ko|en [--data DIR] [--out FILE]
 * A script (reads and writes files), not part of the pure library.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeModel } from "../model";
import { buildEnglishModel, buildKoreanModel } from "../recipes";
import type { EnSources, KoSources } from "../recipes";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const which = process.argv[2];
if (which !== "ko" && which !== "en") {
  console.error("usage: npx tsx analysis/sentiment/models/build.ts ko|en [--data DIR] [--out FILE]");
  process.exit(2);
}
const here = fileURLToPath(new URL(".", import.meta.url));
// ../shared/data beside the checkout, or one level further up from a worktree
const dataDir = arg("--data") ?? [join(here, "..", "..", "..", "..", "shared", "data"), join(here, "..", "..", "..", "..", "..", "shared", "data")].find((d) => existsSync(d)) ?? join(here, "..", "..", "..", "..", "shared", "data");
const out = arg("--out") ?? join(here, `${which}.bin`);
const read = (p: string) => readFileSync(join(dataDir, p), "utf8");
const t0 = Date.now();
const model =
  which === "ko"
    ? buildKoreanModel({
        "nsmc/train_balanced_100k.tsv": read("nsmc/train_balanced_100k.tsv"),
        "nsmc/by_rating_1k_each.tsv": read("nsmc/by_rating_1k_each.tsv"),
      } satisfies KoSources)
    : buildEnglishModel(
        Object.fromEntries(
          [
            "uci_sentiment/amazon_cells_labelled.txt",
            "uci_sentiment/imdb_labelled.txt",
            "uci_sentiment/yelp_labelled.txt",
            "banking77/train.csv",
          ].map((p) => [p, read(p)]),
        ) as EnSources,
      );
const bytes = encodeModel(model);
writeFileSync(out, bytes);
console.log(`${out}: ${bytes.length} bytes, neutral margin ${model.neutralMargin}, ${(Date.now() - t0) / 1000} s`);
console.log(JSON.stringify(model.meta));
