// The floor for bench:intake: a bare node:http handler that parses the same form and inserts the
// same rows (response, answer, feedback item) with pg in one transaction. No framework, no checks.
import http from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const surveyId = process.env.SURVEY_ID!;
const questionId = process.env.QUESTION_ID!;

const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", async () => {
    const form = new URLSearchParams(body);
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query(
        "INSERT INTO responses (survey_id, submission_key, locale, finished, submitted_at) VALUES ($1, $2, 'en', true, now()) RETURNING id",
        [surveyId, form.get("_key")],
      );
      const why = form.get(`q_${questionId}_why`);
      const score = Number(form.get(`q_${questionId}`));
      await client.query("INSERT INTO answers (response_id, question_id, value_int, why_text) VALUES ($1, $2, $3, $4)", [
        rows[0].id,
        questionId,
        score,
        why,
      ]);
      if (why) {
        await client.query(
          "INSERT INTO feedback_items (source, response_id, question_id, text, score, score_scale, language) VALUES ('survey', $1, $2, $3, $4, 'nps', 'en')",
          [rows[0].id, questionId, why, score],
        );
      }
      await client.query("COMMIT");
      res.writeHead(302, { Location: "/thanks" }).end();
    } catch (e) {
      await client.query("ROLLBACK");
      res.writeHead(500).end(String(e));
    } finally {
      client.release();
    }
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
