/**
 * The input boundary's primitives, shared by the browser and the server (no server imports here):
 * text that PostgreSQL can store, real calendar dates, bounded integers, UUIDs. Every form, query
 * string and route parameter goes through them (`readForm`, `readQuery`, `readParam` in
 * form.server.ts; the zod fields below in the schemas). Decision record 115.
 */
import { z } from "zod";

/** NUL (PostgreSQL refuses it in text and jsonb), U+FFFD (what invalid UTF-8 decodes to), lone surrogates. */
const UNSAFE_TEXT = /[\u0000\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text that can be stored and shown as typed: no NUL, no invalid UTF-8, no lone surrogate. */
export function isSafeText(s: string): boolean {
  return !UNSAFE_TEXT.test(s);
}

/** Every string inside a parsed JSON value is safe text (keys too). */
export function isSafeJson(v: unknown): boolean {
  if (typeof v === "string") return isSafeText(v);
  if (Array.isArray(v)) return v.every(isSafeJson);
  if (v && typeof v === "object") return Object.entries(v).every(([k, x]) => isSafeText(k) && isSafeJson(x));
  return true;
}

/** The years a date may have anywhere in the app (PostgreSQL has no year 0; nothing here predates 1900). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD, in MIN_YEAR–MAX_YEAR (2026-02-30 and 0000-01-01 are not). */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== "string") return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The date, or undefined when absent or not a real date (query filters ignore what they can't read). */
export function isoDateOrUndefined(v: string | null | undefined): string | undefined {
  return isIsoDate(v) ? v : undefined;
}

/** The largest id of a serial column (PostgreSQL `integer`). */
export const MAX_SERIAL = 2_147_483_647;

/** A whole number written in plain digits within [min, max], or null (no "1e308", no "0x10", no 20-digit ids). */
export function boundedInt(v: unknown, min: number, max: number): number | null {
  if (typeof v !== "string" && typeof v !== "number") return null;
  const s = String(v).trim();
  if (!/^-?\d{1,15}$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
}

/** The page number of a list: 1 when absent or unreadable, never beyond `max`. */
export function pageNumber(v: string | null | undefined, max = 10_000): number {
  const n = boundedInt(v ?? "", 1, Number.MAX_SAFE_INTEGER);
  return n === null ? 1 : Math.min(n, max);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A UUID as the database stores ids (the one check of the app). */
export const isUuid = (s: unknown): s is string => typeof s === "string" && UUID.test(s);

// ------------------------------------------------------------------ zod fields

/** A real date (see `isIsoDate`). */
export const isoDateField = (message = "error.date") => z.string().refine(isIsoDate, message);
/** A whole number typed in plain digits (no "0x10", "1e3", "12.0") within [min, max]; the usual messages. */
export const wholeNumberField = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^-?\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : v),
    z.number({ invalid_type_error: "error.number" }).int("error.number").min(min).max(max),
  );
/** The id of a serial row sent by a form (digits, 1 to MAX_SERIAL). */
export const serialIdField = (message = "error.invalid") =>
  z.preprocess((v) => (typeof v === "string" ? (boundedInt(v, 1, MAX_SERIAL) ?? v) : v), z.number({ invalid_type_error: message }).int(message).min(1, message).max(MAX_SERIAL, message));
