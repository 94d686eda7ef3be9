import { createInterview, InterviewError, updateInterview } from "~/models/interview.server";
import { interviewSchema } from "~/schemas/interview";
import { fieldErrorsOf, formDataObject, readForm, type FieldErrors } from "~/utils/forms";
import { translate, type MessageKey } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import type { InterviewFormValues } from "./InterviewForm";

export type InterviewActionBody = { errors: FieldErrors; formError: string; values: InterviewFormValues };

/** New and edit: one schema, one transaction, 400 with messages beside the fields on bad input. */
export async function saveInterviewAction(
  request: Request,
  userId: string,
  interviewId: string | null,
): Promise<{ ok: true; id: string } | { ok: false; notFound?: boolean; body: InterviewActionBody }> {
  const locale = await getLocale(request);
  const raw = formDataObject(await readForm(request, { maxFields: 20, maxRepeats: 1 }));
  const one = (k: string) => {
    const v = raw[k];
    return Array.isArray(v) ? v[0] ?? "" : v ?? "";
  };
  const values: InterviewFormValues = {
    accountId: one("accountId"),
    heldOn: one("heldOn"),
    interviewer: one("interviewer"),
    participants: one("participants"),
    language: one("language"),
    body: one("body"),
  };
  const parsed = interviewSchema.safeParse(values);
  if (!parsed.success) return { ok: false, body: { errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors"), values } };
  try {
    if (interviewId) {
      await updateInterview(userId, interviewId, parsed.data);
      return { ok: true, id: interviewId };
    }
    return { ok: true, id: (await createInterview(userId, parsed.data)).id };
  } catch (e) {
    if (!(e instanceof InterviewError)) throw e;
    const key = `feedback.interview.error.${e.code}` as MessageKey;
    if (e.code === "notFound") return { ok: false, notFound: true, body: { errors: {}, formError: translate(locale, key), values } };
    return { ok: false, body: { errors: e.field ? { [e.field]: key } : {}, formError: translate(locale, "common.fixErrors"), values } };
  }
}
