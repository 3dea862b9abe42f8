/**
 * Validation of postings: one zod discriminated union on `category`, each member adding its own
 * fields (`attributes`) and its own rules on the shared ones. Three levels:
 *   - "form": what a person publishes — every field the form marks as required is required, the
 *     budget's basis is explicit, and (with `today`) a period that has ended is refused;
 *   - "draft": what a person saves to finish later — only a title is required; what is typed must
 *     still be storable (a number is a number, a date a date, a choice one of the choices);
 *   - "import": rows of a CSV/JSON file in the shared interchange format, which does not carry the
 *     category fields: they are validated when present, the format's own rules always apply
 *     (programme and deadline for joint grants; an amount without a basis has the format's basis).
 * Messages are dictionary keys; cross-field rules (dates, units) are checked even when another
 * field fails, so a person sees every problem at once.
 */
import { z } from "zod";
import { isMessageKey } from "~/modules/i18n";
import { isIsoDate } from "~/modules/validation/input";
import {
  AMENITIES,
  BUDGET_BASES,
  budgetBasesFor,
  CATEGORIES,
  CATEGORY_UNITS,
  DESCRIPTION_MAX,
  EQUIPMENT_ACCESS,
  EVENT_TYPES,
  GRANT_ROLES,
  IT_SERVICES,
  POSTING_KINDS,
  POSTING_LANGUAGES,
  REGIONS,
  RESEARCH_DELIVERABLES,
  SD_AXES,
  TAG_MAX,
  TAGS_MAX,
  TITLE_MAX,
  TRAINING_FORMATS,
  UNITS,
  VISIBILITIES,
  formatBasisOf,
  type BudgetBasis,
  type Category,
  type PostingKind,
  type PostingLanguage,
  type SdAxis,
  type Visibility,
} from "./constants";

export type ValidationLevel = "form" | "draft" | "import";

// ------------------------------------------------------------------ field helpers

const blankToUndefined = (v: unknown) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v);

/**
 * Numbers as people type them, in French or in English (docs/decisions/061-decimal-numbers.md):
 *   - spaces (also non-breaking) and "$" are ignored: "1 500,50 $" -> 1500.5;
 *   - with both a comma and a dot, the last one is the decimal mark: "1,500.50" = "1.500,50" = 1500.5;
 *   - one comma or dot followed by one or two digits is the decimal mark: "12,5", "1500.50";
 *   - the same mark repeated between groups of three digits separates thousands: "1,500,000";
 *   - one comma or dot followed by exactly three digits ("1,500", "2.250") is ambiguous — 1.5 in
 *     French, 1500 in English — and refused with a message saying how to write it;
 *   - at most two decimals (cents); exponents ("1e9"), words and other signs are refused.
 * Returns the number, undefined for a blank, or the dictionary key of the problem.
 */
export function parseDecimal(v: unknown): number | undefined | NumberProblem {
  v = blankToUndefined(v);
  if (v === undefined) return undefined;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "error.number";
    return hasAtMostCents(v) ? Math.round(v * 100) / 100 : "postings.error.decimals";
  }
  if (typeof v !== "string") return "error.number";
  let s = v.replace(/[\s\u00a0\u202f]+/g, " ").trim().replace(/^\$\s?|\s?\$$/g, "").trim();
  let sign = "";
  if (/^[-+]/.test(s)) {
    sign = s[0] === "-" ? "-" : "";
    s = s.slice(1).trim();
  }
  if (!/^\d[\d ,.]*$/.test(s) || /[ ,.]$/.test(s)) return "error.number";
  const spaced = s.includes(" ");
  const commas = s.split(",").length - 1;
  const dots = s.split(".").length - 1;
  let int = s;
  let frac = "";
  let thousands: string | null = spaced ? " " : null;
  if (commas && dots) {
    const decimal = s.lastIndexOf(",") > s.lastIndexOf(".") ? "," : ".";
    const other = decimal === "," ? "." : ",";
    if (s.split(decimal).length - 1 > 1 || spaced) return "error.number";
    [int, frac] = s.split(decimal);
    thousands = other;
  } else if (commas + dots === 1) {
    const mark = commas ? "," : ".";
    [int, frac] = s.split(mark);
    if (frac.length === 3 && !spaced && /^[1-9]\d{0,2}$/.test(int)) return "postings.error.ambiguousNumber";
  } else if (commas + dots > 1) {
    if (spaced) return "error.number";
    thousands = commas ? "," : ".";
  }
  if (frac.length > 2) return "postings.error.decimals";
  if (thousands) {
    const groups = int.split(thousands);
    if (!/^\d{1,3}$/.test(groups[0]) || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return "error.number";
    int = groups.join("");
  }
  if (!/^\d+$/.test(int) || (frac && !/^\d+$/.test(frac))) return "error.number";
  return Number(`${sign}${int}${frac ? `.${frac}` : ""}`);
}
export type NumberProblem = "error.number" | "postings.error.decimals" | "postings.error.ambiguousNumber";

