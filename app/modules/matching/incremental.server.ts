/**
 * Incremental re-matching: one posting at a time, from the queue (one transaction each, which also
 * deletes its queue rows) or directly.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { insertRecords } from "@db/bulk";
import { getDb, type Tx } from "@db/client.server";
import { clusters, matches, matchingQueue, matchMembers, postingMatchKeys, postings } from "@db/schema";
import { applyResults, withdrawSupersededPools } from "./apply.server";
import { candidateKeys, matchesForPosting } from "./index";
import { analysed, isMatchable, KEY_COLUMNS, keysRecord, loadCandidates, postingColumns, type LoadedRow } from "./load.server";
import { lexiconRun } from "./lexicon-store.server";
import { enqueueRematch } from "./queue.server";
import { emptyStats, ENGINE_OWNED, isoDay, lock, memberKey, withdraw, type MatchingStats } from "./store-common.server";
import { getMatchThreshold } from "./threshold.server";

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

/** Re-match one posting now (outside the queue), e.g. from tests or the command line. */
export async function rematchPosting(postingId: string, now = new Date()): Promise<MatchingStats> {
  return getDb().transaction(async (tx) => {
    await lock(tx);
    return rematchInTx(tx, postingId, now);
  });
}

/** Re-match one posting in `tx`, which holds the writers' lock (see `lock`). */
export async function rematchInTx(tx: Tx, postingId: string, now: Date): Promise<MatchingStats> {
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
  // the network lexicon (lexicon.ts): its terms rewritten, its distinct terms and rejections filtered
  const lexicon = await lexiconRun(tx);
  const mp = analysed(target, lexicon);
  const keys = keysRecord(target, candidateKeys(mp), now);
  await insertRecords(tx, "posting_match_keys", KEY_COLUMNS, [keys], { upsertOn: "posting_id" });
  const candidates = await loadCandidates(tx, target, keys, now);
  const threshold = await getMatchThreshold(tx);
  const results = matchesForPosting(mp, candidates.map((c) => analysed(c, lexicon)), { threshold, today: isoDay(now) }).filter(lexicon.allows);
  const stats = emptyStats();
  if (results.length) Object.assign(stats, await applyResults(tx, results, now));
  // A new pool supersedes engine-owned pools made of a strict subset of its members.
  const pools = results.filter((r) => r.type === "pool" && r.members.length > 2);
  if (pools.length) stats.withdrawn += await withdrawSupersededPools(tx, pools, now);
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
  await withdraw(tx, gone.map((m) => m.id), reason, now);
  // The other needs of a withdrawn pool of three or more may still form a smaller pool.
  const others = gone
    .filter((m) => m.type === "pool" && m.memberKey.split(",").length > 2)
    .flatMap((m) => m.memberKey.split(","))
    .filter((id) => id !== postingId);
  if (others.length) await enqueueRematch(tx, others, "pool_member_left");
  return gone.length;
}
