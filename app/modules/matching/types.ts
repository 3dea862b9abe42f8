/**
 * Public types of the matching engine. What it reads (`MatchPosting`) and writes (`ScoredMatch`,
 * `Reason`) is the interchange format's, declared in app/modules/interchange.ts.
 */

export { CATEGORIES, KINDS, type Category, type Kind, type MatchPosting, type Reason, type ScoredMatch } from "../interchange";
import type { Reason } from "../interchange";

export interface MatchOptions {
  /**
   * Minimum score (0–100) for a match to be returned. Default {@link DEFAULT_THRESHOLD} (50).
   * Whether a pair is possible is decided by the hard rules; the score ranks what is left. On
   * the labelled sets the weakest true match scores 73, and any threshold from 0 to 70 gives
   * the same result; 50 keeps that margin while dropping pairs whose resource overlap is thin
   * and whose dates, capacity and budget are mostly unknown. Raise it to see only strong matches.
   */
  threshold?: number;
  /** Reference date (YYYY-MM-DD) for joint-grant deadlines. Default: today (UTC). */
  today?: string;
}

export interface PairScore {
  score: number;
  reasons: Reason[];
  /** Code of the hard rule that makes the pair impossible (score is then 0). */
  excludedBy?: string;
}

export const DEFAULT_THRESHOLD = 50;
