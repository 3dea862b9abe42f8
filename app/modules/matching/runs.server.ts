/**
 * Requests for a full re-match, the status of the latest batch (the coordinator's page, polled while a
 * run is asked for or running), and the batch's progress as it goes.
 */
import { and, desc, eq, isNotNull, isNull, or, sql } from "drizzle-orm";
import { getDb, getDbHandle, rowsOf, type Tx } from "@db/client.server";
import { matchingRuns, type RunProgress } from "@db/schema";
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
  /** The latest batch, finished or not (with its progress while it runs). */
  last: { id: number; startedAt: string; finishedAt: string | null; error: string | null; stats: Partial<BatchReport>; progress: RunProgress | null } | null;
  /** A request not yet picked up by a batch. */
  requestedAt: string | null;
  /** Postings waiting in the re-match queue. */
  queued: number;
}

export async function getMatchingStatus(db: Tx = getDb()): Promise<MatchingStatus> {
  const [last] = await db
    .select({ id: matchingRuns.id, startedAt: matchingRuns.startedAt, finishedAt: matchingRuns.finishedAt, error: matchingRuns.error, stats: matchingRuns.stats, progress: matchingRuns.progress })
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
      ? {
          id: last.id,
          startedAt: last.startedAt.toISOString(),
          finishedAt: last.finishedAt?.toISOString() ?? null,
          error: last.error,
          stats: last.stats as Partial<BatchReport>,
          progress: last.finishedAt ? null : (last.progress ?? null),
        }
      : null,
    requestedAt: pending?.toISOString() ?? null,
    queued: Number(q?.n ?? 0),
  };
}


/** The share of the run each phase covers (percent at its start and end). */
const PHASES: Record<RunProgress["phase"], [number, number]> = {
  loading: [0, 30],
  matching: [30, 85],
  withdrawing: [85, 90],
  settling: [90, 99],
};
/** Progress is written at most this often (a batch at 100 000 postings has hundreds of steps). */
const PROGRESS_EVERY_MS = 250;

export interface ProgressReporter {
  /** Where the run is: its phase, postings read (of an estimate), matches found (of an estimate). */
  report(phase: RunProgress["phase"], counts?: { postings?: number; matches?: number }): void;
  /** Wait for the last write (before the run's row is finished). */
  flush(): Promise<void>;
}

/** The percent of a phase from its counts against the previous run's (an estimate, capped below the phase's end). */
export function progressPercent(phase: RunProgress["phase"], done: number, estimate: number): number {
  const [from, to] = PHASES[phase];
  if (!estimate) return from;
  return Math.round(from + (to - from) * Math.min(0.98, done / estimate));
}

/**
 * Progress of batch `runId`, written to its row OUTSIDE the batch's transaction (on its own connection,
 * never awaited by the batch: a write costs the batch nothing) so another request sees it while the
 * batch runs. Denominators are the previous successful run's counts. On PGlite there is one connection,
 * held by the batch's transaction for the whole run: nothing is written (its batches take a fraction
 * of a second, and the page shows the result when it ends).
 */
export async function progressReporter(runId: number): Promise<ProgressReporter> {
  const db = getDb();
  if (getDbHandle().kind !== "postgres") return { report() {}, flush: async () => {} };
  const [prev] = await db
    .select({ stats: matchingRuns.stats })
    .from(matchingRuns)
    .where(and(eq(matchingRuns.kind, "batch"), isNotNull(matchingRuns.finishedAt), isNull(matchingRuns.error)))
    .orderBy(desc(matchingRuns.startedAt))
    .limit(1);
  const estimate = { postings: Number(prev?.stats.postings ?? 0), matches: Number(prev?.stats.matches ?? 0) };
  const state = { postings: 0, matches: 0 };
  let lastAt = 0;
  let lastPhase: RunProgress["phase"] | null = null;
  let pending: Promise<unknown> = Promise.resolve();
  return {
    report(phase, counts = {}) {
      state.postings = counts.postings ?? state.postings;
      state.matches = counts.matches ?? state.matches;
      const t = Date.now();
      if (phase === lastPhase && t - lastAt < PROGRESS_EVERY_MS) return;
      lastAt = t;
      lastPhase = phase;
      const percent =
        phase === "loading" ? progressPercent(phase, state.postings, estimate.postings) : phase === "matching" ? progressPercent(phase, state.matches, estimate.matches) : PHASES[phase][0];
      const progress: RunProgress = { phase, percent, postings: state.postings, total: Math.max(estimate.postings, state.postings), matches: state.matches };
      const at = new Date(t);
      // a later write never loses to an earlier one that arrives after it
      pending = db
        .update(matchingRuns)
        .set({ progress, progressAt: at })
        .where(and(eq(matchingRuns.id, runId), isNull(matchingRuns.finishedAt), or(isNull(matchingRuns.progressAt), sql`${matchingRuns.progressAt} <= ${at.toISOString()}`)))
        .catch(() => {}); // progress is a courtesy: never fail the batch over it
    },
    flush: () => pending.then(() => {}),
  };
}
