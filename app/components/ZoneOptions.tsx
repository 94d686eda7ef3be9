/** The zones of `timeZones()` (app/utils/dates.ts) as the options of a time zone picker. */
export function ZoneOptions({ zones }: { zones: readonly string[] }) {
  return (
    <>
      {zones.map((z) => (
        <option key={z} value={z}>
          {z}
        </option>
      ))}
    </>
  );
}
