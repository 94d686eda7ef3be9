import type { ProposalChange } from "../../analysis/review";
import { dayHours, dayOrder, num } from "~/components/sla/format";
import { pick, translate, translator, type Locale, type MessageKey } from "./i18n";

/** "2 hours", "90 minutes": whole hours in hours. */
function duration(minutes: number, locale: Locale): string {
  if (!Number.isFinite(minutes)) return translate(locale, "notice.removedTarget");
  return minutes % 60 === 0 ? translate(locale, "notice.hours", { n: minutes / 60 }) : translate(locale, "notice.minutes", { n: minutes });
}

function hours(slots: { day: number; start: string; end: string }[], locale: Locale): string {
  const t = translator(locale);
  // Only the days with service: a week of "Closed" says nothing a reader needs.
  const open = dayOrder.filter((d) => slots.some((s) => s.day === d));
  if (!open.length) return t("notice.change.none");
  return open.map((d) => `${t(`sla.day.${d}` as MessageKey)} ${dayHours(slots, d, t)}`).join(", ");
}

function credits(tiers: { below: number; creditPercent: number }[], locale: Locale): string {
  if (!tiers.length) return translate(locale, "notice.change.none");
  return [...tiers]
    .sort((a, b) => b.below - a.below)
    .map((c) => translate(locale, "sla.doc.credit", { below: num(locale, c.below), credit: num(locale, c.creditPercent) }))
    .join("; ");
}

/**
 * One proposal change in plain words for a customer or a board member, in their language:
 * "First response for P2 (high): 2 hours instead of 4 hours". Used by the amendment's change
 * note, the customer notice page and the notice email.
 */
export function describeChange(change: ProposalChange, locale: Locale): string {
  const t = translator(locale);
  const text = (v: { ko?: string; en?: string }) => pick(v, locale) || t("notice.change.none");
  switch (change.kind) {
    case "time_target":
      return t("notice.change.time_target", {
        objective: t(`sla.kind.${change.objective}`),
        priority: t(`sla.priority.${change.priority}`),
        from: duration(change.from, locale),
        to: duration(change.to, locale),
      });
    case "time_mode":
      return t("notice.change.time_mode", {
        objective: t(`sla.kind.${change.objective}`),
        priority: t(`sla.priority.${change.priority}`),
        from: t(`sla.mode.${change.from}`),
        to: t(`sla.mode.${change.to}`),
      });
    case "availability_target":
      return t("notice.change.availability_target", { from: num(locale, change.from), to: num(locale, change.to) });
    case "service_hours":
      return t("notice.change.service_hours", { from: hours(change.from, locale), to: hours(change.to, locale) });
    case "duty_add":
    case "duty_remove":
      return t(`notice.change.${change.kind}.${change.side}`, { text: text(change.text) });
    case "credits":
      return t("notice.change.credits", { from: credits(change.from, locale), to: credits(change.to, locale) });
    case "alternative_service":
      return t("notice.change.alternative_service", { from: text(change.from), to: text(change.to) });
    case "review_cadence":
      return t("notice.change.review_cadence", { from: t(`sla.cadence.${change.from}`), to: t(`sla.cadence.${change.to}`) });
  }
}

/** Weekly service hours in a few words, for the proposal form's "now" line. */
export function slots(locale: Locale, list: { day: number; start: string; end: string }[]): string {
  return hours(list, locale);
}
