import type { UseFormRegister } from "react-hook-form";
import type { ChoiceOption, Localized, QuestionType } from "../../../db/schema";
import { FieldError } from "~/components/FieldError";
import { MAX_TEXT, fieldName, scaleRange, whyFieldName } from "~/schemas/response";
import { pick, useLocale, useT, type MessageKey } from "~/utils/i18n";

export type QuestionView = {
  id: string;
  position: number;
  type: QuestionType;
  required: boolean;
  prompt: Localized;
  options: ChoiceOption[];
  why_prompt: Localized | null;
};

type Props = {
  question: QuestionView;
  number: number;
  register: UseFormRegister<any>;
  /** Values to show: what the respondent sent (after a 400) or saved earlier. */
  defaults: Record<string, string | string[] | undefined>;
  errors: Record<string, string | undefined>;
};

/**
 * One question as a fieldset: scales are radio groups with a label per point, and the end labels
 * are part of the first and last point's label so screen readers announce them.
 */
export function QuestionField({ question: q, number, register, defaults, errors }: Props) {
  const t = useT();
  const locale = useLocale();
  const name = fieldName(q.id);
  const error = errors[name];
  const errorId = `${name}-error`;
  const why = whyFieldName(q.id);
  const whyError = errors[why];
  const prompt = pick(q.prompt, locale);
  const legend = (
    <legend id={`${name}-legend`}>
      {`${number}. ${prompt}`}
      {q.required ? (
        <span className="required-mark" aria-hidden="true">
          {" "}
          *
        </span>
      ) : null}
      <span className="sr-only"> ({t(q.required ? "respond.required" : "respond.optional")})</span>
    </legend>
  );
  const describedBy = error ? errorId : undefined;

  if (q.type === "text") {
    return (
      <fieldset>
        {legend}
        <label htmlFor={name} className="sr-only">
          {prompt}
        </label>
        <textarea
          id={name}
          maxLength={MAX_TEXT}
          defaultValue={(defaults[name] as string) ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          aria-required={q.required || undefined}
          {...register(name)}
        />
        <FieldError id={errorId} message={error} />
      </fieldset>
    );
  }

  if (q.type === "single" || q.type === "multi") {
    const chosen = ([] as string[]).concat(defaults[name] ?? []);
    return (
      <fieldset aria-describedby={describedBy}>
        {legend}
        <div className="choices">
          {q.options.map((o) => (
            <label key={o.value}>
              <input
                type={q.type === "single" ? "radio" : "checkbox"}
                value={o.value}
                defaultChecked={chosen.includes(o.value)}
                aria-invalid={error ? true : undefined}
                {...register(name)}
              />
              {pick(o.label, locale)}
            </label>
          ))}
        </div>
        <FieldError id={errorId} message={error} />
      </fieldset>
    );
  }

  const [min, max] = scaleRange[q.type];
  const points = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const low = t(`respond.${q.type}.low` as MessageKey);
  const high = t(`respond.${q.type}.high` as MessageKey);
  const selected = defaults[name] as string | undefined;
  return (
    <fieldset aria-describedby={describedBy}>
      {legend}
      {/* One box as wide as the points, so each end label sits above its own end. */}
      <div className="scale-box" style={{ ["--points" as string]: points.length }}>
        <div className="scale-ends" aria-hidden="true">
          <span>
            {min} = {low}
          </span>
          <span>
            {max} = {high}
          </span>
        </div>
        <div className="scale" role="presentation">
          {points.map((p) => (
            <label key={p}>
              <input
                type="radio"
                value={String(p)}
                defaultChecked={selected === String(p)}
                aria-invalid={error ? true : undefined}
                {...register(name)}
              />
              <span className="point">
                {p}
                {p === min ? <span className="sr-only"> ({low})</span> : null}
                {p === max ? <span className="sr-only"> ({high})</span> : null}
              </span>
            </label>
          ))}
        </div>
      </div>
      <FieldError id={errorId} message={error} />
      {q.why_prompt ? (
        <div className="field" style={{ marginTop: "1rem" }}>
          <label htmlFor={why}>{pick(q.why_prompt, locale) || t("respond.why")}</label>
          <textarea
            id={why}
            maxLength={MAX_TEXT}
            defaultValue={(defaults[why] as string) ?? ""}
            aria-invalid={whyError ? true : undefined}
            aria-describedby={whyError ? `${why}-error` : undefined}
            {...register(why)}
          />
          <FieldError id={`${why}-error`} message={whyError} />
        </div>
      ) : null}
    </fieldset>
  );
}
