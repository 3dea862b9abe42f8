/** Reading the posting form of the create and edit pages. */
import { formToObject } from "~/modules/validation/form.server";
import type { Posting } from "@db/schema";
import { formToPostingRaw, validatePosting, type ValidationResult } from "./validation";

export type PostingFormValues = Record<string, string | string[]>;

export interface PostingForm {
  result: ValidationResult;
  /** What the person typed, lists included, to put back in the form after an error. */
  values: PostingFormValues;
  contactUserId?: string;
  version: number | null;
  intent: string;
}

export function readPostingForm(form: FormData): PostingForm {
  const { data } = formToObject(form);
  const values: PostingFormValues = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    if (key.endsWith("[]")) values[key.slice(0, -2)] = all;
    else values[key] = all[all.length - 1] ?? "";
  }
  const { version, intent, contactUserId, ...fields } = data;
  const v = Number(version);
  return {
    result: validatePosting(formToPostingRaw(fields), "form"),
    values,
    contactUserId: typeof contactUserId === "string" ? contactUserId : undefined,
    version: Number.isInteger(v) && v > 0 ? v : null,
    intent: typeof intent === "string" ? intent : "",
  };
}

/** A stored posting as form values (the edit page). */
export function postingToFormValues(p: Posting): PostingFormValues {
  const values: PostingFormValues = {
    kind: p.kind,
    category: p.category,
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
