import { sql, type Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import { hashPassword } from "../../app/utils/password.server";

export const PASSWORD = "correct horse battery";

/** A staff user straight in the table (tests of sign-in itself go through the form). */
export async function insertUser(db: Kysely<Database>, role: Role, email = `${role}@example.test`) {
  return db
    .insertInto("users")
    .values({ email, name: `Test ${role}`, role, password_hash: await hashPassword(PASSWORD) })
    .returning(["id", "email", "role"])
    .executeTakeFirstOrThrow();
}

type SurveyOptions = { anonymous?: boolean; twoPages?: boolean; status?: "draft" | "open" | "closed"; responseLimit?: number | null };

/** A survey with one question of each kind the respondent page validates, via the model the builder uses. */
export async function createTestSurvey(db: Kysely<Database>, opts: SurveyOptions = {}) {
  const { createSurvey } = await import("../../app/models/survey.server");
  const id = await createSurvey(null, {
    title: { ko: "테스트 설문", en: "Test survey" },
    intro: {},
    status: opts.status ?? "open",
    anonymous: opts.anonymous ?? false,
    closesAt: null,
    responseLimit: opts.responseLimit ?? null,
    questions: [
      { type: "nps", required: true, page: 1, prompt: { ko: "추천하시겠습니까?", en: "Would you recommend us?" }, whyPrompt: { ko: "이유는?", en: "Why?" }, options: [] },
      {
        type: "single",
        required: false,
        page: 1,
        prompt: { ko: "중요한 것", en: "What matters" },
        whyPrompt: null,
        options: [
          { value: "support", label: { ko: "지원", en: "Support" } },
          { value: "price", label: { ko: "가격", en: "Price" } },
        ],
      },
      { type: "text", required: false, page: opts.twoPages ? 2 : 1, prompt: { ko: "기타 의견", en: "Anything else" }, whyPrompt: null, options: [] },
    ],
  });
  const questions = await db.selectFrom("questions").select(["id", "type"]).where("survey_id", "=", id).orderBy("position").execute();
  const link = await db.selectFrom("links").select("token").where("survey_id", "=", id).executeTakeFirstOrThrow();
  return { id, token: link.token, nps: questions[0].id, choice: questions[1].id, text: questions[2].id };
}

export async function countRows(db: Kysely<Database>) {
  const n = async (table: "responses" | "answers" | "feedback_items") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return { responses: await n("responses"), answers: await n("answers"), feedback_items: await n("feedback_items") };
}

const tablesOf = new WeakMap<Kysely<any>, Promise<string[]>>();

/**
 * Rows in every table of the schema: what "nothing written" compares. The table list is read once
 * per database handle (the migrations ran before any test uses this). Eight tables a statement: on
 * PGlite every statement runs in WebAssembly on the server's own thread (the fuzz's server child
 * counts before and after each POST), and one statement over forty tables held that thread for
 * 15-30 ms on a quiet machine, over 100 ms on a loaded one, with /healthz waiting behind it; five
 * smaller ones let the server's other requests in between (one a table was slower in all).
 */
export async function tableRowCounts(db: Kysely<any>): Promise<Record<string, number>> {
  let tables = tablesOf.get(db);
  if (!tables) {
    tables = sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_%'
      ORDER BY table_name`
      .execute(db)
      .then((r) => r.rows.map((t) => t.table_name));
    tablesOf.set(db, tables);
  }
  const names = await tables;
  const counts: Record<string, number> = {};
  for (let i = 0; i < names.length; i += 8) {
    const row = await sql<Record<string, string>>`SELECT ${sql.join(names.slice(i, i + 8).map((t) => sql`(SELECT count(*) FROM ${sql.table(t)}) AS ${sql.ref(t)}`))}`.execute(db);
    for (const [k, v] of Object.entries(row.rows[0])) counts[k] = Number(v);
  }
  return counts;
}
