import type { VersionInput } from "~/models/sla.server";
import { wordDiff, type DiffPart } from "~/utils/diff";
import type { Locale, T } from "~/utils/i18n";
import { versionFields } from "./format";

export type RedlineRow = {
  id: string;
  section: string;
  label: string;
  change: "same" | "added" | "removed" | "changed";
  before: string | null;
  after: string | null;
  /** Word-level parts for a changed field. */
  parts: DiffPart[];
};

/** Field-by-field comparison of two versions, in the order of the newer one (removed fields where they stood). */
export function redline(a: VersionInput, b: VersionInput, t: T, locale: Locale): RedlineRow[] {
  const fa = versionFields(a, t, locale);
  const fb = versionFields(b, t, locale);
  const inA = new Map(fa.map((f) => [f.id, f]));
  const inB = new Map(fb.map((f) => [f.id, f]));
  const rows: RedlineRow[] = [];
  const emitRemovedBefore = (idx: number) => {
    // Fields of `a` up to position idx that `b` no longer has.
    while (aPos < fa.length && aPos <= idx) {
      const f = fa[aPos++];
      if (!inB.has(f.id)) rows.push({ id: f.id, section: f.section, label: f.label, change: "removed", before: f.text, after: null, parts: [{ op: "del", text: f.text }] });
    }
  };
  let aPos = 0;
  for (const f of fb) {
    const old = inA.get(f.id);
    if (old) emitRemovedBefore(fa.indexOf(old));
    if (!old) rows.push({ id: f.id, section: f.section, label: f.label, change: "added", before: null, after: f.text, parts: [{ op: "add", text: f.text }] });
    else if (old.text === f.text) rows.push({ id: f.id, section: f.section, label: f.label, change: "same", before: old.text, after: f.text, parts: [{ op: "same", text: f.text }] });
    else rows.push({ id: f.id, section: f.section, label: f.label, change: "changed", before: old.text, after: f.text, parts: wordDiff(old.text, f.text) });
  }
  emitRemovedBefore(fa.length);
  return rows;
}