/** At most two decimals (amounts are kept to the cent, as the database stores them). */
function hasAtMostCents(n: number): boolean {
  return Math.abs(Math.round(n * 100) - n * 100) < 1e-6 * Math.max(1, Math.abs(n));
}

/** `parseDecimal`, with every problem as NaN (for callers that only need a number or nothing). */
export function toNumber(v: unknown): number | undefined {
  const n = parseDecimal(v);
  return typeof n === "string" ? Number.NaN : n;
}

const NUMBER_MAX = 1_000_000_000;

/** A number field: blank -> absent; otherwise parsed by `parseDecimal` and checked by `check`. */
const numberField = (check: (n: number) => string | null) =>
  z.unknown().transform((v, ctx) => {
    const n = parseDecimal(v);
    if (n === undefined) return undefined;
    const problem = typeof n === "string" ? n : n > NUMBER_MAX ? "error.tooBig" : check(n);
    if (problem) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem, params: problem === "error.tooBig" ? { max: NUMBER_MAX } : undefined });
      return z.NEVER;
    }
    return n;
  });

const quantityField = numberField((n) => (n > 0 ? null : "postings.error.positive"));
const moneyField = numberField((n) => (n >= 0 ? null : "postings.error.negative"));

const dateField = z.preprocess(blankToUndefined, z.string({ invalid_type_error: "error.date" }).refine(isIsoDate, "error.date").optional());
const requiredDate = z.preprocess(blankToUndefined, z.string({ required_error: "error.required", invalid_type_error: "error.date" }).refine(isIsoDate, "error.date"));

const text = (max: number) => z.preprocess(blankToUndefined, z.string({ invalid_type_error: "error.invalid" }).trim().max(max).optional());
const requiredText = (max: number) =>
  z.preprocess(blankToUndefined, z.string({ required_error: "error.required", invalid_type_error: "error.invalid" }).trim().min(1, "error.required").max(max));

const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blankToUndefined, z.enum(values as unknown as [T[number], ...T[number][]], { errorMap: (issue) => ({ message: issue.code === "invalid_type" && issue.received === "undefined" ? "error.required" : "error.choice" }) }));

/** A list from a form (repeated fields) or a file cell ("a, b; c" or "a|b"). */
function toList(v: unknown): unknown {
  v = blankToUndefined(v);
  if (v === undefined) return [];
  if (typeof v === "string") return v.split(/[,;|\n]/).map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(v)) return v.map((s) => (typeof s === "string" ? s.trim() : s)).filter((s) => s !== "");
  return v;
}
const listOf = <T extends z.ZodTypeAny>(item: T, max: number, message = "error.invalid") =>
  z.preprocess(toList, z.array(item, { invalid_type_error: "error.invalid" }).max(max, message));
const choices = <T extends readonly [string, ...string[]]>(values: T) =>
  listOf(z.enum(values as unknown as [T[number], ...T[number][]], { errorMap: () => ({ message: "error.choice" }) }), values.length).transform((l) => [...new Set(l)]);

