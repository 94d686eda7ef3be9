import { createDb } from "./client";
import { prepareDatabase } from "./setup";

const handle = createDb();
try {
  const { applied } = await prepareDatabase(handle.db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} finally {
  await handle.close();
}
