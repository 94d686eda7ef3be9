import type { ProposalChange } from "../../analysis/review/changes";
import { formatNumber, pick, translate, type Locale, type MessageKey } from "./i18n";

// A proposal's change in plain words in the reader's language, e.g.
// "P1 first response: 60 → 30 minutes". Pure: the same change and locale give the same words.

function num(locale: Locale, n: number): string {
  const decimals = Math.min(3, (String(n).split(".")[1] ?? "").length);
  return formatNumber(locale, n, decimals);
}

/** Weekly service hours in a few words, Monday first: "Mon 09:00–18:00, Tue 09:00–18:00". */
export function slots(locale: Locale, list: readonly { day: number; start: string; end: string }[]): string {
  if (!list.length) return translate(locale, "proposal.describe.none");
  // Monday first, as people read a week.
  const order = (d: number) => (d + 6) % 7;
  return [...list]
    .sort((a, b) => order(a.day) - order(b.day) || a.start.localeCompare(b.start))
    .map((s) => `${translate(locale, `proposal.dayShort.${s.day}` as MessageKey)} ${s.start}–${s.end}`)
    .join(", ");
}

function credits(locale: Locale, list: readonly { below: number; creditPercent: number }[]): string {
  if (!list.length) return translate(locale, "proposal.describe.none");
  return [...list]
    .sort((a, b) => b.below - a.below)
    .map((c) => translate(locale, "proposal.describe.creditTier", { below: num(locale, c.below), credit: num(locale, c.creditPercent) }))
    .join("; ");
}

function quoted(locale: Locale, text: { ko?: string; en?: string }): string {
  const s = pick(text, locale);
  return s ? `“${s}”` : translate(locale, "proposal.describe.none");
}

export function describeChange(change: ProposalChange, locale: Locale): string {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  switch (change.kind) {
    case "time_target":
      return t("proposal.describe.time_target", {
        priority: change.priority.toUpperCase(),
        objective: t(`proposal.objective.${change.objective}` as MessageKey),
        from: num(locale, change.from),
        to: num(locale, change.to),
      });
    case "time_mode":
      return t("proposal.describe.time_mode", {
        priority: change.priority.toUpperCase(),
        objective: t(`proposal.objective.${change.objective}` as MessageKey),
        from: t(`proposal.mode.${change.from}` as MessageKey),
        to: t(`proposal.mode.${change.to}` as MessageKey),
      });
    case "availability_target":
      return t("proposal.describe.availability_target", { from: num(locale, change.from), to: num(locale, change.to) });
    case "service_hours":
      return t("proposal.describe.service_hours", { from: slots(locale, change.from), to: slots(locale, change.to) });
    case "duty_add":
      return t(`proposal.describe.duty_add.${change.side}` as MessageKey, { text: quoted(locale, change.text) });
    case "duty_remove":
      return t(`proposal.describe.duty_remove.${change.side}` as MessageKey, { text: quoted(locale, change.text) });
    case "credits":
      return t("proposal.describe.credits", { from: credits(locale, change.from), to: credits(locale, change.to) });
    case "alternative_service":
      return t("proposal.describe.alternative_service", { from: quoted(locale, change.from), to: quoted(locale, change.to) });
    case "review_cadence":
      return t("proposal.describe.review_cadence", {
        from: t(`proposal.cadence.${change.from}` as MessageKey),
        to: t(`proposal.cadence.${change.to}` as MessageKey),
      });
  }
}
