/**
 * Results to HTTP, in one place. Every action answers a failed write with `failureResponse` (errors
 * next to their fields, a message above the form, the user's entries kept) and a successful one with
 * `redirectWithNotice` (POST → redirect → GET; the root layout shows the notice, role="status").
 */
import { json, redirect } from "@remix-run/node";
import { isMessageKey, type MessageKey, type Params } from "~/modules/i18n";
import type { Failure, FieldErrors } from "~/modules/result";

export const FAILURE_STATUS: Record<Failure["reason"], number> = {
  invalid: 400,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  refused: 422,
};

/** The errors a failure shows: per field for `invalid`, else its message under `_form` (or its field). */
export function failureErrors(failure: Failure): FieldErrors {
  if (failure.reason === "invalid") return failure.errors;
  const message = failure.message ?? { key: failure.reason === "not_found" ? "errorPage.404.body" : "errorPage.403.body" };
  const field = failure.reason === "refused" && failure.field ? failure.field : "_form";
  return { [field]: { key: message.key as MessageKey, params: message.params } };
}

/** The answer of an action whose write failed: `{ ok: false, errors, values, ...extra }` with the failure's status. */
export function failureResponse(failure: Failure, values: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  const more = failure.reason === "conflict" ? (failure.extra ?? {}) : {};
  return json({ ok: false as const, reason: failure.reason, errors: failureErrors(failure), values, ...more, ...extra }, { status: FAILURE_STATUS[failure.reason] });
}

const NOTICE_PARAM = "notice";

/** Only dictionary keys of the `*.notice.*` family may be shown from the URL (no arbitrary text). */
export function isNoticeKey(key: string): boolean {
  return /^[a-z][\w-]*(\.[\w-]+)*\.notice\.[\w.-]+$/i.test(key);
}

/** Redirect after a successful write, with a notice the root layout shows on arrival. */
export function redirectWithNotice(to: string, key: MessageKey, params: Params = {}, init?: ResponseInit) {
  const url = new URL(to, "http://x");
  url.searchParams.set(NOTICE_PARAM, key);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) url.searchParams.set(`notice.${k}`, String(v));
  return redirect(url.pathname + url.search + url.hash, init);
}

/** The notice of a URL written by `redirectWithNotice`, or null (read by the root loader). */
export function readNotice(url: URL): { key: MessageKey; params: Params } | null {
  const key = url.searchParams.get(NOTICE_PARAM);
  if (!key || !isNoticeKey(key) || !isMessageKey(key)) return null;
  const params: Params = {};
  for (const [k, v] of url.searchParams) if (k.startsWith(`${NOTICE_PARAM}.`)) params[k.slice(NOTICE_PARAM.length + 1)] = v.slice(0, 200);
  return { key, params };
}
