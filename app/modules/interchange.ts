/**
 * The posting interchange format (shared/design/postings-format.md), in one place: its vocabulary
 * (categories, kinds, languages), the zod schema of a file and of one posting, the types the matching
 * engine reads and writes, and the reason codes of its output. The command-line tools
 * (scripts/match.ts, scripts/match-eval.ts), the app's JSON import and the matching engine all read
 * the format through this module. Pure: zod and constants only (the vocabularies are the schema's,
 * db/schema/enums.ts, which imports nothing from app/).
 *
 * Errors are reported with the path of the faulty field, e.g.
 * `postings[3].kind: expected "need" | "offer", received "besoin"`.
 */
import { z } from "zod";
import { isIsoDate as isRealDate } from "~/modules/validation/input";
import { CATEGORIES, POSTING_KINDS, POSTING_LANGUAGES, type Category, type PostingKind, type PostingLanguage } from "@db/schema/enums";

export { CATEGORIES, POSTING_LANGUAGES, type Category, type PostingLanguage };
/** The format's `kind` values (the engine's name for the schema's POSTING_KINDS). */
export const KINDS = POSTING_KINDS;
export type Kind = PostingKind;

/** One posting of the format: what the matching engine reads, and never more. */
export interface MatchPosting {
  id: string;
  /** Slug of the cluster that published the posting. */
  cluster: string;
  kind: Kind;
  category: Category;
  title: string;
  description: string;
  tags?: string[];
  language?: PostingLanguage;
  /** Administrative region slug (e.g. `montreal`), or `remote`. */
  region?: string;
  /** ISO dates (YYYY-MM-DD); a missing bound is open-ended. */
  startDate?: string;
  endDate?: string;
  quantity?: number;
  unit?: string;
  /** Need: the most it can pay. Offer: its price. Per unit for capacities, a total otherwise. */
  budgetMax?: number;
  /** joint_grant only: the programme or call targeted. */
  programme?: string;
  /** joint_grant only: submission deadline (ISO date). */
  deadline?: string;
}

/** Hard rules: a pair they make impossible has score 0 and `excludedBy` one of these. */
export const EXCLUSION_CODES = [
  "kind_mismatch",
  "same_cluster",
  "deadline_passed",
  "different_programme",
  "different_resource",
  "text_exclusion",
  "not_poolable",
  "no_date_overlap",
  "region_incompatible",
  "insufficient_quantity",
  "over_budget",
] as const;

