import { useT } from "~/utils/i18n";

/** SLA state at a glance: a symbol and a word, never colour alone. */
export function CaseFlags({ breached, atRisk, paused }: { breached: boolean; atRisk: boolean; paused: boolean }) {
  const t = useT();
  return (
    <span className="case-flags">
      {breached ? <span className="pill bad">{t("cases.flag.breached")}</span> : null}
      {atRisk ? <span className="pill warn">{t("cases.flag.atRisk")}</span> : null}
      {paused ? <span className="pill">{t("cases.flag.paused")}</span> : null}
    </span>
  );
}