const booleanField = z.preprocess((v) => {
  v = blankToUndefined(v);
  if (v === undefined) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "string") return ["on", "true", "1", "yes", "oui"].includes(v.trim().toLowerCase()) ? true : ["false", "0", "no", "non"].includes(v.trim().toLowerCase()) ? false : v;
  return v;
}, z.boolean({ invalid_type_error: "error.invalid" }));

// ------------------------------------------------------------------ category fields

/** Category-specific fields, required in the form. The import accepts them absent (`.partial()`). */
export const ATTRIBUTE_SCHEMAS = {
  research: z.object({ topic: requiredText(200), deliverable: choice(RESEARCH_DELIVERABLES) }),
  office_space: z.object({ amenities: choices(AMENITIES) }),
  it_support: z.object({ service: choice(IT_SERVICES) }),
  joint_grant: z.object({ amountSought: moneyField, role: choice(GRANT_ROLES) }),
  expertise: z.object({ domain: requiredText(200) }),
  training: z.object({ topic: requiredText(200), format: choice(TRAINING_FORMATS) }),
  equipment: z.object({ item: requiredText(200), access: choice(EQUIPMENT_ACCESS) }),
  events: z.object({ eventType: choice(EVENT_TYPES), ecoResponsible: booleanField }),
  group_purchasing: z.object({ item: requiredText(200) }),
  other: z.object({}),
} satisfies Record<Category, z.AnyZodObject>;

/** The attribute names of each category, in form order (the pages and the CSV columns use them). */
export const ATTRIBUTE_FIELDS: { [C in Category]: (keyof z.infer<(typeof ATTRIBUTE_SCHEMAS)[C]>)[] } = {
  research: ["topic", "deliverable"],
  office_space: ["amenities"],
  it_support: ["service"],
  joint_grant: ["amountSought", "role"],
  expertise: ["domain"],
  training: ["topic", "format"],
  equipment: ["item", "access"],
  events: ["eventType", "ecoResponsible"],
  group_purchasing: ["item"],
  other: [],
};
/** Every attribute name, once (CSV columns). */
export const ALL_ATTRIBUTE_NAMES = [...new Set(Object.values(ATTRIBUTE_FIELDS).flat())] as string[];

export type Attributes = { [C in Category]: z.infer<(typeof ATTRIBUTE_SCHEMAS)[C]> };

// ------------------------------------------------------------------ the union

const common = {
  kind: choice(POSTING_KINDS),
  title: requiredText(TITLE_MAX),
  description: requiredText(DESCRIPTION_MAX),
  tags: listOf(z.string({ invalid_type_error: "error.invalid" }).max(TAG_MAX, "postings.error.tagTooLong"), TAGS_MAX, "postings.error.tooManyTags").transform((l) => [...new Set(l)]),
  region: z.preprocess(blankToUndefined, z.enum(REGIONS, { errorMap: () => ({ message: "postings.error.region" }) }).optional()),
  startDate: dateField,
  endDate: dateField,
  quantity: quantityField,
  unit: z.preprocess(blankToUndefined, z.enum(UNITS, { errorMap: () => ({ message: "postings.error.unit" }) }).optional()),
  budgetMax: moneyField,
  budgetBasis: z.preprocess(blankToUndefined, z.enum(BUDGET_BASES, { errorMap: () => ({ message: "postings.error.basis" }) }).optional()),
  programme: text(200),
  deadline: dateField,
  sdAxes: choices(SD_AXES),
  visibility: z.preprocess(blankToUndefined, z.enum(VISIBILITIES, { errorMap: () => ({ message: "error.choice" }) }).default("network")),
};

const optionalLanguage = z.preprocess(blankToUndefined, z.enum(POSTING_LANGUAGES, { errorMap: () => ({ message: "error.choice" }) }).optional());
const languageField = (level: ValidationLevel) => (level === "form" ? choice(POSTING_LANGUAGES) : optionalLanguage);

