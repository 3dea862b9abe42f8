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
export { runBatch, type BatchReport } from "./batch.server";
export { processMatchingQueue, rematchPosting } from "./incremental.server";
export { isMatchable, loadMatchablePostings } from "./load.server";
export { enqueueRematch } from "./queue.server";
export { getMatchingStatus, requestBatch, type MatchingStatus } from "./runs.server";
export { runScheduledBatchIfDue } from "./schedule.server";
export { memberKey, type MatchingStats } from "./store-common.server";
export { getMatchThreshold, setMatchThreshold, THRESHOLD_KEY } from "./threshold.server";
