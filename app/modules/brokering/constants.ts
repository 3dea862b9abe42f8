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
export const QUEUE_PAGE_SIZE = 20;

/** Reminders per party at most (one every `reminderDays`). */
export const MAX_REMINDERS = 2;
export const REMINDER_DAYS_MAX = 60;
/** The most postings in a match made by hand. */
export const MANUAL_MAX_POSTINGS = 6;
