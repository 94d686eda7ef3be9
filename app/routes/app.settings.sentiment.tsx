import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormError } from "~/components/FormError";
import { HowCalculated } from "~/components/HowCalculated";
import { count } from "~/components/results/format";
import { getSentimentSettings, SentimentError, switchSentimentModel, trainOrganisationModel } from "~/models/sentiment.server";
import { sentimentIntentSchema } from "~/schemas/sentiment";
import { badRequest, formDataObject, readForm } from "~/utils/forms";
import { formatNumber, translate, useLocale, useT, type MessageKey } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { titleMeta } from "~/utils/meta";
import { ANALYSTS } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { formatDateTime, useTimeZone } from "~/utils/dates";

export const meta = titleMeta("feedback.sentimentSettings.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ANALYSTS);
  return { settings: await getSentimentSettings() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ANALYSTS);
  const locale = await getLocale(request);
  const raw = formDataObject(await readForm(request, { maxFields: 5, maxRepeats: 1 }));
  const parsed = sentimentIntentSchema.safeParse(raw);
  if (!parsed.success) throw await badRequest(request, "input.badQuery");
  try {
    if (parsed.data.intent === "train") {
      const figures = await trainOrganisationModel(user.id);
      return redirect(`/app/settings/sentiment?trained=${figures.choice.use}`);
    }
    await switchSentimentModel(user.id, parsed.data.intent === "useOrg" ? "org" : "shipped");
    return redirect("/app/settings/sentiment?switched=1");
  } catch (e) {
    if (!(e instanceof SentimentError)) throw e;
    return data({ formError: translate(locale, `feedback.sentimentSettings.error.${e.code}` as MessageKey) }, { status: 400 });
  }
}

