/**
 * Parsers for the public labelled sets in ../shared/data (text in, rows out; the caller
 * reads the files), and the assembly of the English training set from them.
 */
import { lexiconScore } from "./lexicon";
import type { SentimentLabel } from "./types";

export type NsmcRow = { id: string; text: string; label: 0 | 1 | null; rating: number };

/** nsmc/*.tsv: id, document, [label,] rating with a header line. */
export function parseNsmc(tsv: string): NsmcRow[] {
  const lines = tsv.split("\n");
  const head = lines[0].trim().split("\t");
  const iText = head.indexOf("document");
  const iLabel = head.indexOf("label");
  const iRating = head.indexOf("rating");
  const out: NsmcRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i].replace(/\r$/, "");
    if (!l) continue;
    const c = l.split("\t");
    out.push({ id: c[0], text: c[iText] ?? "", label: iLabel >= 0 ? (Number(c[iLabel]) as 0 | 1) : null, rating: Number(c[iRating]) });
  }
  return out;
}

/** uci_sentiment/*_labelled.txt: sentence<TAB>0|1. */
export function parseUci(txt: string): { text: string; label: 0 | 1 }[] {
  const out: { text: string; label: 0 | 1 }[] = [];
  for (const raw of txt.split("\n")) {
    const l = raw.replace(/\r$/, "");
    const t = l.lastIndexOf("\t");
    if (t < 0) continue;
    const y = l.slice(t + 1).trim();
    if (y !== "0" && y !== "1") continue;
    out.push({ text: l.slice(0, t), label: y === "1" ? 1 : 0 });
  }
  return out;
}

/** Minimal RFC 4180 CSV: quoted fields, doubled quotes, commas and newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else q = false;
      } else field += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") { row.push(field); field = ""; }
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field); field = "";
      rows.push(row); row = [];
    } else field += ch;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.length > 1 || r[0] !== "");
}

/** banking77/train.csv: text,category. */
export function parseBanking77(csv: string): { text: string; category: string }[] {
  const rows = parseCsv(csv);
  const head = rows[0];
  const it = head.indexOf("text");
  const ic = head.indexOf("category");
  return rows.slice(1).map((r) => ({ text: r[it], category: r[ic] }));
}

export type LabelledText = { text: string; label: SentimentLabel; source: string };

/**
 * The English three-class training set: UCI sentences as negative/positive and BANKING77
 * customer queries as neutral when they carry no AFINN word at all (a query like "my card was
 * declined again, terrible" is not neutral). CFPB complaint narratives as more negatives were
 * dropped: trained on two UCI files and scored on the third, they cost macro-F1 on every held-out
 * file, on the tuning part as on the report part (analysis/sentiment/README.md).
 */
export function englishTrainingSet(src: { uci: { text: string; label: 0 | 1; file: string }[]; banking77: { text: string }[] }): LabelledText[] {
  const out: LabelledText[] = [];
  for (const r of src.uci) out.push({ text: r.text, label: r.label === 1 ? "positive" : "negative", source: `uci:${r.file}` });
  for (const r of src.banking77) if (lexiconScore(r.text).words.length === 0) out.push({ text: r.text, label: "neutral", source: "banking77" });
  return out;
}

/** NSMC star rating -> three classes for the learning-curve stand-in: 1-4 negative, 5-7 neutral, 8-10 positive. */
export function ratingToLabel(rating: number): SentimentLabel {
  return rating <= 4 ? "negative" : rating <= 7 ? "neutral" : "positive";
}
