/**
 * Domain vocabulary of postings (needs and offers). Pure constants, shared by the database schema,
 * the validation, the pages and the import/export. Values are the shared interchange format's
 * (shared/design/postings-format.md); labels live in the dictionaries.
 */

export {
  BUDGET_BASES,
  CLOSE_REASONS,
  CATEGORIES,
  POSTING_KINDS,
  POSTING_LANGUAGES,
  POSTING_STATUSES,
  VISIBILITIES,
  type BudgetBasis,
  type CloseReason,
  type Category,
  type PostingKind,
  type PostingLanguage,
  type PostingStatus,
  type Visibility,
} from "@db/schema/enums";
import { CATEGORIES, type BudgetBasis, type Category, type PostingStatus } from "@db/schema/enums";

/** The four axes of sustainable development of the competitiveness-cluster guide. */
export const SD_AXES = ["governance", "environment", "jobs_training_hr", "research_innovation"] as const;
export type SdAxis = (typeof SD_AXES)[number];

/** Administrative regions of Québec, plus `remote` for services that need no presence. */
export const REGIONS = [
  "montreal",
  "laval",
  "monteregie",
  "lanaudiere",
  "laurentides",
  "capitale-nationale",
  "estrie",
  "mauricie",
  "centre-du-quebec",
  "chaudiere-appalaches",
  "saguenay-lac-saint-jean",
  "outaouais",
  "abitibi-temiscamingue",
  "bas-saint-laurent",
  "cote-nord",
  "gaspesie",
  "nord-du-quebec",
  "remote",
] as const;
export type Region = (typeof REGIONS)[number];

/** Units of the shared format. For capacities, `budgetMax` is a price per unit (see BUDGET_BASIS). */
export const UNITS = ["desks", "m2", "seats", "licences", "hours", "hours_per_month", "days", "units", "laptops", "guests", "spaces"] as const;
export type Unit = (typeof UNITS)[number];

/**
 * The per-unit basis of each unit: what the interchange format (postings-format.md) says `budgetMax`
 * means for it. A person chooses between this and a total; a file that does not say gets this one.
 */
export const BUDGET_BASIS: Record<Unit, Exclude<BudgetBasis, "total">> = {
  desks: "per_desk_month",
  m2: "per_m2_month",
  seats: "per_seat",
  licences: "per_licence",
  hours: "per_hour",
  hours_per_month: "per_hour",
  days: "per_day",
  units: "per_unit",
  laptops: "per_unit",
  guests: "per_guest",
  spaces: "per_unit",
};

/** Units whose per-unit price is per month (desks, m², hours per month): a total covers quantity × months. */
export const MONTHLY_UNITS: readonly Unit[] = ["desks", "m2", "hours_per_month"];

export function isUnit(v: unknown): v is Unit {
  return typeof v === "string" && (UNITS as readonly string[]).includes(v);
}

/** The bases a budget may have with this unit: a total, or the unit's own per-unit price. */
export function budgetBasesFor(unit: string | null | undefined): BudgetBasis[] {
  return isUnit(unit) ? ["total", BUDGET_BASIS[unit]] : ["total"];
}

/** The basis the interchange format implies for a unit (a file's amount without an explicit basis). */
export function formatBasisOf(unit: string | null | undefined): BudgetBasis {
  return isUnit(unit) ? BUDGET_BASIS[unit] : "total";
}

/** The units a category's quantity may be expressed in (the form offers these, in this order). */
export const CATEGORY_UNITS: Record<Category, readonly Unit[]> = {
  research: [],
  office_space: ["desks", "m2"],
  it_support: ["seats", "licences", "hours_per_month", "units"],
  joint_grant: [],
  expertise: ["hours", "hours_per_month", "days"],
  training: ["seats"],
  equipment: ["hours", "days", "units", "laptops"],
  events: ["guests"],
  group_purchasing: ["units", "licences", "laptops", "seats"],
  other: UNITS,
};

// Category-specific choices (attributes).
export const AMENITIES = ["meeting_room", "kitchen", "parking", "bike_parking", "accessible", "furnished", "internet", "storage", "transit"] as const;
export const IT_SERVICES = ["helpdesk", "licences", "hardware_purchase", "cybersecurity", "hosting"] as const;
export const RESEARCH_DELIVERABLES = ["report", "study", "prototype", "dataset", "other"] as const;
export const GRANT_ROLES = ["lead", "partner"] as const;
export const TRAINING_FORMATS = ["in_person", "online", "hybrid"] as const;
export const EQUIPMENT_ACCESS = ["loan", "rental", "shared_use", "purchase"] as const;
export const EVENT_TYPES = ["conference", "workshop", "networking", "trade_show", "other"] as const;

/** Limits (also shown in hints). */
export const TITLE_MAX = 140;
export const DESCRIPTION_MAX = 5000;
export const TAG_MAX = 40;
export const TAGS_MAX = 15;
export const PAGE_SIZE = 20;
export const DEFAULT_EXPIRY_MONTHS = 6;
export const EXPIRY_MONTHS_MIN = 1;
export const EXPIRY_MONTHS_MAX = 24;
export const IMPORT_MAX_ROWS = 5000;

/**
 * Statuses a posting can be moved to from each status by its cluster (renewal is separate). Reopening
 * a closed posting is only possible for REOPEN_DAYS after it was closed (access.ts).
 */
export const TRANSITIONS: Record<PostingStatus, readonly PostingStatus[]> = {
  draft: ["open"],
  open: ["paused", "matched", "closed"],
  paused: ["open", "closed"],
  matched: ["open", "closed"],
  closed: ["open"],
  expired: [],
};

/** A closed posting can be reopened (and then edited) for this many days. */
export const REOPEN_DAYS = 30;
/** Renewal is offered when the expiry is at most this many days away (or past). */
export const RENEW_WINDOW_DAYS = 30;

/** Statuses that run out after the coordinator's period (and can be renewed). */
export const EXPIRING_STATUSES: readonly PostingStatus[] = ["open", "paused"];
export const RENEWABLE_STATUSES: readonly PostingStatus[] = ["open", "paused", "expired"];
/** Statuses shown in the network's browse list (expired and draft postings leave it). */
export const BROWSE_STATUSES: readonly PostingStatus[] = ["open", "paused", "matched", "closed"];

export function isCategory(v: unknown): v is Category {
  return typeof v === "string" && (CATEGORIES as readonly string[]).includes(v);
}
