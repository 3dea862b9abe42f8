import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { createDb, rowsOf, type DbHandle } from "@db/client.server";
import { isDatabaseEmpty, seedDemo } from "@db/demo/seed";

/** A brand-new empty database of the kind under test. */
async function emptyDatabase(): Promise<{ handle: DbHandle; drop: () => Promise<void> }> {
  if (process.env.TEST_DB !== "postgres") return { handle: createDb("memory://"), drop: async () => {} };
  const url = process.env.TEST_DATABASE_URL!;
  const name = `maillage_mig_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    handle: createDb(u.toString()),
    drop: async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

describe("migrations", () => {
  it("build the schema on an empty database, are idempotent, and enable pg_trgm", async () => {
    const { handle, drop } = await emptyDatabase();
    try {
      await handle.migrate();
      await handle.migrate();
      const tables = rowsOf<{ table_name: string }>(
        await handle.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`),
      ).map((r) => r.table_name);
      expect(tables).toEqual(expect.arrayContaining(["clusters", "users", "sessions", "invitations", "password_resets", "audit_log", "auth_attempts", "funders", "settings"]));
      const [trgm] = rowsOf<{ s: number }>(await handle.db.execute(sql`select similarity('informatique', 'informatiqe') as s`));
      expect(Number(trgm.s)).toBeGreaterThan(0.5);
      expect(await isDatabaseEmpty(handle.db)).toBe(true);
      await seedDemo(handle.db);
      await seedDemo(handle.db); // idempotent
      expect(await isDatabaseEmpty(handle.db)).toBe(false);
      const [counts] = rowsOf<{ clusters: number; users: number }>(
        await handle.db.execute(sql`select (select count(*) from clusters)::int as clusters, (select count(*) from users)::int as users`),
      );
      expect(counts.clusters).toBe(10);
      expect(counts.users).toBeGreaterThanOrEqual(5);
    } finally {
      await handle.close();
      await drop();
    }
  });
});
