import { useT } from "~/utils/i18n";

/** The options of an owner select: nobody, then each staff user by name (new case form and case page). */
export function OwnerOptions({ owners }: { owners: { id: string; name: string }[] }) {
  const t = useT();
  return (
    <>
      <option value="">{t("cases.field.noOwner")}</option>
      {owners.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </>
  );
}
