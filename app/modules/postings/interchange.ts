/**
 * The shared JSON interchange format (shared/design/postings-format.md): its zod schema, and the
 * projection of a stored posting into it (`toMatchPosting`), which the matching engine consumes.
 * The import validates rows with the stricter rules of validation.ts; this schema describes the
 * file shape exactly as the format defines it.
 */
import { z } from "zod";
import type { Posting } from "@db/schema";
import { CATEGORIES, POSTING_KINDS, POSTING_LANGUAGES, type Category, type PostingKind, type PostingLanguage } from "./constants";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "error.date");

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

export type MatchableRow = Pick<
  Posting,
  "id" | "kind" | "category" | "title" | "description" | "tags" | "language" | "region" | "startDate" | "endDate" | "quantity" | "unit" | "budgetMax" | "programme" | "deadline"
>;

/** A stored posting in the shared format: absent values are left out, numbers are numbers. */
export function toMatchPosting(row: MatchableRow, clusterSlug: string): InterchangePosting {
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
  if (row.budgetMax !== null && row.budgetMax !== undefined) out.budgetMax = Number(row.budgetMax);
  if (row.category === "joint_grant") {
    if (row.programme) out.programme = row.programme;
    if (row.deadline) out.deadline = row.deadline;
  }
  return out;
}
