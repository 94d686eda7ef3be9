import { isRouteErrorResponse } from "@remix-run/react";
import { useT, type MessageKey } from "~/utils/i18n";

/** Title and advice for a thrown response or error; the same words inside and outside the staff area. */
export function ErrorMessage({ error, home = "/" }: { error: unknown; home?: string }) {
  const t = useT();
  const { title, body } = errorWords(error);
  // A thrown 400 carries its explanation, already in the reader's language (utils/forms.ts badRequest).
  const explained = isRouteErrorResponse(error) && error.status === 400 && typeof error.data === "string" && error.data ? error.data : null;
  return (
    <>
      <h1>{t(title)}</h1>
      <p>{explained ?? t(body)}</p>
      <p>
        <a href={home}>{t("error.home")}</a>
      </p>
    </>
  );
}

/** The heading (also the tab's title, root.tsx meta) and the advice for an error. */
export function errorWords(error: unknown): { title: MessageKey; body: MessageKey } {
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return { title: "error.notFound.title", body: "error.notFound.body" };
    if (error.status === 403) return { title: "error.forbidden.title", body: "error.forbidden.body" };
    if (error.status === 400) return { title: "error.badRequest.title", body: "error.generic.body" };
  }
  return { title: "error.generic.title", body: "error.generic.body" };
}
