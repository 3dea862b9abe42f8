import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { arrayParam, insertRecords, orderedUuid, startSync, syncRecords } from "@db/bulk";
import { getDb, rowsOf } from "@db/client.server";

const COLUMNS = { id: "int", tags: "text[]", note: "text", seen_at: "timestamptz" };
type Row = { id: number; tags: string[]; note: string | null; seen_at: string };
const rows = async () => rowsOf<Row & { seen_at: Date | string }>(await getDb().execute(sql`select * from bulk_t order by id`));

beforeAll(async () => {
  await getDb().execute(sql`create table bulk_t (id int primary key, tags text[] not null, note text, seen_at timestamptz not null)`);
});

describe("bulk writes through one JSON parameter", () => {
  it("insert many rows in chunks, with arrays, nulls and quotes intact, and upsert one", async () => {
    const many = Array.from({ length: 2500 }, (_, i) => ({ id: i, tags: [`t${i % 7}`, "l'été"], note: i % 2 ? null : `it's "${i}"`, seen_at: "2026-11-22T00:00:00Z" }));
    expect(await insertRecords(getDb(), "bulk_t", COLUMNS, many, { chunk: 1000 })).toBe(2500);
    expect(await insertRecords(getDb(), "bulk_t", COLUMNS, [{ ...many[4], note: "changed" }], { upsertOn: "id" })).toBe(1);
    const all = await rows();
    expect(all).toHaveLength(2500);
    expect(all[4].note).toBe("changed");
    expect(all[2].note).toBe(`it's "2"`);
    expect(all[3].note).toBeNull();
    expect(all[3].tags).toEqual(["t3", "l'été"]);
  });

  it("sync writes only what changed (ignoring the timestamp) and deletes what is gone, in one transaction", async () => {
    const wanted = Array.from({ length: 2400 }, (_, i) => ({ id: i, tags: [`t${i % 7}`, "l'été"], note: i % 2 ? null : `it's "${i}"`, seen_at: "2030-01-01T00:00:00Z" }));
    wanted[10] = { ...wanted[10], note: "new note" };
    wanted.push({ id: 9999, tags: [], note: null, seen_at: "2030-01-01T00:00:00Z" });
    // row 4 was "changed" above: it changes back; row 10 changes; 9999 is new; 2400..2499 go
    const result = await getDb().transaction((tx) => syncRecords(tx, "bulk_t", "id", COLUMNS, wanted, { ignore: ["seen_at"] }));
    expect(result).toEqual({ written: 3, deleted: 100 });
    const all = await rows();
    expect(all).toHaveLength(2401);
    expect(all.find((r) => r.id === 10)?.note).toBe("new note");
    // unchanged rows kept their old timestamp: they were not rewritten
    expect(new Date(all.find((r) => r.id === 0)!.seen_at).toISOString()).toBe("2026-11-22T00:00:00.000Z");
    expect(new Date(all.find((r) => r.id === 10)!.seen_at).toISOString()).toBe("2030-01-01T00:00:00.000Z");
    // a second sync changes nothing
    expect(await getDb().transaction((tx) => syncRecords(tx, "bulk_t", "id", COLUMNS, wanted, { ignore: ["seen_at"] }))).toEqual({ written: 0, deleted: 0 });
  });

  it("sync in pages fills an empty table, rebuilding its secondary indexes as they were", async () => {
    const db = getDb();
    await db.execute(sql`create table bulk_r (id int primary key, tags text[] not null, note text)`);
    await db.execute(sql`create index bulk_r_tags on bulk_r using gin (tags) with (fastupdate = off)`);
    await db.execute(sql`create index bulk_r_note on bulk_r (note)`);
    const indexes = async () =>
      rowsOf<{ d: string }>(await db.execute(sql`select indexdef as d from pg_indexes where tablename = 'bulk_r' order by indexname`)).map((r) => r.d);
    const before = await indexes();
    const cols = { id: "int", tags: "text[]", note: "text" };
    const page = (from: number) => Array.from({ length: 300 }, (_, i) => ({ id: from + i, tags: [`t${(from + i) % 5}`], note: `n${i}` }));
    const result = await db.transaction(async (tx) => {
      const sync = await startSync(tx, "bulk_r", "id", cols, { rebuildIndexes: true });
      for (const from of [0, 300, 600]) sync.add(page(from));
      return sync.finish();
    });
    expect(result).toEqual({ written: 900, deleted: 0 });
    expect(await indexes()).toEqual(before);
    const [hit] = rowsOf<{ n: number | string }>(await db.execute(sql`select count(*) as n from bulk_r where tags @> array['t3']`));
    expect(Number(hit.n)).toBe(180);
    // a page that fails makes finish fail (nothing left unhandled), and the transaction rolls back
    await expect(
      db.transaction(async (tx) => {
        const sync = await startSync(tx, "bulk_r", "id", cols, { rebuildIndexes: true });
        sync.add([{ id: "not a number", tags: [], note: null }]);
        sync.add(page(900));
        return sync.finish();
      }),
    ).rejects.toThrow();
    const [all] = rowsOf<{ n: number | string }>(await db.execute(sql`select count(*) as n from bulk_r`));
    expect(Number(all.n)).toBe(900);
    expect(await indexes()).toEqual(before);
  });

  it("sends a list as one array parameter, whatever its values hold", async () => {
    const values = [`l'été`, `a "quoted", {braced} word`, "back\\slash", "", "NULL", "  spaced  "];
    const [row] = rowsOf<{ a: string[]; n: number | string; e: number | string }>(
      await getDb().execute(sql`select ${arrayParam(values, "text")} as a, cardinality(${arrayParam(values, "text")}) as n, cardinality(${arrayParam([], "uuid")}) as e`),
    );
    expect(row.a).toEqual(values);
    expect(Number(row.n)).toBe(values.length);
    expect(Number(row.e)).toBe(0);
    const ids = [orderedUuid(), orderedUuid()];
    const [hit] = rowsOf<{ ok: boolean }>(await getDb().execute(sql`select ${ids[1]}::uuid = any(${arrayParam(ids, "uuid")}) as ok`));
    expect(hit.ok).toBe(true);
  });

  it("refuses identifiers that are not plain names", async () => {
    await expect(insertRecords(getDb(), "bulk_t; drop table x", COLUMNS, [])).rejects.toThrow(/identifier/);
  });

  it("time-ordered UUIDs are valid version-7 UUIDs, strictly increasing even within one millisecond", async () => {
    const ids = Array.from({ length: 5000 }, () => orderedUuid(Date.parse("2026-11-22T12:00:00Z")));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const [row] = rowsOf<{ ok: boolean }>(await getDb().execute(sql`select ${ids[0]}::uuid < ${ids[1]}::uuid as ok`));
    expect(row.ok).toBe(true);
  });
});
