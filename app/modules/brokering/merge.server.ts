/**
 * Overlapping introductions, merged: a proposal whose postings are already in a live introduction is
 * folded into it instead of introducing the same posting twice.
 *
 * - The proposal's postings all in the introduction: the proposal is closed as covered (rejected,
 *   "already in contact"; the engine never proposes it again).
 * - Some are not: they join the introduction (its set of postings, key and type change), their
 *   contacts get the introduction, the parties already introduced hear who joins, and the proposal is
 *   closed as merged. A match that held exactly the merged set (often the proposal itself) gives its
 *   key up to the introduction (`merged:<its id>`, the old key kept in its history), so the engine
 *   meets the introduction, which it never touches, when it finds that set again.
 *
 * One transaction: both matches are locked (in id order), the proposal must still be proposed or
 * deferred (at the version the coordinator saw) and the introduction still awaiting answers
 * (`introduced`); otherwise nothing is written and the coordinator is told why.
 */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { matches, matchMembers, users, type MatchStatus, type MatchType } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/auth/permissions";
import type { Locale } from "~/modules/i18n";
import { memberKey } from "~/modules/matching/store.server";
import { conflictResult, notFoundResult, ok, refusedResult, type Result } from "~/modules/result";
import { DECIDABLE, lockPostings, recordIntroductions, whyNot } from "./decisions.server";
import { recordEvent } from "./events.server";
import { introducedRecipients } from "./introductions.server";
import { sendIntroductions, sendJoined } from "./messages.server";
import { isBrokerable, loadMatch, matchTitle } from "./parties.server";
import { isUuid } from "~/modules/validation/input";

export interface MergeInput {
  /** The proposal's version the coordinator saw. */
  version?: number;
  note?: string | null;
  templates: Record<Locale, string>;
}

export interface Merged {
  targetId: string;
  /** "covered": nothing to add, the proposal was closed; "joined": postings were added. */
  kind: "covered" | "joined";
  added: number;
  recipients: number;
}

/** Statuses of a match that may give up its set of postings to a merge (none is a live introduction). */
const RETIRABLE: MatchStatus[] = ["proposed", "deferred", "withdrawn", "rejected"];
/** The key of a match whose set of postings went to a merged introduction (unique: it holds the match's id). */
export const RETIRED_PREFIX = "merged:";

const quote = (titles: string[]) => titles.map((x) => `« ${x} »`).join(", ");

