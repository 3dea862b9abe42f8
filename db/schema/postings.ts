/** Postings (needs and offers) and the imports waiting for confirmation. */
import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { timestamps } from "./columns";
import { users, clusters } from "./core";
import { BUDGET_BASES, CATEGORIES, CLOSE_REASONS, POSTING_KINDS, POSTING_LANGUAGES, POSTING_STATUSES, VISIBILITIES } from "./enums";

/**
 * A cluster's need or offer. Columns mirror the shared interchange format; `attributes` holds the
 * category-specific fields (validated by the zod union in app/modules/postings/validation.ts).
 * `search_text` (folded title, tags, description, labels) and `search_terms` (concept keys of the
 * search synonyms) are written by the postings module and narrow searches through GIN indexes.
 *
 * A draft may be saved with only a title: `kind` and `category` are null until it is completed, and
 * the check `postings_publishable_check` refuses any other status without them. The budget's basis
 * (`budget_basis`: a total, or a price per desk per month, per hour, per seat…) is stored with the
 * amount by the postings module, never guessed from the unit at display (docs/decisions/060-budget-basis.md).
 */
export const postings = pgTable(
  "postings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clusterId: uuid("cluster_id")
      .notNull()
      .references(() => clusters.id),
    /** Null only on a draft not completed yet. */
    kind: text("kind", { enum: POSTING_KINDS }),
    /** Null only on a draft not completed yet. */
    category: text("category", { enum: CATEGORIES }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    language: text("language", { enum: POSTING_LANGUAGES }).notNull().default("fr"),
    region: text("region"),
    startDate: date("start_date", { mode: "string" }),
    endDate: date("end_date", { mode: "string" }),
    quantity: numeric("quantity", { precision: 14, scale: 2, mode: "number" }),
    unit: text("unit"),
    budgetMax: numeric("budget_max", { precision: 14, scale: 2, mode: "number" }),
    /** What `budget_max` is: a total or a price per unit (BUDGET_BASES). The module sets it with every published amount. */
    budgetBasis: text("budget_basis", { enum: BUDGET_BASES }),
    programme: text("programme"),
    deadline: date("deadline", { mode: "string" }),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    sdAxes: text("sd_axes").array().notNull().default(sql`'{}'::text[]`),
    visibility: text("visibility", { enum: VISIBILITIES }).notNull().default("network"),
    status: text("status", { enum: POSTING_STATUSES }).notNull().default("draft"),
    publishedAt: timestamp("published_at", { withTimezone: true, mode: "date" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }),
    /** When and why the cluster closed it (a closed posting can be reopened for 30 days). */
    closedAt: timestamp("closed_at", { withTimezone: true, mode: "date" }),
    closeReason: text("close_reason", { enum: CLOSE_REASONS }),
    version: integer("version").notNull().default(1),
    contactUserId: uuid("contact_user_id").references(() => users.id, { onDelete: "set null" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    /** Stable key of seeded demo postings (idempotent seeding); null otherwise. */
    externalRef: text("external_ref").unique(),
    searchText: text("search_text").notNull().default(""),
    searchTerms: text("search_terms").array().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (t) => [
    index("postings_search_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    index("postings_search_terms_idx").using("gin", t.searchTerms),
    index("postings_status_idx").on(t.status, t.expiresAt),
    index("postings_cluster_idx").on(t.clusterId, t.status),
    index("postings_category_kind_idx").on(t.category, t.kind),
    index("postings_region_idx").on(t.region),
    index("postings_created_idx").on(t.createdAt),
    index("postings_dates_idx").on(t.startDate, t.endDate),
    check(
      "postings_publishable_check",
      sql`${t.status} = 'draft' or (${t.kind} is not null and ${t.category} is not null)`,
    ),
    check("postings_basis_amount_check", sql`${t.budgetBasis} is null or ${t.budgetMax} is not null`),
  ],
);

/**
 * A validated import waiting for confirmation: the preview stores the parsed rows (only when every row
 * is valid); confirming inserts them all in one transaction, exactly once. `file_hash` (SHA-256 of the
 * file's bytes) lets a later preview warn that the same file was already imported.
 */
export const postingImports = pgTable("posting_imports", {
  id: uuid("id").primaryKey().defaultRandom(),
  createdBy: uuid("created_by")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  format: text("format", { enum: ["csv", "json"] }).notNull(),
  fileName: text("file_name").notNull().default(""),
  fileHash: text("file_hash"),
  rowCount: integer("row_count").notNull(),
  rows: jsonb("rows").$type<unknown[]>().notNull(),
  status: text("status", { enum: ["pending", "done", "cancelled"] }).notNull().default("pending"),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
}, (t) => [index("posting_imports_hash_idx").on(t.fileHash, t.status)]);

export type Posting = typeof postings.$inferSelect;
export type NewPosting = typeof postings.$inferInsert;
