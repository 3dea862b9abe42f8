/**
 * Mail delivery errors in plain words. The outbox keeps the transport's raw error ("connect
 * ECONNREFUSED 127.0.0.1:2", "550 5.1.1 <x@y>: Recipient address rejected"); the coordinator reads
 * what happened and what to do, the raw text behind a "details" toggle. No database code: used by the
 * pages too.
 */
import type { MessageKey } from "~/modules/i18n";

export const DELIVERY_PROBLEMS = ["unreachable", "timeout", "dns", "auth", "tls", "recipient", "mailbox_full", "rejected", "temporary", "other"] as const;
export type DeliveryProblem = (typeof DELIVERY_PROBLEMS)[number];

const RULES: Array<[RegExp, DeliveryProblem]> = [
  [/ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|socket hang up|connection closed/i, "unreachable"],
  [/ETIMEDOUT|ESOCKETTIMEDOUT|timed? ?out|Greeting never received/i, "timeout"],
  [/ENOTFOUND|EAI_AGAIN|getaddrinfo|EDNS/i, "dns"],
  [/EAUTH|\b535\b|\b534\b|\b530\b|authentication|Invalid login|Username and Password/i, "auth"],
  [/ETLS|certificate|SSL|TLS|self[- ]signed|wrong version number/i, "tls"],
  [/\b552\b|mailbox full|quota|over ?quota|insufficient storage/i, "mailbox_full"],
  [/\b55[0-3]\b|5\.1\.[0-9]|user unknown|no such user|recipient address rejected|does not exist|EENVELOPE/i, "recipient"],
  [/\b554\b|\b5\.7\.[0-9]|spam|blocked|blacklist|policy|rejected/i, "rejected"],
  [/\b4[25][0-9]\b|try again later|temporar/i, "temporary"],
];

/** What kind of problem a raw delivery error is. */
export function plainDeliveryError(raw: string | null | undefined): DeliveryProblem {
  if (!raw) return "other";
  for (const [re, problem] of RULES) if (re.test(raw)) return problem;
  return "other";
}

/** The dictionary key of a problem's plain explanation. */
export const problemKey = (p: DeliveryProblem) => `coordination.delivery.problem.${p}` as MessageKey;
