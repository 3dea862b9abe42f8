/**
 * Matches and their members (a pair is a pool of two), the re-match queue written in the same
 * transaction as posting changes, candidate keys for SQL pre-filtering, and a log of matching runs.
 * Re-exported by db/schema/index.ts.
 */
import { sql } from "drizzle-orm";
import { bigserial, boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./core";
import { REJECTION_CODES } from "./enums";
import { postings } from "./postings";

export const MATCH_TYPES = ["need_offer", "pool"] as const;
export type MatchType = (typeof MATCH_TYPES)[number];

/**
 * proposed → approved → introduced → in_progress → concluded | abandoned;
 * proposed → rejected (never proposed again unless reopened) | deferred;
 * proposed/deferred → withdrawn when a posting closes, expires or no longer fits.
 */
export const MATCH_STATUSES = ["proposed", "deferred", "rejected", "withdrawn", "approved", "introduced", "in_progress", "concluded", "abandoned"] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

export const MEMBER_RESPONSES = ["pending", "interested", "not_interested"] as const;
export type MemberResponse = (typeof MEMBER_RESPONSES)[number];

export interface StoredReason {
  code: string;
  weight: number;
  detail?: Record<string, string | number>;
}

/** A reason as stored: `[code, weight]` or `[code, weight, detail]`. */
type CompactReason = [string, number] | [string, number, Record<string, string | number>];

/** The stored (compact) JSON text of reasons: a third of the size of `{code, weight, detail}` objects. */
export function reasonsToText(reasons: readonly StoredReason[]): string {
  return JSON.stringify(reasons.map((r): CompactReason => (r.detail ? [r.code, r.weight, r.detail] : [r.code, r.weight])));
}

function reasonsFrom(value: unknown): StoredReason[] {
  const list = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  if (!Array.isArray(list)) return [];
  return list.map((r) => {
    if (!Array.isArray(r)) return r as StoredReason; // written before the compact form
    const [code, weight, detail] = r as CompactReason;
    return detail ? { code, weight, detail } : { code, weight };
  });
}

/**
 * Reasons travel as objects in the code and are stored compact, as `json` (text kept as written):
 * at 380 000 matches they were three quarters of each row. Compared as text, which is sound because
 * every writer serialises the engine's reasons the same way (reasonsToText).
 */
const reasonsColumn = customType<{ data: StoredReason[]; driverData: string }>({
  dataType: () => "json",
  toDriver: (value) => reasonsToText(value),
  fromDriver: (value) => reasonsFrom(value),
});

export const matches = pgTable(
  "matches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    type: text("type", { enum: MATCH_TYPES }).notNull(),
    /** The sorted posting ids joined by ",": one match per set of postings. */
    memberKey: text("member_key").notNull().unique(),
    score: integer("score").notNull(),
    reasons: reasonsColumn("reasons").notNull().default(sql`'[]'::json`),
    status: text("status", { enum: MATCH_STATUSES }).notNull().default("proposed"),
    /** "engine" or "manual" (created by hand by the coordinator). */
    source: text("source").notNull().default("engine"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    decisionNote: text("decision_note"),
    /** Why it was rejected (REJECTION_CODES); the note says more. */
    rejectionCode: text("rejection_code", { enum: REJECTION_CODES }),
    /** When and why the engine withdrew it. */
    withdrawnReason: text("withdrawn_reason"),
    /** A deferred match comes back to the queue on this date (the brokering job returns it). */
    deferredUntil: timestamp("deferred_until", { withTimezone: true, mode: "date" }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("matches_status_score_idx").on(t.status, t.score),
    index("matches_created_idx").on(t.createdAt),
    index("matches_deferred_until_idx").on(t.deferredUntil).where(sql`${t.status} = 'deferred'`),
  ],
);

export const matchMembers = pgTable(
  "match_members",
  {
    matchId: uuid("match_id")
      .notNull()
      .references(() => matches.id, { onDelete: "cascade" }),
    postingId: uuid("posting_id")
      .notNull()
      .references(() => postings.id, { onDelete: "cascade" }),
    /** "need" or "offer" (pools: every member is a need). */
    role: text("role").notNull(),
    response: text("response", { enum: MEMBER_RESPONSES }).notNull().default("pending"),
    responseReason: text("response_reason"),
    respondedBy: uuid("responded_by").references(() => users.id, { onDelete: "set null" }),
    respondedAt: timestamp("responded_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [primaryKey({ columns: [t.matchId, t.postingId] }), index("match_members_posting_idx").on(t.postingId)],
);

/** Postings to re-match, written in the transaction that changed them (a crash cannot lose one). */
export const matchingQueue = pgTable(
  "matching_queue",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    postingId: uuid("posting_id").notNull(),
    reason: text("reason").notNull(),
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
  },
  (t) => [index("matching_queue_posting_idx").on(t.postingId)],
);

/**
 * The engine's blocking keys of each matchable posting, so candidates are found with GIN indexes
 * instead of comparing every pair. Maintained by the matcher whenever it (re)matches a posting.
 */
export const postingMatchKeys = pgTable(
  "posting_match_keys",
  {
    postingId: uuid("posting_id")
      .primaryKey()
      .references(() => postings.id, { onDelete: "cascade" }),
    clusterId: uuid("cluster_id").notNull(),
    kind: text("kind").notNull(),
    mode: text("mode").notNull(),
    poolable: boolean("poolable").notNull(),
    concepts: text("concepts").array().notNull().default(sql`'{}'::text[]`),
    anchors: text("anchors").array().notNull().default(sql`'{}'::text[]`),
    programmeKey: text("programme_key"),
    /** Joint grants: the programme list a grant is filed under (see grantKeyOf in the engine). */
    grantKey: text("grant_key"),
    /** Hard-rule columns for narrowing (a missing bound is open-ended; null region = anywhere). */
    region: text("region"),
    startDate: date("start_date", { mode: "string" }),
    endDate: date("end_date", { mode: "string" }),
    /** Only open, unexpired postings are matchable; the rest keep no keys. */
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    // fastupdate off: a pending list of recent entries is scanned linearly by every search until
    // vacuum merges it (measured 15 ms per candidate query after a batch at 100 000 postings, 1.4 ms
    // without); inserting one posting's keys directly costs well under a millisecond.
    index("pmk_concepts_idx").using("gin", t.concepts).with({ fastupdate: false }),
    index("pmk_anchors_idx").using("gin", t.anchors).with({ fastupdate: false }),
    index("pmk_mode_kind_idx").on(t.mode, t.kind),
    index("pmk_grant_idx").on(t.grantKey),
  ],
);

export const matchingRuns = pgTable("matching_runs", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  kind: text("kind").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  stats: jsonb("stats").$type<Record<string, number | Record<string, number>>>().notNull().default({}),
  error: text("error"),
  /** Written by the batch at its steps (outside its transaction): the phase, percent and counts so far. */
  progress: jsonb("progress").$type<RunProgress>(),
  progressAt: timestamp("progress_at", { withTimezone: true, mode: "date" }),
});

/** How far a batch has got: shown live on the coordinator's page. */
export interface RunProgress {
  phase: "loading" | "matching" | "withdrawing" | "settling";
  percent: number;
  /** Postings read so far, of `total`. */
  postings: number;
  total: number;
  /** Matches found so far. */
  matches: number;
}

export type Match = typeof matches.$inferSelect;
export type MatchMember = typeof matchMembers.$inferSelect;
