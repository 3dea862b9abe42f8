/**
 * Refusals of brokering actions as HTTP statuses and translated messages (the date and status words
 * in the reader's language). Used by the routes; nothing here touches the database.
 */
import { formatDateTime, translator, type Locale, type MessageKey, type Params } from "~/modules/i18n";
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
  }
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
