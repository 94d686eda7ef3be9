import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { priorities, rowIndices, timeKinds, type FormValues } from "~/schemas/sla";
import { useT, type MessageKey } from "~/utils/i18n";
import { aria, ErrorText, inputId, rowAria, TextArea, TextField, val, type ErrorTexts } from "./fields";
import { dayOrder } from "./format";
import { ObjectiveGrid } from "./ObjectiveGrid";

const commonZones = ["Asia/Seoul", "Asia/Tokyo", "Asia/Singapore", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "UTC"];

/**
 * The draft editor. A plain form: add/remove buttons post the form back and the action returns
 * it with the row added or removed, so everything works with JavaScript off.
 */
export function VersionForm({ values, errors, formError }: { values: FormValues; errors: ErrorTexts; formError?: string | null }) {
  const t = useT();
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Form method="post" className="sla-form" noValidate key={JSON.stringify(values)}>
      {/* Enter in a text field submits with the first button in the form: make that "save", not "remove". */}
      <button type="submit" name="_intent" value="save" className="sr-only" tabIndex={-1} aria-hidden="true">
        {t("sla.save")}
      </button>
      {(hasErrors || formError) && (
        <div className="form-error" role="alert">
          {formError ?? t("common.fixErrors")}
        </div>
      )}
      <p className="hint">{t("sla.edit.noJs")}</p>

      <fieldset>
        <legend>{t("sla.section.service")}</legend>
        <div className="sla-two">
          <TextField name="service.type.ko" label={`${t("sla.field.serviceType")} (${t("sla.field.ko")})`} values={values} errors={errors} />
          <TextField name="service.type.en" label={`${t("sla.field.serviceType")} (${t("sla.field.en")})`} values={values} errors={errors} />
          <TextArea name="service.scope.ko" label={`${t("sla.field.serviceScope")} (${t("sla.field.ko")})`} values={values} errors={errors} />
          <TextArea name="service.scope.en" label={`${t("sla.field.serviceScope")} (${t("sla.field.en")})`} values={values} errors={errors} />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("sla.section.hours")}</legend>
        <TextField name="calendar.timezone" label={t("sla.field.timezone")} hint={t("sla.field.timezoneHint")} values={values} errors={errors} list="sla-zones" />
        <datalist id="sla-zones">
          {commonZones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <RowsTable
          group="calendar.slots"
          columns={[t("sla.field.day"), t("sla.field.start"), t("sla.field.end")]}
          values={values}
          errors={errors}
          cells={(base, row) => (
            <>
              <td>
                <select name={`${base}.day`} defaultValue={val(values, `${base}.day`)} aria-label={`${row}: ${t("sla.field.day")}`} {...rowAria(`${base}.day`, base, errors)}>
                  {dayOrder.map((d) => (
                    <option key={d} value={d}>
                      {t(`sla.day.${d}` as MessageKey)}
                    </option>
                  ))}
                </select>
                <ErrorText name={`${base}.day`} errors={errors} />
              </td>
              <td>
                <input name={`${base}.start`} defaultValue={val(values, `${base}.start`)} size={6} placeholder="09:00" aria-label={`${row}: ${t("sla.field.start")}`} {...rowAria(`${base}.start`, base, errors)} />
                <ErrorText name={`${base}.start`} errors={errors} />
              </td>
              <td>
                <input name={`${base}.end`} defaultValue={val(values, `${base}.end`)} size={6} placeholder="18:00" aria-label={`${row}: ${t("sla.field.end")}`} {...rowAria(`${base}.end`, base, errors)} />
                <ErrorText name={`${base}.end`} errors={errors} />
              </td>
            </>
          )}
        />
        <TextArea name="calendar.holidays" label={t("sla.field.holidays")} values={values} errors={errors} rows={4} />
      </fieldset>

      <fieldset>
        <legend>{t("sla.section.objectives")}</legend>
        <TextField name="objectives.availability.target" label={t("sla.field.availability")} values={values} errors={errors} inputMode="decimal" size={8} />
        <h3 id="time-heading">{t("sla.field.timeObjectives")}</h3>
        <p className="hint" id="time-hint">
          {t("sla.field.timeHint")}
        </p>
        <div className="table-scroll" tabIndex={0}>
          <ObjectiveGrid
            className="sla-rows sla-objective-grid"
            aria-labelledby="time-heading"
            aria-describedby="time-hint"
            priorities={priorities}
            kinds={timeKinds}
            cell={(k, p) => {
              const base = `objectives.${k}.${p}`;
              const cell = `${t(`sla.kind.${k}`)} ${t(`sla.priority.${p}`)}`;
              return (
                <>
                  <div className="objective-cell">
                    <input name={`${base}.target`} defaultValue={val(values, `${base}.target`)} inputMode="decimal" size={5} aria-label={`${cell}: ${t("sla.field.target")}`} {...aria(`${base}.target`, errors)} />
                    <select name={`${base}.unit`} defaultValue={val(values, `${base}.unit`) || "hours"} aria-label={`${cell}: ${t("sla.field.unit")}`}>
                      <option value="hours">{t("sla.unit.hours")}</option>
                      <option value="minutes">{t("sla.unit.minutes")}</option>
                    </select>
                    <select name={`${base}.mode`} defaultValue={val(values, `${base}.mode`) || "business"} aria-label={`${cell}: ${t("sla.field.mode")}`} {...aria(`${base}.mode`, errors)}>
                      <option value="business">{t("sla.mode.business")}</option>
                      <option value="calendar">{t("sla.mode.calendar")}</option>
                    </select>
                  </div>
                  <ErrorText name={`${base}.target`} errors={errors} />
                  <ErrorText name={`${base}.mode`} errors={errors} />
                </>
              );
            }}
          />
        </div>
        <div className="sla-two">
          {(["csat_floor", "nps_floor"] as const).map((k) => (
            <div key={k} className="field-group">
              <TextField name={`objectives.${k}.target`} label={t(k === "csat_floor" ? "sla.field.csatFloor" : "sla.field.npsFloor")} values={values} errors={errors} inputMode="decimal" size={8} />
              <label htmlFor={inputId(`objectives.${k}.window`)}>{t("sla.field.window")}</label>
              <select id={inputId(`objectives.${k}.window`)} name={`objectives.${k}.window`} defaultValue={val(values, `objectives.${k}.window`) || "month"}>
                <option value="month">{t("sla.window.month")}</option>
                <option value="quarter">{t("sla.window.quarter")}</option>
              </select>
            </div>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("sla.section.duties")}</legend>
        <div className="sla-two">
          <TextArea name="providerDuties.ko" label={`${t("sla.field.providerDuties")} (${t("sla.field.ko")})`} hint={t("sla.field.linesHint")} values={values} errors={errors} rows={5} />
          <TextArea name="providerDuties.en" label={`${t("sla.field.providerDuties")} (${t("sla.field.en")})`} hint={t("sla.field.linesHint")} values={values} errors={errors} rows={5} />
          <TextArea name="customerDuties.ko" label={`${t("sla.field.customerDuties")} (${t("sla.field.ko")})`} hint={t("sla.field.linesHint")} values={values} errors={errors} rows={5} />
          <TextArea name="customerDuties.en" label={`${t("sla.field.customerDuties")} (${t("sla.field.en")})`} hint={t("sla.field.linesHint")} values={values} errors={errors} rows={5} />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("sla.section.remedies")}</legend>
        <RowsTable
          group="remedies.credits"
          columns={[t("sla.field.below"), t("sla.field.creditPercent")]}
          values={values}
          errors={errors}
          cells={(base, row) => (
            <>
              <td>
                <input name={`${base}.below`} defaultValue={val(values, `${base}.below`)} inputMode="decimal" size={6} aria-label={`${row}: ${t("sla.field.below")}`} {...aria(`${base}.below`, errors)} />
                <ErrorText name={`${base}.below`} errors={errors} />
              </td>
              <td>
                <input name={`${base}.creditPercent`} defaultValue={val(values, `${base}.creditPercent`)} inputMode="decimal" size={6} aria-label={`${row}: ${t("sla.field.creditPercent")}`} {...aria(`${base}.creditPercent`, errors)} />
                <ErrorText name={`${base}.creditPercent`} errors={errors} />
              </td>
            </>
          )}
        />
        <div className="sla-two">
          <TextArea name="remedies.alternative.ko" label={`${t("sla.field.alternative")} (${t("sla.field.ko")})`} values={values} errors={errors} />
          <TextArea name="remedies.alternative.en" label={`${t("sla.field.alternative")} (${t("sla.field.en")})`} values={values} errors={errors} />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("sla.section.review")}</legend>
        <TextField name="noticePeriodDays" label={t("sla.field.noticePeriod")} hint={t("sla.field.noticePeriodHint")} values={values} errors={errors} inputMode="numeric" size={5} />
        <div className="field">
          <label htmlFor={inputId("reviewCadence")}>{t("sla.field.reviewCadence")}</label>
          <select id={inputId("reviewCadence")} name="reviewCadence" defaultValue={val(values, "reviewCadence") || "quarterly"} {...aria("reviewCadence", errors)}>
            {(["monthly", "quarterly", "semiannual", "annual"] as const).map((c) => (
              <option key={c} value={c}>
                {t(`sla.cadence.${c}`)}
              </option>
            ))}
          </select>
          <ErrorText name="reviewCadence" errors={errors} />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("sla.section.changeNote")}</legend>
        <div className="sla-two">
          <TextArea name="changeNote.ko" label={`${t("sla.section.changeNote")} (${t("sla.field.ko")})`} values={values} errors={errors} />
          <TextArea name="changeNote.en" label={`${t("sla.section.changeNote")} (${t("sla.field.en")})`} values={values} errors={errors} />
        </div>
      </fieldset>

      <p>
        <button type="submit" name="_intent" value="save">
          {t("sla.save")}
        </button>
      </p>
    </Form>
  );
}

