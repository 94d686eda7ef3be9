import type { DiffPart } from "~/utils/diff";
import { useT } from "~/utils/i18n";
import type { RedlineRow } from "./compare";

/** One side of a changed field: kept words plain, removed in <del>, added in <ins>, each with a spoken label. */
function Parts({ parts, side }: { parts: DiffPart[]; side: "before" | "after" }) {
  const t = useT();
  return (
    <>
      {parts.map((p, i) => {
        if (p.op === "same") return <span key={i}>{p.text}</span>;
        if (p.op === "del" && side === "before")
          return (
            <del key={i}>
              <span className="sr-only">{`[${t("sla.redline.removed")}: `}</span>
              {p.text}
              <span className="sr-only">]</span>
            </del>
          );
        if (p.op === "add" && side === "after")
          return (
            <ins key={i}>
              <span className="sr-only">{`[${t("sla.redline.added")}: `}</span>
              {p.text}
              <span className="sr-only">]</span>
            </ins>
          );
        return null;
      })}
    </>
  );
}

export function Redline({ rows, a, b }: { rows: RedlineRow[]; a: number; b: number }) {
  const t = useT();
  const changed = rows.filter((r) => r.change !== "same");
  const same = rows.filter((r) => r.change === "same");
  const count = (c: RedlineRow["change"]) => rows.filter((r) => r.change === c).length;
  return (
    <div className="redline">
      <p>{t("sla.redline.legend")}</p>
      <p className="redline-summary">{t("sla.redline.summary", { added: count("added"), removed: count("removed"), changed: count("changed") })}</p>
      {changed.length === 0 ? (
        <p className="notice">{t("sla.redline.noChanges")}</p>
      ) : (
        <RedlineTable rows={changed} a={a} b={b} />
      )}
      {same.length > 0 && (
        <details>
          <summary>{t("sla.redline.showSame", { n: same.length })}</summary>
          <RedlineTable rows={same} a={a} b={b} />
        </details>
      )}
    </div>
  );
}

function RedlineTable({ rows, a, b }: { rows: RedlineRow[]; a: number; b: number }) {
  const t = useT();
  return (
    <table className="redline-table">
      <thead>
        <tr>
          <th scope="col">{t("sla.redline.field")}</th>
          <th scope="col">{t("sla.redline.before", { n: a })}</th>
          <th scope="col">{t("sla.redline.after", { n: b })}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className={`change-${r.change}`}>
            <th scope="row">
              {r.label}
              <span className={`badge badge-${r.change}`}>{t(`sla.redline.${r.change}`)}</span>
            </th>
            <td className="pre">{r.change === "added" ? "" : <Parts parts={r.parts} side="before" />}</td>
            <td className="pre">{r.change === "removed" ? "" : <Parts parts={r.parts} side="after" />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
