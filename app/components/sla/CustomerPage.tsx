import type { ReactNode } from "react";
import { LanguageSwitchLink } from "~/components/survey/LanguageSwitchLink";

/** A customer's link is private: keep its pages out of search engines and referrers. */
export function customerMeta(title: string) {
  return [
    { title },
    { name: "robots", content: "noindex" },
    { name: "referrer", content: "no-referrer" },
  ];
}

/** The page of a link that does not exist (or no longer does), from `customerNotFound`'s title and body. */
export function CustomerNotFound({ title, body }: { title: string; body: string }) {
  return (
    <CustomerPage title={title}>
      <p>{body}</p>
    </CustomerPage>
  );
}

/** The frame of every page a customer reaches by their SLA link (no sign-in): language switch, SLA name, title. */
export function CustomerPage({ eyebrow, title, children }: { eyebrow?: string; title: string; children: ReactNode }) {
  return (
    <main className={eyebrow ? "narrow sla-public" : "narrow"} id="main">
      <LanguageSwitchLink />
      {eyebrow ? <p className="eyebrow">{eyebrow}</p> : null}
      <h1>{title}</h1>
      {children}
    </main>
  );
}
