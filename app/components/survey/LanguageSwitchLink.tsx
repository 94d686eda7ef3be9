import { Link, useLocation } from "@remix-run/react";
import { useLocale, useT } from "~/utils/i18n";

/** Respondents switch language with a plain link (?lang=), so no cookie or script is needed. */
export function LanguageSwitchLink() {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const other = locale === "ko" ? "en" : "ko";
  const params = new URLSearchParams(location.search);
  params.set("lang", other);
  return (
    <p className="lang-switch">
      <Link to={`${location.pathname}?${params}`} lang={other} hrefLang={other} reloadDocument>
        {t("lang.switch")}
      </Link>
    </p>
  );
}
