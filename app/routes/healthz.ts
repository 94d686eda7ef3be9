import { databaseProblem } from "~/models/health.server";

export async function loader() {
  const problem = await databaseProblem();
  return Response.json(
    problem ? { status: "unavailable", database: "down", reason: problem } : { status: "ok", database: "up" },
    { status: problem ? 503 : 200, headers: { "Cache-Control": "no-store" } },
  );
}
