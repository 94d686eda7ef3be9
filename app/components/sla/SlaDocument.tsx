import type { Localized } from "../../../db/schema";
import type { VersionInput } from "~/models/sla.server";
import { pick, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { ObjectiveGrid } from "./ObjectiveGrid";
import { dayHours, formatDay, dayOrder, listIn, num, objectiveLabel, objectiveText } from "./format";

type Props = {
  version: VersionInput & { version: number; effectiveFrom?: Date | string | null };
  headingLevel?: 2 | 3;
};

/** A version as a reader sees it: the staff view of a published version and the customer page. */
export function SlaDocument({ version: v, headingLevel = 2 }: Props) {
  const t = useT();
  const locale = useLocale();
  const H = `h${headingLevel}` as "h2" | "h3";
  const text = (l: Localized) => pick(l, locale) || t("sla.doc.nothing");
  const timeObjectives = v.objectives.filter((o) => o.priority);
  const priorities = [...new Set(timeObjectives.map((o) => o.priority!))].sort();
  const kinds = (["first_response", "progress_update", "resolution"] as const).filter((k) => timeObjectives.some((o) => o.kind === k));
  const others = v.objectives.filter((o) => !o.priority);
  const provider = listIn(v.providerDuties, locale);
  const customer = listIn(v.customerDuties, locale);
  return (
    <div className="sla-doc">
      <section aria-labelledby="doc-service">
        <H id="doc-service">{t("sla.section.service")}</H>
        <dl>
          <dt>{t("sla.field.serviceType")}</dt>
          <dd>{text(v.service.type)}</dd>
          <dt>{t("sla.field.serviceScope")}</dt>
          <dd className="pre">{text(v.service.scope)}</dd>
        </dl>
      </section>

      <section aria-labelledby="doc-hours">
        <H id="doc-hours">{t("sla.section.hours")}</H>
        <p>{t("sla.doc.hoursIn", { zone: v.calendar.timezone })}</p>
        <table className="sla-hours">
          <tbody>
            {dayOrder.map((d) => (
              <tr key={d}>
                <th scope="row">{t(`sla.day.${d}` as MessageKey)}</th>
                <td>{dayHours(v.calendar.slots, d, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <strong>{t("sla.doc.holidays")}:</strong>{" "}
          {v.calendar.holidays.length ? [...v.calendar.holidays].sort().join(", ") : t("sla.doc.noHolidays")}
        </p>
      </section>

      <section aria-labelledby="doc-objectives">
        <H id="doc-objectives">{t("sla.section.objectives")}</H>
        {others.length > 0 && (
          <ul>
            {others.map((o) => (
              <li key={o.kind}>{objectiveText(o, t, locale)}</li>
            ))}
          </ul>
        )}
        {timeObjectives.length > 0 && (
          <ObjectiveGrid
            className="sla-objectives"
            caption={t("sla.field.timeObjectives")}
            priorities={priorities}
            kinds={kinds}
            cell={(k, p) => {
              const o = timeObjectives.find((x) => x.kind === k && x.priority === p);
              return o ? objectiveText(o, t, locale) : t("sla.none");
            }}
          />
        )}
        {v.objectives.length === 0 && <p>{t("sla.doc.nothing")}</p>}
      </section>

      <section aria-labelledby="doc-duties">
        <H id="doc-duties">{t("sla.section.duties")}</H>
        <div className="sla-two">
          <div>
            <h4>{t("sla.field.providerDuties")}</h4>
            {provider.length ? (
              <ul>
                {provider.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            ) : (
              <p>{t("sla.doc.nothing")}</p>
            )}
          </div>
          <div>
            <h4>{t("sla.field.customerDuties")}</h4>
            {customer.length ? (
              <ul>
                {customer.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            ) : (
              <p>{t("sla.doc.nothing")}</p>
            )}
          </div>
        </div>
      </section>

      <section aria-labelledby="doc-remedies">
        <H id="doc-remedies">{t("sla.section.remedies")}</H>
        {v.remedies.credits.length ? (
          <ul>
            {[...v.remedies.credits]
              .sort((a, b) => b.below - a.below)
              .map((c) => (
                <li key={c.below}>{t("sla.doc.credit", { below: num(locale, c.below), credit: num(locale, c.creditPercent) })}</li>
              ))}
          </ul>
        ) : (
          <p>{t("sla.doc.noCredits")}</p>
        )}
        <h4>{t("sla.field.alternative")}</h4>
        <p className="pre">{text(v.remedies.alternative)}</p>
      </section>

      <section aria-labelledby="doc-review">
        <H id="doc-review">{t("sla.section.review")}</H>
        <p>{t("sla.doc.review", { cadence: t(`sla.cadence.${v.reviewCadence}`) })}</p>
        <p>{t("sla.doc.notice", { days: v.noticePeriodDays })}</p>
        {v.effectiveFrom && <p>{t("sla.doc.effective", { date: formatDay(locale, v.effectiveFrom, v.calendar.timezone) })}</p>}
      </section>
    </div>
  );
}
