import { isRouteErrorResponse } from "@remix-run/react";
import { useT, type MessageKey } from "~/utils/i18n";

/** Title and advice for a thrown response or error; the same words inside and outside the staff area. */
export function ErrorMessage({ error, home = "/" }: { error: unknown; home?: string }) {
  const t = useT();
  let title: MessageKey = "error.generic.title";
  let body: MessageKey = "error.generic.body";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) [title, body] = ["error.notFound.title", "error.notFound.body"];
    else if (error.status === 403) [title, body] = ["error.forbidden.title", "error.forbidden.body"];
    else if (error.status === 400) title = "error.badRequest.title";
  }
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
