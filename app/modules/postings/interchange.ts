/**
 * The shared JSON interchange format (shared/design/postings-format.md): its zod schema, and the
 * projection of a stored posting into it (`toMatchPosting`), which the matching engine consumes.
 * The import validates rows with the stricter rules of validation.ts; this schema describes the
 * file shape exactly as the format defines it.
 */
import { z } from "zod";
import type { Posting } from "@db/schema";
import { isoDateField } from "~/modules/validation/input";
import {
  CATEGORIES,
  formatBasisOf,
  isUnit,
  MONTHLY_UNITS,
  POSTING_KINDS,
  POSTING_LANGUAGES,
  type Category,
  type PostingKind,
  type PostingLanguage,
} from "./constants";

const isoDate = isoDateField();

export const interchangePostingSchema = z.object({
  id: z.string().min(1),
  cluster: z.string().min(1),
  kind: z.enum(POSTING_KINDS),
  category: z.enum(CATEGORIES),
  title: z.string().min(1),
  description: z.string(),
  tags: z.array(z.string()).optional(),
  language: z.enum(POSTING_LANGUAGES).optional(),
  region: z.string().optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  quantity: z.number().optional(),
  unit: z.string().optional(),
  budgetMax: z.number().optional(),
  programme: z.string().optional(),
  deadline: isoDate.optional(),
});

export const interchangeFileSchema = z.object({ postings: z.array(interchangePostingSchema) });

/** One posting of the shared format (structurally the matching engine's `MatchPosting`). */
export interface InterchangePosting {
  id: string;
  cluster: string;
  kind: PostingKind;
  category: Category;
  title: string;
  description: string;
  tags?: string[];
  language?: PostingLanguage;
  region?: string;
  startDate?: string;
  endDate?: string;
  quantity?: number;
  unit?: string;
  budgetMax?: number;
  programme?: string;
  deadline?: string;
}

/** A stored posting the engine can read: published, so its kind and category are known. */
export type MatchableRow = Pick<
  Posting,
  "id" | "title" | "description" | "tags" | "language" | "region" | "startDate" | "endDate" | "quantity" | "unit" | "budgetMax" | "programme" | "deadline"
> & { kind: PostingKind; category: Category; budgetBasis?: Posting["budgetBasis"] };

const DAYS_PER_MONTH = 365.25 / 12;
const cents = (n: number) => Math.round(n * 100) / 100;

/**
 * The amount as the interchange format reads it (per unit for capacities, a total otherwise), from the
 * amount and its stored basis. A total for a capacity becomes a price per unit: divided by the
 * quantity, and for monthly units (desks, m², hours per month) by the months of the period too. When
 * that cannot be computed (no quantity, no period), the engine is told nothing rather than a wrong price.
 */
export function formatBudgetOf(row: Pick<MatchableRow, "budgetMax" | "budgetBasis" | "unit" | "quantity" | "startDate" | "endDate">): number | undefined {
  if (row.budgetMax === null || row.budgetMax === undefined) return undefined;
  const amount = Number(row.budgetMax);
  const basis = row.budgetBasis ?? formatBasisOf(row.unit);
  if (basis === formatBasisOf(row.unit)) return amount;
  if (basis !== "total" || !isUnit(row.unit) || !row.quantity || Number(row.quantity) <= 0) return undefined;
  const quantity = Number(row.quantity);
  if (!MONTHLY_UNITS.includes(row.unit)) return cents(amount / quantity);
  if (!row.startDate || !row.endDate) return undefined;
  const days = (Date.parse(`${row.endDate}T00:00:00Z`) - Date.parse(`${row.startDate}T00:00:00Z`)) / 86_400_000 + 1;
  const months = days / DAYS_PER_MONTH;
  return months > 0 ? cents(amount / (quantity * months)) : undefined;
}

/** A stored row that may be a draft not completed yet (the engine never reads those). */
type StoredRow = Omit<MatchableRow, "kind" | "category"> & { kind: PostingKind | null; category: Category | null };

/**
 * A stored posting in the shared format: absent values are left out, numbers are numbers, the budget
 * on the format's basis. Only published postings have a format (a draft without kind or category throws).
 * (Two signatures so that `Parameters<typeof toMatchPosting>[0]` names the published row.)
 */
export function toMatchPosting(row: StoredRow, clusterSlug: string): InterchangePosting;
export function toMatchPosting(row: MatchableRow, clusterSlug: string): InterchangePosting;
export function toMatchPosting(row: StoredRow, clusterSlug: string): InterchangePosting {
  if (!row.kind || !row.category) throw new Error(`posting ${row.id} is an incomplete draft: it has no interchange form`);
  const out: InterchangePosting = {
    id: row.id,
    cluster: clusterSlug,
    kind: row.kind,
    category: row.category,
    title: row.title,
    description: row.description,
    language: row.language,
  };
  if (row.tags?.length) out.tags = [...row.tags];
  if (row.region) out.region = row.region;
  if (row.startDate) out.startDate = row.startDate;
  if (row.endDate) out.endDate = row.endDate;
  if (row.quantity !== null && row.quantity !== undefined) out.quantity = Number(row.quantity);
  if (row.unit) out.unit = row.unit;
  const budget = formatBudgetOf(row);
  if (budget !== undefined) out.budgetMax = budget;
  if (row.category === "joint_grant") {
    if (row.programme) out.programme = row.programme;
    if (row.deadline) out.deadline = row.deadline;
  }
  return out;
}
