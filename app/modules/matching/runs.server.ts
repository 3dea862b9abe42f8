/** Requests for a full re-match, and the status of the latest batch (the coordinator's page). */
import { eq, sql } from "drizzle-orm";
import { getDb, rowsOf, type Tx } from "@db/client.server";
import { matchingRuns } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import type { BatchReport } from "./batch.server";

/**
 * Ask for a full re-match (the coordinator's button, or a threshold change). Recorded as a row the
 * scheduler sees within a minute; call it with the transaction of the change that needs it.
 */
export async function requestBatch(tx: Tx, actorId: string | null, why: string, now = new Date()): Promise<void> {
  const [row] = await tx.insert(matchingRuns).values({ kind: "batch_request", startedAt: now, finishedAt: now, stats: {} }).returning({ id: matchingRuns.id });
  await audit(tx, { actorId, action: "matching.batch_requested", entity: "matching_runs", entityId: String(row.id), after: { why } });
}

export interface MatchingStatus {
  /** The latest batch, finished or not. */
  last: { startedAt: string; finishedAt: string | null; error: string | null; stats: Partial<BatchReport> } | null;
  /** A request not yet picked up by a batch. */
  requestedAt: string | null;
  /** Postings waiting in the re-match queue. */
  queued: number;
}

export async function getMatchingStatus(db: Tx = getDb()): Promise<MatchingStatus> {
  const [last] = await db
    .select({ startedAt: matchingRuns.startedAt, finishedAt: matchingRuns.finishedAt, error: matchingRuns.error, stats: matchingRuns.stats })
    .from(matchingRuns)
    .where(eq(matchingRuns.kind, "batch"))
    .orderBy(sql`${matchingRuns.startedAt} desc, ${matchingRuns.id} desc`)
    .limit(1);
  const [req] = await db
    .select({ at: matchingRuns.startedAt })
    .from(matchingRuns)
    .where(eq(matchingRuns.kind, "batch_request"))
    .orderBy(sql`${matchingRuns.startedAt} desc`)
    .limit(1);
  const [q] = rowsOf<{ n: number | string }>(await db.execute(sql`select count(distinct posting_id) as n from matching_queue`));
  const pending = req && (!last || req.at > last.startedAt) ? req.at : null;
  return {
    last: last
      ? { startedAt: last.startedAt.toISOString(), finishedAt: last.finishedAt?.toISOString() ?? null, error: last.error, stats: last.stats as Partial<BatchReport> }
      : null,
    requestedAt: pending?.toISOString() ?? null,
    queued: Number(q?.n ?? 0),
  };
}

