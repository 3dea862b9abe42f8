/**
 * Validation of postings: one zod discriminated union on `category`, each member adding its own
 * fields (`attributes`) and its own rules on the shared ones. Two levels:
 *   - "form": what a person fills in — every category field the form shows is required;
 *   - "import": rows of a CSV/JSON file in the shared interchange format, which does not carry the
 *     category fields: they are validated when present, the format's own rules always apply
 *     (programme and deadline for joint grants).
 * Messages are dictionary keys; cross-field rules (dates, units) are checked even when another
 * field fails, so a person sees every problem at once.
 */
import { z } from "zod";
import { isMessageKey } from "~/modules/i18n";
import {
  AMENITIES,
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
  type Category,
  type PostingKind,
  type PostingLanguage,
  type SdAxis,
  type Visibility,
} from "./constants";

export type ValidationLevel = "form" | "import";

// ------------------------------------------------------------------ field helpers

const blankToUndefined = (v: unknown) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v);

/** A number from a form or a file: blank -> absent; "1 500,50" or "1500.5" -> 1500.5; "abc" -> error.number. */
export function toNumber(v: unknown): unknown {
  v = blankToUndefined(v);
  if (typeof v !== "string") return v;
  const s = v.replace(/[\s\u00a0\u202f$]/g, "").replace(/,(?=\d{1,2}$)/, ".").replace(/,/g, "");
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : Number.NaN;
}

const numberField = (inner: z.ZodNumber) =>
  z.preprocess(toNumber, inner.finite("error.number").max(1_000_000_000, "error.tooBig").optional());

const quantityField = numberField(z.number({ invalid_type_error: "error.number" }).positive("postings.error.positive"));
const moneyField = numberField(z.number({ invalid_type_error: "error.number" }).min(0, "postings.error.negative"));

function validIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
const dateField = z.preprocess(blankToUndefined, z.string({ invalid_type_error: "error.date" }).refine(validIsoDate, "error.date").optional());
const requiredDate = z.preprocess(blankToUndefined, z.string({ required_error: "error.required", invalid_type_error: "error.date" }).refine(validIsoDate, "error.date"));

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
  programme: text(200),
  deadline: dateField,
  sdAxes: choices(SD_AXES),
  visibility: z.preprocess(blankToUndefined, z.enum(VISIBILITIES, { errorMap: () => ({ message: "error.choice" }) }).default("network")),
};

const languageField = (level: ValidationLevel) =>
  level === "form"
    ? choice(POSTING_LANGUAGES)
    : z.preprocess(blankToUndefined, z.enum(POSTING_LANGUAGES, { errorMap: () => ({ message: "error.choice" }) }).optional());

function buildUnion(level: ValidationLevel) {
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

/** What the module writes: the validated fields, normalised (shared columns + attributes). */
export interface PostingInput {
  kind: PostingKind;
  category: Category;
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
  programme?: string;
  deadline?: string;
  attributes: Record<string, unknown>;
  sdAxes: SdAxis[];
  visibility: Visibility;
}

export interface ValidationIssue {
  /** Field path as the form names it: "title", "attributes.service". */
  field: string;
  key: string;
  params?: Record<string, string | number>;
}

export type ValidationResult = { ok: true; data: PostingInput } | { ok: false; issues: ValidationIssue[] };

function issueParams(issue: z.ZodIssue): Record<string, string | number> | undefined {
  const params: Record<string, string | number> = {};
  if ("maximum" in issue) params.max = Number(issue.maximum);
  if ("minimum" in issue) params.min = Number(issue.minimum);
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

/**
 * Validate raw input (form fields or a file row, already shaped as an object with `attributes`).
 * Cross-field rules are checked on the raw values too, so every problem is reported at once.
 */
export function validatePosting(raw: Record<string, unknown>, level: ValidationLevel = "form"): ValidationResult {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  const push = (i: ValidationIssue) => {
    if (seen.has(i.field)) return;
    seen.add(i.field);
    issues.push(i);
  };
  const parsed = UNIONS[level].safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.filter((p) => typeof p === "string").join(".") || "_form";
      const missingCategory = issue.code === "invalid_union_discriminator" && blankToUndefined(raw.category) === undefined;
      push({ field, key: missingCategory ? "error.required" : issueKey(issue), params: issueParams(issue) });
    }
    if (parsed.error.issues.some((i) => i.code === "invalid_union_discriminator")) {
      const shared = COMMONS[level].safeParse(raw);
      if (!shared.success) for (const issue of shared.error.issues) push({ field: issue.path.filter((p) => typeof p === "string").join(".") || "_form", key: issueKey(issue), params: issueParams(issue) });
    }
  }
  // Cross-field rules, on whatever parses.
  const start = typeof raw.startDate === "string" && validIsoDate(raw.startDate.trim()) ? raw.startDate.trim() : undefined;
  const end = typeof raw.endDate === "string" && validIsoDate(raw.endDate.trim()) ? raw.endDate.trim() : undefined;
  if (start && end && end < start) push({ field: "endDate", key: "postings.error.endBeforeStart" });
  const category = raw.category as Category;
  const quantity = toNumber(raw.quantity);
  const unit = blankToUndefined(raw.unit);
  if (CATEGORIES.includes(category) && level === "form") {
    const allowed = CATEGORY_UNITS[category];
    if (typeof unit === "string" && allowed.length && !(allowed as readonly string[]).includes(unit)) push({ field: "unit", key: "postings.error.unit" });
    if (typeof quantity === "number" && !Number.isNaN(quantity) && unit === undefined && allowed.length > 1) push({ field: "unit", key: "postings.error.unitRequired" });
  }
  if (level === "import" && typeof quantity === "number" && !Number.isNaN(quantity) && unit === undefined) push({ field: "unit", key: "postings.error.unitRequired" });
  if (issues.length || !parsed.success) return { ok: false, issues };
  return { ok: true, data: normalise(parsed.data as unknown as PostingInput) };
}

/** Drop what does not belong to the category; fill the single possible unit. */
function normalise(d: PostingInput): PostingInput {
  const out: PostingInput = { ...d, attributes: { ...d.attributes } };
  for (const [k, v] of Object.entries(out.attributes)) if (v === undefined) delete out.attributes[k];
  if (d.category !== "joint_grant") {
    out.programme = undefined;
    out.deadline = undefined;
  }
  const allowed = CATEGORY_UNITS[d.category];
  if (out.quantity === undefined) out.unit = undefined;
  else if (!out.unit && allowed.length === 1) out.unit = allowed[0];
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
