/**
 * The one result shape of the domain modules. A module never speaks HTTP: it says what happened,
 * and the route maps a failure to a status with `failureResponse` (app/modules/http/respond.server.ts).
 *
 *   ok(value)                              → { ok: true, value }
 *   invalidResult({ title: { key } })      → 400, the errors next to their fields
 *   notFoundResult()                       → 404
 *   forbiddenResult()                      → 403
 *   conflictResult(message, extra)         → 409 (someone changed it meanwhile, a state that no longer allows it)
 *   refusedResult(message)                 → 422 (a business rule says no)
 *
 * Messages are dictionary keys with parameters, translated by the page in the reader's language.
 */
import type { MessageKey, Params } from "~/modules/i18n";

export interface FieldError {
  key: MessageKey;
  params?: Params;
}
export type FieldErrors = Record<string, FieldError | undefined>;

/** A translatable message: a dictionary key and its parameters. */
export interface Message {
  key: MessageKey;
  params?: Params;
}

export type Failure =
  | { ok: false; reason: "invalid"; errors: FieldErrors }
  | { ok: false; reason: "not_found"; message?: Message }
  | { ok: false; reason: "forbidden"; message?: Message }
  | { ok: false; reason: "conflict"; message: Message; extra?: Record<string, unknown> }
  | { ok: false; reason: "refused"; message: Message; field?: string };

export type Success<T> = { ok: true; value: T };
export type Result<T = undefined> = Success<T> | Failure;

export const ok = <T>(value: T): Success<T> => ({ ok: true, value });
export const done = (): Success<undefined> => ({ ok: true, value: undefined });
export const invalidResult = (errors: FieldErrors): Failure => ({ ok: false, reason: "invalid", errors });
export const fieldResult = (field: string, key: MessageKey, params?: Params): Failure => invalidResult({ [field]: { key, params } });
export const notFoundResult = (message?: Message): Failure => ({ ok: false, reason: "not_found", message });
export const forbiddenResult = (message?: Message): Failure => ({ ok: false, reason: "forbidden", message });
export const conflictResult = (key: MessageKey, params?: Params, extra?: Record<string, unknown>): Failure => ({
  ok: false,
  reason: "conflict",
  message: { key, params },
  extra,
});
/** A business rule refuses; `field` puts the message next to that field instead of above the form. */
export const refusedResult = (key: MessageKey, params?: Params, field?: string): Failure => ({ ok: false, reason: "refused", message: { key, params }, field });

export const isFailure = <T>(r: Result<T>): r is Failure => !r.ok;
