import { useRouteLoaderData } from "@remix-run/react";
import { common } from "./messages/common";
import { auth } from "./messages/auth";
import { surveys } from "./messages/surveys";
import { respond } from "./messages/respond";
import { results } from "./messages/results";
import { sla } from "./messages/sla";
import { cases } from "./messages/cases";
import { input } from "./messages/input";

export type Locale = "ko" | "en";
export type Message = { ko: string; en: string };

// Each area keeps its own catalogue; keys are prefixed by area so they never collide.
export const messages = { ...common, ...auth, ...surveys, ...respond, ...results, ...sla, ...cases, ...input } satisfies Record<
  string,
  Message
>;
export type MessageKey = keyof typeof messages;

export function isLocale(value: unknown): value is Locale {
  return value === "ko" || value === "en";
}

/** Replaces {name} placeholders; a missing parameter is left visible rather than blank. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const text = messages[key][locale];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

export type T = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): T {
  return (key, params) => translate(locale, key, params);
}

/** Text in a survey's own content (per language), falling back to the other language. */
export function pick(text: { ko?: string; en?: string } | null | undefined, locale: Locale): string {
  if (!text) return "";
  return text[locale] || text[locale === "ko" ? "en" : "ko"] || "";
}

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: Locale } | undefined;
  return data?.locale ?? "ko";
}

export function useT(): T {
  return translator(useLocale());
}

export function formatNumber(locale: Locale, value: number, digits = 1): string {
  return new Intl.NumberFormat(locale === "ko" ? "ko-KR" : "en-US", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);
}

/**
 * "2026-11-27 16:05" in the given zone (UTC unless told). Numbers only: the server's ICU and the
 * browser's differ in words like AM/오전, and a difference breaks hydration.
 */
export function formatDate(_locale: Locale, value: Date | string, timeZone = "UTC"): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).formatToParts(new Date(value));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}
