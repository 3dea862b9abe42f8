/** Brokering constants shared by the server and the pages (no database code: safe in the browser bundle). */
import type { MatchStatus } from "@db/schema";

export const QUEUE_TABS = ["proposed", "deferred", "rejected", "active", "closed", "withdrawn"] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];
export const TAB_STATUSES: Record<QueueTab, MatchStatus[]> = {
  proposed: ["proposed"],
  deferred: ["deferred"],
  rejected: ["rejected"],
  active: ["approved", "introduced", "in_progress"],
  closed: ["concluded", "abandoned"],
  withdrawn: ["withdrawn"],
};
export const AGES = ["7", "30", "older"] as const;
export type Age = (typeof AGES)[number];
/** A page holds a working session (the demo network has 25 proposals after its first run). */
export const QUEUE_PAGE_SIZE = 30;

/** Reminders per party at most (one every `reminderDays`). */
export const MAX_REMINDERS = 2;
export const REMINDER_DAYS_MAX = 60;
/** The most postings in a match made by hand. */
export const MANUAL_MAX_POSTINGS = 6;

/** How the queue is ordered (the URL's `sort`). */
export const QUEUE_SORTS = ["score", "score_asc", "oldest", "newest", "category"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
/** Where a proposal comes from: the engine, the coordinator's hand, or a cluster's expression of interest. */
export const MATCH_SOURCES = ["engine", "manual", "interest"] as const;
export type MatchSource = (typeof MATCH_SOURCES)[number];
/** The statuses of an introduction that is live (a posting in one of them is "already introduced"). */
export const ACTIVE_STATUSES: MatchStatus[] = ["approved", "introduced", "in_progress"];
/** The statuses shown as cross-references ("this posting is also in…"). */
export const CROSS_REF_STATUSES: MatchStatus[] = ["proposed", "deferred", "approved", "introduced", "in_progress"];
/** The most matches decided in one bulk request. */
export const BULK_MAX = 50;
/** Deferral choices offered in the list (days); the match page also takes any date. */
export const DEFER_CHOICES = [7, 14, 30, 90] as const;
export const DEFER_DEFAULT_DAYS = 7;
export const DEFER_MAX_DAYS = 366;
/** Unanswered introductions expire after this many days (a network setting). */
export const EXPIRY_DAYS_DEFAULT = 30;
export const EXPIRY_DAYS_MAX = 365;
export const NOTE_BODY_MAX = 4000;
