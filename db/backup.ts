// npm run db:backup [-- file]   /   npm run db:restore -- file
// PostgreSQL: pg_dump -Fc / pg_restore (from the PATH) of DATABASE_URL. Embedded PGlite: a gzipped
// tarball of the data directory (DATA_DIR). Stop the server before a PGlite backup or restore:
// the embedded database belongs to one process at a time.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { configFromEnv, isPostgresUrl, pgliteExtensions, type DbConfig } from "./client";

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, (error, _stdout, stderr) => (error ? reject(new Error(`${cmd} failed: ${stderr.trim() || error.message}`)) : resolve())),
  );
}

export function defaultBackupFile(config: DbConfig, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-").slice(0, 19);
  return path.join("backups", `trustloop-${stamp}.${isPostgresUrl(config.databaseUrl) ? "dump" : "tar.gz"}`);
}

/** Writes a backup of the configured database to `file`. */
export async function backupDatabase(config: DbConfig, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (isPostgresUrl(config.databaseUrl)) {
    // Custom format: compressed, and pg_restore can restore it into an existing database.
    await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${file}`, `--dbname=${config.databaseUrl}`]);
    return;
  }
  const dataDir = pgliteDir(config);
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) throw new Error(`No PGlite database in ${dataDir}`);
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = await PGlite.create(dataDir, { extensions: await pgliteExtensions() });
  try {
    const dump = await pglite.dumpDataDir("gzip");
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await pglite.close();
  }
}

/**
 * Replaces the configured database's contents with the backup in `file`. PostgreSQL: drops and
 * recreates every object of the dump in one transaction. PGlite: the current data directory is
 * kept beside it (`<dir>.before-restore-<time>`) and the backup unpacked in its place.
 */
export async function restoreDatabase(config: DbConfig, file: string): Promise<{ keptAside?: string }> {
  if (!fs.existsSync(file)) throw new Error(`No backup file at ${file}`);
  if (isPostgresUrl(config.databaseUrl)) {
    await run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", `--dbname=${config.databaseUrl}`, file]);
    return {};
  }
  const dataDir = pgliteDir(config);
  let keptAside: string | undefined;
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    keptAside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19)}`;
    fs.renameSync(dataDir, keptAside);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = await PGlite.create({ dataDir, loadDataDir: new Blob([fs.readFileSync(file)]), extensions: await pgliteExtensions() });
  await pglite.query("SELECT 1"); // opens it: a broken tarball fails here, not at the next start
  await pglite.close();
  return { keptAside };
}

function pgliteDir(config: DbConfig): string {
  const dir = config.dataDir ?? ".data/pglite";
  if (dir.startsWith("memory://")) throw new Error("An in-memory PGlite database has nothing to back up or restore");
  return dir;
}

async function main() {
  const [command, fileArg] = process.argv.slice(2);
  const config = configFromEnv();
  const where = isPostgresUrl(config.databaseUrl) ? "PostgreSQL (DATABASE_URL)" : `embedded database in ${config.dataDir}`;
  if (command === "backup") {
    const file = fileArg ?? defaultBackupFile(config);
    await backupDatabase(config, file);
    console.log(`Backed up the ${where} to ${file} (${fs.statSync(file).size} bytes).`);
  } else if (command === "restore" && fileArg) {
    const { keptAside } = await restoreDatabase(config, fileArg);
    console.log(`Restored ${fileArg} into the ${where}.${keptAside ? ` The previous data directory is kept in ${keptAside}.` : ""}`);
  } else {
    console.error("Usage: npm run db:backup [-- file]  |  npm run db:restore -- file");
    process.exit(2);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
