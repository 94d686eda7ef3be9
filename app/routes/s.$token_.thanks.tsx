import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SurveyNotice } from "~/components/survey/SurveyNotice";
import { readSearchParams } from "~/utils/forms";
import { translate } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";

// dropped=1: the answers were kept, but hidden values the server had not signed were left out.
const thanksQuery = z.object({ dropped: z.literal("1").optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { dropped } = await readSearchParams(request, thanksQuery);
  const locale = await getLocale(request);
  const body = translate(locale, "respond.thanks.body");
  return { title: translate(locale, "respond.thanks.title"), body: dropped ? `${body} ${translate(locale, "respond.hiddenDropped")}` : body };
}

export default function Thanks() {
  const { title, body } = useLoaderData<typeof loader>();
  return <SurveyNotice title={title} body={body} />;
}
