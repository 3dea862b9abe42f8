/**
 * The drizzle schema: the single source of truth for both PGlite and PostgreSQL.
 * Migrations in db/migrations are generated from it with `npm run db:generate`.
 */
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  CATEGORIES,
  POSTING_KINDS,
  POSTING_LANGUAGES,
  POSTING_STATUSES,
  VISIBILITIES,
} from "../app/modules/postings/constants";

export const ROLES = ["member", "cluster_admin", "coordinator", "funder", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
};

export const clusters = pgTable("clusters", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  sectorFr: text("sector_fr").notNull(),
  sectorEn: text("sector_en").notNull(),
  website: text("website"),
  region: text("region").notNull().default("montreal"),
  descriptionFr: text("description_fr").notNull().default(""),
  descriptionEn: text("description_en").notNull().default(""),
  contactName: text("contact_name"),
  contactEmail: text("contact_email"),
  ...timestamps,
});

export const funders = pgTable("funders", {
  id: uuid("id").primaryKey().defaultRandom(),
  slug: text("slug").notNull().unique(),
  nameFr: text("name_fr").notNull(),
  nameEn: text("name_en").notNull(),
  website: text("website"),
  ...timestamps,
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    locale: text("locale", { enum: LOCALES }).notNull().default("fr"),
    role: text("role", { enum: ROLES }).notNull(),
    clusterId: uuid("cluster_id").references(() => clusters.id),
    funderId: uuid("funder_id").references(() => funders.id),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`),
    index("users_cluster_idx").on(t.clusterId),
  ],
);

/** lucia v3 sessions. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    clusterId: uuid("cluster_id").references(() => clusters.id),
    funderId: uuid("funder_id").references(() => funders.id),
    locale: text("locale", { enum: LOCALES }).notNull().default("fr"),
    invitedBy: uuid("invited_by").references(() => users.id),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("invitations_email_idx").on(sql`lower(${t.email})`)],
);

export const passwordResets = pgTable("password_resets", {
  id: uuid("id").primaryKey().defaultRandom(),
  tokenHash: text("token_hash").notNull().unique(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** Sign-in attempts, for the rate limit (kept in the database so several app processes agree). */
export const authAttempts = pgTable(
  "auth_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    success: boolean("success").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("auth_attempts_email_idx").on(t.email, t.at), index("auth_attempts_ip_idx").on(t.ip, t.at)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_entity_idx").on(t.entity, t.entityId, t.at)],
);

/** Coordinator-managed settings (posting expiry, match threshold, …), one JSON value per key. */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/**
 * A cluster's need or offer. Columns mirror the shared interchange format; `attributes` holds the
 * category-specific fields (validated by the zod union in app/modules/postings/validation.ts).
 * `search_text` (folded title, tags, description, labels) and `search_terms` (concept keys of the
 * search synonyms) are written by the postings module and narrow searches through GIN indexes.
 */
export const postings = pgTable(
  "postings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    clusterId: uuid("cluster_id")
      .notNull()
      .references(() => clusters.id),
    kind: text("kind", { enum: POSTING_KINDS }).notNull(),
    category: text("category", { enum: CATEGORIES }).notNull(),
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
    programme: text("programme"),
    deadline: date("deadline", { mode: "string" }),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    sdAxes: text("sd_axes").array().notNull().default(sql`'{}'::text[]`),
    visibility: text("visibility", { enum: VISIBILITIES }).notNull().default("network"),
    status: text("status", { enum: POSTING_STATUSES }).notNull().default("draft"),
    publishedAt: timestamp("published_at", { withTimezone: true, mode: "date" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }),
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
  ],
);

/**
 * A validated import waiting for the coordinator's confirmation: the preview stores the parsed rows
 * (only when every row is valid); confirming inserts them all in one transaction, exactly once.
 */
export const postingImports = pgTable("posting_imports", {
  id: uuid("id").primaryKey().defaultRandom(),
  createdBy: uuid("created_by")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  format: text("format", { enum: ["csv", "json"] }).notNull(),
  fileName: text("file_name").notNull().default(""),
  rowCount: integer("row_count").notNull(),
  rows: jsonb("rows").$type<unknown[]>().notNull(),
  status: text("status", { enum: ["pending", "done", "cancelled"] }).notNull().default("pending"),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
});

export type Cluster = typeof clusters.$inferSelect;
export type Funder = typeof funders.$inferSelect;
export type User = typeof users.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type Posting = typeof postings.$inferSelect;
export type NewPosting = typeof postings.$inferInsert;
export * from "./schema-notifications";
export * from "./schema-matching";
export * from "./schema-funding";
export * from "./schema-brokering";
