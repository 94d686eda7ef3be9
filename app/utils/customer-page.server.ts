import { data } from "@remix-run/node";
import { translate, type Locale } from "~/utils/i18n";

/** A customer's page by their SLA link: theirs alone, so no shared cache keeps it. */
export function customerPage<T>(body: T) {
  return data(body, { headers: { "Cache-Control": "private, no-store" } });
}

/** The 404 of a customer's SLA link that does not exist (or no longer does): the same words on every such page. */
export function customerNotFound(locale: Locale) {
  return data(
    { kind: "notFound" as const, title: translate(locale, "sla.public.notFound.title"), body: translate(locale, "sla.public.notFound.body") },
    { status: 404, headers: { "Cache-Control": "no-store" } },
  );
}
