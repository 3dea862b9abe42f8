/** The matching engine as the coordinator follows it: the latest full run, a pending request, and when the jobs pick it up. */
import { num } from "~/modules/config.server";
import { getMatchingStatus, type MatchingStatus } from "~/modules/matching/store.server";

export interface EngineStatus extends MatchingStatus {
  /** A request is picked up within this many seconds (how often the jobs look). */
  startsWithin: number;
}

export async function engineStatus(): Promise<EngineStatus> {
  return { ...(await getMatchingStatus()), startsWithin: Math.max(1, Math.ceil(num("MATCH_BATCH_POLL_MS", 30_000) / 1000)) };
}
