/**
 * One database factory for the whole app.
 *
 *   DATABASE_URL unset            -> embedded PGlite persisted under PGLITE_DIR (default ./.data/pglite)
 *   DATABASE_URL=memory://        -> in-memory PGlite (tests, throwaway demos)
 *   DATABASE_URL=postgres://…     -> PostgreSQL through the `postgres` driver
 *
 * The handle lives on globalThis: the start script and the Remix server bundle each import this
 * module, and they must share one PGlite instance (two instances on one directory would corrupt it).
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { num, setting } from "~/modules/config.server";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction, or the database itself: functions that write take one so callers can compose them. */
export type Tx = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /** Human-readable location, never a password. */
  describe: string;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(setting("MIGRATIONS_DIR") ?? "db/migrations");

export function createDb(url: string | undefined = setting("DATABASE_URL")): DbHandle {
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const client = postgres(url, {
      max: num("DATABASE_POOL_MAX", 10),
      onnotice: () => {},
      connection: { application_name: "maillage" },
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    const u = new URL(url);
    return {
      db,
      kind: "postgres",
      describe: `postgres://${u.hostname}:${u.port || 5432}${u.pathname}`,
      migrate: () => migratePostgres(db as never, { migrationsFolder: MIGRATIONS_DIR }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const inMemory = url === "memory://";
  const dir = inMemory ? undefined : path.resolve(setting("PGLITE_DIR") ?? ".data/pglite");
  const releaseLock = dir ? lockDataDir(dir) : () => {};
  const client = new PGlite({ dataDir: dir, extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    describe: inMemory ? "pglite (memory)" : `pglite ${dir}`,
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR }),
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it.
 * A pid file next to the directory refuses that with a clear message.
 */
function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = `${dir}.lock`;
  try {
    const pid = Number(fs.readFileSync(lockFile, "utf8"));
    if (pid && pid !== process.pid && isAlive(pid))
      throw new Error(`The embedded database ${dir} is in use by process ${pid}. Stop it first, or set DATABASE_URL to use PostgreSQL.`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      // already gone
    }
  };
  process.once("exit", release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const globalKey = "__maillageDb" as const;
type GlobalWithDb = typeof globalThis & { [globalKey]?: DbHandle };

/** The process-wide handle, created on first use from the environment. */
export function getDbHandle(): DbHandle {
  const g = globalThis as GlobalWithDb;
  if (!g[globalKey]) g[globalKey] = createDb();
  return g[globalKey]!;
}

export function getDb(): Db {
  return getDbHandle().db;
}

/** Replace the process-wide handle (tests). */
export function setDbHandle(handle: DbHandle | undefined) {
  (globalThis as GlobalWithDb)[globalKey] = handle;
}

export async function closeDb() {
  const g = globalThis as GlobalWithDb;
  const h = g[globalKey];
  g[globalKey] = undefined;
  if (h) await h.close();
}

/** Rows of a raw `db.execute(sql\`…\`)` — PGlite returns `{ rows }`, postgres.js an array. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
