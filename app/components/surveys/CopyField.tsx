import { useEffect, useState } from "react";
import { useT } from "~/utils/i18n";

/** A read-only address to select and copy; the Copy button appears only when JavaScript can run it. */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const t = useT();
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && !!navigator.clipboard), []);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field">
        <input id={id} type="text" readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        {canCopy ? (
          <button
            type="button"
            className="secondary"
            onClick={async () => {
              await navigator.clipboard.writeText(value);
              setCopied(true);
            }}
          >
            {t("links.copy")}
          </button>
        ) : null}
      </div>
      <p className="small muted" role="status" aria-live="polite">
        {copied ? t("links.copied") : ""}
      </p>
    </div>
  );
}
