/**
 * One small CSV writer (RFC 4180): every field is quoted when it holds a comma,
 * quote, CR or LF; quotes are doubled; records end with CRLF.
 *
 * bom: true prefixes U+FEFF so Excel opens UTF-8 (Korean) text correctly
 * instead of guessing the system code page.
 *
 * Formula injection guard: a text cell starting with = + - @ (or a tab / CR,
 * which Excel also strips before evaluating) is prefixed with an apostrophe,
 * so a customer who writes "=HYPERLINK(...)" in feedback cannot make the
 * analyst's spreadsheet run it. Numbers and dates are written as they are
 * (a negative number stays a number).
 */
export type CsvCell = string | number | null | undefined | Date;

const FORMULA_START = /^[=+\-@\t\r]/;

function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? "" : value.toISOString();
  }
  if (typeof value === "number") {
    return Number.isFinite(value) ? String(value) : "";
  }
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(
  header: string[],
  rows: CsvCell[][],
  options: { bom?: boolean } = {},
): string {
  const lines = [header, ...rows].map(
    (row) => row.map((cell) => quote(cellText(cell))).join(",") + "\r\n",
  );
  return (options.bom ? "\uFEFF" : "") + lines.join("");
}
