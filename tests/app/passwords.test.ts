import { afterAll, beforeAll, describe, expect, it } from "vitest";

// This file checks the real cost: the test-only lower cost the rest of the suite uses is off here.
delete process.env.TRUSTLOOP_TEST_ONLY_SCRYPT_LOG2N;

import { Client, startTestApp, type TestApp } from "../support/app";
import { currentParams, hashPassword, needsRehash, verifyPassword } from "../../app/utils/password.server";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

const PASSWORD = "correct horse battery";

describe("password hashing", () => {
  it("new hashes use the OWASP scrypt figure N=2^17, r=8, p=1, stored with the hash", async () => {
    const hash = await hashPassword(PASSWORD);
    expect(hash.split("$").slice(0, 4)).toEqual(["scrypt", "131072", "8", "1"]);
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(await verifyPassword("wrong", hash)).toBe(false);
  });

  it("the lower test cost is honoured only under the test runner, never in production", () => {
    expect(currentParams({ NODE_ENV: "test", TRUSTLOOP_TEST_ONLY_SCRYPT_LOG2N: "14" }).N).toBe(16384);
    expect(currentParams({ NODE_ENV: "production", TRUSTLOOP_TEST_ONLY_SCRYPT_LOG2N: "14" }).N).toBe(131072);
    expect(currentParams({ TRUSTLOOP_TEST_ONLY_SCRYPT_LOG2N: "14" }).N).toBe(131072);
    expect(currentParams({ NODE_ENV: "test", TRUSTLOOP_TEST_ONLY_SCRYPT_LOG2N: "20" }).N).toBe(131072);
  });

  it("a hash stored with the old N=2^14 is replaced at the next successful sign-in", async () => {
    const old = await hashPassword(PASSWORD, { N: 16384, r: 8, p: 1 });
    expect(needsRehash(old)).toBe(true);
    await app.db.insertInto("users").values({ email: "old@example.test", name: "Old", role: "analyst", password_hash: old }).execute();
    // A wrong password changes nothing.
    expect((await new Client(app.url).post("/login", { email: "old@example.test", password: "wrong" })).status).toBe(400);
    const stored = async () => (await app.db.selectFrom("users").select("password_hash").where("email", "=", "old@example.test").executeTakeFirstOrThrow()).password_hash;
    expect(await stored()).toBe(old);
    const res = await new Client(app.url).post("/login", { email: "old@example.test", password: PASSWORD });
    expect(res.status).toBe(302);
    const now = await stored();
    expect(now.split("$").slice(0, 4)).toEqual(["scrypt", "131072", "8", "1"]);
    expect(needsRehash(now)).toBe(false);
    expect(await verifyPassword(PASSWORD, now)).toBe(true);
    // And the new hash signs in.
    expect((await new Client(app.url).post("/login", { email: "old@example.test", password: PASSWORD })).status).toBe(302);
  });

  it("a stored cost above OWASP's is refused rather than computed (a bad row cannot take gigabytes)", async () => {
    const huge = `scrypt$${2 ** 22}$8$1$${Buffer.alloc(16).toString("base64")}$${Buffer.alloc(32).toString("base64")}`;
    expect(await verifyPassword(PASSWORD, huge)).toBe(false);
  });
});
