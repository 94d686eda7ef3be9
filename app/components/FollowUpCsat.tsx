import type { FollowUpCsat as FollowUpFigures, FollowUpGroup } from "../../analysis/metrics";
import { HowCalculated } from "~/components/HowCalculated";
import { formatNumber, useLocale, useT } from "~/utils/i18n";

/**
 * The follow-up CSAT of closed cases, met against breached (analysis/metrics followUpCsat): the
 * compliance report and the evidence pack show it through this one table. A group under the
 * minimum n shows "too few answers" and no number.
 */
export function FollowUpCsat({ f, headingId, level = 2, tableClass = "data" }: { f: FollowUpFigures; headingId: string; level?: 2 | 3; tableClass?: string }) {
  const t = useT();
  const locale = useLocale();
  const pct = (v: number | null) => (v === null ? "—" : `${formatNumber(locale, v * 100, 1)} %`);
  const Heading = level === 2 ? "h2" : "h3";
  const row = (key: "met" | "breached", g: FollowUpGroup) => (
    <tr key={key} data-group={key}>
      <th scope="row">{t(key === "met" ? "followUp.group.met" : "followUp.group.breached")}</th>
      <td className="num">{g.sent}</td>
      <td className="num">{g.answered}</td>
      {g.csat ? (
        <>
          <td className="num follow-up-csat">{pct(g.csat.csat)}</td>
          <td className="num">{`${pct(g.csat.interval!.low)} – ${pct(g.csat.interval!.high)}`}</td>
        </>
      ) : (
        <td className="num muted" colSpan={2}>
          {t("followUp.tooFew", { n: g.answered, min: f.minN })}
        </td>
      )}
    </tr>
  );
  const c = f.comparison;
  return (
    <>
      <Heading id={headingId}>{t("followUp.title")}</Heading>
      <p className="follow-up-summary">{t("followUp.summary", { sent: f.sent, answered: f.answered, rate: pct(f.responseRate) })}</p>
      <table className={tableClass}>
        <thead>
          <tr>
            <th scope="col">{t("followUp.col.group")}</th>
            <th scope="col" className="num">{t("followUp.col.sent")}</th>
            <th scope="col" className="num">{t("followUp.col.answered")}</th>
            <th scope="col" className="num">{t("followUp.col.csat")}</th>
            <th scope="col" className="num">{t("followUp.col.interval")}</th>
          </tr>
        </thead>
        <tbody>
          {row("met", f.met)}
          {row("breached", f.breached)}
        </tbody>
      </table>
      <p className="follow-up-comparison">
        {c && c.difference !== null && c.p !== null ? (
          <>
            {t("followUp.difference", { diff: `${c.difference > 0 ? "+" : ""}${formatNumber(locale, c.difference * 100, 1)} %p` })} ·{" "}
            <span className={c.significant ? "pill warn" : "pill"}>
              {t(c.significant ? "followUp.significant" : "followUp.notSignificant", { p: formatNumber(locale, c.p, 3) })}
            </span>
          </>
        ) : (
          <span className="muted">{t("followUp.noTest", { min: f.minN })}</span>
        )}
      </p>
      <HowCalculated>{t("followUp.how", { min: f.minN })}</HowCalculated>
    </>
  );
}
