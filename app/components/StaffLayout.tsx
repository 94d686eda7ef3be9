import { Form, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import type { SafeUser } from "~/models/user.server";
import { useT, type MessageKey } from "~/utils/i18n";
import { ADMINS, ANALYSTS, hasRole, type Roles } from "~/utils/permissions";
import { LanguageSwitch } from "./LanguageSwitch";

const nav: { to: string; label: MessageKey; roles?: Roles }[] = [
  { to: "/app", label: "nav.dashboard" },
  { to: "/app/surveys", label: "nav.surveys" },
  { to: "/app/responses", label: "nav.responses" },
  { to: "/app/feedback", label: "nav.feedback" },
  { to: "/app/interviews", label: "nav.interviews" },
  { to: "/app/themes", label: "nav.themes" },
  { to: "/app/slas", label: "nav.slas" },
  { to: "/app/accounts", label: "nav.accounts" },
  { to: "/app/imports", label: "nav.imports" },
  { to: "/app/cases", label: "nav.cases" },
  { to: "/app/measurements", label: "nav.availability" },
  { to: "/app/reports", label: "nav.reports" },
  { to: "/app/reviews", label: "review.nav" },
  { to: "/app/settings/sentiment", label: "nav.sentimentSettings", roles: ANALYSTS },
  { to: "/app/users", label: "nav.users", roles: ADMINS },
  { to: "/app/audit", label: "nav.audit", roles: ADMINS },
  { to: "/app/settings", label: "nav.settings", roles: ADMINS },
];

export function StaffLayout({ user, children }: { user: SafeUser; children: ReactNode }) {
  const t = useT();
  return (
    <>
      <a className="skip" href="#main">
        {t("nav.skip")}
      </a>
      <header className="topbar">
        <a className="brand" href="/app">
          {t("app.name")}
        </a>
        <nav aria-label={t("nav.main")}>
          <ul>
            {nav.filter((item) => !item.roles || hasRole(user.role, item.roles)).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/app" || item.to === "/app/settings"}>
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {user.name} · {t(`role.${user.role}`)}
          </span>
          <NavLink to="/app/account">{t("nav.mySettings")}</NavLink>
          <LanguageSwitch className="inline" />
          <Form method="post" action="/logout">
            <button type="submit" className="link">
              {t("nav.signOut")}
            </button>
          </Form>
        </div>
      </header>
      <main id="main">{children}</main>
    </>
  );
}
