import { useRouteLoaderData } from "@remix-run/react";
import { formatDateTime } from "./dates";
import { common } from "./messages/common";
import { auth } from "./messages/auth";
import { surveys } from "./messages/surveys";
import { respond } from "./messages/respond";
import { results } from "./messages/results";
import { sla } from "./messages/sla";
import { cases } from "./messages/cases";
import { admin } from "./messages/admin";
import { security } from "./messages/security";
import { accounts, responsePage } from "./messages/accounts";
import { housekeeping, housekeepingMore } from "./messages/housekeeping";
import { input } from "./messages/input";
import { dashboard, themes } from "./messages/themes";
import { dashboardPanels } from "./messages/dashboard";
import { review } from "./messages/review";
import { proposals } from "./messages/proposals";
import { notices } from "./messages/notices";
import { feedback } from "./messages/feedback";
import { imports } from "./messages/imports";
import { users } from "./messages/users";
import { followup } from "./messages/followup";
import { times } from "./messages/times";
import { analysislang } from "./messages/analysislang";

export type Locale = "ko" | "en";
export type Message = { ko: string; en: string };

// Each area keeps its own catalogue; keys are prefixed by area so they never collide.
export const messages = {
  ...common,
  ...auth,
  ...surveys,
  ...respond,
  ...results,
  ...sla,
  ...cases,
  ...admin,
  ...security,
  ...accounts,
  ...responsePage,
  ...housekeeping,
  ...housekeepingMore,
  ...input,
  ...review,
  ...proposals,
  ...notices,
  ...feedback,
  ...themes,
  ...dashboard,
  ...dashboardPanels,
  ...imports,
  ...users,
  ...followup,
  ...times,
  ...analysislang,
} satisfies Record<
  string,
  Message
>;
export type MessageKey = keyof typeof messages;

export function isLocale(value: unknown): value is Locale {
  return value === "ko" || value === "en";
}

const pluralRules = { ko: new Intl.PluralRules("ko-KR"), en: new Intl.PluralRules("en-US") };

/** "1,234" (already formatted) or 1234 -> 1234, for choosing a plural form. */
function countOf(value: string | number | undefined): number {
  return typeof value === "number" ? value : Number(String(value ?? "").replace(/[^\d.-]/g, ""));
}

/**
 * ICU-style plurals, the one part of ICU messages we need: "{n, plural, one {# case} other {#
 * cases}}" picks a form by Intl.PluralRules, and # stands for the parameter as given.
 */
function applyPlurals(locale: Locale, text: string, params: Record<string, string | number>): string {
  const head = /\{(\w+), plural,/g;
  let out = "";
  let last = 0;
  for (let m = head.exec(text); m; m = head.exec(text)) {
    const name = m[1];
    const forms: Record<string, string> = {};
    let i = m.index + m[0].length;
    // Read "form {body}" pairs until the closing brace of the plural.
    for (;;) {
      while (text[i] === " ") i++;
      if (text[i] === "}" || i >= text.length) break;
      const open = text.indexOf("{", i);
      const form = text.slice(i, open).trim();
      let depth = 1;
      let j = open + 1;
      for (; j < text.length && depth; j++) depth += text[j] === "{" ? 1 : text[j] === "}" ? -1 : 0;
      forms[form] = text.slice(open + 1, j - 1);
      i = j;
    }
    const n = countOf(params[name]);
    const chosen = forms[`=${n}`] ?? forms[pluralRules[locale].select(n)] ?? forms.other ?? "";
    out += text.slice(last, m.index) + chosen.replaceAll("#", String(params[name] ?? ""));
    last = i + 1;
    head.lastIndex = last;
  }
  return out + text.slice(last);
}

/** Replaces {name} placeholders; a missing parameter is left visible rather than blank. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const text = messages[key][locale];
  if (!params) return text;
  return applyPlurals(locale, text, params).replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
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

// Building an Intl.NumberFormat costs about 0.1 ms; a page formats hundreds of numbers.
const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(locale: Locale, value: number, digits = 1): string {
  const key = `${locale}:${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale === "ko" ? "ko-KR" : "en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
    numberFormats.set(key, f);
  }
  return f.format(value);
}

/** "2026-11-27 16:05" in the given zone (UTC unless told), unlabelled: use formatDateTime of ./dates, which labels. */
export function formatDate(_locale: Locale, value: Date | string, timeZone = "UTC"): string {
  return formatDateTime(value, timeZone, { label: false });
}
