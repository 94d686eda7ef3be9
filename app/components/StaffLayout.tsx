import { Form, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import type { SafeUser } from "~/models/user.server";
import { useT, type MessageKey } from "~/utils/i18n";
import { ADMINS, ANALYSTS, hasRole, type Roles } from "~/utils/permissions";
import { LanguageSwitch } from "./LanguageSwitch";

type NavItem = { to: string; label: MessageKey; roles?: Roles };

// Seventeen links in one row read as noise: grouped by the loop's stages, each group labelled.
const nav: { label: MessageKey; items: NavItem[] }[] = [
  { label: "nav.group.collect", items: [
    { to: "/app", label: "nav.dashboard" },
    { to: "/app/surveys", label: "nav.surveys" },
    { to: "/app/responses", label: "nav.responses" },
    { to: "/app/accounts", label: "nav.accounts" },
  ] },
  { label: "nav.group.understand", items: [
    { to: "/app/feedback", label: "nav.feedback" },
    { to: "/app/interviews", label: "nav.interviews" },
    { to: "/app/themes", label: "nav.themes" },
    { to: "/app/imports", label: "nav.imports" },
  ] },
  { label: "nav.group.commit", items: [
    { to: "/app/slas", label: "nav.slas" },
    { to: "/app/cases", label: "nav.cases" },
    { to: "/app/measurements", label: "nav.availability" },
    { to: "/app/reports", label: "nav.reports" },
    { to: "/app/reviews", label: "review.nav" },
  ] },
  { label: "nav.group.admin", items: [
    { to: "/app/settings/sentiment", label: "nav.sentimentSettings", roles: ANALYSTS },
    { to: "/app/users", label: "nav.users", roles: ADMINS },
    { to: "/app/audit", label: "nav.audit", roles: ADMINS },
    { to: "/app/settings", label: "nav.settings", roles: ADMINS },
  ] },
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
          <ul className="nav-groups">
            {nav.map((group) => {
              const items = group.items.filter((item) => !item.roles || hasRole(user.role, item.roles));
              if (items.length === 0) return null;
              const id = `nav-${group.label}`;
              return (
                <li key={group.label}>
                  <span className="nav-group" id={id}>
                    {t(group.label)}
                  </span>
                  <ul aria-labelledby={id}>
                    {items.map((item) => (
                      <li key={item.to}>
                        <NavLink to={item.to} end={item.to === "/app" || item.to === "/app/settings"}>
                          {t(item.label)}
                        </NavLink>
                      </li>
                    ))}
                  </ul>
                </li>
              );
            })}
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
