/**
 * Per-file database for integration tests: in-memory PGlite (project "pglite") or a fresh copy of
 * the migrated template on PostgreSQL (project "postgres"). Also gives each file its own dev mailbox.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { createDb, setDbHandle, type DbHandle } from "@db/client.server";

process.env.MAIL_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "maillage-mail-"));
process.env.APP_URL = "http://localhost:3999";

let handle: DbHandle;
let dropDb: (() => Promise<void>) | undefined;

if (process.env.TEST_DB === "postgres") {
  const url = process.env.TEST_DATABASE_URL!;
  const template = inject("templateDb");
  const name = `maillage_t${Math.random().toString(36).slice(2, 8)}_${process.ppid}_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  handle = createDb(dbUrl.toString());
  dropDb = async () => {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  };
} else {
  handle = createDb("memory://");
  await handle.migrate();
}
setDbHandle(handle);

afterAll(async () => {
  await handle.close();
  setDbHandle(undefined);
  await dropDb?.();
  fs.rmSync(process.env.MAIL_DIR!, { recursive: true, force: true });
});
