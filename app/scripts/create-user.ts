// npm run user:create -- --email a@b.c --name "Name" --role admin   (password from TRUSTLOOP_PASSWORD or a prompt)
import { parseArgs } from "node:util";
import readline from "node:readline/promises";
import { z } from "zod";
import { dbHandle } from "../db.server";
import { prepareDatabase } from "../../db/setup";
import { createUser } from "../models/user.server";

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string", default: "admin" } },
});

const input = z
  .object({
    email: z.string().email("--email must be an email address"),
    name: z.string().min(1, "--name is required"),
    role: z.enum(["admin", "manager", "analyst"], { message: "--role must be admin, manager or analyst" }),
    password: z.string().min(10, "the password needs at least 10 characters"),
  })
  .safeParse({ ...values, password: process.env.TRUSTLOOP_PASSWORD ?? (await askPassword()) });

if (!input.success) {
  console.error(input.error.issues.map((i) => i.message).join("\n"));
  process.exit(2);
}

const handle = dbHandle();
try {
  await prepareDatabase(handle.db);
  const user = await createUser(input.data);
  console.log(`Created ${user.role} ${user.email}`);
} catch (error) {
  console.error(/unique/i.test(String(error)) ? `A user with the email ${input.data.email} exists already.` : String(error));
  process.exitCode = 1;
} finally {
  await handle.close();
}

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) return "";
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question("Password (at least 10 characters): ");
  rl.close();
  return answer;
}
