import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { QuestionField } from "~/components/survey/QuestionField";
import { LanguageSwitchLink } from "~/components/survey/LanguageSwitchLink";
import { SurveyNotice } from "~/components/survey/SurveyNotice";
import { ZodForm } from "~/components/ZodForm";
import { z } from "zod";
import type { Segment } from "../../db/schema";
import {
  finishedThroughLink,
  getResponseProgress,
  getSavedAnswers,
  openSurveyLink,
  saveAnswers,
  type LinkProblem,
} from "~/models/response.server";
import {
  answersFromParsed,
  fieldName,
  hiddenFieldNames,
  pageAnswersSchema,
  segmentSchema,
  submissionKeyPattern,
  whyFieldName,
  type QuestionSpec,
} from "~/schemas/response";
import { fieldErrorsOf, formDataObject, type FieldErrors, readForm, readSearchParams } from "~/utils/forms";
import { isLocale, pick, translate, useT, type Locale } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { verifyHidden } from "~/utils/link-signature.server";
import { markLinkOpened } from "~/models/invitation.server";
import { takeRespondSlot } from "~/utils/rate-limit.server";
import { clientAddress } from "~/utils/request.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data && "title" in data ? data.title : "Trustloop" }];

const problemStatus: Record<LinkProblem, number> = { notFound: 404, closed: 410, used: 410, expired: 410 };

function problemPage(problem: LinkProblem, locale: Locale) {
  return data(
    {
      kind: "notice" as const,
      title: translate(locale, `respond.${problem}.title`),
      body: translate(locale, `respond.${problem}.body`),
    },
    { status: problemStatus[problem] },
  );
}

async function respondentLocale(request: Request, linkLocale: string | null, languages: Locale[]): Promise<Locale> {
  // A survey written in one language is shown in it, whatever the link or the browser asks for.
  if (languages.length === 1) return languages[0];
  const fromQuery = new URL(request.url).searchParams.get("lang");
  if (isLocale(fromQuery)) return fromQuery;
  if (isLocale(linkLocale)) return linkLocale;
  return getLocale(request);
}

function specs(questions: { id: string; type: QuestionSpec["type"]; required: boolean; options: any; why_prompt: unknown }[]) {
  return questions.map((q) => ({ id: q.id, type: q.type, required: q.required, options: q.options, hasWhy: !!q.why_prompt }));
}

function pagesOf<T extends { page: number }>(questions: T[]): number[] {
  return [...new Set(questions.map((q) => q.page))].sort((a, b) => a - b);
}

// The address a respondent opens: hidden-field values with their signature, the submission key of
// a response in progress, its page. Values are checked by segmentSchema and the signature below.
const respondQuery = z.object({
  lang: z.string().optional(),
  r: z.string().regex(submissionKeyPattern).optional().catch(undefined),
  p: z.coerce.number().int().optional().catch(undefined),
  sig: z.string().max(200).optional(),
  dropped: z.literal("1").optional().catch(undefined),
  account: z.string().optional(),
  tier: z.string().optional(),
  region: z.string().optional(),
  plan: z.string().optional(),
  ticket: z.string().optional(),
});

