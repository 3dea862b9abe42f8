/**
 * Reading the network lexicon (lexicon_history, append-only) for the engine runs: the active entries,
 * the history, the "not the same resource" rejections, compiled once per change.
 */
import { desc, eq, max, sql } from "drizzle-orm";
import { getDb, rowsOf, type Tx } from "@db/client.server";
import { lexiconHistory, users, type LexiconKind } from "@db/schema";
import { compileLexicon, LexiconRun, type CompiledLexicon, type LexiconEntry, type RejectedSet } from "./lexicon";

export interface ActiveEntry extends LexiconEntry {
  id: number;
  createdAt: Date;
  actorName: string | null;
}

export interface LexiconState {
  version: number;
  active: ActiveEntry[];
}

/** The lexicon's version (0: never edited) and its active entries (added and not undone), oldest first. */
export async function readLexicon(db: Tx = getDb()): Promise<LexiconState> {
  const rows = await db
    .select({ id: lexiconHistory.id, version: lexiconHistory.version, action: lexiconHistory.action, entryId: lexiconHistory.entryId, kind: lexiconHistory.kind, a: lexiconHistory.termA, b: lexiconHistory.termB, createdAt: lexiconHistory.createdAt, actorName: users.name })
    .from(lexiconHistory)
    .leftJoin(users, eq(users.id, lexiconHistory.actorId))
    .orderBy(lexiconHistory.version);
  const undone = new Set(rows.filter((r) => r.action === "undo").map((r) => r.entryId));
  return {
    version: rows.length ? rows[rows.length - 1].version : 0,
    active: rows.filter((r) => r.action === "add" && !undone.has(r.id)).map(({ id, kind, a, b, createdAt, actorName }) => ({ id, kind, a, b, createdAt, actorName })),
  };
}

export interface HistoryRow {
  id: number;
  version: number;
  action: "add" | "undo";
  kind: LexiconKind;
  a: string;
  b: string;
  at: Date;
  actorName: string | null;
}

export async function lexiconHistoryRows(limit = 100, db: Tx = getDb()): Promise<HistoryRow[]> {
  return db
    .select({ id: lexiconHistory.id, version: lexiconHistory.version, action: lexiconHistory.action, kind: lexiconHistory.kind, a: lexiconHistory.termA, b: lexiconHistory.termB, at: lexiconHistory.createdAt, actorName: users.name })
    .from(lexiconHistory)
    .leftJoin(users, eq(users.id, lexiconHistory.actorId))
    .orderBy(desc(lexiconHistory.version))
    .limit(limit);
}

/** The pairs and pools the coordinators rejected as "not the same resource", as postings. */
async function rejectedSets(db: Tx): Promise<RejectedSet[]> {
  const rows = rowsOf<{ id: string; type: "need_offer" | "pool"; role: string; title: string; kind: "need" | "offer"; cluster: string }>(
    await db.execute(sql`select m.id, m.type, mm.role, p.title, p.kind, c.slug as cluster
      from matches m join match_members mm on mm.match_id = m.id join postings p on p.id = mm.posting_id join clusters c on c.id = p.cluster_id
      where m.status = 'rejected' and m.rejection_code = 'not_same_resource'
      order by m.id, mm.role, p.id`),
  );
  const byMatch = new Map<string, RejectedSet>();
  for (const r of rows) {
    const set = byMatch.get(r.id) ?? { type: r.type, members: [] };
    set.members.push({ title: r.title, kind: r.kind, cluster: r.cluster });
    byMatch.set(r.id, set);
  }
  return [...byMatch.values()];
}

/**
 * The lexicon of the engine runs, rebuilt only when an entry or a "not the same resource" rejection
 * changed (two small queries per run otherwise).
 */
let cached: { stamp: string; lexicon: CompiledLexicon } | undefined;
export async function loadCompiledLexicon(db: Tx = getDb()): Promise<CompiledLexicon> {
  const [v] = await db.select({ version: max(lexiconHistory.version) }).from(lexiconHistory);
  const [r] = rowsOf<{ n: number | string; at: string | null }>(
    await db.execute(sql`select count(*) as n, max(updated_at)::text as at from matches where status = 'rejected' and rejection_code = 'not_same_resource'`),
  );
  const stamp = `${v?.version ?? 0}|${r?.n ?? 0}|${r?.at ?? ""}`;
  if (cached?.stamp === stamp) return cached.lexicon;
  const [{ active }, rejected] = await Promise.all([readLexicon(db), rejectedSets(db)]);
  const lexicon = compileLexicon(active, rejected);
  cached = { stamp, lexicon };
  return lexicon;
}

/** A fresh run of the stored lexicon, for one engine run. */
export async function lexiconRun(db: Tx = getDb()): Promise<LexiconRun> {
  return new LexiconRun(await loadCompiledLexicon(db));
}

