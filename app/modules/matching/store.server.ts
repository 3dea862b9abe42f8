/**
 * Persistence of matches: candidate keys, incremental re-matching through a queue, the full batch,
 * and the rules that keep proposals idempotent.
 *
 * - A posting change enqueues the posting in `matching_queue` inside the transaction that changed it;
 *   the queue is processed by the background jobs, each posting in its own transaction that also
 *   deletes its queue rows — a crash rolls back and the posting is simply processed again.
 * - One match per set of postings (`member_key`). A rejected match is never proposed again unless the
 *   coordinator reopens it; approved and later statuses are never touched by the engine.
 * - Proposed/deferred matches whose postings close, expire or no longer fit are withdrawn.
 * - All writers take one advisory lock, so incremental runs and the batch never interleave.
 */
import { and, asc, eq, gt, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import { getDb, rowsOf, type Db, type Tx } from "@db/client.server";
import {
  clusters,
  matches,
  matchingQueue,
  matchingRuns,
  matchMembers,
  postingMatchKeys,
  postings,
  settings,
  type MatchStatus,
  type Posting,
} from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import { matchableColumns } from "~/modules/postings/columns.server";
import { toMatchPosting } from "~/modules/postings/interchange";
import { adjacentRegions, candidateKeys, findMatches, matchesForPosting, normalizeRegion, REMOTE, type MatchPosting, type ScoredMatch } from "./index";
import { DEFAULT_THRESHOLD } from "./types";

export const THRESHOLD_KEY = "matching.threshold";
const LOCK_ID = 7_310_042; // advisory lock shared by every writer of matches
/** Statuses the engine may update or withdraw; everything after a decision is the coordinator's. */
const ENGINE_OWNED: MatchStatus[] = ["proposed", "deferred"];

export interface MatchingStats {
  proposed: number;
  updated: number;
  reproposed: number;
  withdrawn: number;
  candidates: number;
}
const emptyStats = (): MatchingStats => ({ proposed: 0, updated: 0, reproposed: 0, withdrawn: 0, candidates: 0 });

// ------------------------------------------------------------------ settings

export async function getMatchThreshold(db: Tx = getDb()): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, THRESHOLD_KEY));
  const v = Number(row?.value);
  return Number.isFinite(v) && row ? v : DEFAULT_THRESHOLD;
}

