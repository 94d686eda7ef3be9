import type { Localized, LocalizedList, SlaSlot } from "../../../db/schema";
import type { Objective, VersionInput } from "~/models/sla.server";
import { formatNumber, pick, type Locale, type MessageKey, type T } from "~/utils/i18n";

/** Monday first, as people read a week. */
export const dayOrder = [1, 2, 3, 4, 5, 6, 0];

export function slotText(slot: SlaSlot, t: T): string {
  if (slot.start === slot.end && slot.start === "00:00") return t("sla.doc.allDay");
  if (slot.end !== "24:00" && slot.end <= slot.start) return t("sla.doc.untilNextDay", { start: slot.start, end: slot.end });
  return `${slot.start}–${slot.end}`;
}

/** The service hours of one weekday, e.g. "09:00–12:00, 13:00–18:00", or "Closed". */
export function dayHours(slots: SlaSlot[], day: number, t: T): string {
  const mine = slots.filter((s) => s.day === day).sort((a, b) => a.start.localeCompare(b.start));
  return mine.length ? mine.map((s) => slotText(s, t)).join(", ") : t("sla.doc.closed");
}

export function num(locale: Locale, n: number): string {
  const decimals = Math.min(3, (String(n).split(".")[1] ?? "").length);
  return formatNumber(locale, n, decimals);
}

export function objectiveText(o: Objective, t: T, locale: Locale): string {
  const target = num(locale, o.target);
  const window = t(`sla.window.${o.window}`);
  switch (o.kind) {
    case "availability":
      return t("sla.doc.availability", { target });
    case "csat_floor":
      return t("sla.doc.csatFloor", { target, window });
    case "nps_floor":
      return t("sla.doc.npsFloor", { target, window });
    default:
      return t("sla.doc.timeTarget", {
        target,
        unit: t(o.unit === "minutes" ? (o.target === 1 ? "sla.unit.minute" : "sla.unit.minutes") : o.target === 1 ? "sla.unit.hour" : "sla.unit.hours"),
        mode: t(o.mode === "calendar" ? "sla.mode.calendar" : "sla.mode.business"),
      });
  }
}

export function objectiveLabel(o: Pick<Objective, "kind" | "priority">, t: T): string {
  return o.priority ? `${t(`sla.kind.${o.kind}`)} · ${t(`sla.priority.${o.priority}`)}` : t(`sla.kind.${o.kind}`);
}

export function listIn(list: LocalizedList, locale: Locale): string[] {
  const other = locale === "ko" ? "en" : "ko";
  return list[locale]?.length ? list[locale]! : list[other] ?? [];
}

export type DocField = { id: string; section: string; label: string; text: string };

/**
 * A version as a flat list of labelled fields in one language: what the redline compares and
 * what a reader scans. Ids are stable across versions (objective kind+priority, credit threshold).
 */
export function versionFields(v: VersionInput, t: T, locale: Locale): DocField[] {
  const out: DocField[] = [];
  const add = (section: string, id: string, label: string, text: string) => out.push({ id, section, label, text });
  const loc = (l: Localized) => pick(l, locale);
  add("service", "service.type", t("sla.f.serviceType"), loc(v.service.type));
  add("service", "service.scope", t("sla.f.serviceScope"), loc(v.service.scope));
  add("hours", "calendar.timezone", t("sla.f.timezone"), v.calendar.timezone);
  for (const d of dayOrder) add("hours", `calendar.day.${d}`, t("sla.f.hours", { day: t(`sla.day.${d}` as MessageKey) }), dayHours(v.calendar.slots, d, t));
  add("hours", "calendar.holidays", t("sla.f.holidays"), [...v.calendar.holidays].sort().join(", "));
  for (const o of v.objectives) add("objectives", `objective.${o.kind}.${o.priority ?? ""}`, objectiveLabel(o, t), objectiveText(o, t, locale));
  add("duties", "providerDuties", t("sla.f.providerDuties"), listIn(v.providerDuties, locale).join("\n"));
  add("duties", "customerDuties", t("sla.f.customerDuties"), listIn(v.customerDuties, locale).join("\n"));
  for (const c of [...v.remedies.credits].sort((a, b) => b.below - a.below)) {
    add("remedies", `credit.${c.below}`, t("sla.f.credit", { below: num(locale, c.below) }), t("sla.doc.credit", { below: num(locale, c.below), credit: num(locale, c.creditPercent) }));
  }
  add("remedies", "remedies.alternative", t("sla.f.alternative"), loc(v.remedies.alternative));
  add("review", "noticePeriodDays", t("sla.f.noticePeriod"), t("sla.f.days", { n: v.noticePeriodDays }));
  add("review", "reviewCadence", t("sla.f.reviewCadence"), t(`sla.cadence.${v.reviewCadence}`));
  return out.filter((f) => f.text !== "");
}

/** A date in the SLA calendar's zone, without the time (effective dates start at local midnight). */
export function formatDay(locale: Locale, value: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === "ko" ? "ko-KR" : "en-GB", { dateStyle: "medium", timeZone }).format(new Date(value));
}