/** The repeated groups of the form: the ids of their heading and hint, and their words. */
const rowGroups = {
  "calendar.slots": {
    id: "slots",
    words: { heading: "sla.field.slots", hint: "sla.field.slotsHint", row: "sla.field.slotRow", remove: "sla.field.removeSlot", add: "sla.field.addSlot" },
  },
  "remedies.credits": {
    id: "credits",
    words: { heading: "sla.field.credits", hint: "sla.field.creditsHint", row: "sla.field.creditRow", remove: "sla.field.removeCredit", add: "sla.field.addCredit" },
  },
} as const;

/**
 * A repeated group (calendar slots, credit tiers) as a table: a numbered row per entry with its
 * row-level error, a remove button per row and an add button, each posting the form back.
 */
function RowsTable({
  group,
  columns,
  values,
  errors,
  cells,
}: {
  group: keyof typeof rowGroups;
  columns: string[];
  values: FormValues;
  errors: ErrorTexts;
  /** The row's <td>s; `base` is its field prefix ("calendar.slots.2"), `row` its name for the inputs' labels ("Slot 3"). */
  cells: (base: string, row: string) => ReactNode;
}) {
  const t = useT();
  const { id, words } = rowGroups[group];
  return (
    <>
      <h3 id={`${id}-heading`}>{t(words.heading)}</h3>
      <p className="hint" id={`${id}-hint`}>
        {t(words.hint)}
      </p>
      <ErrorText name={group} errors={errors} />
      <table className="sla-rows" aria-labelledby={`${id}-heading`} aria-describedby={`${id}-hint`}>
        <thead>
          <tr>
            <th scope="col">#</th>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
            <th scope="col">
              <span className="sr-only">{t("common.delete")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rowIndices(values, group).map((i) => {
            const base = `${group}.${i}`;
            return (
              <tr key={i} className={errors[base] ? "row-error" : undefined}>
                <th scope="row">
                  {i + 1}
                  <ErrorText name={base} errors={errors} />
                </th>
                {cells(base, t(words.row, { n: i + 1 }))}
                <td>
                  <button type="submit" name="_intent" value={`remove:${group}:${i}`} className="secondary small">
                    {t(words.remove, { n: i + 1 })}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>
        <button type="submit" name="_intent" value={`add:${group}`} className="secondary">
          {t(words.add)}
        </button>
      </p>
    </>
  );
}
