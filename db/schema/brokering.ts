/**
 * Brokering: what happens to a match after the engine proposed it — the history of every decision,
 * response and outcome, the introductions sent, the outcome indicators, the coordinators'
 * notification preferences, and the record of scheduled messages already sent (so the reminder,
 * digest and expiry jobs are idempotent across processes). Re-exported by db/schema/index.ts.
 */
import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./core";
import { matches } from "./matching";
import { outbox } from "./notifications";
import { postings } from "./postings";

export const MATCH_EVENT_KINDS = [
  "created_manual",
  "approved",
  "rejected",
  "deferred",
  "reopened",
  "response",
  "in_progress",
  "concluded",
  "abandoned",
  "reminder",
  /** A proposal folded into an existing introduction (on both matches). */
  "merged",
  /** An introduction nobody finished answering, closed after the expiry delay. */
  "expired",
  /** A deferred match back in the queue on its date. */
  "returned",
] as const;
export type MatchEventKind = (typeof MATCH_EVENT_KINDS)[number];

export const OUTCOMES = ["concluded", "abandoned"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const PROPOSAL_NOTICE_MODES = ["immediate", "digest"] as const;
export type ProposalNoticeMode = (typeof PROPOSAL_NOTICE_MODES)[number];

export const BROKERING_SEND_KINDS = ["proposal", "digest", "reminder", "expiry"] as const;
export type BrokeringSendKind = (typeof BROKERING_SEND_KINDS)[number];

/** The history of a match: who did what, when, with which note. Never updated, never deleted. */
export const matchEvents = pgTable(
  "match_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    matchId: uuid("match_id")
      .notNull()
      .references(() => matches.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: MATCH_EVENT_KINDS }).notNull(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    /** For responses and reminders: the party's posting. */
    postingId: uuid("posting_id").references(() => postings.id, { onDelete: "set null" }),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    note: text("note"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("match_events_match_idx").on(t.matchId, t.at), index("match_events_kind_idx").on(t.kind, t.at)],
);

/** One per match, written when the match is concluded or abandoned: the indicators clusters report on. */
export const matchOutcomes = pgTable(
  "match_outcomes",
  {
    matchId: uuid("match_id")
      .primaryKey()
      .references(() => matches.id, { onDelete: "cascade" }),
    outcome: text("outcome", { enum: OUTCOMES }).notNull(),
    savingsCad: numeric("savings_cad", { precision: 14, scale: 2, mode: "number" }),
    ghgAvoidedKg: numeric("ghg_avoided_kg", { precision: 14, scale: 2, mode: "number" }),
    /** People or organisations involved. */
    participants: integer("participants"),
    summary: text("summary"),
    abandonReason: text("abandon_reason"),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    check("match_outcomes_amounts_check", sql`coalesce(${t.savingsCad}, 0) >= 0 and coalesce(${t.ghgAvoidedKg}, 0) >= 0 and coalesce(${t.participants}, 0) >= 0`),
    check("match_outcomes_kind_check", sql`(${t.outcome} = 'abandoned' and ${t.abandonReason} is not null) or (${t.outcome} = 'concluded' and ${t.summary} is not null)`),
    index("match_outcomes_recorded_idx").on(t.recordedAt),
  ],
);

/** Every person an introduction was sent to (the party's contacts), for reminders and the record. */
export const introductions = pgTable(
  "introductions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    matchId: uuid("match_id")
      .notNull()
      .references(() => matches.id, { onDelete: "cascade" }),
    postingId: uuid("posting_id")
      .notNull()
      .references(() => postings.id, { onDelete: "cascade" }),
    /** Null when the cluster had no account to write to and its public contact address was used. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    email: text("email").notNull(),
    locale: text("locale").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** The introduction email in the outbox, for its delivery status on the match. */
    outboxId: bigint("outbox_id", { mode: "number" }).references(() => outbox.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("introductions_match_email_idx").on(t.matchId, sql`lower(${t.email})`), index("introductions_posting_idx").on(t.postingId)],
);

/** A coordinator's choice: be told of each new proposal at once, or once a day. */
export const brokeringPreferences = pgTable("brokering_preferences", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  proposalNotices: text("proposal_notices", { enum: PROPOSAL_NOTICE_MODES }).notNull().default("immediate"),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/**
 * Scheduled messages already sent. A job claims a (kind, key) by inserting it in the transaction
 * that writes the messages: a second process blocks on the key, then finds it taken and sends
 * nothing; a rollback frees the key. Keys: proposal → match id; digest → user id + local day;
 * reminder → match id + posting id + round; expiry → posting id + expiry instant.
 */
export const brokeringSends = pgTable(
  "brokering_sends",
  {
    kind: text("kind", { enum: BROKERING_SEND_KINDS }).notNull(),
    key: text("key").notNull(),
    recipients: integer("recipients").notNull().default(0),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.key] }), index("brokering_sends_sent_idx").on(t.kind, t.sentAt)],
);

/** The coordination's running notes on a match (never shown to the parties). */
export const matchNotes = pgTable(
  "match_notes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    matchId: uuid("match_id")
      .notNull()
      .references(() => matches.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("match_notes_match_idx").on(t.matchId, t.createdAt)],
);

export type MatchEvent = typeof matchEvents.$inferSelect;
export type MatchNote = typeof matchNotes.$inferSelect;
export type MatchOutcome = typeof matchOutcomes.$inferSelect;
export type Introduction = typeof introductions.$inferSelect;
