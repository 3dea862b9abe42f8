/** Reading the posting form of the create and edit pages. */
import { formToObject } from "~/modules/validation/form.server";
import type { Posting } from "@db/schema";
import type { PostingStatus } from "./constants";
import { formToPostingRaw, todayInQuebec, validatePosting, type ValidationLevel, type ValidationResult } from "./validation";

export type PostingFormValues = Record<string, string | string[]>;

/** What the person asked: publish, save a draft, save an edit, or only check for similar postings. */
export type PostingIntent = "publish" | "draft" | "save" | "check";
const INTENTS: readonly PostingIntent[] = ["publish", "draft", "save", "check"];

export interface PostingForm {
  result: ValidationResult;
  /** What the person typed, lists included, to put back in the form after an error. */
  values: PostingFormValues;
  contactUserId?: string;
  version: number | null;
  intent: PostingIntent;
  /** The rules applied: "form" (to be open) or "draft" (only a title). */
  level: ValidationLevel;
  /** The fields as validatePosting reads them (for the similar-postings check). */
  raw: Record<string, unknown>;
}

/**
 * The posting form, validated by what it is for: a draft needs only a title ("draft", or "save" on a
 * draft); publishing, or saving a posting that is already published, needs the form's rules — and,
 * for a posting to be open, a period that has not ended.
 */
export function readPostingForm(form: FormData, opts: { current?: PostingStatus; now?: Date } = {}): PostingForm {
  const { data } = formToObject(form);
  const values: PostingFormValues = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    if (key.endsWith("[]")) values[key.slice(0, -2)] = all;
    else values[key] = all[all.length - 1] ?? "";
  }
  const { version, intent: rawIntent, contactUserId, ...fields } = data;
  const intent: PostingIntent = INTENTS.includes(rawIntent as PostingIntent) ? (rawIntent as PostingIntent) : opts.current ? "save" : "publish";
  const draft = intent === "draft" || intent === "check" || (intent === "save" && opts.current === "draft");
  const level: ValidationLevel = draft ? "draft" : "form";
  const opening = intent === "publish" || opts.current === "open" || opts.current === "paused";
  const v = Number(version);
  const raw = formToPostingRaw(fields);
  return {
    raw,
    result: validatePosting(raw, level, !draft && opening ? { today: todayInQuebec(opts.now) } : {}),
    values,
    contactUserId: typeof contactUserId === "string" ? contactUserId : undefined,
    version: Number.isInteger(v) && v > 0 ? v : null,
    intent,
    level,
  };
}

/** A stored posting as the raw object `validatePosting` reads (to check it again before opening it). */
export function postingToRaw(p: Posting): Record<string, unknown> {
  return {
    kind: p.kind ?? undefined,
    category: p.category ?? undefined,
    title: p.title,
    description: p.description,
    tags: p.tags,
    language: p.language,
    region: p.region ?? undefined,
    startDate: p.startDate ?? undefined,
    endDate: p.endDate ?? undefined,
    quantity: p.quantity ?? undefined,
    unit: p.unit ?? undefined,
    budgetMax: p.budgetMax ?? undefined,
    budgetBasis: p.budgetBasis ?? undefined,
    programme: p.programme ?? undefined,
    deadline: p.deadline ?? undefined,
    attributes: p.attributes ?? {},
    sdAxes: p.sdAxes,
    visibility: p.visibility,
  };
}

/** A stored posting as form values (the edit page). */
export function postingToFormValues(p: Posting): PostingFormValues {
  const values: PostingFormValues = {
    kind: p.kind ?? "",
    category: p.category ?? "",
    title: p.title,
    description: p.description,
    tags: p.tags.join(", "),
    language: p.language,
    region: p.region ?? "",
    startDate: p.startDate ?? "",
    endDate: p.endDate ?? "",
    quantity: p.quantity === null ? "" : String(p.quantity),
    unit: p.unit ?? "",
    budgetMax: p.budgetMax === null ? "" : String(p.budgetMax),
    budgetBasis: p.budgetBasis ?? "",
    programme: p.programme ?? "",
    deadline: p.deadline ?? "",
    sdAxes: p.sdAxes,
    visibility: p.visibility,
    contactUserId: p.contactUserId ?? "",
  };
  for (const [k, v] of Object.entries(p.attributes ?? {})) {
    values[`attributes.${k}`] = Array.isArray(v) ? v.map(String) : v === undefined || v === null ? "" : String(v);
  }
  return values;
}
