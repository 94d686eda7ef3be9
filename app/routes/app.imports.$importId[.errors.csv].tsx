import type { LoaderFunctionArgs } from "@remix-run/node";
import { getImport, importErrorPages } from "~/models/import.server";
import { toCsv } from "~/utils/csv";
import { translate } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";
import { STAFF } from "~/utils/permissions";
import { requireRole } from "~/utils/permissions.server";
import { isUuid } from "~/utils/uuid";

/*
 * GET /app/imports/<id>.errors.csv: every bad row of an import (line number in the uploaded
 * file, the column, the message in the reader's language), streamed page by page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const imp = isUuid(params.importId) ? await getImport(params.importId) : null;
  if (!imp) throw new Response("Not found", { status: 404 });
  const locale = await getLocale(request);
  const header = [translate(locale, "import.errorCsv.line"), translate(locale, "import.errorCsv.column"), translate(locale, "import.errorCsv.message")];
  const pages = importErrorPages(imp.id);
  const encoder = new TextEncoder();
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await pages.next();
        const rows = next.done
          ? []
          : next.value.map((e) => [
              e.line,
              e.column || translate(locale, `import.field.${e.field}`),
              translate(locale, e.key, (e.params ?? {}) as Record<string, string | number>),
            ]);
        // toCsv writes a header line: later pages pass an empty one and drop its CRLF.
        if (first || rows.length) controller.enqueue(encoder.encode(first ? toCsv(header, rows, { bom: true }) : toCsv([], rows).slice(2)));
        first = false;
        if (next.done) controller.close();
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
  const name = imp.filename.replace(/\.csv$/i, "").replace(/[^\w.-]+/g, "_").slice(0, 80) || "import";
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}-errors.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
