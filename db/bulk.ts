/**
 * Bulk writes that work the same on PostgreSQL and PGlite: a chunk of rows travels as ONE JSON
 * parameter that `jsonb_to_recordset` expands into typed columns. Tens of thousands of rows cost a
 * handful of round trips instead of one statement per few hundred rows with a parameter per value
 * (which also caps at 65 535 parameters).
 */
import { randomBytes } from "node:crypto";
import { getTableColumns, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { rowsOf, type Tx } from "./client.server";

/** Column name → SQL type (e.g. `{ posting_id: "uuid", concepts: "text[]" }`). Code constants only. */
export type RecordColumns = Record<string, string>;

/** The columns of a schema table, as written in bulk (the schema stays the one description of them). */
export function recordColumnsOf(table: PgTable): RecordColumns {
  return Object.fromEntries(Object.values(getTableColumns(table)).map((c) => [c.name, c.getSQLType()]));
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
};

const columnDefs = (columns: RecordColumns) =>
  Object.entries(columns)
    .map(([c, type]) => `${ident(c)} ${type}`)
    .join(", ");

/**
 * `values` as ONE array parameter of `type` (`= any(…)`, `&&`): drizzle's `inArray` and a spelled-out
 * `ARRAY[…]` send a parameter per value, and building a statement of hundreds of them cost more than
 * running it.
 */
export function arrayParam(values: readonly string[], type: "text" | "uuid") {
  const literal = `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
  return sql`${literal}::${sql.raw(type)}[]`;
}

/** `rows` (their JSON text) as a table for a FROM clause, aliased `r`. */
export function recordsFrom(columns: RecordColumns, json: string) {
  return sql`jsonb_to_recordset(${json}::jsonb) as r(${sql.raw(columnDefs(columns))})`;
}

/**
 * Insert `rows` (objects keyed by column name) into `table`, `chunk` rows per statement. With
 * `upsertOn` (the conflict column), an existing row gets every other column from the new one.
 * Returns the rows written.
 */
export async function insertRecords(
  tx: Tx,
  table: string,
  columns: RecordColumns,
  rows: readonly object[],
  opts: { chunk?: number; upsertOn?: string } = {},
): Promise<number> {
  const target = ident(table);
  const names = Object.keys(columns).map(ident);
  const onConflict = opts.upsertOn
    ? `on conflict (${ident(opts.upsertOn)}) do update set ${names
        .filter((n) => n !== ident(opts.upsertOn!))
        .map((n) => `${n} = excluded.${n}`)
        .join(", ")}`
    : "";
  const size = opts.chunk ?? 5000;
  let inserted = 0;
  for (let i = 0; i < rows.length; i += size) {
    const json = JSON.stringify(rows.slice(i, i + size));
    const [row] = rowsOf<{ n: number }>(
      await tx.execute(
        sql`with ins as (insert into ${sql.raw(target)} (${sql.raw(names.join(", "))})
          select ${sql.raw(names.join(", "))} from ${recordsFrom(columns, json)}
          ${sql.raw(onConflict)} returning 1)
          select count(*)::int as n from ins`,
      ),
    );
    inserted += Number(row?.n ?? 0);
  }
  return inserted;
}

/** Run a data-modifying statement written as `with x as (… returning …)` and return `count(*)` of x. */
export async function countOf(tx: Tx, statement: ReturnType<typeof sql>): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(await tx.execute(statement));
  return Number(row?.n ?? 0);
}

/**
 * Make `table` hold exactly `rows`, keyed by `key`, touching only what differs: new rows are
 * inserted, changed ones updated (columns in `ignore`, such as a timestamp, do not count as a
 * change), missing ones deleted. Unchanged rows are not rewritten, so indexes do not churn.
 * The rows are staged in a temp table dropped at commit: call it inside a transaction.
 */
export async function syncRecords(
  tx: Tx,
  table: string,
  key: string,
  columns: RecordColumns,
  rows: readonly object[],
  opts: SyncOptions = {},
): Promise<{ written: number; deleted: number }> {
  const sync = await startSync(tx, table, key, columns, opts);
  sync.add(rows);
  return sync.finish();
}

export interface SyncOptions {
  /** Columns whose difference alone does not make a row changed (e.g. a timestamp). */
  ignore?: string[];
  /**
   * When the table holds fewer than half as many rows as are staged (a first fill, a restore), drop
   * its secondary indexes, write, and build them again: a GIN index is built in a fraction of the
   * time 100 000 single insertions take. Dropping takes an exclusive lock on the table until commit:
   * only for tables read under the caller's own lock.
   */
  rebuildIndexes?: boolean;
}

/**
 * {@link syncRecords} in steps, for rows that come page by page: `add` sends a page to the stage at
 * once (it is written while the caller prepares the next; statements on one transaction run in
 * order), `finish` waits for every page and brings the table in line.
 */
export async function startSync(
  tx: Tx,
  table: string,
  key: string,
  columns: RecordColumns,
  opts: SyncOptions = {},
): Promise<{ add(rows: readonly object[]): void; finish(): Promise<{ written: number; deleted: number }> }> {
  const stage = ident(`sync_${table}`);
  const target = ident(table);
  await tx.execute(sql.raw(`create temp table ${stage} (${columnDefs(columns)}) on commit drop`));
  const pending: Array<Promise<unknown>> = [];
  let failure: unknown;
  return {
    add(rows) {
      // the caller does not await: a failure is kept for finish (never an unhandled rejection)
      pending.push(insertRecords(tx, `sync_${table}`, columns, rows).catch((e: unknown) => (failure ??= e)));
    },
    async finish() {
      await Promise.all(pending);
      if (failure) throw failure;
      await tx.execute(sql.raw(`create unique index on ${stage} (${ident(key)})`));
      await tx.execute(sql.raw(`analyze ${stage}`));
      const rebuild = opts.rebuildIndexes && (await countOf(tx, sql.raw(`select count(*) as n from ${target}`))) * 2 < (await countOf(tx, sql.raw(`select count(*) as n from ${stage}`)));
      const indexes = rebuild ? await dropSecondaryIndexes(tx, table) : [];
      const names = Object.keys(columns).map(ident);
      const others = names.filter((n) => n !== ident(key));
      const compared = others.filter((n) => !(opts.ignore ?? []).map(ident).includes(n));
      const written = await countOf(
        tx,
        sql.raw(`with w as (insert into ${target} as t (${names.join(", ")})
          select ${names.join(", ")} from ${stage}
          on conflict (${ident(key)}) do update set ${others.map((n) => `${n} = excluded.${n}`).join(", ")}
          where (${compared.map((n) => `t.${n}`).join(", ")}) is distinct from (${compared.map((n) => `excluded.${n}`).join(", ")})
          returning 1) select count(*) as n from w`),
      );
      const deleted = await countOf(
        tx,
        sql.raw(`with d as (delete from ${target} t where not exists (select 1 from ${stage} s where s.${ident(key)} = t.${ident(key)}) returning 1)
          select count(*) as n from d`),
      );
      for (const definition of indexes) await tx.execute(sql.raw(definition));
      return { written, deleted };
    },
  };
}

/**
 * Drop the indexes of `table` that back no constraint (neither its key nor a unique one), and
 * return their definitions (`create index …`, as the catalog has them) to build them again.
 */
async function dropSecondaryIndexes(tx: Tx, table: string): Promise<string[]> {
  const found = rowsOf<{ name: string; definition: string }>(
    await tx.execute(
      sql`select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name, pg_get_indexdef(i.indexrelid) as definition
        from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
        where i.indrelid = to_regclass(${table}) and not i.indisunique and not i.indisprimary
          and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
    ),
  );
  for (const { name } of found) await tx.execute(sql.raw(`drop index ${name}`));
  return found.map((f) => f.definition);
}

let lastMs = 0;
let seq = 0;
/**
 * A time-ordered UUID (version 7: milliseconds, then a counter, then random bits). Rows written in
 * bulk with these ids land at the right edge of their primary-key index instead of on random pages,
 * which keeps index writes and WAL (full-page images after a checkpoint) small.
 */
export function orderedUuid(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    seq = 0;
  } else if (++seq > 0xfff) {
    lastMs++;
    seq = 0;
  }
  const rand = randomBytes(8);
  const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
  const ts = hex(lastMs, 12);
  const variant = hex(0x8000 | ((rand[0] << 8) | rand[1]) & 0x3fff, 4);
  return `${ts.slice(0, 8)}-${ts.slice(8)}-7${hex(seq, 3)}-${variant}-${rand.subarray(2).toString("hex")}`;
}