/** Fold proposal `id` into the live introduction `targetId`. */
export async function mergeIntoIntroduction(actor: Actor, id: string, targetId: string, input: MergeInput, now = new Date()): Promise<Result<Merged>> {
  if (!isUuid(id) || !isUuid(targetId) || id === targetId) return notFoundResult();
  return getDb().transaction(async (tx): Promise<Result<Merged>> => {
    // both rows locked, in id order (two merges of the same pair never deadlock)
    await tx.select({ id: matches.id }).from(matches).where(inArray(matches.id, [id, targetId])).orderBy(matches.id).for("update");
    const proposal = await loadMatch(tx, id);
    const target = await loadMatch(tx, targetId);
    if (!proposal || !target) return notFoundResult();
    if (!DECIDABLE.includes(proposal.match.status) || (input.version !== undefined && input.version !== proposal.match.version)) {
      const why = await whyNot(tx, id);
      if (why.reason === "changed") return conflictResult("coordination.error.changed", { status: why.status });
      if (why.reason === "not_pending")
        return conflictResult("coordination.error.mergeNotProposed", { status: why.status, name: why.decidedByName ?? "" }, { status: why.status });
      return notFoundResult();
    }
    if (target.match.status !== "introduced") return conflictResult("coordination.error.mergeTargetClosed", { status: target.match.status }, { targetStatus: target.match.status });
    const inTarget = new Set(target.parties.map((p) => p.postingId));
    const shared = proposal.parties.filter((p) => inTarget.has(p.postingId));
    if (!shared.length) return refusedResult("coordination.error.mergeNoOverlap");
    const adding = proposal.parties.filter((p) => !inTarget.has(p.postingId));
    await lockPostings(tx, proposal.parties.map((p) => p.postingId));
    const unavailable = adding.filter((p) => !isBrokerable(p.posting, now));
    if (unavailable.length) return conflictResult("brokering.error.postingUnavailable", { titles: quote(unavailable.map((p) => p.posting.title)) });
    const targetClusters = new Set(target.parties.map((p) => p.cluster.id));
    const sameCluster = adding.filter((p) => targetClusters.has(p.cluster.id));
    if (sameCluster.length) return refusedResult("coordination.error.mergeSameCluster", { clusters: [...new Set(sameCluster.map((p) => p.cluster.name))].join(", ") });

    const note = input.note?.trim() || null;
    const [coordinator] = await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, actor.id));
    let recipients = 0;
    if (adding.length) {
      const ids = [...inTarget, ...adding.map((p) => p.postingId)];
      const key = memberKey({ members: ids });
      // Another match of exactly the merged set: the proposal itself (it held the target's postings and
      // more), or one the target now covers. It gives up the key (kept in its history); a live one refuses.
      const [clash] = await tx.select({ id: matches.id, status: matches.status }).from(matches).where(and(eq(matches.memberKey, key), ne(matches.id, targetId)));
      if (clash && clash.id !== id && !RETIRABLE.includes(clash.status)) return conflictResult("coordination.error.mergeExists", {}, { existingId: clash.id });
      if (clash) {
        await tx
          .update(matches)
          .set({
            memberKey: `${RETIRED_PREFIX}${clash.id}`,
            ...(DECIDABLE.includes(clash.status) ? { status: "rejected" as const, rejectionCode: "already_in_contact" as const, decidedBy: actor.id, decidedAt: now, deferredUntil: null } : {}),
            updatedAt: now,
            version: sql`${matches.version} + 1`,
          })
          .where(eq(matches.id, clash.id));
        if (clash.id !== id) await recordEvent(tx, { matchId: clash.id, kind: "merged", actorId: actor.id, fromStatus: clash.status, toStatus: DECIDABLE.includes(clash.status) ? "rejected" : clash.status, data: { into: targetId, kind: "covered", memberKey: key }, at: now });
      }
      const all = [...target.parties, ...adding];
      const type: MatchType = all.every((p) => p.posting.kind === "need") ? "pool" : "need_offer";
      const [updated] = await tx
        .update(matches)
        .set({ memberKey: key, type, updatedAt: now, version: sql`${matches.version} + 1` })
        .where(and(eq(matches.id, targetId), eq(matches.status, "introduced")))
        .returning();
      await tx.insert(matchMembers).values(adding.map((p) => ({ matchId: targetId, postingId: p.postingId, role: type === "pool" ? "need" : p.posting.kind })));
      const merged = (await loadMatch(tx, targetId))!;
      const newcomers = adding.map((p) => p.postingId);
      const before = await introducedRecipients(tx, targetId);
      const sent = await sendIntroductions(tx, { match: updated, parties: merged.parties, coordinator, note, templates: input.templates, onlyPostings: newcomers });
      await recordIntroductions(tx, targetId, sent, now);
      await sendJoined(tx, updated, merged.parties, newcomers, before, coordinator);
      recipients = sent.length;
    }
    // the proposal is closed: its postings are (now) all in the introduction
    await tx
      .update(matches)
      .set({ status: "rejected", rejectionCode: "already_in_contact", decidedBy: actor.id, decidedAt: now, decisionNote: note, deferredUntil: null, updatedAt: now, version: sql`${matches.version} + 1` })
      .where(eq(matches.id, id));
    const kind = adding.length ? "joined" : "covered";
    await recordEvent(tx, { matchId: id, kind: "merged", actorId: actor.id, fromStatus: proposal.match.status, toStatus: "rejected", note, data: { into: targetId, kind, memberKey: proposal.match.memberKey }, at: now });
    await recordEvent(tx, {
      matchId: targetId,
      kind: "merged",
      actorId: actor.id,
      fromStatus: "introduced",
      toStatus: "introduced",
      note,
      data: { from: id, kind, added: adding.map((p) => p.postingId), title: adding.map((p) => p.posting.title).join(", ") },
      at: now,
    });
    await audit(tx, {
      actorId: actor.id,
      action: "match.merge",
      entity: "match",
      entityId: targetId,
      before: { postings: [...inTarget], proposal: id, proposalStatus: proposal.match.status as MatchStatus },
      after: { added: adding.map((p) => p.postingId), recipients, title: matchTitle(target.parties) },
    });
    return ok({ targetId, kind, added: adding.length, recipients });
  });
}