export async function setMatchThreshold(actorId: string, value: number): Promise<void> {
  await getDb().transaction(async (tx) => {
    const before = await getMatchThreshold(tx);
    await tx
      .insert(settings)
      .values({ key: THRESHOLD_KEY, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
    await audit(tx, { actorId, action: "settings.update", entity: "settings", entityId: THRESHOLD_KEY, before, after: value });
  });
}

// ------------------------------------------------------------------ queue

/** Ask for these postings to be re-matched; call it with the transaction that changed them. */
export async function enqueueRematch(tx: Tx, postingIds: string[], reason: string): Promise<void> {
  const ids = [...new Set(postingIds)];
  for (let i = 0; i < ids.length; i += 1000) {
    await tx.insert(matchingQueue).values(ids.slice(i, i + 1000).map((postingId) => ({ postingId, reason })));
  }
}

/** Process up to `limit` queued postings, one transaction each. Returns how many were processed. */
export async function processMatchingQueue(opts: { limit?: number; now?: Date } = {}): Promise<number> {
  const db = getDb();
  let processed = 0;
  for (; processed < (opts.limit ?? 100); processed++) {
    const done = await db.transaction(async (tx) => {
      const [next] = await tx.select({ postingId: matchingQueue.postingId }).from(matchingQueue).orderBy(asc(matchingQueue.id)).limit(1).for("update", { skipLocked: true });
      if (!next) return false;
      await lock(tx);
      await rematchInTx(tx, next.postingId, opts.now ?? new Date());
      await tx.delete(matchingQueue).where(eq(matchingQueue.postingId, next.postingId));
      return true;
    });
    if (!done) break;
  }
  return processed;
}

/**
 * Serialise matching writers, and skip the commit's WAL flush: matches are derived data and the queue
 * row is deleted in the same transaction, so a commit lost in a crash only means the posting is
 * re-matched again. (The flush costs 10–50 ms per transaction on ordinary disks.)
 */
async function lock(tx: Tx) {
  await tx.execute(sql`set local synchronous_commit to off`);
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_ID})`);
}

// ------------------------------------------------------------------ loading

const postingColumns = { ...matchableColumns, clusterSlug: clusters.slug };
type LoadedRow = Pick<Posting, "id" | "clusterId" | "status" | "expiresAt"> & { clusterSlug: string } & Parameters<typeof toMatchPosting>[0];

/** Open, unexpired postings are the only ones the engine sees. */
function matchableWhere(now: Date) {
  return and(eq(postings.status, "open"), or(isNull(postings.expiresAt), gt(postings.expiresAt, now)));
}

export function isMatchable(p: Pick<Posting, "status" | "expiresAt">, now: Date): boolean {
  return p.status === "open" && (!p.expiresAt || p.expiresAt > now);
}

const toMp = (r: LoadedRow): MatchPosting => toMatchPosting(r, r.clusterSlug) as MatchPosting;

function keysRow(r: LoadedRow, mp: MatchPosting): typeof postingMatchKeys.$inferInsert {
  const k = candidateKeys(mp);
  return {
    postingId: r.id,
    clusterId: r.clusterId,
    kind: r.kind,
    mode: k.categoryGroup,
    poolable: k.poolable,
    concepts: k.concepts,
    anchors: k.anchors,
    programmeKey: k.programmeKey,
    funderKey: k.funderKey,
    region: normalizeRegion(r.region) ?? null,
    startDate: r.startDate,
    endDate: r.endDate,
    updatedAt: new Date(),
  };
}

/**
 * Candidates for `target`, found the way the engine's in-memory index finds them (see engine.ts):
 * a need's offers provide one of its anchors; an offer's needs have it among their anchors; a
 * poolable need's partners are needs of the same mode sharing a provided key; joint grants meet by
 * funder. Then other clusters only, regions that can be compatible, dates that can overlap. The
 * engine applies the exact rules to what this returns. Uses the GIN indexes of posting_match_keys.
 */
async function loadCandidates(tx: Tx, target: LoadedRow, keys: typeof postingMatchKeys.$inferInsert, now: Date): Promise<LoadedRow[]> {
  const pmk = postingMatchKeys;
  const concepts = keys.concepts ?? [];
  const anchors = keys.anchors ?? [];
  const routes = [];
  if (keys.mode === "grant") {
    // an unrecognised funder ("?") may be any funder: compare it with every grant, as the engine does
    const funder = keys.funderKey ?? "?";
    routes.push(and(eq(pmk.mode, "grant"), funder === "?" ? undefined : or(eq(pmk.funderKey, funder), eq(pmk.funderKey, "?"))));
  } else if (target.kind === "need") {
    if (anchors.length) routes.push(and(eq(pmk.kind, "offer"), sql`${pmk.concepts} && ${toTextArray(anchors)}`));
    if (keys.poolable && concepts.length) routes.push(and(eq(pmk.kind, "need"), eq(pmk.mode, keys.mode), sql`${pmk.concepts} && ${toTextArray(concepts)}`));
  } else if (concepts.length) {
    routes.push(and(eq(pmk.kind, "need"), sql`${pmk.anchors} && ${toTextArray(concepts)}`));
  }
  if (!routes.length) return [];
  const region = keys.region;
  const regionOk =
    !region || region === REMOTE
      ? undefined
      : or(isNull(pmk.region), eq(pmk.region, REMOTE), inArray(pmk.region, [region, ...adjacentRegions(region)]));
  const dateOk = and(
    keys.startDate ? or(isNull(pmk.endDate), sql`${pmk.endDate} >= ${keys.startDate}`) : undefined,
    keys.endDate ? or(isNull(pmk.startDate), sql`${pmk.startDate} <= ${keys.endDate}`) : undefined,
  );
  // Two steps on purpose: the keys table alone (GIN bitmap scans), then the postings by id. Joined in
  // one query, the planner misjudges array-overlap selectivity and may scan every open posting.
  const ids = (
    await tx
      .select({ id: pmk.postingId })
      .from(pmk)
      .where(and(sql`${pmk.clusterId} <> ${target.clusterId}`, or(...routes), regionOk, dateOk))
  ).map((r) => r.id);
  const out: LoadedRow[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    out.push(
      ...((await tx
        .select(postingColumns)
        .from(postings)
        .innerJoin(clusters, eq(clusters.id, postings.clusterId))
        .where(and(inArray(postings.id, ids.slice(i, i + 1000)), matchableWhere(now)))) as LoadedRow[]),
    );
  }
  return out;
}

function toTextArray(values: string[]) {
  return sql`ARRAY[${sql.join(values.length ? values.map((v) => sql`${v}`) : [sql`''`], sql`, `)}]::text[]`;
}

/** Every matchable posting in the shared format (for the command line's --db). */
export async function loadMatchablePostings(now = new Date(), db: Tx = getDb()): Promise<MatchPosting[]> {
  const rows = (await db.select(postingColumns).from(postings).innerJoin(clusters, eq(clusters.id, postings.clusterId)).where(matchableWhere(now))) as LoadedRow[];
  return rows.map(toMp);
}

// ------------------------------------------------------------------ incremental

/** Re-match one posting now (outside the queue), e.g. from tests or the command line. */
export async function rematchPosting(postingId: string, now = new Date()): Promise<MatchingStats> {
  return getDb().transaction(async (tx) => {
    await lock(tx);
    return rematchInTx(tx, postingId, now);
  });
}

async function rematchInTx(tx: Tx, postingId: string, now: Date): Promise<MatchingStats> {
  const [target] = (await tx
    .select(postingColumns)
    .from(postings)
    .innerJoin(clusters, eq(clusters.id, postings.clusterId))
    .where(eq(postings.id, postingId))) as LoadedRow[];
  if (!target || !isMatchable(target, now)) {
    if (target) await tx.delete(postingMatchKeys).where(eq(postingMatchKeys.postingId, postingId));
    const stats = emptyStats();
    stats.withdrawn = await withdrawInvolving(tx, postingId, [], target ? "posting_unavailable" : "posting_deleted", now);
    return stats;
  }
  const mp = toMp(target);
  const keys = keysRow(target, mp);
  await tx.insert(postingMatchKeys).values(keys).onConflictDoUpdate({ target: postingMatchKeys.postingId, set: keys });
  const candidates = await loadCandidates(tx, target, keys, now);
  const threshold = await getMatchThreshold(tx);
  const results = matchesForPosting(mp, candidates.map(toMp), { threshold, today: isoDay(now) });
  const stats = await applyResults(tx, results, now);
  stats.candidates = candidates.length;
  stats.withdrawn += await withdrawInvolving(tx, postingId, results.map(memberKey), "no_longer_fits", now);
  return stats;
}

/** Withdraw engine-owned matches involving `postingId` except those in `keep`; re-queue the rest of their pools. */
async function withdrawInvolving(tx: Tx, postingId: string, keep: string[], reason: string, now: Date): Promise<number> {
  const involved = await tx
    .select({ id: matches.id, memberKey: matches.memberKey, type: matches.type, source: matches.source })
    .from(matches)
    .innerJoin(matchMembers, eq(matchMembers.matchId, matches.id))
    .where(and(eq(matchMembers.postingId, postingId), inArray(matches.status, ENGINE_OWNED)));
  // A match the coordinator made by hand is not the engine's to judge: it only goes when a posting does.
  const gone = involved.filter((m) => !keep.includes(m.memberKey) && !(m.source === "manual" && reason === "no_longer_fits"));
  if (!gone.length) return 0;
  await tx
    .update(matches)
    .set({ status: "withdrawn", withdrawnReason: reason, updatedAt: now, version: sql`${matches.version} + 1` })
    .where(inArray(matches.id, gone.map((m) => m.id)));
  // The other needs of a withdrawn pool of three or more may still form a smaller pool.
  const others = gone
    .filter((m) => m.type === "pool" && m.memberKey.split(",").length > 2)
    .flatMap((m) => m.memberKey.split(","))
    .filter((id) => id !== postingId);
  if (others.length) await enqueueRematch(tx, others, "pool_member_left");
  return gone.length;
}

// ------------------------------------------------------------------ applying results

/** JSON with sorted keys: jsonb does not keep key order, so compare canonically. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val) => (val && typeof val === "object" && !Array.isArray(val) ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => (a < b ? -1 : 1))) : val));
}

export const memberKey = (m: Pick<ScoredMatch, "members">) => [...m.members].sort().join(",");
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Insert new proposals, refresh engine-owned ones, re-propose withdrawn ones; never touch decided ones. */
async function applyResults(tx: Tx, results: ScoredMatch[], now: Date): Promise<MatchingStats> {
  const stats = emptyStats();
  if (!results.length) return stats;
  const byKey = new Map(results.map((r) => [memberKey(r), r]));
  const existing = new Map<string, { id: string; status: MatchStatus; score: number; reasons: unknown }>();
  const keys = [...byKey.keys()];
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await tx
      .select({ id: matches.id, memberKey: matches.memberKey, status: matches.status, score: matches.score, reasons: matches.reasons })
      .from(matches)
      .where(inArray(matches.memberKey, keys.slice(i, i + 1000)));
    for (const r of rows) existing.set(r.memberKey, r);
  }
  const toInsert: ScoredMatch[] = [];
  for (const [key, r] of byKey) {
    const e = existing.get(key);
    if (!e) {
      toInsert.push(r);
    } else if (ENGINE_OWNED.includes(e.status)) {
      if (e.score !== r.score || canonical(e.reasons) !== canonical(r.reasons)) {
        await tx.update(matches).set({ score: r.score, reasons: r.reasons, updatedAt: now }).where(eq(matches.id, e.id));
        stats.updated++;
      }
    } else if (e.status === "withdrawn") {
      await tx
        .update(matches)
        .set({ status: "proposed", score: r.score, reasons: r.reasons, withdrawnReason: null, updatedAt: now, version: sql`${matches.version} + 1` })
        .where(eq(matches.id, e.id));
      stats.reproposed++;
    }
  }
  stats.proposed = await insertMatches(tx, toInsert, now);
  // A new pool supersedes engine-owned pools made of a strict subset of its members.
  const pools = results.filter((r) => r.type === "pool" && r.members.length > 2);
  if (pools.length) stats.withdrawn += await withdrawSupersededPools(tx, pools, now);
  return stats;
}

async function insertMatches(tx: Tx, list: ScoredMatch[], now: Date): Promise<number> {
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    const inserted = await tx
      .insert(matches)
      .values(chunk.map((r) => ({ type: r.type, memberKey: memberKey(r), score: r.score, reasons: r.reasons, status: "proposed" as const, createdAt: now, updatedAt: now })))
      .returning({ id: matches.id, memberKey: matches.memberKey });
    const ids = new Map(inserted.map((m) => [m.memberKey, m.id]));
    const members = chunk.flatMap((r) =>
      r.members.map((postingId, idx) => ({ matchId: ids.get(memberKey(r))!, postingId, role: r.type === "need_offer" && idx === 1 ? "offer" : "need" })),
    );
    for (let j = 0; j < members.length; j += 2000) await tx.insert(matchMembers).values(members.slice(j, j + 2000));
  }
  return list.length;
}

async function withdrawSupersededPools(tx: Tx, pools: ScoredMatch[], now: Date): Promise<number> {
  const memberIds = [...new Set(pools.flatMap((p) => p.members))];
  const candidates = await tx
    .selectDistinct({ id: matches.id, memberKey: matches.memberKey })
    .from(matches)
    .innerJoin(matchMembers, eq(matchMembers.matchId, matches.id))
    .where(and(eq(matches.type, "pool"), inArray(matches.status, ENGINE_OWNED), inArray(matchMembers.postingId, memberIds)));
  const superseded = candidates.filter((c) => {
    const ids = c.memberKey.split(",");
    return pools.some((p) => ids.length < p.members.length && ids.every((id) => p.members.includes(id)));
  });
  if (!superseded.length) return 0;
  await tx
    .update(matches)
    .set({ status: "withdrawn", withdrawnReason: "superseded_by_larger_pool", updatedAt: now, version: sql`${matches.version} + 1` })
    .where(inArray(matches.id, superseded.map((s) => s.id)));
  return superseded.length;
}

// ------------------------------------------------------------------ batch

export interface BatchReport extends MatchingStats {
  postings: number;
  matches: number;
  ms: number;
}

/**
 * Re-match everything: rebuild the candidate keys of all matchable postings, compute every match,
 * apply the differences (idempotent: a second run changes nothing), withdraw what no longer holds.
 */
export async function runBatch(opts: { now?: Date; db?: Db; runId?: number } = {}): Promise<BatchReport> {
  const db = opts.db ?? getDb();
  const now = opts.now ?? new Date();
  const started = Date.now();
  const run = opts.runId ? { id: opts.runId } : (await db.insert(matchingRuns).values({ kind: "batch", startedAt: now }).returning({ id: matchingRuns.id }))[0];
  try {
    const rows = (await db.select(postingColumns).from(postings).innerJoin(clusters, eq(clusters.id, postings.clusterId)).where(matchableWhere(now))) as LoadedRow[];
    const mps = rows.map(toMp);
    const threshold = await getMatchThreshold(db);
    const results = findMatches(mps, { threshold, today: isoDay(now) });
    const report = await db.transaction(async (tx) => {
      await lock(tx);
      // candidate keys: derived data, rebuilt whole
      await tx.delete(postingMatchKeys);
      for (let i = 0; i < rows.length; i += 1000) await tx.insert(postingMatchKeys).values(rows.slice(i, i + 1000).map((r, j) => keysRow(r, mps[i + j])));
      const stats = await applyResults(tx, results, now);
      // everything engine-owned that the batch did not find is withdrawn
      const keep = new Set(results.map(memberKey));
      const owned = await tx.select({ id: matches.id, memberKey: matches.memberKey }).from(matches).where(and(inArray(matches.status, ENGINE_OWNED), ne(matches.source, "manual")));
      const stale = owned.filter((m) => !keep.has(m.memberKey)).map((m) => m.id);
      for (let i = 0; i < stale.length; i += 1000) {
        await tx
          .update(matches)
          .set({ status: "withdrawn", withdrawnReason: "no_longer_fits", updatedAt: now, version: sql`${matches.version} + 1` })
          .where(inArray(matches.id, stale.slice(i, i + 1000)));
      }
      stats.withdrawn += stale.length;
      // queued changes made before this run are covered by it
      await tx.delete(matchingQueue).where(lte(matchingQueue.enqueuedAt, now));
      return stats;
    });
    // fresh statistics: the candidate queries' plans depend on them after a bulk rebuild
    await db.execute(sql`analyze posting_match_keys`);
    const full: BatchReport = { ...report, postings: rows.length, matches: results.length, ms: Date.now() - started };
    await db.update(matchingRuns).set({ finishedAt: new Date(), stats: { ...full } }).where(eq(matchingRuns.id, run.id));
    return full;
  } catch (e) {
    await db.update(matchingRuns).set({ finishedAt: new Date(), error: (e as Error).message.slice(0, 1000) }).where(eq(matchingRuns.id, run.id));
    throw e;
  }
}

/**
 * Run the batch when the last one started more than `intervalHours` ago. The claim (a run row) is
 * written under a transaction-level advisory lock, so among several processes exactly one runs it.
 */
export async function runScheduledBatchIfDue(intervalHours: number, now = new Date()): Promise<BatchReport | null> {
  const db = getDb();
  const runId = await db.transaction(async (tx) => {
    const [got] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_ID + 1}) as ok`));
    if (!got?.ok) return null;
    const [last] = rowsOf<{ started: string | Date | null }>(
      await tx.execute(sql`select max(started_at) as started from matching_runs where kind = 'batch' and error is null`),
    );
    const lastAt = last?.started ? new Date(last.started) : null;
    if (lastAt && now.getTime() - lastAt.getTime() < intervalHours * 3_600_000) return null;
    const [run] = await tx.insert(matchingRuns).values({ kind: "batch", startedAt: now }).returning({ id: matchingRuns.id });
    return run.id;
  });
  return runId ? runBatch({ now, runId }) : null;
}
