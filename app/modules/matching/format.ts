/**
 * Zod schema of the posting interchange format (shared/design/postings-format.md), shared by
 * the command-line tools and the app's JSON import. Errors are reported with the path of the
 * faulty field, e.g. `postings[3].kind: expected "need" | "offer", received "besoin"`.
 */
import { z } from "zod";
import { isIsoDate } from "~/modules/validation/input";
import { CATEGORIES, KINDS, type MatchPosting } from "./types";

const TIME_PART = /^(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A real calendar date written YYYY-MM-DD (the app's one date check; a time part is tolerated). */
const isIsoDateTime = (s: string) => isIsoDate(s.slice(0, 10)) && TIME_PART.test(s.slice(10));

const isoDate = z.string().superRefine((s, ctx) => {
  if (!isIsoDateTime(s)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected an ISO date (YYYY-MM-DD), received ${JSON.stringify(s)}` });
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
    language: opt(z.enum(["fr", "en"])),
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

export const PostingsFileSchema = z
  .object({ postings: z.array(PostingSchema) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.postings.forEach((p, i) => {
      if (seen.has(p.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["postings", i, "id"], message: `duplicate id "${p.id}"` });
      seen.add(p.id);
    });
  });

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

export type ParseResult<T> = { ok: true; data: T } | { ok: false; errors: string[] };

/** Validate parsed JSON against the interchange format. */
export function parsePostingsFile(json: unknown): ParseResult<{ postings: MatchPosting[] }> {
  const r = PostingsFileSchema.safeParse(json);
  return r.success ? { ok: true, data: r.data as { postings: MatchPosting[] } } : { ok: false, errors: formatZodIssues(r.error.issues) };
}
