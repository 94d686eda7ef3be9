import { useT } from "~/utils/i18n";

/** The fields of a GET form to the redline page: version a, version b (by number) and the button. */
export function CompareFields({ versions, a, b }: { versions: readonly number[]; a?: number; b?: number }) {
  const t = useT();
  const pick = (name: "a" | "b", value: number | undefined) => (
    <label>
      {t(name === "a" ? "sla.compare.a" : "sla.compare.b")}{" "}
      <select name={name} defaultValue={value}>
        {versions.map((n) => (
          <option key={n} value={n}>
            {t("sla.versionN", { n })}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <>
      {pick("a", a)} {pick("b", b)} <button type="submit">{t("sla.compare.go")}</button>
    </>
  );
}
