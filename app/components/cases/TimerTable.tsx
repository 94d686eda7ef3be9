import type { CaseTimers, TimerResult } from "../../../analysis/sla";
import { useT, type MessageKey } from "~/utils/i18n";
import { formatDateTime, useTimeZone } from "~/utils/dates";
import { formatDuration, formatTarget } from "./format";

type Breach = { timer: string; breached_at: Date; recorded_at: Date };

/** Every timer of a case: target, due time (in the viewer's zone, labelled), time left or over, state. */
export function TimerTable({ timers, breaches }: { timers: CaseTimers; breaches: Breach[] }) {
  const t = useT();
  const zone = useTimeZone();
  const when = (d: Date | string | null) => (d ? formatDateTime(d, zone) : "—");
  const rows: TimerResult[] = [timers.first_response, timers.progress_update, timers.resolution];
  return (
    <table className="timers">
      <thead>
        <tr>
          <th scope="col">{t("cases.timers")}</th>
          <th scope="col">{t("cases.timer.target")}</th>
          <th scope="col">{t("cases.timer.due")}</th>
          <th scope="col">{t("cases.timer.left")}</th>
          <th scope="col">{t("cases.timer.state")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const recorded = breaches.find((b) => b.timer === r.kind);
          const live = r.status === "running" || r.status === "paused";
          return (
            <tr key={r.kind} className={`timer timer-${r.status}${r.atRisk ? " at-risk" : ""}`} data-timer={r.kind} data-state={r.status}>
              <th scope="row">{t(`cases.timer.${r.kind}` as MessageKey)}</th>
              <td>
                {r.status === "not_applicable" ? (
                  "—"
                ) : (
                  <>
                    {formatTarget(t, r.targetMinutes)}
                    <br />
                    <span className="small muted">{t(`cases.mode.${r.mode}` as MessageKey)}</span>
                  </>
                )}
              </td>
              <td>
                {r.status === "not_applicable" ? "—" : when(r.due)}
                {r.status === "paused" ? (
                  <>
                    <br />
                    <span className="small muted">({t("cases.timer.ifResumed")})</span>
                  </>
                ) : null}
              </td>
              <td className="num">
                {r.remainingMinutes === null || (!live && r.status !== "breached")
                  ? "—"
                  : r.remainingMinutes >= 0
                    ? t("cases.timer.leftValue", { time: formatDuration(t, r.remainingMinutes) })
                    : t("cases.timer.overValue", { time: formatDuration(t, r.remainingMinutes) })}
              </td>
              <td>
                <strong>
                  {r.status === "running"
                    ? t("cases.timer.running")
                    : r.status === "paused"
                      ? t("cases.timer.paused")
                      : t(`cases.timer.${r.status}` as MessageKey)}
                </strong>
                {r.atRisk ? (
                  <>
                    <br />
                    <span className="pill warn">{t("cases.timer.atRisk")}</span>
                  </>
                ) : null}
                {r.breachedAt ? (
                  <>
                    <br />
                    <span className="small">
                      {t("cases.timer.breachedAt", { at: when(r.breachedAt), recorded: when(recorded?.recorded_at ?? null) })}
                    </span>
                    {r.misses > 1 ? (
                      <>
                        <br />
                        <span className="small">{t("cases.timer.misses", { n: r.misses })}</span>
                      </>
                    ) : null}
                  </>
                ) : null}
                {r.status === "met" && r.stoppedAt ? (
                  <>
                    <br />
                    <span className="small muted">{t("cases.timer.stoppedAt", { at: when(r.stoppedAt) })}</span>
                  </>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
