import { FieldError } from "~/components/FieldError";
import { ZodForm } from "~/components/ZodForm";
import { interviewLanguages, interviewSchema, type InterviewFormInput } from "~/schemas/interview";
import type { FieldErrors } from "~/utils/forms";
import { useT, type MessageKey } from "~/utils/i18n";

export type InterviewFormValues = { accountId: string; heldOn: string; interviewer: string; participants: string; language: string; body: string };

export const blankInterview = (today: string, interviewer: string): InterviewFormValues => ({
  accountId: "",
  heldOn: today,
  interviewer,
  participants: "",
  language: "auto",
  body: "",
});

/** The interview form for new and edit; the action is the authority, the browser checks first. */
export function InterviewForm({
  values,
  errors,
  accounts,
  submitLabel,
}: {
  values: InterviewFormValues;
  errors: FieldErrors;
  accounts: { id: string; name: string }[];
  submitLabel: MessageKey;
}) {
  const t = useT();
  return (
    <ZodForm<InterviewFormInput> schema={interviewSchema} className="card interview-form" aria-label={t(submitLabel)}>
      {(form) => {
        const err = (name: keyof InterviewFormValues) => (form.formState.errors[name]?.message as string | undefined) ?? errors[name];
        const field = (name: keyof InterviewFormValues) => ({
          id: `iv-${name}`,
          "aria-invalid": err(name) ? true : undefined,
          "aria-describedby": err(name) ? `iv-${name}-error` : undefined,
          ...form.register(name),
        });
        const error = (name: keyof InterviewFormValues) => <FieldError id={`iv-${name}-error`} message={err(name)} />;
        return (
          <>
            <div className="row">
              <div className="field">
                <label htmlFor="iv-accountId">{t("feedback.interview.account")}</label>
                <select {...field("accountId")} defaultValue={values.accountId}>
                  <option value="">{t("feedback.interview.noAccount")}</option>
                  {accounts.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>
                {error("accountId")}
              </div>
              <div className="field">
                <label htmlFor="iv-heldOn">{t("feedback.interview.heldOn")}</label>
                <input type="date" {...field("heldOn")} defaultValue={values.heldOn} />
                {error("heldOn")}
              </div>
              <div className="field">
                <label htmlFor="iv-language">{t("feedback.interview.language")}</label>
                <select {...field("language")} defaultValue={values.language}>
                  {interviewLanguages.map((l) => (
                    <option key={l} value={l}>
                      {t(`feedback.interview.language.${l}` as MessageKey)}
                    </option>
                  ))}
                </select>
                {error("language")}
              </div>
            </div>
            <div className="row">
              <div className="field grow">
                <label htmlFor="iv-interviewer">{t("feedback.interview.interviewer")}</label>
                <input type="text" {...field("interviewer")} defaultValue={values.interviewer} />
                {error("interviewer")}
              </div>
              <div className="field grow">
                <label htmlFor="iv-participants">{t("feedback.interview.participants")}</label>
                <input type="text" {...field("participants")} defaultValue={values.participants} />
                {error("participants")}
              </div>
            </div>
            <div className="field">
              <label htmlFor="iv-body">{t("feedback.interview.body")}</label>
              <p className="small muted" id="iv-body-hint">
                {t("feedback.interview.bodyHint")}
              </p>
              <textarea rows={16} {...field("body")} aria-describedby={err("body") ? "iv-body-error iv-body-hint" : "iv-body-hint"} defaultValue={values.body} />
              {error("body")}
            </div>
            <button type="submit">{t(submitLabel)}</button>
          </>
        );
      }}
    </ZodForm>
  );
}
