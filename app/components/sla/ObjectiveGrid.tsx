import type { ReactNode } from "react";
import type { Priority } from "../../../db/schema";
import type { TimeKind } from "~/schemas/sla";
import { useT } from "~/utils/i18n";

/** Time objectives as a grid, a row per priority and a column per kind: text on the document, inputs in the editor. */
export function ObjectiveGrid({
  priorities,
  kinds,
  cell,
  caption,
  className,
  ...aria
}: {
  priorities: readonly Priority[];
  kinds: readonly TimeKind[];
  cell: (kind: TimeKind, priority: Priority) => ReactNode;
  caption?: string;
  className: string;
  "aria-labelledby"?: string;
  "aria-describedby"?: string;
}) {
  const t = useT();
  return (
    <table className={className} {...aria}>
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        <tr>
          <th scope="col">{t("sla.field.priority")}</th>
          {kinds.map((k) => (
            <th scope="col" key={k}>
              {t(`sla.kind.${k}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {priorities.map((p) => (
          <tr key={p}>
            <th scope="row">{t(`sla.priority.${p}`)}</th>
            {kinds.map((k) => (
              <td key={k}>{cell(k, p)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
