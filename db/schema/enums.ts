/**
 * The vocabularies the schema's enum columns take, declared once here and re-exported by the domain
 * modules that own them (app/modules/postings/constants.ts, app/modules/funding/stages.ts,
 * app/modules/i18n): the schema imports nothing from app/.
 */

export const ROLES = ["member", "cluster_admin", "coordinator", "funder", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export const POSTING_KINDS = ["need", "offer"] as const;
export type PostingKind = (typeof POSTING_KINDS)[number];

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

export const POSTING_STATUSES = ["draft", "open", "paused", "matched", "closed", "expired"] as const;
export type PostingStatus = (typeof POSTING_STATUSES)[number];

/** `network`: every signed-in cluster user and the coordination. `coordinator`: confidential. */
export const VISIBILITIES = ["network", "coordinator"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/**
 * What a posting's budget amount is: a total, or a price per unit (per desk or m² per month, per seat,
 * per licence, per hour, per day, per unit, per guest). Stored with the amount.
 */
export const BUDGET_BASES = ["total", "per_desk_month", "per_m2_month", "per_seat", "per_licence", "per_hour", "per_day", "per_unit", "per_guest"] as const;
export type BudgetBasis = (typeof BUDGET_BASES)[number];

/** Why a cluster closed its posting. */
export const CLOSE_REASONS = ["satisfied_maillage", "satisfied_elsewhere", "no_longer_needed"] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const POSTING_LANGUAGES = ["fr", "en"] as const;
export type PostingLanguage = (typeof POSTING_LANGUAGES)[number];

/** The stages of a joint application; the stage machine is app/modules/funding/stages.ts. */
/**
 * Why the coordinator rejected a proposal. The engine learns from them: `not_same_resource` means the
 * two postings are not the same thing (and their like are not proposed again).
 */
export const REJECTION_CODES = ["not_same_resource", "wrong_region", "timing", "too_small", "price", "already_in_contact", "other"] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export const APPLICATION_STAGES = ["idea", "consortium_formed", "drafting", "submitted", "under_review", "awarded", "declined", "closed"] as const;
export type ApplicationStage = (typeof APPLICATION_STAGES)[number];

/** A funder's decision on an application: awarded (an amount, conditions) or refused (a reason). */
export const FUNDING_OUTCOMES = ["awarded", "refused"] as const;
export type FundingOutcome = (typeof FUNDING_OUTCOMES)[number];

/** What a reporting milestone of an award is. */
export const MILESTONE_KINDS = ["progress_report", "financial_report", "final_report", "disbursement", "other"] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/**
 * Who reads a comment: `consortium` (the consortium's own working thread, with the coordination) or
 * `funder` (the exchange with the programme's funder, which the consortium and coordination read too).
 */
export const COMMENT_AUDIENCES = ["consortium", "funder"] as const;
export type CommentAudience = (typeof COMMENT_AUDIENCES)[number];
