import type { MetaArgs, MetaDescriptor, MetaFunction } from "@remix-run/node";
import { translate, type Locale, type MessageKey } from "./i18n";

/** The locale the root loader chose; meta functions run outside React, so no hook. */
export function metaLocale(matches: MetaArgs["matches"]): Locale {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined;
  return root?.locale ?? "ko";
}

/** The browser tab says what the page's heading says, in the reader's language. */
export function pageTitle(matches: MetaArgs["matches"], key: MessageKey, params?: Record<string, string | number>): MetaDescriptor[] {
  return [{ title: `${translate(metaLocale(matches), key, params)} · Trustloop` }];
}

export const titleMeta =
  (key: MessageKey): MetaFunction =>
  ({ matches }) =>
    pageTitle(matches, key);
