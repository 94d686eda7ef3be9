import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportQuestions, exportResponseBatches, parseResponseFilters, type ExportQuestion, type ResponseRow } from "~/models/results.server";
import { requireRole } from "~/utils/permissions.server";
import { STAFF } from "~/utils/permissions";
import { responseFilterQuery, toSearchParams } from "~/schemas/query";
import { readSearchParams } from "~/utils/forms";
import { toCsv, type CsvCell } from "~/utils/csv";
import { pick, translate, type Locale, type MessageKey } from "~/utils/i18n";
import { getLocale } from "~/utils/locale.server";

/*
 * GET /app/responses.csv: the responses list's filters, one row per response.
 * Two header rows: the first says what each column holds in the reader's language (question
 * text, "why?" prompt), the second is a stable code for scripts: q<position>_<type> (and
 * q<position>_<type>_why for the "why?" text); when the export spans several surveys each code is
 * prefixed with the first 8 characters of its survey id and each label with the survey's title.
 * Rows are read in batches of 500 and streamed, so a large export stays small in memory.
 */

const fixedColumns = ["response_id", "survey", "submitted_at", "started_at", "finished", "locale", "account", "account_id", "tier", "region", "plan", "ticket"];

function columnName(q: ExportQuestion, prefixed: boolean) {
  return `${prefixed ? `${q.surveyId.slice(0, 8)}_` : ""}q${q.position}_${q.type}`;
}

function rowOf(r: ResponseRow, questions: ExportQuestion[], locale: Locale): CsvCell[] {
  const byQuestion = new Map(r.answers.map((a) => [a.questionId, a]));
  const cells: CsvCell[] = [
    r.id,
    pick(r.surveyTitle, locale),
    r.submittedAt,
    r.startedAt,
    r.finished ? "true" : "false",
    r.locale,
    r.accountName ?? r.segment.account ?? null,
    r.segment.account ?? null,
    r.segment.tier ?? null,
    r.segment.region ?? null,
    r.segment.plan ?? null,
    r.segment.ticket ?? null,
  ];
  for (const q of questions) {
    const a = q.surveyId === r.surveyId ? byQuestion.get(q.id) : undefined;
    cells.push(a ? (a.valueInt ?? (a.choices ? a.choices.join(";") : a.valueText)) : null);
    if (q.hasWhy) cells.push(a?.why ?? null);
  }
  return cells;
}

// toCsv always writes a header line: later batches pass an empty one and drop its CRLF.
const csvRows = (rows: CsvCell[][]) => toCsv([], rows).slice(2);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF);
  const locale = await getLocale(request);
  const { filters, errors } = await parseResponseFilters(toSearchParams(await readSearchParams(request, responseFilterQuery)));
  if (Object.keys(errors).length) {
    const fields = Object.entries(errors)
      .map(([field, key]) => `${field}: ${translate(locale, key as MessageKey)}`)
      .join("; ");
    return new Response(translate(locale, "results.filter.invalidCsv", { fields }) + "\n", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const { surveys, questions } = await exportQuestions(filters);
  const prefixed = surveys.length > 1;
  const titles = new Map(surveys.map((s) => [s.id, pick(s.title, locale)]));
  const codes = [...fixedColumns];
  const header = fixedColumns.map((c) => translate(locale, `users.csv.${c}` as MessageKey));
  for (const q of questions) {
    const label = `${prefixed ? `[${titles.get(q.surveyId)}] ` : ""}${pick(q.prompt, locale)}`;
    codes.push(columnName(q, prefixed));
    header.push(label);
    if (q.hasWhy) {
      codes.push(`${columnName(q, prefixed)}_why`);
      header.push(`${label} — ${pick(q.whyPrompt, locale) || translate(locale, "users.csv.why")}`);
    }
  }
  const batches = exportResponseBatches(filters);
  const encoder = new TextEncoder();
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await batches.next();
        if (next.done) {
          if (first) controller.enqueue(encoder.encode(toCsv(header, [codes], { bom: true })));
          controller.close();
          return;
        }
        const rows = next.value.map((r) => rowOf(r, questions, locale));
        controller.enqueue(encoder.encode(first ? toCsv(header, [codes, ...rows], { bom: true }) : csvRows(rows)));
        first = false;
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="trustloop-responses-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
