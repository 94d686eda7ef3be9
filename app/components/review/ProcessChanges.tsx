import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { ProcessChangeRow } from "~/models/review.server";
import { useT, type MessageKey } from "~/utils/i18n";
import { Field } from "~/components/Field";

const metrics = ["nps", "csat", "ces", "availability", "first_response", "progress_update", "resolution"] as const;
const priorities = ["p1", "p2", "p3", "p4"] as const;

/** "first_response:p2" -> "First response · P2 (high)", in the reader's language. */
function useMetricLabel() {
  const t = useT();
  return (metric: string) => {
    const [kind, priority] = metric.split(":");
    const base = kind === "nps" || kind === "csat" || kind === "ces" ? kind.toUpperCase() : t(`sla.kind.${kind}` as MessageKey);
    return priority ? `${base} · ${t(`sla.priority.${priority}` as MessageKey)}` : base;
  };
}


/**
 * A decision's process changes (what changes in how we work, owner, due and done dates, the
 * metric it aims at): the next meeting's pack shows that metric before and after. Managers
 * record them while the meeting is open or decided; plain forms, so they work without JavaScript.
 */
export function ProcessChanges({
  rows,
  staff,
  canRecord,
  canMarkDone,
  errors,
}: {
  rows: ProcessChangeRow[];
  staff: { id: string; name: string }[];
  canRecord: boolean;
  canMarkDone: boolean;
  errors: Partial<Record<string, string>>;
}) {
  const t = useT();
  const label = useMetricLabel();
  const err = (name: string) => ({ "aria-invalid": errors[name] ? true : undefined, "aria-describedby": errors[name] ? `pc-${name}-error` : undefined });
  return (
    <section aria-labelledby="process-h">
      <h2 id="process-h">{t("review.process.title")}</h2>
      <p className="muted">{t("review.process.help")}</p>
      {rows.length === 0 ? (
        <p>{t("review.process.none")}</p>
      ) : (
        <div className="table-scroll" tabIndex={0}>
          <table className="process-changes">
            <thead>
              <tr>
                <th scope="col">{t("review.process.description")}</th>
                <th scope="col">{t("review.process.metric")}</th>
                <th scope="col">{t("review.process.owner")}</th>
                <th scope="col">{t("review.process.due")}</th>
                <th scope="col">{t("review.process.done")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="pre">{r.description}</td>
                  <td>{label(r.metric)}</td>
                  <td>{r.ownerName ?? "—"}</td>
                  <td>{r.dueOn ?? "—"}</td>
                  <td>
                    {r.doneOn ?? (canMarkDone ? null : "—")}
                    {canMarkDone && !r.doneOn ? (
                      <Form method="post" className="inline">
                        <input type="hidden" name="intent" value="processDone" />
                        <input type="hidden" name="processChangeId" value={r.id} />
                        <label htmlFor={`done-${r.id}`} className="sr-only">
                          {t("review.process.doneOn")}
                        </label>
                        <input id={`done-${r.id}`} type="date" name="doneOn" required />
                        <button type="submit" className="secondary">
                          {t("review.process.markDone")}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canRecord ? (
        <Form method="post" aria-labelledby="process-add-h">
          <h3 id="process-add-h">{t("review.process.add")}</h3>
          <input type="hidden" name="intent" value="processChange" />
          <Field id="pc-description" label={t("review.process.description")} error={errors.description}>
            <textarea id="pc-description" name="description" rows={3} maxLength={2000} required {...err("description")} />
          </Field>
          <Field id="pc-metric" label={t("review.process.metric")} error={errors.metric}>
            <select id="pc-metric" name="metric" {...err("metric")}>
              {metrics.flatMap((m) =>
                m === "first_response" || m === "progress_update" || m === "resolution"
                  ? priorities.map((p) => (
                      <option key={`${m}:${p}`} value={`${m}:${p}`}>
                        {label(`${m}:${p}`)}
                      </option>
                    ))
                  : [
                      <option key={m} value={m}>
                        {label(m)}
                      </option>,
                    ],
              )}
            </select>
          </Field>
          <Field id="pc-ownerId" label={t("review.process.owner")} error={errors.ownerId}>
            <select id="pc-ownerId" name="ownerId" {...err("ownerId")}>
              <option value="">—</option>
              {staff.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="pc-dueOn" label={t("review.process.due")} error={errors.dueOn}>
            <input id="pc-dueOn" type="date" name="dueOn" {...err("dueOn")} />
          </Field>
          <button type="submit">{t("review.process.save")}</button>
        </Form>
      ) : null}
    </section>
  );
}
