import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useForm } from "react-hook-form";
import { QuestionField } from "~/components/survey/QuestionField";
import { SurveyTabs } from "~/components/surveys/SurveyTabs";
import { getSurvey } from "~/models/survey.server";
import { STAFF } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { pick, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { metaLocale, pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => data ? pageTitle(matches, "housekeeping.preview.title", { title: pick(data.survey.title, metaLocale(matches)) }) : [{ title: "Trustloop" }];

/**
 * The respondent's form for a stored survey, every page in order, in one of the survey's
 * languages. Nothing here posts anywhere: a preview stores nothing and needs no link.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const survey = await getSurvey(params.surveyId ?? "");
  if (!survey) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  return {
    survey: {
      id: survey.id,
      title: survey.title,
      intro: survey.intro,
      anonymous: survey.anonymous,
      languages: survey.languages,
      questions: survey.questions.map((q) => ({ id: q.id, position: q.position, page: q.page, type: q.type, required: q.required, prompt: q.prompt, options: q.options, why_prompt: q.why_prompt })),
    },
    // A one-language survey is previewed in its language, whatever the staff member reads.
    locale: survey.languages.includes(locale) ? locale : survey.languages[0],
  };
}

export default function PreviewSurvey() {
  const { survey, locale } = useLoaderData<typeof loader>();
  const t = useT();
  const form = useForm();
  const pages = [...new Set(survey.questions.map((q) => q.page))].sort((a, b) => a - b);
  let number = 0;
  return (
    <>
      <h1>{t("housekeeping.preview.title", { title: pick(survey.title, locale) })}</h1>
      <SurveyTabs surveyId={survey.id} />
      <p className="notice" role="status">
        {t("housekeeping.preview.notice")}
      </p>
      {survey.languages.length > 1 ? (
        <p className="row">
          {t("housekeeping.preview.in")}{" "}
          {survey.languages.map((l) =>
            l === locale ? (
              <strong key={l}>{t(l === "ko" ? "common.korean" : "common.english")}</strong>
            ) : (
              <Link key={l} to={`/app/surveys/${survey.id}/preview?lang=${l}`} reloadDocument>
                {t(l === "ko" ? "common.korean" : "common.english")}
              </Link>
            ),
          )}
        </p>
      ) : (
        <p className="small muted">{t(survey.languages[0] === "ko" ? "housekeeping.lang.koOnly" : "housekeeping.lang.enOnly")}</p>
      )}
      <div className="survey preview" lang={locale}>
        <h2>{pick(survey.title, locale)}</h2>
        {pick(survey.intro, locale) ? <p>{pick(survey.intro, locale)}</p> : null}
        {survey.anonymous ? <p className="muted small">{t("respond.anonymous")}</p> : null}
        <form aria-label={t("housekeeping.preview.form")} onSubmit={(e) => e.preventDefault()}>
          {pages.map((page, i) => (
            <section key={page} aria-label={t("respond.page", { page: i + 1, total: pages.length })}>
              {pages.length > 1 ? <p className="progress">{t("respond.page", { page: i + 1, total: pages.length })}</p> : null}
              {survey.questions
                .filter((q) => q.page === page)
                .map((q) => (
                  <QuestionField key={q.id} question={q as any} number={++number} register={form.register} defaults={{}} errors={{}} />
                ))}
            </section>
          ))}
          <button type="submit" disabled>
            {t("respond.submit")}
          </button>
        </form>
      </div>
    </>
  );
}