export default function SentimentSettings() {
  const { settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const zone = useTimeZone();
  const locale = useLocale();
  const org = settings.org;
  const usingOrg = settings.inUse !== "shipped";
  const run = settings.run;
  const f1 = (v: number | null) => (v === null ? "–" : formatNumber(locale, v, 3));
  return (
    <>
      <h1>{t("feedback.sentimentSettings.title")}</h1>
      <p>{t("feedback.sentimentSettings.intro")}</p>
      {params.get("switched") ? <p role="status">{t("feedback.sentimentSettings.switched")}</p> : null}
      {params.get("trained") ? (
        <p role="status">{t(params.get("trained") === "org" ? "feedback.sentimentSettings.trainedOrg" : "feedback.sentimentSettings.trainedShipped")}</p>
      ) : null}
      <FormError message={actionData?.formError} />
      <section className="card" aria-labelledby="in-use">
        <h2 id="in-use">{t("feedback.sentimentSettings.inUse")}</h2>
        <p data-testid="model-in-use">
          <strong>{usingOrg ? t("feedback.sentimentSettings.orgModel", { id: settings.inUse }) : t("feedback.sentimentSettings.shippedModel", { ko: settings.shippedIds.ko, en: settings.shippedIds.en })}</strong>
        </p>
        <Form method="post">
          {usingOrg ? (
            <button type="submit" name="intent" value="useShipped">
              {t("feedback.sentimentSettings.useShipped")}
            </button>
          ) : org && org.choice.use === "org" ? (
            <button type="submit" name="intent" value="useOrg">
              {t("feedback.sentimentSettings.useOrg")}
            </button>
          ) : null}
        </Form>
      </section>
      <section className="card" aria-labelledby="rescore">
        <h2 id="rescore">{t("feedback.sentimentSettings.rescore")}</h2>
        {run ? (
          <>
            <p role="status" data-testid="rescore-progress">
              {t(`feedback.sentimentSettings.run.${run.status}` as MessageKey)}:{" "}
              {t("feedback.sentimentSettings.progress", { done: count(locale, Math.min(run.done, run.total)), total: count(locale, run.total) })}
            </p>
            <progress max={Math.max(1, run.total)} value={Math.min(run.done, run.total)} aria-label={t("feedback.sentimentSettings.rescore")} />
            <p className="small muted">
              {t("feedback.sentimentSettings.runStarted", { at: formatDateTime(run.createdAt, zone) })}
              {run.finishedAt ? ` · ${t("feedback.sentimentSettings.runFinished", { at: formatDateTime(run.finishedAt, zone) })}` : ""}
            </p>
            {run.status === "queued" || run.status === "running" ? (
              <p>
                <Link to="/app/settings/sentiment">{t("feedback.sentimentSettings.refresh")}</Link>
              </p>
            ) : null}
          </>
        ) : (
          <p>{t("feedback.sentimentSettings.noRun")}</p>
        )}
      </section>
      <section className="card" aria-labelledby="org-model">
        <h2 id="org-model">{t("feedback.sentimentSettings.orgTitle")}</h2>
        <p>{t("feedback.sentimentSettings.scoredTexts", { n: settings.scoredTexts })}</p>
        {org ? (
          <>
            <p>
              {t("feedback.sentimentSettings.trainedAt", { at: formatDateTime(org.trainedAt, zone), id: org.id })}
            </p>
            <table>
              <caption>{t("feedback.sentimentSettings.figures")}</caption>
              <tbody>
                <tr>
                  <th scope="row">{t("feedback.sentimentSettings.n")}</th>
                  <td>{count(locale, org.n)}</td>
                </tr>
                <tr>
                  <th scope="row">{t("feedback.sentimentSettings.cvF1")}</th>
                  <td data-testid="org-f1">{f1(org.cvMacroF1)}</td>
                </tr>
                <tr>
                  <th scope="row">{t("feedback.sentimentSettings.shippedF1")}</th>
                  <td data-testid="shipped-f1">{f1(org.shippedMacroF1)}</td>
                </tr>
              </tbody>
            </table>
            <table>
              <caption>{t("feedback.sentimentSettings.perClass")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("feedback.sentiment")}</th>
                  <th scope="col">{t("feedback.sentimentSettings.n")}</th>
                  <th scope="col">{t("feedback.sentimentSettings.precision")}</th>
                  <th scope="col">{t("feedback.sentimentSettings.recall")}</th>
                  <th scope="col">F1</th>
                </tr>
              </thead>
              <tbody>
                {(["negative", "neutral", "positive"] as const).map((l) => (
                  <tr key={l}>
                    <th scope="row">{t(`feedback.sentiment.${l}`)}</th>
                    <td>{count(locale, org.perClass[l].n)}</td>
                    <td>{f1(org.perClass[l].precision)}</td>
                    <td>{f1(org.perClass[l].recall)}</td>
                    <td>{f1(org.perClass[l].f1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p data-testid="choice">
              {t(org.choice.use === "org" ? "feedback.sentimentSettings.verdictOrg" : "feedback.sentimentSettings.verdictShipped")}{" "}
              {org.reason.code === "few"
                ? t("feedback.sentimentSettings.reason.few", { n: count(locale, org.reason.n), min: count(locale, org.reason.min) })
                : org.reason.code === "thin"
                  ? t("feedback.sentimentSettings.reason.thin", { min: org.reason.min })
                  : org.reason.code === "notBetter"
                    ? t("feedback.sentimentSettings.reason.notBetter", { org: f1(org.reason.org), shipped: f1(org.reason.shipped) })
                    : t("feedback.sentimentSettings.reason.better", { n: count(locale, org.reason.n), org: f1(org.reason.org) })}
            </p>
          </>
        ) : (
          <p>{t("feedback.sentimentSettings.noOrg")}</p>
        )}
        <HowCalculated>{t("feedback.sentimentSettings.how")}</HowCalculated>
        <Form method="post">
          <button type="submit" name="intent" value="train">
            {t("feedback.sentimentSettings.train")}
          </button>
        </Form>
      </section>
    </>
  );
}
