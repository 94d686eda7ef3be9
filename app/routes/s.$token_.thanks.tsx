import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SurveyNotice } from "~/components/survey/SurveyNotice";
import { translate } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  return { title: translate(locale, "respond.thanks.title"), body: translate(locale, "respond.thanks.body") };
}

export default function Thanks() {
  const { title, body } = useLoaderData<typeof loader>();
  return <SurveyNotice title={title} body={body} />;
}