/** Hidden values count only when the server signed them for this link; otherwise none are kept. */
async function verifiedSegment(token: string, values: Segment, sig: string | undefined) {
  const given = Object.values(values).some(Boolean);
  if (!given) return { segment: {}, dropped: false };
  return (await verifyHidden(token, values, sig)) ? { segment: values, dropped: false } : { segment: {}, dropped: true };
}

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retry = actionHeaders.get("Retry-After");
  return retry ? { "Retry-After": retry } : new Headers();
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = await readSearchParams(request, respondQuery);
  const token = params.token ?? "";
  const opened = await openSurveyLink(token);
  if (opened.problem !== null) return problemPage(opened.problem, await getLocale(request));
  const { link, questions } = opened;
  // An invitation's "opened link" count: the first view, once (a no-op update afterwards).
  if (link.kind === "single") await markLinkOpened(link.link_id);
  // The link's language becomes explicit in the address, so the whole page (and <html lang>) follows it.
  const only = link.languages.length === 1 ? link.languages[0] : null;
  if (only && query.lang !== only) {
    url.searchParams.set("lang", only);
    throw redirect(url.pathname + url.search);
  }
  if (!query.lang && isLocale(link.link_locale)) {
    url.searchParams.set("lang", link.link_locale);
    throw redirect(url.pathname + url.search);
  }
  const locale = await respondentLocale(request, link.link_locale, link.languages);
  const hidden = segmentSchema.safeParse(Object.fromEntries(hiddenFieldNames.flatMap((n) => (query[n] !== undefined ? [[n, query[n]]] : []))));
  if (!hidden.success) {
    return data(
      { kind: "notice" as const, title: translate(locale, "error.badRequest.title"), body: translate(locale, "respond.hiddenInvalid") },
      { status: 400 },
    );
  }
  const { segment, dropped } = await verifiedSegment(token, hidden.data, query.sig);
  const pages = pagesOf(questions);
  const submissionKey = query.r ?? crypto.randomUUID();
  let pageIndex = 0;
  let saved: Record<string, string | string[] | undefined> = {};
  const progress = query.r ? await getResponseProgress(submissionKey) : undefined;
  if (progress?.finished) throw redirect(`/s/${token}/thanks?lang=${locale}`);
  if (progress && progress.survey_id === link.survey_id) {
    // Never skip ahead of the pages already answered.
    pageIndex = Math.max(0, Math.min(pages.indexOf(query.p ?? NaN), pages.indexOf(progress.last_page) + 1, pages.length - 1));
    for (const a of await getSavedAnswers(progress.id)) {
      saved[fieldName(a.question_id)] = a.value_int !== null ? String(a.value_int) : a.choices ?? a.value_text ?? undefined;
      if (a.why_text) saved[whyFieldName(a.question_id)] = a.why_text;
    }
  }
  const page = pages[pageIndex] ?? 1;
  return {
    kind: "survey" as const,
    title: pick(link.title, locale),
    intro: pick(link.intro, locale),
    anonymous: link.anonymous,
    oneLanguage: link.languages.length === 1,
    locale,
    page,
    pageNumber: pageIndex + 1,
    pageCount: Math.max(1, pages.length),
    previousPage: pageIndex > 0 ? pages[pageIndex - 1] : null,
    questions: questions.filter((q) => q.page === page),
    numberOffset: questions.filter((q) => q.page < page).length,
    submissionKey,
    startedAt: new Date().toISOString(),
    hidden: segment,
    sig: dropped ? undefined : query.sig,
    hiddenDropped: dropped || query.dropped === "1",
    saved,
  };
}

type ActionData = { errors: FieldErrors; values: Record<string, string | string[]> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const opened = await openSurveyLink(token);
  if (opened.problem === "notFound") return problemPage(opened.problem, await getLocale(request));
  // Counted before the form is read: a flood costs one look-up each, not a parse and a write.
  const slot = takeRespondSlot(clientAddress(context), token);
  if (!slot.ok) {
    const locale = await getLocale(request);
    return data(
      {
        kind: "notice" as const,
        title: translate(locale, "respond.rateLimited.title"),
        body: translate(locale, "respond.rateLimited.body", { seconds: slot.retryAfterSeconds }),
      },
      { status: 429, headers: { "Retry-After": String(slot.retryAfterSeconds) } },
    );
  }
  const values = formDataObject(await readForm(request));
  const submissionKey = typeof values._key === "string" ? values._key : "";
  if (opened.problem !== null) {
    const locale = await getLocale(request);
    // The same form sent twice (a double click): the first copy was stored, so say thanks again.
    if (await finishedThroughLink(token, submissionKey)) throw redirect(`/s/${token}/thanks?lang=${locale}`);
    return problemPage(opened.problem, locale);
  }
  const { link, questions } = opened;
  const locale = await respondentLocale(request, link.link_locale, link.languages);
  const fail = (errors: FieldErrors) => data<ActionData>({ errors, values }, { status: 400 });

  const hidden = segmentSchema.safeParse(
    Object.fromEntries(hiddenFieldNames.flatMap((n) => (values[`h_${n}`] !== undefined ? [[n, values[`h_${n}`]]] : []))),
  );
  if (!hidden.success) return fail({ _form: "respond.hiddenInvalid" });
  const { segment, dropped } = await verifiedSegment(token, hidden.data, typeof values._sig === "string" ? values._sig : undefined);
  const pages = pagesOf(questions);
  const page = Number(values._page);
  if (!pages.includes(page) || !submissionKeyPattern.test(submissionKey)) return fail({ _form: "validation.invalid" });

  const onPage = questions.filter((q) => q.page === page);
  const parsed = pageAnswersSchema(specs(onPage)).safeParse(values);
  if (!parsed.success) return fail(fieldErrorsOf(parsed.error));

  const finish = page === pages[pages.length - 1];
  const started = typeof values._started === "string" ? new Date(values._started) : null;
  const result = await saveAnswers({
    token,
    submissionKey,
    page,
    pageQuestionIds: onPage.map((q) => q.id),
    finish,
    locale,
    segment,
    answers: answersFromParsed(specs(onPage), parsed.data),
    ip: clientAddress(context),
    startedAt: started && !Number.isNaN(started.getTime()) ? started : null,
    link,
    questionTypes: new Map(questions.map((q) => [q.id, q.type])),
  });
  if (result.outcome === "problem") return problemPage(result.problem, locale);
  // Unverified hidden values were left out of the response; the next page says so.
  const note = dropped ? "&dropped=1" : "";
  if (result.outcome === "saved") {
    const next = pages[pages.indexOf(page) + 1];
    return redirect(`/s/${token}?r=${submissionKey}&p=${next}&lang=${locale}${note}`);
  }
  return redirect(`/s/${token}/thanks?lang=${locale}${note}`);
}