function buildUnion(level: "form" | "import") {
  const language = languageField(level);
  const member = <C extends Category>(category: C, extra: z.ZodRawShape = {}) => {
    const attrs = ATTRIBUTE_SCHEMAS[category];
    return z.object({
      ...common,
      language,
      category: z.literal(category),
      attributes: z.preprocess((v) => v ?? {}, level === "form" ? attrs : attrs.partial()),
      ...extra,
    });
  };
  const formOnly = (shape: z.ZodRawShape): z.ZodRawShape => (level === "form" ? shape : {});
  return z.discriminatedUnion(
    "category",
    [
      member("research"),
      member("office_space", formOnly({ region: choice(REGIONS), startDate: requiredDate, quantity: quantityField.refine((v) => v !== undefined, "error.required") })),
      member("it_support"),
      member("joint_grant", { programme: requiredText(200), deadline: requiredDate }),
      member("expertise"),
      member("training"),
      member("equipment"),
      member("events"),
      member("group_purchasing"),
      member("other"),
    ],
    { errorMap: (issue, ctx) => (issue.code === "invalid_union_discriminator" ? { message: "postings.error.category" } : { message: ctx.defaultError }) },
  );
}

const UNIONS = { form: buildUnion("form"), import: buildUnion("import") };
/** The fields every category shares: checked on their own when the category is missing or unknown, so every error shows at once. */
const COMMONS = { form: z.object({ ...common, language: languageField("form") }), import: z.object({ ...common, language: languageField("import") }) };

/** A draft: only the title is required; every other field is checked only for what it contains. */
const DRAFT = z.object({
  ...common,
  kind: z.preprocess(blankToUndefined, z.enum(POSTING_KINDS, { errorMap: () => ({ message: "error.choice" }) }).optional()),
  category: z.preprocess(blankToUndefined, z.enum(CATEGORIES, { errorMap: () => ({ message: "postings.error.category" }) }).optional()),
  description: text(DESCRIPTION_MAX),
  language: optionalLanguage,
  attributes: z.preprocess((v) => v ?? {}, z.record(z.unknown())),
});

/** What the module writes: the validated fields, normalised (shared columns + attributes). */
export interface PostingInput {
  /** Absent only in a draft. */
  kind?: PostingKind;
  /** Absent only in a draft. */
  category?: Category;
  title: string;
  description: string;
  tags: string[];
  language?: PostingLanguage;
  region?: string;
  startDate?: string;
  endDate?: string;
  quantity?: number;
  unit?: string;
  budgetMax?: number;
  /** What `budgetMax` is. Always set with an amount, except in a draft whose basis is not chosen yet. */
  budgetBasis?: BudgetBasis;
  programme?: string;
  deadline?: string;
  attributes: Record<string, unknown>;
  sdAxes: SdAxis[];
  visibility: Visibility;
}
/** A posting that can be published: its kind and category are known. */
export type CompletePostingInput = PostingInput & { kind: PostingKind; category: Category };

export interface ValidationIssue {
  /** Field path as the form names it: "title", "attributes.service". */
  field: string;
  key: string;
  params?: Record<string, string | number>;
}

export type ValidationResult = { ok: true; data: PostingInput } | { ok: false; issues: ValidationIssue[] };

export interface ValidationOptions {
  /**
   * Today (ISO date, in Québec) when the posting is to be open: a period that ended before it is
   * refused. Left out for drafts, and by the demo seed.
   */
  today?: string;
}

function issueParams(issue: z.ZodIssue): Record<string, string | number> | undefined {
  const params: Record<string, string | number> = {};
  if ("maximum" in issue) params.max = Number(issue.maximum);
  if ("minimum" in issue) params.min = Number(issue.minimum);
  if (issue.code === z.ZodIssueCode.custom && issue.params) Object.assign(params, issue.params);
  return Object.keys(params).length ? params : undefined;
}

/** Generic zod issues -> dictionary keys (custom messages are keys already). */
function issueKey(issue: z.ZodIssue): string {
  if (isMessageKey(issue.message)) return issue.message;
  if (issue.code === "invalid_union_discriminator") return "postings.error.category";
  switch (issue.code) {
    case "invalid_type":
      if (issue.received === "undefined" || issue.received === "null") return "error.required";
      if (issue.expected === "number") return "error.number";
      return "error.invalid";
    case "too_small":
      return issue.type === "string" || issue.type === "array" ? "error.required" : "error.tooSmall";
    case "too_big":
      return issue.type === "string" || issue.type === "array" ? "error.tooLong" : "error.tooBig";
    default:
      return "error.invalid";
  }
}

