import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FieldError } from "~/components/FieldError";
import { FormError } from "~/components/FormError";
import { ZodForm } from "~/components/ZodForm";
import { ReviewError, scheduleChoices, scheduleMeeting } from "~/models/review.server";
import { userTimeZone } from "~/models/settings.server";
import { scheduleMeetingSchema, type ScheduleMeetingInput } from "~/schemas/review";
import { fieldErrorsOf, formDataObject, readForm, type FieldErrors } from "~/utils/forms";
import { pick, translate, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { useTimeZone } from "~/utils/dates";
import { getLocale } from "~/utils/locale.server";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";
import { titleMeta } from "~/utils/meta";

export const meta = titleMeta("review.scheduleTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  return scheduleChoices();
}

type ActionData = { errors: FieldErrors; formError?: string; values?: Record<string, unknown> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, STAFF);
  const locale = await getLocale(request);
  const values = formDataObject(await readForm(request));
  const parsed = scheduleMeetingSchema.safeParse(values);
  if (!parsed.success) {
    return data<ActionData>({ errors: fieldErrorsOf(parsed.error), formError: translate(locale, "common.fixErrors"), values }, { status: 400 });
  }
  try {
    // The date and time are read in the scheduler's own zone, the one the form names.
    const id = await scheduleMeeting(user.id, { ...parsed.data, quorum: parsed.data.quorum ?? null, timeZone: await userTimeZone(user) });
    return redirect(`/app/reviews/${id}`);
  } catch (e) {
    if (!(e instanceof ReviewError)) throw e;
    const key = `review.error.${e.code}` as MessageKey;
    return data<ActionData>(
      e.field ? { errors: { [e.field]: key }, formError: translate(locale, "common.fixErrors"), values } : { errors: {}, formError: translate(locale, key), values },
      { status: 400 },
    );
  }
}

export default function ScheduleMeeting() {
  const { slas, attendees } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const zone = useTimeZone();
  const locale = useLocale();
  const errors = (actionData?.errors ?? {}) as FieldErrors;
  const v = (actionData?.values ?? {}) as unknown as Record<string, string | string[]>;
  const chosen = new Set(([] as string[]).concat(v.attendees ?? []));
  const str = (name: string) => (typeof v[name] === "string" ? (v[name] as string) : "");
  return (
    <>
      <p>
        <Link to="/app/reviews">← {t("review.back")}</Link>
      </p>
      <h1>{t("review.scheduleTitle")}</h1>
      <FormError message={actionData?.formError} />
      <ZodForm<ScheduleMeetingInput> schema={scheduleMeetingSchema} className="card" aria-label={t("review.scheduleTitle")}>
        {(form) => {
          const err = (name: keyof ScheduleMeetingInput) => (form.formState.errors[name]?.message as string | undefined) ?? errors[name];
          const field = (name: keyof ScheduleMeetingInput) => ({
            id: `rm-${name}`,
            "aria-invalid": err(name) ? true : undefined,
            "aria-describedby": err(name) ? `rm-${name}-error` : undefined,
          });
          return (
            <>
              <div className="field">
                <label htmlFor="rm-slaId">{t("review.field.sla")}</label>
                <select {...field("slaId")} {...form.register("slaId")} defaultValue={str("slaId")}>
                  <option value="">{t("review.field.choose")}</option>
                  {slas.map((s) => (
                    <option key={s.id} value={s.id}>
                      {pick(s.name, locale)} ({s.service}, {s.timezone})
                    </option>
                  ))}
                </select>
                <FieldError id="rm-slaId-error" message={err("slaId")} />
              </div>
              <div className="row">
                <div className="field">
                  <label htmlFor="rm-periodStart">{t("review.field.periodStart")}</label>
                  <input type="date" {...field("periodStart")} {...form.register("periodStart")} defaultValue={str("periodStart")} />
                  <FieldError id="rm-periodStart-error" message={err("periodStart")} />
                </div>
                <div className="field">
                  <label htmlFor="rm-periodEnd">{t("review.field.periodEnd")}</label>
                  <input type="date" {...field("periodEnd")} {...form.register("periodEnd")} defaultValue={str("periodEnd")} />
                  <FieldError id="rm-periodEnd-error" message={err("periodEnd")} />
                </div>
              </div>
              <p className="small muted">{t("times.review.periodHint")}</p>
              <div className="row">
                <div className="field">
                  <label htmlFor="rm-date">{t("review.field.date")}</label>
                  <input type="date" {...field("date")} {...form.register("date")} defaultValue={str("date")} />
                  <FieldError id="rm-date-error" message={err("date")} />
                </div>
                <div className="field">
                  <label htmlFor="rm-time">{t("review.field.time")}</label>
                  <input type="time" {...field("time")} {...form.register("time")} defaultValue={str("time") || "10:00"} aria-describedby={err("time") ? "rm-time-hint rm-time-error" : "rm-time-hint"} />
                  <p className="small muted" id="rm-time-hint">
                    {t("review.field.timeHint", { zone })}
                  </p>
                  <FieldError id="rm-time-error" message={err("time")} />
                </div>
              </div>
              <fieldset className="field" aria-describedby={err("attendees") ? "rm-attendees-error" : undefined}>
                <legend>{t("review.field.attendees")}</legend>
                {attendees.length === 0 ? <p>{t("review.noAttendees")}</p> : null}
                {attendees.map((a) => (
                  <label key={a.id} className="check">
                    <input type="checkbox" value={a.id} {...form.register("attendees")} defaultChecked={chosen.has(a.id)} /> {a.name} ({t(`role.${a.role}` as MessageKey)})
                  </label>
                ))}
                <FieldError id="rm-attendees-error" message={err("attendees")} />
              </fieldset>
              <div className="field">
                <label htmlFor="rm-quorum">{t("review.field.quorum")}</label>
                <input type="number" min={2} inputMode="numeric" {...field("quorum")} {...form.register("quorum")} defaultValue={str("quorum")} aria-describedby={err("quorum") ? "rm-quorum-hint rm-quorum-error" : "rm-quorum-hint"} />
                <p className="small muted" id="rm-quorum-hint">
                  {t("review.field.quorumHint")}
                </p>
                <FieldError id="rm-quorum-error" message={err("quorum")} />
              </div>
              <div className="field">
                <label htmlFor="rm-notes">{t("review.field.notes")}</label>
                <textarea {...field("notes")} {...form.register("notes")} defaultValue={str("notes")} />
                <FieldError id="rm-notes-error" message={err("notes")} />
              </div>
              <button type="submit" disabled={navigation.state === "submitting"}>
                {t("review.schedule")}
              </button>
            </>
          );
        }}
      </ZodForm>
    </>
  );
}