export default function RespondPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const navigation = useNavigation();
  if (actionData && "kind" in actionData) return <SurveyNotice title={actionData.title} body={actionData.body} />;
  if (loaderData.kind === "notice") return <SurveyNotice title={loaderData.title} body={loaderData.body} />;
  const d = loaderData;
  const serverErrors = ((actionData && "errors" in actionData ? actionData.errors : {}) ?? {}) as FieldErrors;
  const defaults = actionData && "values" in actionData ? actionData.values : d.saved;
  const schema = pageAnswersSchema(specs(d.questions as any));
  const last = d.pageNumber === d.pageCount;
  return (
    <main className="survey" id="main">
      {d.oneLanguage ? null : <LanguageSwitchLink />}
      <h1>{d.title}</h1>
      {d.intro ? <p>{d.intro}</p> : null}
      {d.anonymous ? <p className="muted small">{t("respond.anonymous")}</p> : null}
      {d.hiddenDropped ? (
        <p className="notice" role="status">
          {t("respond.hiddenDropped")}
        </p>
      ) : null}
      {d.pageCount > 1 ? (
        <p className="progress">{t("respond.page", { page: d.pageNumber, total: d.pageCount })}</p>
      ) : null}
      <p className="muted small">{t("respond.requiredNote")}</p>
      {serverErrors._form ? (
        <p className="form-error" role="alert">
          {t(serverErrors._form)}
        </p>
      ) : Object.keys(serverErrors).length ? (
        <p className="form-error" role="alert">
          {t("common.fixErrors")}
        </p>
      ) : null}
      <ZodForm schema={schema} aria-label={d.title}>
        {(form) => {
          const errors: Record<string, string | undefined> = { ...serverErrors };
          for (const [k, v] of Object.entries(form.formState.errors)) errors[k] = (v?.message as string) ?? errors[k];
          return (
            <>
              <input type="hidden" name="_key" value={d.submissionKey} />
              <input type="hidden" name="_page" value={d.page} />
              <input type="hidden" name="_started" value={d.startedAt} />
              {Object.entries(d.hidden).map(([k, v]) => (v ? <input key={k} type="hidden" name={`h_${k}`} value={v} /> : null))}
              {d.sig ? <input type="hidden" name="_sig" value={d.sig} /> : null}
              {d.questions.map((q, i) => (
                <QuestionField
                  key={q.id}
                  question={q as any}
                  number={d.numberOffset + i + 1}
                  register={form.register}
                  defaults={defaults}
                  errors={errors}
                />
              ))}
              <div className="row">
                {d.previousPage ? (
                  <Link className="button secondary" to={`?r=${d.submissionKey}&p=${d.previousPage}&lang=${d.locale}`}>
                    {t("respond.back")}
                  </Link>
                ) : null}
                <button type="submit" disabled={navigation.state === "submitting"}>
                  {t(last ? "respond.submit" : "respond.next")}
                </button>
              </div>
            </>
          );
        }}
      </ZodForm>
    </main>
  );
}
