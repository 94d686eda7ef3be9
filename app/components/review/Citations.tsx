import { Link } from "@remix-run/react";
import type { ProposalCitation } from "~/models/proposal.server";
import { formatNumber, useLocale, useT, type Locale, type MessageKey } from "~/utils/i18n";

const pct = (locale: Locale, share: number) => formatNumber(locale, share * 100, 1);
const n1 = (locale: Locale, x: number) => formatNumber(locale, x, 1);

/**
 * A proposal's evidence, worded in the reader's language: a rule's numbers (with n and interval),
 * a staff member's numbers, quotes (as text, never HTML) and links to cases. An empty list says so.
 */
export function Citations({ citations }: { citations: ProposalCitation[] }) {
  const t = useT();
  const locale = useLocale();
  if (!citations.length) return <p className="no-evidence pill warn">{t("proposal.noEvidence")}</p>;
  const objective = (o: string) => t(`proposal.objective.${o}` as MessageKey);
  return (
    <ul className="citations">
      {citations.map((c, i) => {
        switch (c.kind) {
          case "months_missed":
            return (
              <li key={i}>
                {t("proposal.cite.monthsMissed", {
                  priority: c.priority.toUpperCase(),
                  objective: objective(c.objective),
                  goal: pct(locale, c.goal),
                  months: c.months.map((m) => t("proposal.cite.month", { month: m.month, share: pct(locale, m.shareMet), n: m.n })).join(", "),
                })}
              </li>
            );
          case "satisfaction_gap":
            return (
              <li key={i}>
                {t("proposal.cite.satisfactionGap", {
                  met: n1(locale, c.metNps),
                  nMet: c.nMet,
                  breached: n1(locale, c.breachedNps),
                  nBreached: c.nBreached,
                  diff: n1(locale, c.comparison.difference ?? 0),
                  p: c.comparison.p === null ? "–" : formatNumber(locale, c.comparison.p, 3),
                })}
              </li>
            );
          case "follow_up_gap":
            return (
              <li key={i}>
                {t("proposal.cite.followUpGap", {
                  met: `${pct(locale, c.metCsat)} %`,
                  nMet: c.nMet,
                  breached: `${pct(locale, c.breachedCsat)} %`,
                  nBreached: c.nBreached,
                  diff: pct(locale, c.comparison.difference ?? 0),
                  p: c.comparison.p === null ? "–" : formatNumber(locale, c.comparison.p, 3),
                })}
              </li>
            );
          case "met_with_margin":
            return (
              <li key={i}>
                {t("proposal.cite.metWithMargin", {
                  priority: c.priority.toUpperCase(),
                  objective: objective(c.objective),
                  share: pct(locale, c.shareMet),
                  n: c.n,
                  low: pct(locale, c.low),
                  p90: n1(locale, c.p90Minutes),
                  target: c.targetMinutes,
                })}
              </li>
            );
          case "theme_impact":
            return (
              <li key={i}>
                {t("proposal.cite.themeImpact", { name: c.name, impact: n1(locale, c.impact), low: n1(locale, c.low), high: n1(locale, c.high), items: c.items })}
              </li>
            );
          case "availability_months":
            return (
              <li key={i}>
                {t("proposal.cite.availability", {
                  target: formatNumber(locale, c.targetPercent, 2),
                  months: c.months.map((m) => t("proposal.cite.availabilityMonth", { month: m.month, percent: formatNumber(locale, m.percent, 2) })).join(", "),
                })}
              </li>
            );
          case "number":
            return (
              <li key={i}>
                {t("proposal.cite.number", { label: c.label, value: String(c.value), n: c.n, low: String(c.low), high: String(c.high) })}
              </li>
            );
          case "quote":
            return (
              <li key={i}>
                <blockquote className="quote">{c.text}</blockquote>
                {c.source ? <span className="muted small">— {c.source}</span> : null}
              </li>
            );
          case "case":
            return (
              <li key={i}>
                <Link to={`/app/cases/${c.caseId}`}>{t("proposal.cite.case", { number: c.number })}</Link>
              </li>
            );
          default:
            return null;
        }
      })}
    </ul>
  );
}
