import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const tmpDir = `${repoRoot}tests/.tmp`;
export const pgliteTemplatePath = `${tmpDir}/pglite-template.tar.gz`;
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;
/**
 * Database names share this prefix so a run can drop what a crashed run left behind.
 * TEST_DB_PREFIX lets two runs share one PostgreSQL server without dropping each other's databases.
 */
export const testDbPrefix = process.env.TEST_DB_PREFIX || "tl_test_";
export const templateDbName = `${testDbPrefix}template`;

export function databaseUrlWithName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
