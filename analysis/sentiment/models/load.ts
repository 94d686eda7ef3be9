/**
 * The one place in analysis/sentiment that touches the file system: reading shipped model
 * files. Everything else takes a LinearModel (or bytes) as plain data.
 */
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeModel } from "../model";
import type { LinearModel } from "../model";

export type ShippedModels = { ko: LinearModel; en: LinearModel };

/** Where the .bin files are: $TRUSTLOOP_MODEL_DIR, next to this module, or analysis/sentiment/models under the working directory (bundled server builds). */
export function modelDir(): string {
  const candidates: string[] = [];
  if (process.env.TRUSTLOOP_MODEL_DIR) candidates.push(process.env.TRUSTLOOP_MODEL_DIR);
  try {
    candidates.push(fileURLToPath(new URL(".", import.meta.url)));
  } catch {
    // bundled into a CJS build: no import.meta.url
  }
  candidates.push(join(process.cwd(), "analysis", "sentiment", "models"));
  for (const d of candidates) if (existsSync(join(d, "ko.bin")) && existsSync(join(d, "en.bin"))) return d;
  throw new Error(`sentiment model files not found (looked in ${candidates.join(", ")})`);
}

/** Read a model from a path or from bytes already in memory. */
export function loadModel(pathOrBytes: string | Uint8Array): LinearModel {
  const bytes = typeof pathOrBytes === "string" ? new Uint8Array(readFileSync(pathOrBytes)) : pathOrBytes;
  return decodeModel(bytes);
}

let cached: ShippedModels | null = null;

/** The shipped Korean and English models, read once per process. */
export function loadShippedModels(dir?: string): ShippedModels {
  if (cached && !dir) return cached;
  const d = dir ?? modelDir();
  const m = { ko: loadModel(join(d, "ko.bin")), en: loadModel(join(d, "en.bin")) };
  if (!dir) cached = m;
  return m;
}
