import { Form, useLocation } from "@remix-run/react";
import { useLocale, useT } from "~/utils/i18n";

/** A plain form post, so switching language works with JavaScript off too. */
export function LanguageSwitch({ className = "lang-switch" }: { className?: string }) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const other = locale === "ko" ? "en" : "ko";
  const params = new URLSearchParams(location.search);
  params.delete("lang");
  const back = location.pathname + (params.size ? `?${params}` : "");
  return (
    <Form method="post" action="/lang" className={className} reloadDocument>
      <input type="hidden" name="lang" value={other} />
      <input type="hidden" name="redirectTo" value={back} />
      <button type="submit" className="secondary" lang={other} aria-label={`${t("lang.label")}: ${t("lang.switch")}`}>
        {t("lang.switch")}
      </button>
    </Form>
  );
}
