import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { metricDefinitions } from "../../../analysis/metrics/definitions";
import { FieldError } from "~/components/FieldError";
import { FormError } from "~/components/FormError";
import { useOrgTimeZone } from "~/utils/dates";
import {
  surveyLanguageChoices,
  metricQuestionTypes,
  questionTypes,
  surveyStatuses,
  type QuestionDraft,
  type SurveyDraft,
} from "~/schemas/survey";
import type { FieldErrors } from "~/utils/forms";
import { useLocale, useT } from "~/utils/i18n";

type Props = {
  draft: SurveyDraft;
  errors: FieldErrors;
  formError?: string | null;
  notice?: string | null;
  readOnly: boolean;
  /** Questions that already have answers: no remove, no type change. */
  answeredIds: string[];
  /** The control to focus after an add / remove / move round trip. */
  focus?: string | null;
};

const idOf = (name: string) => name.replace(/\./g, "-");

/**
 * The survey builder: one plain form. Add, remove and move are submit buttons with an intent, so
 * they work with JavaScript off; the action re-renders the posted draft, typed text intact.
 * Type-dependent fields are always in the form and shown by CSS (:has) for the chosen type.
 */
export function SurveyBuilder({ draft, errors, formError, notice, readOnly, answeredIds, focus }: Props) {
  const t = useT();
  const orgZone = useOrgTimeZone();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";

  // After a failed save the first field in error takes the focus: by the autofocus attribute when
  // the page is new (JavaScript off), by the effect when React re-renders the same form.
  const firstError = focus ? null : Object.keys(errors).find((k) => k !== "_form");
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (firstError) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors, firstError]);

  const field = (name: string) => {
    const error = errors[name];
    return {
      id: idOf(name),
      name,
      "aria-invalid": error ? (true as const) : undefined,
      "aria-describedby": error ? `${idOf(name)}-error` : undefined,
      autoFocus: focus === name || firstError === name || undefined,
    };
  };
  const err = (name: string) => <FieldError id={`${idOf(name)}-error`} message={errors[name]} />;

  return (
    <Form method="post" className="builder" noValidate ref={formRef}>
      <FormError message={formError} />
      {errors._form ? (
        <p className="form-error" role="alert">
          {t(errors._form)}
        </p>
      ) : null}
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <fieldset disabled={readOnly} className="builder-body">
        {/* First submit button in the form: Enter in a text field saves instead of moving a question. */}
        <div className="builder-toolbar">
          <p className="muted small">{t("surveys.builder.howItWorks")}</p>
          <button type="submit" name="intent" value="save" disabled={busy}>
            {t("surveys.save")}
          </button>
        </div>

        <section className="card" aria-labelledby="survey-settings">
          <h2 id="survey-settings">{t("surveys.builder.settings")}</h2>
          <div className="field">
            <label htmlFor={idOf("languages")}>{t("housekeeping.languages")}</label>
            <select defaultValue={draft.languages} {...field("languages")} aria-describedby="languages-hint">
              {surveyLanguageChoices.map((c) => (
                <option key={c} value={c}>
                  {t(`housekeeping.languages.${c}`)}
                </option>
              ))}
            </select>
            <p className="small muted" id="languages-hint">
              {t("housekeeping.languages.hint")}
            </p>
            {err("languages")}
          </div>
          <div className="pair">
            <div className="field">
              <label htmlFor={idOf("title.ko")}>{t("surveys.field.titleKo")}</label>
              <input type="text" lang="ko" defaultValue={draft.title.ko} {...field("title.ko")} />
              {err("title.ko")}
            </div>
            <div className="field">
              <label htmlFor={idOf("title.en")}>{t("surveys.field.titleEn")}</label>
              <input type="text" lang="en" defaultValue={draft.title.en} {...field("title.en")} />
              {err("title.en")}
            </div>
          </div>
          <div className="pair">
            <div className="field">
              <label htmlFor={idOf("intro.ko")}>{t("surveys.field.introKo")}</label>
              <textarea lang="ko" defaultValue={draft.intro.ko} rows={3} {...field("intro.ko")} />
              {err("intro.ko")}
            </div>
            <div className="field">
              <label htmlFor={idOf("intro.en")}>{t("surveys.field.introEn")}</label>
              <textarea lang="en" defaultValue={draft.intro.en} rows={3} {...field("intro.en")} />
              {err("intro.en")}
            </div>
          </div>
          <div className="grid">
            <div className="field">
              <label htmlFor="status">{t("surveys.field.status")}</label>
              <select
                defaultValue={draft.status}
                {...field("status")}
                aria-describedby={["status-help", errors.status ? "status-error" : ""].join(" ").trim()}
              >
                {surveyStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`surveys.status.${s}`)}
                  </option>
                ))}
              </select>
              <p className="muted small" id="status-help">
                {t("surveys.field.statusHelp")}
              </p>
              {err("status")}
            </div>
            <div className="field">
              <label htmlFor="closesAt">{t("surveys.field.closesAt")}</label>
              <input
                type="date"
                defaultValue={draft.closesAt}
                {...field("closesAt")}
                aria-describedby={["closesAt-help", errors.closesAt ? "closesAt-error" : ""].join(" ").trim()}
              />
              <p className="muted small" id="closesAt-help">
                {t("surveys.field.closesAtHelp", { zone: orgZone })}
              </p>
              {err("closesAt")}
            </div>
            <div className="field">
              <label htmlFor="responseLimit">{t("surveys.field.responseLimit")}</label>
              <input
                type="text"
                inputMode="numeric"
                defaultValue={draft.responseLimit}
                {...field("responseLimit")}
                aria-describedby={["responseLimit-help", errors.responseLimit ? "responseLimit-error" : ""].join(" ").trim()}
              />
              <p className="muted small" id="responseLimit-help">
                {t("surveys.field.responseLimitHelp")}
              </p>
              {err("responseLimit")}
            </div>
          </div>
          <div className="field check">
            <input type="checkbox" id="anonymous" name="anonymous" defaultChecked={draft.anonymous} aria-describedby="anonymous-help" />
            <label htmlFor="anonymous">{t("surveys.field.anonymous")}</label>
            <p className="muted small" id="anonymous-help">
              {t("surveys.field.anonymousHelp")}
            </p>
          </div>
        </section>

        <h2>{t("surveys.builder.questions")}</h2>
        {draft.questions.length === 0 ? <p className="muted">{t("surveys.builder.noQuestions")}</p> : null}
        {draft.questions.map((q, i) => (
          <QuestionFieldset
            key={i}
            q={q}
            index={i}
            count={draft.questions.length}
            answered={!!q.id && answeredIds.includes(q.id)}
            field={field}
            err={err}
            focus={focus}
          />
        ))}

        <div className="card add-question">
          <div className="field">
            <label htmlFor="addType">{t("surveys.add.type")}</label>
            <select id="addType" name="addType" defaultValue="nps" autoFocus={focus === "addType" || undefined}>
              {questionTypes.map((type) => (
                <option key={type} value={type}>
                  {t(`surveys.type.${type}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" name="intent" value="add" className="secondary" disabled={busy}>
            {t("surveys.add.submit")}
          </button>
        </div>

        <div className="builder-toolbar">
          <button type="submit" name="intent" value="save" disabled={busy}>
            {t("surveys.save")}
          </button>
        </div>
      </fieldset>
    </Form>
  );
}

function QuestionFieldset({
  q,
  index,
  count,
  answered,
  field,
  err,
  focus,
}: {
  q: QuestionDraft;
  index: number;
  count: number;
  answered: boolean;
  field: (name: string) => Record<string, unknown>;
  err: (name: string) => JSX.Element;
  focus?: string | null;
}) {
  const t = useT();
  const locale = useLocale();
  const n = index + 1;
  const p = (name: string) => `questions.${index}.${name}`;
  // After a move, focus the same button on the question's new place (or its other move button at an end).
  const canUp = index > 0;
  const canDown = index < count - 1;
  const focusUp = focus === p("up") ? (canUp ? "up" : "down") : focus === p("down") ? (canDown ? "down" : "up") : null;
  return (
    <fieldset className={`card q q-${q.type}`}>
      <legend>{t("surveys.q.legend", { n })}</legend>
      <input type="hidden" name={p("id")} value={q.id} />
      {answered ? <p className="muted small">{t("surveys.q.answered")}</p> : null}
      <div className="grid">
        <div className="field">
          <label htmlFor={idOf(p("type"))}>{t("surveys.q.type")}</label>
          {answered ? (
            <>
              {/* A disabled select posts nothing: the type goes in a hidden field. */}
              <input type="hidden" name={p("type")} value={q.type} />
              <select id={idOf(p("type"))} className="qtype" value={q.type} disabled onChange={() => undefined}>
                <option value={q.type}>{t(`surveys.type.${q.type}`)}</option>
              </select>
            </>
          ) : (
            <select className="qtype" defaultValue={q.type} {...field(p("type"))}>
              {questionTypes.map((type) => (
                <option key={type} value={type}>
                  {t(`surveys.type.${type}`)}
                </option>
              ))}
            </select>
          )}
          {err(p("type"))}
        </div>
        <div className="field">
          <label htmlFor={idOf(p("page"))}>{t("surveys.q.page")}</label>
          <input
            type="text"
            inputMode="numeric"
            defaultValue={q.page}
            {...field(p("page"))}
            aria-describedby={[`${idOf(p("page"))}-help`, (field(p("page")) as any)["aria-describedby"] ?? ""].join(" ").trim()}
          />
          <p className="muted small" id={`${idOf(p("page"))}-help`}>
            {t("surveys.q.pageHelp")}
          </p>
          {err(p("page"))}
        </div>
        <div className="field check">
          <input type="checkbox" id={idOf(p("required"))} name={p("required")} defaultChecked={q.required} />
          <label htmlFor={idOf(p("required"))}>{t("surveys.q.required")}</label>
        </div>
      </div>
      <div className="pair">
        <div className="field">
          <label htmlFor={idOf(p("prompt.ko"))}>{t("surveys.q.promptKo")}</label>
          <textarea lang="ko" rows={2} defaultValue={q.prompt.ko} {...field(p("prompt.ko"))} />
          {err(p("prompt.ko"))}
        </div>
        <div className="field">
          <label htmlFor={idOf(p("prompt.en"))}>{t("surveys.q.promptEn")}</label>
          <textarea lang="en" rows={2} defaultValue={q.prompt.en} {...field(p("prompt.en"))} />
          {err(p("prompt.en"))}
        </div>
      </div>

      <div className="only-metric">
        {metricQuestionTypes.map((type) => (
          <p key={type} className={`def def-${type} muted small`}>
            <strong>{t("surveys.q.metric")}:</strong> {metricDefinitions[type][locale]}
          </p>
        ))}
        <div className="field check">
          <input type="checkbox" className="why-toggle" id={idOf(p("why"))} name={p("why")} defaultChecked={q.why} />
          <label htmlFor={idOf(p("why"))}>{t("surveys.q.why")}</label>
        </div>
        <div className="pair why-prompts">
          <div className="field">
            <label htmlFor={idOf(p("whyPrompt.ko"))}>{t("surveys.q.whyKo")}</label>
            <input type="text" lang="ko" defaultValue={q.whyPrompt.ko} {...field(p("whyPrompt.ko"))} />
            {err(p("whyPrompt.ko"))}
          </div>
          <div className="field">
            <label htmlFor={idOf(p("whyPrompt.en"))}>{t("surveys.q.whyEn")}</label>
            <input type="text" lang="en" defaultValue={q.whyPrompt.en} {...field(p("whyPrompt.en"))} />
            {err(p("whyPrompt.en"))}
          </div>
        </div>
      </div>

      <div className="only-choice">
        <p className="muted small" id={`${idOf(p("options"))}-help`}>
          {t("surveys.q.optionsHelp")}
        </p>
        <div className="pair">
          {(["ko", "en"] as const).map((lang) => {
            const name = p(`options.${lang}`);
            const f = field(name) as any;
            return (
              <div className="field" key={lang}>
                <label htmlFor={idOf(name)}>{t(lang === "ko" ? "surveys.q.optionsKo" : "surveys.q.optionsEn")}</label>
                <textarea
                  lang={lang}
                  rows={5}
                  defaultValue={q.options[lang]}
                  {...f}
                  aria-describedby={[`${idOf(p("options"))}-help`, f["aria-describedby"] ?? ""].join(" ").trim()}
                />
                {err(name)}
              </div>
            );
          })}
        </div>
      </div>

      <div className="q-actions">
        {canUp ? (
          <button
            type="submit"
            name="intent"
            value={`up:${index}`}
            className="secondary"
            aria-label={t("surveys.q.moveUpLabel", { n })}
            autoFocus={focusUp === "up" || undefined}
          >
            ↑ {t("surveys.q.moveUp")}
          </button>
        ) : null}
        {canDown ? (
          <button
            type="submit"
            name="intent"
            value={`down:${index}`}
            className="secondary"
            aria-label={t("surveys.q.moveDownLabel", { n })}
            autoFocus={focusUp === "down" || undefined}
          >
            ↓ {t("surveys.q.moveDown")}
          </button>
        ) : null}
        {answered ? null : (
          <button type="submit" name="intent" value={`remove:${index}`} className="secondary danger-text" aria-label={t("surveys.q.removeLabel", { n })}>
            {t("surveys.q.remove")}
          </button>
        )}
      </div>
    </fieldset>
  );
}