const fieldOf = (issue: z.ZodIssue) => issue.path.filter((p) => typeof p === "string").join(".") || "_form";

/** Today's date in Québec (ISO), for the rule on periods that have ended. */
export function todayInQuebec(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Toronto", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/**
 * Validate raw input (form fields or a file row, already shaped as an object with `attributes`).
 * Cross-field rules are checked on the raw values too, so every problem is reported at once.
 */
export function validatePosting(raw: Record<string, unknown>, level: ValidationLevel = "form", opts: ValidationOptions = {}): ValidationResult {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  const push = (i: ValidationIssue) => {
    if (seen.has(i.field)) return;
    seen.add(i.field);
    issues.push(i);
  };
  if (level === "draft") return validateDraft(raw, push, issues);
  const parsed = UNIONS[level].safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const missingCategory = issue.code === "invalid_union_discriminator" && blankToUndefined(raw.category) === undefined;
      push({ field: fieldOf(issue), key: missingCategory ? "error.required" : issueKey(issue), params: issueParams(issue) });
    }
    if (parsed.error.issues.some((i) => i.code === "invalid_union_discriminator")) {
      const shared = COMMONS[level].safeParse(raw);
      if (!shared.success) for (const issue of shared.error.issues) push({ field: fieldOf(issue), key: issueKey(issue), params: issueParams(issue) });
    }
  }
  // Cross-field rules, on whatever parses.
  const start = isoOf(raw.startDate);
  const end = isoOf(raw.endDate);
  if (start && end && end < start) push({ field: "endDate", key: "postings.error.endBeforeStart" });
  if (opts.today && end && end < opts.today) push({ field: "endDate", key: "postings.error.periodEnded", params: { date: end } });
  const category = raw.category as Category;
  const quantity = toNumber(raw.quantity);
  const unit = blankToUndefined(raw.unit);
  const hasQuantity = typeof quantity === "number" && !Number.isNaN(quantity);
  if (CATEGORIES.includes(category) && level === "form") {
    const allowed = CATEGORY_UNITS[category];
    if (typeof unit === "string" && allowed.length && !(allowed as readonly string[]).includes(unit)) push({ field: "unit", key: "postings.error.unit" });
    if (hasQuantity && unit === undefined && allowed.length > 1) push({ field: "unit", key: "postings.error.unitRequired" });
  }
  if (level === "import" && hasQuantity && unit === undefined) push({ field: "unit", key: "postings.error.unitRequired" });
  checkBasis(raw, level, push);
  if (issues.length || !parsed.success) return { ok: false, issues };
  return { ok: true, data: normalise(parsed.data as unknown as PostingInput, level) };
}

const isoOf = (v: unknown) => (typeof v === "string" && isIsoDate(v.trim()) ? v.trim() : undefined);

/** The unit a quantity will be stored with: the one given, or the category's only unit. */
function effectiveUnit(raw: Record<string, unknown>): string | undefined {
  const quantity = toNumber(raw.quantity);
  if (quantity === undefined || Number.isNaN(quantity)) return undefined;
  const unit = blankToUndefined(raw.unit);
  if (typeof unit === "string") return unit;
  const allowed = CATEGORIES.includes(raw.category as Category) ? CATEGORY_UNITS[raw.category as Category] : [];
  return allowed.length === 1 ? allowed[0] : undefined;
}

/**
 * The budget's basis must fit its unit: a total, or the unit's per-unit price. In the form it must be
 * chosen whenever there is a choice; a file without one gets the interchange format's basis.
 */
