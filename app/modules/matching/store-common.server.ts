/**
 * What the matching store's parts share: the writers' advisory lock, the statuses the engine owns,
 * the run statistics, a match's key and the withdrawal of matches. (Split out of store.server.ts.)
 */
import { and, inArray, sql } from "drizzle-orm";
import { arrayParam } from "@db/bulk";
import type { Tx } from "@db/client.server";
import { matches, type MatchStatus } from "@db/schema";
import type { ScoredMatch } from "./index";

export const LOCK_ID = 7_310_042; // advisory lock shared by every writer of matches
/** Statuses the engine may update or withdraw; everything after a decision is the coordinator's. */
export const ENGINE_OWNED: MatchStatus[] = ["proposed", "deferred"];

export interface MatchingStats {
  proposed: number;
  updated: number;
  reproposed: number;
  withdrawn: number;
  candidates: number;
}
export const emptyStats = (): MatchingStats => ({ proposed: 0, updated: 0, reproposed: 0, withdrawn: 0, candidates: 0 });

/**
 * Serialise matching writers, and skip the commit's WAL flush: matches are derived data and the queue
 * row is deleted in the same transaction, so a commit lost in a crash only means the posting is
 * re-matched again. (The flush costs 10–50 ms per transaction on ordinary disks.)
 */
export async function lock(tx: Tx) {
  await tx.execute(sql`set local synchronous_commit to off`);
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_ID})`);
}

export const memberKey = (m: Pick<ScoredMatch, "members">) => [...m.members].sort().join(",");
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);


/** Mark these matches withdrawn, saying why (5 000 per statement). */
export async function withdraw(tx: Tx, ids: string[], reason: string, now: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += 5000) {
    await tx
      .update(matches)
      .set({ status: "withdrawn", withdrawnReason: reason, updatedAt: now, version: sql`${matches.version} + 1` })
      // only what is still the engine's (a decision taken meanwhile stands)
      .where(and(sql`${matches.id} = any(${arrayParam(ids.slice(i, i + 5000), "uuid")})`, inArray(matches.status, ENGINE_OWNED)));
  }
}

