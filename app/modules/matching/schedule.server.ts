/** The batch's schedule: run it when requested or due, exactly once among several processes. */
import { sql } from "drizzle-orm";
import { getDb, rowsOf } from "@db/client.server";
import { matchingRuns } from "@db/schema";
import { runBatch, type BatchReport } from "./batch.server";
import { LOCK_ID } from "./store-common.server";

/** After a failed batch, wait this long before the schedule tries again (a request still runs at once). */
const RETRY_AFTER_FAILURE_MS = 15 * 60_000;

/**
 * Run the batch when it is due: a request came after the last attempt, or the last successful run
 * is more than `intervalHours` old (after a failure, the schedule waits before trying again). The
 * claim (a run row) is written under a transaction-level advisory lock, so among several processes
 * exactly one runs it.
 */
export async function runScheduledBatchIfDue(intervalHours: number, now = new Date()): Promise<BatchReport | null> {
  const db = getDb();
  const runId = await db.transaction(async (tx) => {
    const [got] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_ID + 1}) as ok`));
    if (!got?.ok) return null;
    const time = (v: string | Date | null | undefined) => (v ? new Date(v).getTime() : null);
    const [last] = rowsOf<{ ok: string | Date | null; tried: string | Date | null; requested: string | Date | null; running: string | Date | null }>(
      await tx.execute(
        sql`select max(started_at) filter (where kind = 'batch' and error is null) as ok,
                   max(started_at) filter (where kind = 'batch') as tried,
                   max(started_at) filter (where kind = 'batch_request') as requested,
                   max(started_at) filter (where kind = 'batch' and finished_at is null) as running
            from matching_runs`,
      ),
    );
    // one batch at a time across processes (a run left unfinished by a crash stops counting after an hour)
    const running = time(last?.running);
    if (running !== null && now.getTime() - running < 3_600_000) return null;
    const [ok, tried, requested] = [time(last?.ok), time(last?.tried), time(last?.requested)];
    const asked = requested !== null && (tried === null || requested > tried);
    const stale = ok === null || now.getTime() - ok >= intervalHours * 3_600_000;
    const resting = tried !== null && tried !== ok && now.getTime() - tried < RETRY_AFTER_FAILURE_MS;
    if (!asked && !(stale && !resting)) return null;
    const [run] = await tx.insert(matchingRuns).values({ kind: "batch", startedAt: now }).returning({ id: matchingRuns.id });
    return run.id;
  });
  return runId ? runBatch({ now, runId }) : null;
}
