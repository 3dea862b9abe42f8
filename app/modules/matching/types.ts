/**
 * Public types of the matching engine. `MatchPosting` mirrors one posting of the JSON
 * interchange format (shared/design/postings-format.md); the engine never needs more.
 */

export const CATEGORIES = [
  "research",
  "office_space",
  "it_support",
  "joint_grant",
  "expertise",
  "training",
  "equipment",
  "events",
  "group_purchasing",
  "other",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const KINDS = ["need", "offer"] as const;
export type Kind = (typeof KINDS)[number];

export interface MatchPosting {
  id: string;
  /** Slug of the cluster that published the posting. */
  cluster: string;
  kind: Kind;
  category: Category;
  title: string;
  description: string;
  tags?: string[];
  language?: "fr" | "en";
  /** Administrative region slug (e.g. `montreal`), or `remote`. */
  region?: string;
  /** ISO dates (YYYY-MM-DD); a missing bound is open-ended. */
  startDate?: string;
  endDate?: string;
  quantity?: number;
  unit?: string;
  /** Need: the most it can pay. Offer: its price. Per unit for capacities, a total otherwise. */
  budgetMax?: number;
  /** joint_grant only: the programme or call targeted. */
  programme?: string;
  /** joint_grant only: submission deadline (ISO date). */
  deadline?: string;
}

/** One explainable piece of a score; `weight` is its share of the 0–100 score (0–1). */
export interface Reason {
  code: string;
  weight: number;
  detail?: Record<string, string | number>;
}

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

export interface ScoredMatch {
  type: "need_offer" | "pool";
  /** need_offer: [needId, offerId]; pool: ids sorted ascending. */
  members: string[];
  /** Integer 0–100. */
  score: number;
  reasons: Reason[];
}

export interface PairScore {
  score: number;
  reasons: Reason[];
  /** Code of the hard rule that makes the pair impossible (score is then 0). */
  excludedBy?: string;
}

export const DEFAULT_THRESHOLD = 50;
