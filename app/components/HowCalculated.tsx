import type { ReactNode } from "react";
import { useT } from "~/utils/i18n";

/** "How is this calculated?" under a number: the method in words, folded away until asked for. */
export function HowCalculated({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <details className="definition">
      <summary>{t("results.howCalculated")}</summary>
      <p>{children}</p>
    </details>
  );
}
