/**
 * Refusals of brokering actions as HTTP statuses and translated messages (the date and status words
 * in the reader's language). Used by the routes; nothing here touches the database.
 */
import { formatDateTime, translator, type Locale, type MessageKey, type Params } from "~/modules/i18n";
import { conflictResult, notFoundResult, type Failure } from "~/modules/result";
import type { DecisionFailure, ManualResult } from "./decisions.server";
import type { OutcomeResult, ReplyResult } from "./introductions.server";

export interface Message {
  key: MessageKey;
  params: Params;
}

const quoteAll = (locale: Locale, titles: string[]) => titles.map((x) => (locale === "fr" ? `« ${x} »` : `“${x}”`)).join(", ");

const statusWord = (locale: Locale, status: string) => translator(locale)(`brokering.status.${status}` as MessageKey).toLowerCase();

export function decisionMessage(r: DecisionFailure, locale: Locale): { status: number; message: Message } {
  switch (r.reason) {
    case "not_found":
      return { status: 404, message: { key: "brokering.error.notFound", params: {} } };
    case "posting_unavailable":
      return { status: 409, message: { key: "brokering.error.postingUnavailable", params: { titles: quoteAll(locale, r.titles) } } };
    case "not_pending":
      if (r.decidedByName && r.decidedAt)
        return {
          status: 409,
          message: { key: "brokering.error.alreadyDecided", params: { name: r.decidedByName, date: formatDateTime(locale, r.decidedAt), status: statusWord(locale, r.status) } },
        };
      return { status: 409, message: { key: "brokering.error.notPending", params: { status: statusWord(locale, r.status) } } };
    case "changed":
      return { status: 409, message: { key: "coordination.error.changed", params: { status: statusWord(locale, r.status) } } };
    case "overlap":
      return {
        status: 409,
        message: {
          key: "coordination.error.overlap",
          params: { count: r.overlaps.length, titles: quoteAll(locale, r.overlaps.flatMap((o) => o.parties.filter((p) => o.shared.includes(p.postingId)).map((p) => p.title)).filter((t, i, a) => a.indexOf(t) === i)) },
        },
      };
  }
}

/** A refused decision in the one result shape (the overlap, when there is one, travels as extra data). */
export function decisionFailure(r: DecisionFailure, locale: Locale): Failure {
  const { status, message } = decisionMessage(r, locale);
  if (status === 404) return notFoundResult(message);
  return conflictResult(message.key, message.params, r.reason === "overlap" ? { overlaps: r.overlaps } : r.reason === "not_pending" || r.reason === "changed" ? { status: r.status } : {});
}

/** A failure whose message names a match status by its code: the status in the reader's words. */
export function withStatusWord(f: Failure, locale: Locale): Failure {
  if ((f.reason === "conflict" || f.reason === "refused") && typeof f.message.params?.status === "string")
    return { ...f, message: { ...f.message, params: { ...f.message.params, status: statusWord(locale, f.message.params.status) } } };
  return f;
}

export function replyMessage(r: Exclude<ReplyResult, { ok: true }>, locale: Locale): { status: number; message: Message } {
  switch (r.reason) {
    case "not_found":
      return { status: 404, message: { key: "errorPage.404.body", params: {} } };
    case "not_party":
      return { status: 404, message: { key: "brokering.error.notParty", params: {} } };
    case "closed":
      return { status: 409, message: { key: "brokering.error.replyClosed", params: { status: statusWord(locale, r.status) } } };
  }
}

export function outcomeMessage(r: Exclude<OutcomeResult, { ok: true }>, locale: Locale, wanted: "concluded" | "abandoned"): { status: number; message: Message } {
  switch (r.reason) {
    case "not_found":
      return { status: 404, message: { key: "errorPage.404.body", params: {} } };
    case "not_party":
      return { status: 404, message: { key: "brokering.error.notParty", params: {} } };
    case "not_open":
      if (wanted === "concluded" && r.status === "introduced") return { status: 409, message: { key: "brokering.error.outcomeNeedsAll", params: {} } };
      return { status: 409, message: { key: "brokering.error.outcomeClosed", params: { status: statusWord(locale, r.status) } } };
  }
}

export function manualMessage(r: Exclude<ManualResult, { ok: true }>, locale: Locale): { status: number; message: Message } {
  switch (r.reason) {
    case "too_few":
      return { status: 400, message: { key: "brokering.error.manualTooFew", params: {} } };
    case "too_many":
      return { status: 400, message: { key: "brokering.error.manualTooMany", params: { max: 6 } } };
    case "shape":
      return { status: 400, message: { key: "brokering.error.manualShape", params: {} } };
    case "same_cluster":
      return { status: 400, message: { key: "brokering.error.manualSameCluster", params: {} } };
    case "not_found":
      return { status: 400, message: { key: "brokering.error.manualNotFound", params: {} } };
    case "unavailable":
      return { status: 409, message: { key: "brokering.error.manualUnavailable", params: { titles: quoteAll(locale, r.titles) } } };
    case "exists":
      return { status: 409, message: { key: "brokering.manual.exists", params: { status: statusWord(locale, r.status) } } };
  }
}
