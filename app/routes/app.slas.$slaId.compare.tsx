import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CompareFields } from "~/components/sla/CompareFields";
import { Redline } from "~/components/sla/Redline";
import { redline } from "~/components/sla/compare";
import { getSla, listVersions } from "~/models/sla.server";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";
import { compareQuery } from "~/schemas/query";
import { readSearchParams } from "~/utils/forms";
import { pick, translator, useLocale, useT } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { metaLocale, pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => data ? pageTitle(matches, "sla.redline.title", { name: pick(data.sla.name, metaLocale(matches)), a: data.a, b: data.b }) : pageTitle(matches, "sla.list.title");

/** ?a=<version number>&b=<version number>; by default the newest version against the one before it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const sla = await getSla(params.slaId ?? "");
  if (!sla) throw new Response("Not found", { status: 404 });
  const versions = await listVersions(sla.id);
  const query = await readSearchParams(request, compareQuery);
  const byNumber = (n: number) => versions.find((v) => v.version === n) ?? null;
  const b = byNumber(query.b ?? versions[0]?.version ?? 0);
  const a = byNumber(query.a ?? versions[1]?.version ?? 0);
  if (!a || !b) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  return {
    sla,
    a: a.version,
    b: b.version,
    versions: versions.map((v) => v.version),
    rows: redline(a, b, translator(locale), locale),
    // Why the newer version changed, as its author wrote it.
    note: pick(b.changeNote, locale),
  };
}

export default function Compare() {
  const { sla, a, b, versions, rows, note } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const name = pick(sla.name, locale);
  return (
    <>
      <p>
        <Link to={`/app/slas/${sla.id}`}>← {name}</Link>
      </p>
      <h1>{t("sla.redline.title", { name, a, b })}</h1>
      <form method="get" className="inline-form no-print">
        <CompareFields versions={versions} a={a} b={b} />
      </form>
      {note && (
        <p className="pre">
          <strong>{t("sla.redline.note", { n: b })}</strong> {note}
        </p>
      )}
      <Redline rows={rows} a={a} b={b} />
    </>
  );
}
