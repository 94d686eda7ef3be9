// npm run db:seed: demo data into an empty database (the same data `npm start` adds in demo mode).
import { dbHandle } from "../db.server";
import { prepareDatabase } from "../../db/setup";
import { seedDemoData } from "../models/demo.server";

const handle = dbHandle();
try {
  await prepareDatabase(handle.db);
  for (const line of await seedDemoData()) console.log(line.replace("{url}", "http://localhost:3000"));
} finally {
  await handle.close();
}