function checkBasis(raw: Record<string, unknown>, level: ValidationLevel, push: (i: ValidationIssue) => void) {
  const budget = toNumber(raw.budgetMax);
  if (budget === undefined || Number.isNaN(budget)) return;
  const basis = blankToUndefined(raw.budgetBasis);
  if (basis !== undefined && !(BUDGET_BASES as readonly unknown[]).includes(basis)) return; // the field's own error
  const allowed = budgetBasesFor(effectiveUnit(raw));
  if (basis === undefined) {
    if (level === "form" && allowed.length > 1) push({ field: "budgetBasis", key: "postings.error.basisRequired" });
    return;
  }
  if (!allowed.includes(basis as BudgetBasis)) push({ field: "budgetBasis", key: allowed.length === 1 ? "postings.error.basisNeedsUnit" : "postings.error.basis" });
}

function validateDraft(raw: Record<string, unknown>, push: (i: ValidationIssue) => void, issues: ValidationIssue[]): ValidationResult {
  const parsed = DRAFT.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) push({ field: fieldOf(issue), key: issueKey(issue), params: issueParams(issue) });
  let attributes: Record<string, unknown> = {};
  const category = parsed.success ? parsed.data.category : CATEGORIES.includes(raw.category as Category) ? (raw.category as Category) : undefined;
  if (category) {
    const attrs = ATTRIBUTE_SCHEMAS[category].partial().safeParse((raw.attributes as Record<string, unknown>) ?? {});
    if (attrs.success) attributes = attrs.data;
    else for (const issue of attrs.error.issues) push({ field: `attributes.${fieldOf(issue)}`, key: issueKey(issue), params: issueParams(issue) });
  }
  if (issues.length || !parsed.success) return { ok: false, issues };
  const d = parsed.data;
  return { ok: true, data: normalise({ ...d, description: d.description ?? "", attributes } as PostingInput, "draft") };
}

/** Drop what does not belong to the category; fill the single possible unit; settle the budget's basis. */
function normalise(d: PostingInput, level: ValidationLevel): PostingInput {
  const out: PostingInput = { ...d, attributes: { ...d.attributes } };
  for (const [k, v] of Object.entries(out.attributes)) if (v === undefined) delete out.attributes[k];
  if (d.category !== "joint_grant") {
    out.programme = undefined;
    out.deadline = undefined;
  }
  const allowed = d.category ? CATEGORY_UNITS[d.category] : [];
  if (out.quantity === undefined) out.unit = undefined;
  else if (!out.unit && allowed.length === 1) out.unit = allowed[0];
  if (out.budgetMax === undefined) out.budgetBasis = undefined;
  else if (!out.budgetBasis) {
    const bases = budgetBasesFor(out.unit);
    // Only a total is possible; or a file in the interchange format, whose amounts have the unit's basis.
    if (bases.length === 1) out.budgetBasis = "total";
    else if (level === "import") out.budgetBasis = formatBasisOf(out.unit);
  } else if (level === "draft" && !budgetBasesFor(out.unit).includes(out.budgetBasis)) out.budgetBasis = undefined;
  return out;
}

/**
 * Form fields -> the raw object validatePosting reads: "attributes.x" fields are nested, list fields
 * ("tags", "sdAxes", "attributes.amenities") come as repeated entries or one separated string.
 */
export function formToPostingRaw(data: Record<string, unknown>): Record<string, unknown> {
  const raw: Record<string, unknown> = { attributes: {} };
  for (const [k, v] of Object.entries(data)) {
    if (k.startsWith("attributes.")) (raw.attributes as Record<string, unknown>)[k.slice("attributes.".length)] = v;
    else raw[k] = v;
  }
  return raw;
}

/** Detect the language of a text from its function words (French wins ties). */
export function guessLanguage(text: string): PostingLanguage {
  const words = text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .split(/[^a-z]+/);
  const fr = new Set("le la les des du de et pour avec dans une un nous notre nos est sont aux sur par qui que".split(" "));
  const en = new Set("the and for with our we is are to of in on from by an this that be".split(" "));
  let f = 0;
  let e = 0;
  for (const w of words) {
    if (fr.has(w)) f++;
    if (en.has(w)) e++;
  }
  return e > f ? "en" : "fr";
}
