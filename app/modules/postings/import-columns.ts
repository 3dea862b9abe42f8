/** The columns of the CSV import (shown on the import page, used by the parser and the template). */
import { ALL_ATTRIBUTE_NAMES } from "./validation";

/** CSV columns, in template order. The first five are required. */
export const REQUIRED_COLUMNS = ["cluster", "kind", "category", "title", "description"] as const;
export const OPTIONAL_COLUMNS = [
  "id", "tags", "language", "region", "startDate", "endDate", "quantity", "unit", "budgetMax", "budgetBasis", "programme", "deadline",
  "visibility", "status", "sdAxes",
] as const;
export const TEMPLATE_COLUMNS = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS, ...ALL_ATTRIBUTE_NAMES];
