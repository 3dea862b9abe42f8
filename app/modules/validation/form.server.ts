/**
 * Form parsing with zod. Schemas use dictionary keys as messages (e.g. "error.passwordMismatch");
 * generic issues are mapped to keys by `issueToError`. Errors are returned per field, translated by the page.
 */
import { json } from "@remix-run/node";
import { z } from "zod";
import { isMessageKey, type Params } from "~/modules/i18n";
import { notFound } from "~/modules/auth/require-user.server";
import { isSafeText } from "./input";

import type { FieldError, FieldErrors } from "~/modules/result";
export type { FieldError, FieldErrors } from "~/modules/result";
export type FormValues = Record<string, string>;

export function issueToError(issue: z.ZodIssue): FieldError {
  if (isMessageKey(issue.message)) {
    const params: Params = {};
    if ("minimum" in issue) params.min = Number(issue.minimum);
    if ("maximum" in issue) params.max = Number(issue.maximum);
    return { key: issue.message, params };
  }
  switch (issue.code) {
    case "invalid_type":
      if (issue.received === "undefined" || issue.received === "null") return { key: "error.required" };
      if (issue.expected === "number") return { key: "error.number" };
      if (issue.expected === "date") return { key: "error.date" };
      return { key: "error.invalid" };
    case "too_small":
      if (issue.type === "string" || issue.type === "array")
        return Number(issue.minimum) <= 1 ? { key: "error.required" } : { key: "error.tooShort", params: { min: Number(issue.minimum) } };
      return { key: "error.tooSmall", params: { min: Number(issue.minimum) } };
    case "too_big":
      if (issue.type === "string" || issue.type === "array") return { key: "error.tooLong", params: { max: Number(issue.maximum) } };
      return { key: "error.tooBig", params: { max: Number(issue.maximum) } };
    case "invalid_string":
      if (issue.validation === "email") return { key: "error.email" };
      if (issue.validation === "url") return { key: "error.url" };
      return { key: "error.invalid" };
    case "invalid_enum_value":
    case "invalid_union_discriminator":
    case "invalid_literal":
      return { key: "error.choice" };
    case "invalid_date":
      return { key: "error.date" };
    default:
      return { key: "error.invalid" };
  }
}

export function zodErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "_form";
    errors[field] ??= issueToError(issue);
  }
  return errors;
}

/** Fields never sent back to the browser. */
const SECRET_FIELDS = /password|^confirm$|^current$/i;

/** Form fields as an object; blank strings become undefined so "required" reads naturally. */
export function formToObject(form: FormData): { data: Record<string, unknown>; values: FormValues } {
  const data: Record<string, unknown> = {};
  const values: FormValues = {};
  for (const [k, v] of form.entries()) {
    if (typeof v !== "string") continue;
    if (SECRET_FIELDS.test(k)) {
      data[k] = v === "" ? undefined : v; // never echoed back
      continue;
    }
    values[k] = v;
    const trimmed = v.trim();
    const value = trimmed === "" ? undefined : trimmed;
    if (k.endsWith("[]")) {
      const key = k.slice(0, -2);
      // `ids` and `ids[]` in one form: the list wins, the lone value joins it.
      const prev = data[key];
      const list = Array.isArray(prev) ? (prev as string[]) : typeof prev === "string" ? [prev] : [];
      if (value !== undefined) list.push(value);
      data[key] = list;
    } else if (!Array.isArray(data[k])) {
      data[k] = value;
    }
  }
  return { data, values };
}

export type ParseResult<T> =
  | { ok: true; data: T; values: FormValues }
  | { ok: false; errors: FieldErrors; values: FormValues };

export function parseFormData<S extends z.ZodTypeAny>(form: FormData, schema: S): ParseResult<z.infer<S>> {
  const { data, values } = formToObject(form);
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, data: result.data, values };
  return { ok: false, errors: zodErrors(result.error), values };
}

/** The largest text value a form may send (the longest field, a description, is 5 000; an import's pasted text stays under this). */
export const MAX_FIELD_CHARS = 60_000;

/**
 * Read the request's form, the boundary every action goes through (decision record 115): a malformed
 * body, or a text value PostgreSQL cannot store (NUL, invalid UTF-8, a lone surrogate) or longer than
 * MAX_FIELD_CHARS, is answered 400 with an error on that field and the other entries kept — never a 500,
 * never a write. Uploaded files are checked by the import that reads them.
 */
export async function readForm(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw json({ ok: false, errors: { _form: { key: "errorPage.400.body" } }, values: {} }, { status: 400 });
  }
  const errors: FieldErrors = {};
  const values: FormValues = {};
  for (const [k, v] of form.entries()) {
    const name = isSafeText(k) ? k.slice(0, 200) : "_form";
    if (typeof v !== "string") continue;
    if (name === "_form" || !isSafeText(v)) errors[name] ??= { key: "error.unsafeText" };
    else if (v.length > MAX_FIELD_CHARS) errors[name] ??= { key: "error.tooLong", params: { max: MAX_FIELD_CHARS } };
    else if (!SECRET_FIELDS.test(k)) values[name] = v;
  }
  if (Object.keys(errors).length) {
    const summary = Object.values(errors).some((e) => e?.key === "error.unsafeText") ? "error.unsafeInput" : "error.formSummary";
    throw json({ ok: false, errors: { _form: { key: summary }, ...errors }, values }, { status: 400 });
  }
  return form;
}

/** The 400 answer of a loader whose query string or path cannot be read. */
function badRequest(): never {
  throw json({ ok: false, errors: { _form: { key: "error.unsafeInput" } }, values: {} }, { status: 400 });
}

/** The request's query string, refused (400) when a name or value holds text that cannot be stored or is huge. */
export function readQuery(request: Request): URLSearchParams {
  let params: URLSearchParams;
  try {
    params = new URL(request.url).searchParams;
  } catch {
    badRequest();
  }
  for (const [k, v] of params) if (!isSafeText(k) || !isSafeText(v) || v.length > MAX_FIELD_CHARS) badRequest();
  return params;
}

/** A route parameter ($id, $slug, $token…): "" when absent, 404 when it holds text that cannot name anything. */
export function readParam(params: Params_, name: string): string {
  const v = params[name] ?? "";
  if (!isSafeText(v) || v.length > 500) throw notFound();
  return v;
}
type Params_ = Partial<Record<string, string>>;

/** The standard 400 answer of an action: errors next to fields, the user's other entries kept. */
export function invalid(errors: FieldErrors, values: FormValues = {}, extra: Record<string, unknown> = {}) {
  return json({ ok: false as const, errors, values, ...extra }, { status: 400 });
}

export const passwordField = z.string({ required_error: "error.required" }).min(12, "error.passwordTooShort").max(200, "error.tooLong");
export const emailField = z.string().max(254).email().transform((s) => s.toLowerCase());

/** A new password typed twice. */
export const newPasswordFields = {
  password: passwordField,
  confirm: z.string({ required_error: "error.required" }),
};
export function confirmMatches<T extends { password: string; confirm: string }>(schema: z.ZodType<T>) {
  return schema.refine((v) => v.password === v.confirm, { path: ["confirm"], message: "error.passwordMismatch" });
}