/** Every reason code of the output (exclusions first), for the app's translation dictionaries. */
export const REASON_CODES = [
  ...EXCLUSION_CODES,
  // score components
  "shared_resource",
  "same_programme",
  "same_category",
  "compatible_category",
  "date_overlap",
  "dates_open",
  "same_region",
  "adjacent_region",
  "remote",
  "region_unspecified",
  "capacity_fit",
  "capacity_partial",
  "capacity_unknown",
  "budget_fit",
  "budget_stretch",
  "budget_unknown",
  "tag_overlap",
  "context_overlap",
  "cross_language",
  // pools
  "pool_kind",
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
export type ExclusionCode = (typeof EXCLUSION_CODES)[number];

const EXCLUSIONS: ReadonlySet<string> = new Set(EXCLUSION_CODES);
/** Whether a reason code is a hard rule (a hand-made match can still be made of such a pair). */
export const isExclusionCode = (code: string): boolean => EXCLUSIONS.has(code);

/** One explainable piece of a score; `weight` is its share of the 0–100 score (0–1). */
export interface Reason {
  code: string;
  weight: number;
  detail?: Record<string, string | number>;
}

/** One match of the output (`{ "matches": [...] }`; the command line writes need_offer as `a`/`b`). */
export interface ScoredMatch {
  type: "need_offer" | "pool";
  /** need_offer: [needId, offerId]; pool: ids sorted ascending. */
  members: string[];
  /** Integer 0–100. */
  score: number;
  reasons: Reason[];
}

const TIME_PART = /^(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A real calendar date written YYYY-MM-DD (the app's one date check; a time part is tolerated). */
export function isIsoDate(s: string): boolean {
  return isRealDate(s.slice(0, 10)) && TIME_PART.test(s.slice(10));
}

const isoDate = z.string().superRefine((s, ctx) => {
  if (!isIsoDate(s)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected an ISO date (YYYY-MM-DD), received ${JSON.stringify(s)}` });
});
/** JSON `null` is accepted for optional fields and means "absent". */
const opt = <T extends z.ZodTypeAny>(t: T) => t.nullish().transform((v) => v ?? undefined);
const text = z.string().trim().min(1, { message: "must not be empty" });

export const PostingSchema = z
  .object({
    id: text,
    cluster: text,
    kind: z.enum(KINDS),
    category: z.enum(CATEGORIES),
    title: text,
    description: z.string(),
    tags: opt(z.array(z.string())),
    language: opt(z.enum(POSTING_LANGUAGES)),
    region: opt(text),
    startDate: opt(isoDate),
    endDate: opt(isoDate),
    quantity: opt(z.number().finite().nonnegative()),
    unit: opt(text),
    budgetMax: opt(z.number().finite().nonnegative()),
    programme: opt(text),
    deadline: opt(isoDate),
  })
  .superRefine((p, ctx) => {
    if (p.startDate && p.endDate && p.endDate.slice(0, 10) < p.startDate.slice(0, 10)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["endDate"], message: `is before startDate (${p.startDate})` });
    }
  });

/** The file's envelope: one object whose `postings` key holds the list. */
export const PostingsEnvelopeSchema = z.object({ postings: z.array(z.unknown()) });

export const PostingsFileSchema = PostingsEnvelopeSchema.extend({ postings: z.array(PostingSchema) }).superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.postings.forEach((p, i) => {
    if (seen.has(p.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["postings", i, "id"], message: `duplicate id "${p.id}"` });
    seen.add(p.id);
  });
});

/**
 * The list of postings of a parsed JSON document, before each is checked: the envelope's `postings`,
 * or (the app's import also takes it) a bare array. Null when the document has neither shape.
 */
export function postingsOf(doc: unknown, opts: { bareArray?: boolean } = {}): unknown[] | null {
  if (opts.bareArray && Array.isArray(doc)) return doc;
  const r = PostingsEnvelopeSchema.safeParse(doc);
  return r.success ? r.data.postings : null;
}

/** Human-readable message for one zod issue (without its path). */
function issueMessage(issue: z.ZodIssue): string {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return issue.received === "undefined" ? "required" : `expected ${issue.expected}, received ${issue.received}`;
    case z.ZodIssueCode.invalid_enum_value:
      return `expected ${issue.options.map((o) => JSON.stringify(o)).join(" | ")}, received ${JSON.stringify(issue.received)}`;
    case z.ZodIssueCode.too_small:
      return issue.type === "number" ? `must be >= ${issue.minimum}` : issue.message;
    default:
      return issue.message;
  }
}

/** `postings[3].kind`-style path. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${p}` : p), "") || "(root)";
}

export function formatZodIssues(issues: readonly z.ZodIssue[]): string[] {
  return issues.map((i) => `${formatPath(i.path)}: ${issueMessage(i)}`);
}

/** A file read against a format: its data, or one line per faulty field ("path: message"). */
export type FileRead<T> = { ok: true; data: T } | { ok: false; errors: string[] };
/** A file read against the format: its postings, or one line per faulty field. */
export type PostingsFileRead = FileRead<{ postings: MatchPosting[] }>;

/** Validate parsed JSON against the interchange format. */
export function parsePostingsFile(json: unknown): PostingsFileRead {
  const r = PostingsFileSchema.safeParse(json);
  return r.success ? { ok: true, data: r.data as { postings: MatchPosting[] } } : { ok: false, errors: formatZodIssues(r.error.issues) };
}
