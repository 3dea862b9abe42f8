/**
 * The network lexicon the coordinator teaches the matcher: synonyms and abbreviations joining two
 * terms, and "distinct" entries saying two terms are different things. Append-only: adding an entry
 * and undoing one are both rows of the history, numbered by `version` (unique: two coordinators
 * saving at once cannot both write the same next version). Re-exported by db/schema/index.ts.
 */
import { bigint, bigserial, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./core";

/** `synonym`/`abbreviation`: the two terms name the same resource; `distinct`: they are different things. */
export const LEXICON_KINDS = ["synonym", "abbreviation", "distinct"] as const;
export type LexiconKind = (typeof LEXICON_KINDS)[number];

export const LEXICON_ACTIONS = ["add", "undo"] as const;
export type LexiconAction = (typeof LEXICON_ACTIONS)[number];

export const lexiconHistory = pgTable(
  "lexicon_history",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** 1, 2, 3…: the lexicon's version after this row. */
    version: integer("version").notNull().unique(),
    action: text("action", { enum: LEXICON_ACTIONS }).notNull(),
    /** For `undo`: the `add` row it undoes. */
    entryId: bigint("entry_id", { mode: "number" }),
    kind: text("kind", { enum: LEXICON_KINDS }).notNull(),
    termA: text("term_a").notNull(),
    termB: text("term_b").notNull(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("lexicon_history_entry_idx").on(t.entryId)],
);

export type LexiconHistoryRow = typeof lexiconHistory.$inferSelect;
