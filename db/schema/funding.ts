/**
 * Funding: funders' programmes and their calls, joint applications filed by several clusters, the
 * consortium, every stage change, comments, document links, the deadline reminders already sent, and
 * after filing: the funder's decisions, the reporting milestones of an award and their reminders.
 * Re-exported by db/schema/index.ts. The stage machine itself lives in app/modules/funding/stages.ts.
 */
import { sql } from "drizzle-orm";
import { bigserial, boolean, check, date, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { clusters, funders, users } from "./core";
import { APPLICATION_STAGES, COMMENT_AUDIENCES, FUNDING_OUTCOMES, MILESTONE_KINDS } from "./enums";
import { matches } from "./matching";

const money = (name: string) => numeric(name, { precision: 14, scale: 2, mode: "number" });

export const programmes = pgTable(
  "programmes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    funderId: uuid("funder_id")
      .notNull()
      .references(() => funders.id),
    nameFr: text("name_fr").notNull(),
    nameEn: text("name_en").notNull(),
    descriptionFr: text("description_fr").notNull().default(""),
    descriptionEn: text("description_en").notNull().default(""),
    website: text("website"),
    /** The programme's total budget (CAD). */
    envelope: money("envelope").notNull(),
    /** The most one project may receive (CAD); null when the programme sets no cap. */
    maxPerProject: money("max_per_project"),
    /** Clusters in the consortium, lead included, required to submit. */
    minPartners: integer("min_partners").notNull().default(2),
    /** Posting categories the programme funds (values of postings/constants CATEGORIES). */
    eligibleCategories: text("eligible_categories").array().notNull().default(sql`'{}'::text[]`),
    active: boolean("active").notNull().default(true),
    version: integer("version").notNull().default(1),
    /** Stable key of seeded demo programmes (idempotent seeding); null otherwise. */
    externalRef: text("external_ref").unique(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("programmes_funder_idx").on(t.funderId, t.active),
    check("programmes_amounts_check", sql`${t.envelope} >= 0 and (${t.maxPerProject} is null or ${t.maxPerProject} > 0) and ${t.minPartners} >= 1`),
  ],
);

/** A programme's call for projects: one submission deadline. */
export const programmeCalls = pgTable(
  "programme_calls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    programmeId: uuid("programme_id")
      .notNull()
      .references(() => programmes.id, { onDelete: "cascade" }),
    labelFr: text("label_fr").notNull(),
    labelEn: text("label_en").notNull(),
    deadline: date("deadline", { mode: "string" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("programme_calls_programme_deadline_idx").on(t.programmeId, t.deadline), index("programme_calls_deadline_idx").on(t.deadline)],
);

export const jointApplications = pgTable(
  "joint_applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The listed programme; null while the consortium targets a programme not yet listed (`programme_text`). */
    programmeId: uuid("programme_id").references(() => programmes.id),
    programmeText: text("programme_text"),
    callId: uuid("call_id").references(() => programmeCalls.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    leadClusterId: uuid("lead_cluster_id")
      .notNull()
      .references(() => clusters.id),
    amountRequested: money("amount_requested"),
    amountAwarded: money("amount_awarded"),
    /** Co-financing of the project (CAD): public funding, the clusters' own money, the member firms'. */
    cofinancingPublic: money("cofinancing_public"),
    cofinancingClusters: money("cofinancing_clusters"),
    cofinancingFirms: money("cofinancing_firms"),
    stage: text("stage", { enum: APPLICATION_STAGES }).notNull().default("idea"),
    stageChangedAt: timestamp("stage_changed_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** Submission deadline (from the call, or typed in for unlisted programmes). */
    deadline: date("deadline", { mode: "string" }),
    /** The pooled joint-grant match it was made from (one application per match). */
    sourceMatchId: uuid("source_match_id").references(() => matches.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    /** Stable key of seeded demo applications (idempotent seeding); null otherwise. */
    externalRef: text("external_ref").unique(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("joint_applications_programme_idx").on(t.programmeId, t.stage),
    index("joint_applications_lead_idx").on(t.leadClusterId),
    index("joint_applications_deadline_idx").on(t.deadline),
    index("joint_applications_created_idx").on(t.createdAt),
    uniqueIndex("joint_applications_source_match_idx").on(t.sourceMatchId).where(sql`${t.sourceMatchId} is not null`),
    check("joint_applications_programme_check", sql`${t.programmeId} is not null or ${t.programmeText} is not null`),
    check(
      "joint_applications_amounts_check",
      sql`coalesce(${t.amountRequested}, 0) >= 0 and coalesce(${t.amountAwarded}, 0) >= 0 and coalesce(${t.cofinancingPublic}, 0) >= 0 and coalesce(${t.cofinancingClusters}, 0) >= 0 and coalesce(${t.cofinancingFirms}, 0) >= 0`,
    ),
  ],
);

/** The consortium: every cluster of the application, the lead included. */
export const applicationMembers = pgTable(
  "application_members",
  {
    applicationId: uuid("application_id")
      .notNull()
      .references(() => jointApplications.id, { onDelete: "cascade" }),
    clusterId: uuid("cluster_id")
      .notNull()
      .references(() => clusters.id),
    /** Free text, e.g. "Chef de file", "Volet formation". */
    role: text("role").notNull().default(""),
    addedAt: timestamp("added_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.clusterId] }), index("application_members_cluster_idx").on(t.clusterId)],
);

/** Every stage change (the first row, from_stage null, is the creation). */
export const applicationStageChanges = pgTable(
  "application_stage_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => jointApplications.id, { onDelete: "cascade" }),
    fromStage: text("from_stage", { enum: APPLICATION_STAGES }),
    toStage: text("to_stage", { enum: APPLICATION_STAGES }).notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    byUserId: uuid("by_user_id").references(() => users.id, { onDelete: "set null" }),
    note: text("note"),
  },
  (t) => [index("application_stage_changes_app_idx").on(t.applicationId, t.at)],
);

export const applicationComments = pgTable(
  "application_comments",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => jointApplications.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    audience: text("audience", { enum: COMMENT_AUDIENCES }).notNull().default("consortium"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("application_comments_app_idx").on(t.applicationId, t.createdAt)],
);

/** Links to the application's documents (shared drives, the funder's portal…); files are not stored here. */
export const applicationDocuments = pgTable(
  "application_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => jointApplications.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    url: text("url").notNull(),
    addedBy: uuid("added_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("application_documents_app_idx").on(t.applicationId)],
);

/** Deadline reminders already queued: one per application, deadline and threshold (idempotence). */
export const applicationReminders = pgTable(
  "application_reminders",
  {
    applicationId: uuid("application_id")
      .notNull()
      .references(() => jointApplications.id, { onDelete: "cascade" }),
    deadline: date("deadline", { mode: "string" }).notNull(),
    daysBefore: integer("days_before").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.deadline, t.daysBefore] })],
);

/**
 * The funder's decisions, newest last. A decision moves the application to awarded or declined; the
 * funder may reopen it (back to review, with a note), and a later decision is a new row: the current
 * one is the latest while the application stands at (or was closed after) a decision.
 */
export const fundingDecisions = pgTable(
  "funding_decisions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => jointApplications.id, { onDelete: "cascade" }),
    outcome: text("outcome", { enum: FUNDING_OUTCOMES }).notNull(),
    /** Awarded amount (CAD); null for a refusal. */
    amount: money("amount"),
    /** Conditions of an award (free text, may be empty). */
    conditions: text("conditions"),
    /** Why it was refused (required for a refusal). */
    reason: text("reason"),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    /** True when the coordination recorded it for a funder that has no account on the platform. */
    onBehalf: boolean("on_behalf").notNull().default(false),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("funding_decisions_app_idx").on(t.applicationId, t.decidedAt),
    index("funding_decisions_decided_idx").on(t.decidedAt),
    check(
      "funding_decisions_outcome_check",
      sql`(${t.outcome} = 'awarded' and ${t.amount} is not null and ${t.amount} > 0) or (${t.outcome} = 'refused' and ${t.amount} is null and ${t.reason} is not null)`,
    ),
  ],
);

/** Reporting milestones of an award (reports, disbursements), recorded by the funder. */
export const applicationMilestones = pgTable(
  "application_milestones",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => jointApplications.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: MILESTONE_KINDS }).notNull(),
    /** What exactly is due (required for `other`). */
    label: text("label").notNull().default(""),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    /** The day it was done (the report received, the payment made); null while due. */
    doneOn: date("done_on", { mode: "string" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("application_milestones_app_idx").on(t.applicationId, t.dueOn), index("application_milestones_due_idx").on(t.dueOn)],
);

/** Milestone reminders already queued: one per milestone, due date and threshold (idempotence). */
export const milestoneReminders = pgTable(
  "milestone_reminders",
  {
    milestoneId: uuid("milestone_id")
      .notNull()
      .references(() => applicationMilestones.id, { onDelete: "cascade" }),
    dueOn: date("due_on", { mode: "string" }).notNull(),
    daysBefore: integer("days_before").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.milestoneId, t.dueOn, t.daysBefore] })],
);

export type Programme = typeof programmes.$inferSelect;
export type ProgrammeCall = typeof programmeCalls.$inferSelect;
export type JointApplication = typeof jointApplications.$inferSelect;
export type ApplicationMember = typeof applicationMembers.$inferSelect;
export type ApplicationStageChange = typeof applicationStageChanges.$inferSelect;
export type FundingDecision = typeof fundingDecisions.$inferSelect;
export type ApplicationMilestone = typeof applicationMilestones.$inferSelect;
