import { postings } from "@db/schema";

/** The posting fields the matching engine reads (the shared interchange format), for `select()`. */
export const matchableColumns = {
  id: postings.id,
  clusterId: postings.clusterId,
  kind: postings.kind,
  category: postings.category,
  title: postings.title,
  description: postings.description,
  tags: postings.tags,
  language: postings.language,
  region: postings.region,
  startDate: postings.startDate,
  endDate: postings.endDate,
  quantity: postings.quantity,
  unit: postings.unit,
  budgetMax: postings.budgetMax,
  budgetBasis: postings.budgetBasis,
  programme: postings.programme,
  deadline: postings.deadline,
  status: postings.status,
  expiresAt: postings.expiresAt,
};
