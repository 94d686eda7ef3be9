// File reading/writing for the command line: CSV (RFC 4180) or JSONL, chosen by extension.
import { readFileSync, writeFileSync } from "node:fs";
import { extname } from "node:path";
import { parse } from "csv-parse/sync";

/** A problem with the user's input: printed as one line, exit code 2. */
export class InputError extends Error {}

export type Row = Record<string, string>;

export interface Table {
  columns: string[];
  rows: Row[];
  /** source line of each row (1-based; the CSV header is line 1) */
  lines: number[];
  format: "csv" | "jsonl";
}

export function formatOf(file: string): "csv" | "jsonl" {
  const ext = extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  throw new InputError(`${file}: unknown format "${ext || "(none)"}"; use .csv or .jsonl`);
}

export function readTable(file: string): Table {
  const format = formatOf(file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new InputError(`${file}: cannot read file`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") throw new InputError(`${file}: input is empty`);
  const rows: Row[] = [];
  const lines: number[] = [];
  let columns: string[] = [];
  if (format === "csv") {
    let records: { record: Record<string, unknown>; info: { lines: number } }[];
    try {
      records = parse(text, { columns: true, info: true, skip_empty_lines: true, bom: true }) as typeof records;
    } catch (e) {
      const err = e as { lines?: number; message?: string };
      throw new InputError(`${file}: malformed CSV at line ${err.lines ?? "?"}: ${(err.message ?? "").split("\n")[0]}`);
    }
    columns = (parse(text, { to_line: 1, bom: true }) as string[][])[0] ?? [];
    for (const { record, info } of records) {
      const row: Row = {};
      for (const c of columns) row[c] = String(record[c] ?? "");
      rows.push(row);
      lines.push(info.lines);
    }
  } else {
    const seen = new Set<string>();
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === "") return;
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch {
        throw new InputError(`${file}: malformed JSON at line ${i + 1}`);
      }
      if (obj === null || typeof obj !== "object" || Array.isArray(obj)) throw new InputError(`${file}: line ${i + 1} is not a JSON object`);
      const row: Row = {};
      for (const [k, v] of Object.entries(obj)) {
        if (!seen.has(k)) {
          seen.add(k);
          columns.push(k);
        }
        row[k] = v === null || v === undefined ? "" : typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
      }
      rows.push(row);
      lines.push(i + 1);
    });
  }
  if (rows.length === 0) throw new InputError(`${file}: input has no rows`);
  return { columns, rows, lines, format };
}

export function requireColumn(t: Table, col: string | undefined, flag: string, file: string): string {
  if (!col) throw new InputError(`missing ${flag} COLUMN`);
  if (!t.columns.includes(col)) throw new InputError(`${file}: no column "${col}"; columns are: ${t.columns.join(", ")}`);
  return col;
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) || s.startsWith(" ") || s.endsWith(" ") ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const out = [columns.map(csvCell).join(",")];
  for (const r of rows) out.push(columns.map((c) => csvCell(r[c])).join(","));
  return out.join("\r\n") + "\r\n";
}

/** Rows are written in the format of `file`'s extension; JSONL keeps numbers as numbers. */
export function writeTable(file: string, columns: string[], rows: Record<string, unknown>[]): void {
  const format = formatOf(file);
  const body =
    format === "csv"
      ? toCsv(columns, rows)
      : rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c] ?? null])))).join("\n") + "\n";
  writeFileSync(file, body);
}
