/**
 * The list's answer for each match decided from it: decided (with what happened, and for an approval
 * the other proposals sharing one of its postings) or refused with its reason, in the reader's language.
 */
import { getDb } from "@db/client.server";
import { formatDate, translator, type Locale, type MessageKey, type Params } from "~/modules/i18n";
import { CROSS_REF_STATUSES } from "./constants";
import { decisionMessage } from "./decision-messages";
import { matchTitles, type BulkOutcome } from "./decisions.server";
import { crossReferences } from "./queue.server";

export interface DecisionLine {
  id: string;
  title: string;
  ok: boolean;
  status?: string;
  message: { key: MessageKey; params?: Params };
  shared?: { matchId: string; title: string }[];
  overlaps?: { matchId: string }[];
  /** For a single decision's answer. */
  httpStatus: number;
}

const DONE_KEY: Record<string, MessageKey> = {
  introduced: "coordination.decided.approved",
  rejected: "coordination.decided.rejected",
  deferred: "coordination.decided.deferred",
};

export async function describeDecisions(outcomes: BulkOutcome[], locale: Locale): Promise<DecisionLine[]> {
  const db = getDb();
  const titles = await matchTitles(
    db,
    outcomes.map((o) => o.id),
  );
  const approved = outcomes.filter((o) => o.result.ok && o.result.status === "introduced").map((o) => o.id);
  const refs = await crossReferences(db, approved);
  return outcomes.map(({ id, result: r }): DecisionLine => {
    const title = titles.get(id) ?? "";
    if (r.ok) {
      const shared = (refs.get(id) ?? [])
        .flatMap((x) => x.others)
        .filter((o, i, all) => CROSS_REF_STATUSES.includes(o.status) && o.status !== "introduced" && all.findIndex((y) => y.matchId === o.matchId) === i)
        .map((o) => ({ matchId: o.matchId, title: o.title }));
      const params: Params = {
        count: r.recipients,
        reason: r.rejectionCode ? translator(locale)(`brokering.rejection.${r.rejectionCode}`) : "",
        date: r.deferredUntil ? formatDate(locale, r.deferredUntil) : "",
      };
      return { id, title, ok: true, status: r.status, message: { key: DONE_KEY[r.status] ?? "coordination.decided.other", params }, shared, httpStatus: 200 };
    }
    const { status, message } = decisionMessage(r, locale);
    return { id, title, ok: false, message, overlaps: r.reason === "overlap" ? r.overlaps.map((o) => ({ matchId: o.matchId })) : undefined, httpStatus: status };
  });
}
