/**
 * The coordinator's decisions on a match: approve (→ introductions), reject (with a reason), defer
 * (until a date), reopen, decisions on several matches at once, and a match made by hand from postings
 * the engine missed.
 *
 * Every decision is ONE conditional UPDATE … WHERE status IN (…) [AND version = ?] RETURNING, inside the
 * transaction that also writes the introductions, emails, notifications, history and audit entry. Two
 * coordinators approving the same match at the same moment: PostgreSQL makes the second UPDATE wait for
 * the first transaction, re-checks the condition on the committed row and updates nothing, so exactly
 * one set of introductions is written; the second is told who decided first. Nothing else is written
 * for it. A decision taken on what the coordinator saw (`version`) is refused when the match changed
 * since. Approving a match one of whose postings is already in a live introduction is refused with the
 * overlap unless the coordinator confirms it (or merges, merge.server.ts): approvals lock their
 * postings' rows, so two overlapping approvals at the same moment cannot both miss each other.
 */
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { getDb, rowsOf, type Tx } from "@db/client.server";
import { clusters, matches, matchMembers, postings, users, type Match, type MatchStatus, type RejectionCode } from "@db/schema";
import { introductions } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/auth/permissions";
import type { Locale } from "~/modules/i18n";
import { candidateKeys, scorePair, scorePoolPairOf, type MatchPosting, type Reason } from "~/modules/matching";
import { memberKey } from "~/modules/matching/store.server";
import { toMatchPosting } from "~/modules/postings/interchange";
import { ACTIVE_STATUSES, BULK_MAX, DEFER_DEFAULT_DAYS, MANUAL_MAX_POSTINGS } from "./constants";
import { recordEvent } from "./events.server";
import { sendIntroductions, type SentIntroduction } from "./messages.server";
import { isBrokerable, loadMatch, matchTitle, partiesOf, type Party } from "./parties.server";
import { isUuid } from "~/modules/validation/input";

export const DECIDABLE: MatchStatus[] = ["proposed", "deferred"];

/** Another live introduction sharing postings with a proposal. */
export interface Overlap {
  matchId: string;
  status: MatchStatus;
  version: number;
  decidedAt: Date | null;
  /** The postings of the other introduction, with their clusters. */
  parties: { postingId: string; title: string; clusterName: string }[];
  /** The proposal's postings already in it. */
  shared: string[];
  /** The proposal's postings it lacks (merging adds them); empty when the proposal is wholly covered. */
  addable: string[];
}

export type DecisionFailure =
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "not_pending"; status: MatchStatus; decidedByName: string | null; decidedAt: Date | null }
  | { ok: false; reason: "changed"; status: MatchStatus }
  | { ok: false; reason: "posting_unavailable"; titles: string[] }
  | { ok: false; reason: "overlap"; overlaps: Overlap[] };
export type DecisionResult =
  | { ok: true; matchId: string; status: MatchStatus; recipients: number; title: string; rejectionCode?: RejectionCode | null; deferredUntil?: Date | null }
  | DecisionFailure;


/** Why a conditional update found nothing: the match is gone, someone already decided, or it changed. */
export async function whyNot(tx: Tx, id: string, from: MatchStatus[] = DECIDABLE): Promise<DecisionFailure> {
  const [m] = await tx
    .select({ status: matches.status, decidedAt: matches.decidedAt, decidedByName: users.name })
    .from(matches)
    .leftJoin(users, eq(users.id, matches.decidedBy))
    .where(eq(matches.id, id));
  if (!m) return { ok: false, reason: "not_found" };
  if (from.includes(m.status)) return { ok: false, reason: "changed", status: m.status };
  return { ok: false, reason: "not_pending", status: m.status, decidedByName: m.decidedByName, decidedAt: m.decidedAt };
}

/** Conditionally move a match from one of `from` to `to` (at `version` when given); null when it was not. */
export async function transition(tx: Tx, id: string, from: MatchStatus[], set: Partial<Match> & { status: MatchStatus }, now: Date, version?: number): Promise<Match | null> {
  const [row] = await tx
    .update(matches)
    .set({ ...set, updatedAt: now, version: sql`${matches.version} + 1` })
    .where(and(eq(matches.id, id), inArray(matches.status, from), version === undefined ? undefined : eq(matches.version, version)))
    .returning();
  return row ?? null;
}

/**
 * Lock the rows of these postings (in id order, so two approvals never deadlock): a second approval
 * touching one of them waits for the first to commit, then sees its introduction. NO KEY UPDATE does
 * not block the engine inserting members that reference them.
 */
export async function lockPostings(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length) await tx.select({ id: postings.id }).from(postings).where(inArray(postings.id, ids)).orderBy(asc(postings.id)).for("no key update");
}

/** Live introductions (approved, introduced, in progress) other than `matchId` sharing one of `postingIds`. */
export async function overlapsOf(db: Tx, matchId: string, postingIds: string[]): Promise<Overlap[]> {
  if (!postingIds.length) return [];
  const rows = await db
    .selectDistinct({ id: matches.id, status: matches.status, version: matches.version, decidedAt: matches.decidedAt })
    .from(matchMembers)
    .innerJoin(matches, eq(matches.id, matchMembers.matchId))
    .where(and(inArray(matchMembers.postingId, postingIds), ne(matchMembers.matchId, matchId), inArray(matches.status, ACTIVE_STATUSES)));
  if (!rows.length) return [];
  const parties = await partiesOf(db, rows.map((r) => r.id));
  return rows
    .map((r) => {
      const ps = parties.get(r.id) ?? [];
      const inIt = new Set(ps.map((p) => p.postingId));
      return {
        matchId: r.id,
        status: r.status,
        version: r.version,
        decidedAt: r.decidedAt,
        parties: ps.map((p) => ({ postingId: p.postingId, title: p.posting.title, clusterName: p.cluster.name })),
        shared: postingIds.filter((id) => inIt.has(id)),
        addable: postingIds.filter((id) => !inIt.has(id)),
      };
    })
    .sort((a, b) => (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0));
}

/**
 * Write who the introduction went to, with its email's outbox row (for the delivery status on the match).
 * The outbox rows of this transaction are the ones created at its start time (`now()`).
 */
export async function recordIntroductions(tx: Tx, matchId: string, sent: SentIntroduction[], now: Date): Promise<void> {
  if (!sent.length) return;
  const emails = [...new Set(sent.map((s) => s.contact.email.toLowerCase()))];
  const rows = rowsOf<{ id: number | string; email: string }>(
    await tx.execute(
      sql`select max(id) as id, lower(to_address) as email from outbox
          where kind = 'introduction' and created_at = now() and lower(to_address) in (${sql.join(emails.map((e) => sql`${e}`), sql`, `)})
          group by lower(to_address)`,
    ),
  );
  const outboxIds = new Map(rows.map((r) => [r.email, Number(r.id)]));
  await tx
    .insert(introductions)
    .values(
      sent.map((s) => ({
        matchId,
        postingId: s.postingId,
        userId: s.contact.userId,
        name: s.contact.name,
        email: s.contact.email,
        locale: s.contact.locale,
        sentAt: now,
        outboxId: outboxIds.get(s.contact.email.toLowerCase()) ?? null,
      })),
    )
    .onConflictDoNothing();
}

export interface ApproveInput {
  note?: string | null;
  templates: Record<Locale, string>;
  /** The version the coordinator saw: refused when the match changed since. */
  version?: number;
  /** "accept": introduce even though a posting is already in a live introduction. */
  overlap?: "accept";
}

/** Approve and introduce: one transaction changes the status and writes every introduction. */
export async function approveMatch(actor: Actor, id: string, input: ApproveInput, now = new Date()): Promise<DecisionResult> {
  if (!isUuid(id)) return { ok: false, reason: "not_found" };
  return getDb().transaction(async (tx) => {
    const current = await loadMatch(tx, id);
    if (!current) return { ok: false, reason: "not_found" };
    const postingIds = current.parties.map((p) => p.postingId);
    await lockPostings(tx, postingIds);
    if (DECIDABLE.includes(current.match.status) && (input.version === undefined || input.version === current.match.version)) {
      const unavailable = current.parties.filter((p) => !isBrokerable(p.posting, now));
      if (unavailable.length) return { ok: false, reason: "posting_unavailable", titles: unavailable.map((p) => p.posting.title) };
      if (input.overlap !== "accept") {
        const overlaps = await overlapsOf(tx, id, postingIds);
        if (overlaps.length) return { ok: false, reason: "overlap", overlaps };
      }
    }
    const note = input.note?.trim() || null;
    const match = await transition(tx, id, DECIDABLE, { status: "introduced", decidedBy: actor.id, decidedAt: now, decisionNote: note, deferredUntil: null }, now, input.version);
    if (!match) return whyNot(tx, id);
    const [coordinator] = await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, actor.id));
    const sent = await sendIntroductions(tx, { match, parties: current.parties, coordinator, note, templates: input.templates });
    await recordIntroductions(tx, id, sent, now);
    await recordEvent(tx, {
      matchId: id,
      kind: "approved",
      actorId: actor.id,
      fromStatus: current.match.status,
      toStatus: "introduced",
      note,
      data: { recipients: sent.map((s) => s.contact.email), templates: input.templates, ...(input.overlap === "accept" ? { overlapAccepted: true } : {}) },
      at: now,
    });
    await audit(tx, {
      actorId: actor.id,
      action: "match.approve",
      entity: "match",
      entityId: id,
      before: { status: current.match.status },
      after: { status: "introduced", note, recipients: sent.length },
    });
    return { ok: true, matchId: id, status: "introduced", recipients: sent.length, title: matchTitle(current.parties) };
  });
}

async function simpleDecision(
  actor: Actor,
  id: string,
  from: MatchStatus[],
  to: MatchStatus,
  kind: "rejected" | "deferred" | "reopened",
  note: string | null,
  now: Date,
  extra: { rejectionCode?: RejectionCode; deferredUntil?: Date; version?: number } = {},
): Promise<DecisionResult> {
  if (!isUuid(id)) return { ok: false, reason: "not_found" };
  return getDb().transaction(async (tx) => {
    const [before] = await tx.select({ status: matches.status }).from(matches).where(eq(matches.id, id));
    const set: Partial<Match> & { status: MatchStatus } =
      kind === "reopened"
        ? { status: to, decidedBy: null, decidedAt: null, decisionNote: null, rejectionCode: null, deferredUntil: null }
        : { status: to, decidedBy: actor.id, decidedAt: now, decisionNote: note, rejectionCode: extra.rejectionCode ?? null, deferredUntil: extra.deferredUntil ?? null };
    const match = await transition(tx, id, from, set, now, extra.version);
    if (!match) return whyNot(tx, id, from);
    const until = extra.deferredUntil?.toISOString();
    await recordEvent(tx, { matchId: id, kind, actorId: actor.id, fromStatus: before?.status ?? null, toStatus: to, note, data: until ? { until } : {}, at: now });
    const action = kind === "rejected" ? "match.reject" : kind === "deferred" ? "match.defer" : "match.reopen";
    await audit(tx, {
      actorId: actor.id,
      action,
      entity: "match",
      entityId: id,
      before: { status: before?.status },
      after: { status: to, note, ...(extra.rejectionCode ? { rejectionCode: extra.rejectionCode } : {}), ...(until ? { deferredUntil: until } : {}) },
    });
    const parties = (await partiesOf(tx, [id])).get(id) ?? [];
    return { ok: true, matchId: id, status: to, recipients: 0, title: matchTitle(parties), rejectionCode: match.rejectionCode, deferredUntil: match.deferredUntil };
  });
}

/** Reject with a reason: the engine never proposes this set of postings again unless it is reopened. */
export function rejectMatch(actor: Actor, id: string, why: { code: RejectionCode; note?: string | null; version?: number }, now = new Date()) {
  return simpleDecision(actor, id, DECIDABLE, "rejected", "rejected", why.note?.trim() || null, now, { rejectionCode: why.code, version: why.version });
}

const DAY = 86_400_000;

/** Defer until a date (default: a week), when the brokering job brings it back to the queue. */
export function deferMatch(actor: Actor, id: string, input: { note?: string | null; until?: Date; version?: number } = {}, now = new Date()) {
  const until = input.until ?? new Date(now.getTime() + DEFER_DEFAULT_DAYS * DAY);
  return simpleDecision(actor, id, ["proposed"], "deferred", "deferred", input.note?.trim() || null, now, { deferredUntil: until, version: input.version });
}

/** Back to the queue: a rejected (or deferred) match is proposed again. */
export function reopenMatch(actor: Actor, id: string, note: string | null, now = new Date()) {
  return simpleDecision(actor, id, ["rejected", "deferred"], "proposed", "reopened", note?.trim() || null, now);
}

// ------------------------------------------------------------------ several at once

export type BulkDecision =
  | { kind: "approve"; templates: Record<Locale, string>; note?: string | null }
  | { kind: "reject"; code: RejectionCode; note?: string | null }
  | { kind: "defer"; until: Date; note?: string | null };

export interface BulkItem {
  id: string;
  /** The version the coordinator saw in the list. */
  version?: number;
}

export type BulkOutcome = { id: string; result: DecisionResult };

/**
 * The same decision on several matches: each in its own transaction (one approval's emails never wait
 * for, or roll back with, another's), in the order given, each answered: decided, or refused with its
 * reason (decided by someone else meanwhile, changed since the list was read, a posting closed, an
 * overlap with a live introduction). Never a batch half applied without saying which.
 */
export async function decideMany(actor: Actor, items: BulkItem[], decision: BulkDecision, now = new Date()): Promise<BulkOutcome[]> {
  const seen = new Set<string>();
  const list = items.filter((i) => !seen.has(i.id) && seen.add(i.id)).slice(0, BULK_MAX);
  const out: BulkOutcome[] = [];
  for (const item of list) {
    let result: DecisionResult;
    if (decision.kind === "approve") result = await approveMatch(actor, item.id, { templates: decision.templates, note: decision.note, version: item.version }, now);
    else if (decision.kind === "reject") result = await rejectMatch(actor, item.id, { code: decision.code, note: decision.note, version: item.version }, now);
    else result = await deferMatch(actor, item.id, { until: decision.until, note: decision.note, version: item.version }, now);
    out.push({ id: item.id, result });
  }
  return out;
}

/** The titles of matches (for answers naming each one). */
export async function matchTitles(db: Tx, ids: string[]): Promise<Map<string, string>> {
  const parties = await partiesOf(db, ids.filter(isUuid));
  return new Map([...parties].map(([id, ps]) => [id, ps.map((p: Party) => p.posting.title).join(" ↔ ")]));
}

// ------------------------------------------------------------------ by hand

export { MANUAL_MAX_POSTINGS } from "./constants";

export type ManualResult =
  | { ok: true; matchId: string }
  | { ok: false; reason: "not_found"; ids: string[] }
  | { ok: false; reason: "unavailable"; titles: string[] }
  | { ok: false; reason: "shape" | "same_cluster" | "too_few" | "too_many" }
  | { ok: false; reason: "exists"; matchId: string; status: MatchStatus };

export interface ManualPreview {
  type: "need_offer" | "pool";
  score: number;
  reasons: Reason[];
  /** Hard rules the engine applies that this set breaks (the coordinator may override them). */
  excludedBy: string[];
}

type Loaded = Awaited<ReturnType<typeof loadPostings>>[number];

async function loadPostings(tx: Tx, ids: string[]) {
  return tx
    .select({ posting: postings, clusterSlug: clusters.slug })
    .from(postings)
    .innerJoin(clusters, eq(clusters.id, postings.clusterId))
    .where(inArray(postings.id, ids));
}

const mp = (r: Loaded): MatchPosting => toMatchPosting(r.posting, r.clusterSlug) as MatchPosting;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Score a hand-made set the way the engine would: a need with an offer, or a pool of needs. */
export function scoreManual(rows: Loaded[], now: Date): ManualPreview | { error: "shape" } {
  const needs = rows.filter((r) => r.posting.kind === "need");
  const offers = rows.filter((r) => r.posting.kind === "offer");
  const today = isoDay(now);
  if (rows.length === 2 && needs.length === 1 && offers.length === 1) {
    const s = scorePair(mp(needs[0]), mp(offers[0]), { today });
    return { type: "need_offer", score: s.score, reasons: s.reasons, excludedBy: s.excludedBy ? [s.excludedBy] : [] };
  }
  if (offers.length > 0 || needs.length < 2) return { error: "shape" };
  const byCode = new Map<string, { sum: number; detail?: Reason["detail"] }>();
  const excludedBy = new Set<string>();
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < needs.length; i++) {
    for (let j = i + 1; j < needs.length; j++) {
      const s = scorePoolPairOf(mp(needs[i]), mp(needs[j]), { today });
      if (s.excludedBy) excludedBy.add(s.excludedBy);
      total += s.score;
      pairs++;
      for (const r of s.reasons) {
        const cur = byCode.get(r.code) ?? { sum: 0 };
        cur.sum += r.weight;
        cur.detail ??= r.detail;
        byCode.set(r.code, cur);
      }
    }
  }
  const reasons: Reason[] = [
    { code: "pool_kind", weight: 0, detail: { kind: candidateKeys(mp(needs[0])).categoryGroup, size: needs.length } },
    ...[...byCode].map(([code, v]) => ({ code, weight: Math.round((v.sum / pairs) * 100) / 100, ...(v.detail ? { detail: v.detail } : {}) })),
  ].sort((a, b) => b.weight - a.weight || a.code.localeCompare(b.code));
  return { type: "pool", score: Math.round(total / pairs), reasons, excludedBy: [...excludedBy] };
}

async function checkManual(tx: Tx, ids: string[], now: Date): Promise<{ ok: true; rows: Loaded[]; preview: ManualPreview } | Exclude<ManualResult, { ok: true } | { reason: "exists" }>> {
  const unique = [...new Set(ids)];
  if (unique.length < 2) return { ok: false, reason: "too_few" };
  if (unique.length > MANUAL_MAX_POSTINGS) return { ok: false, reason: "too_many" };
  const bad = unique.filter((id) => !isUuid(id));
  if (bad.length) return { ok: false, reason: "not_found", ids: bad };
  const rows = await loadPostings(tx, unique);
  const missing = unique.filter((id) => !rows.some((r) => r.posting.id === id));
  if (missing.length) return { ok: false, reason: "not_found", ids: missing };
  const unavailable = rows.filter((r) => !isBrokerable(r.posting, now));
  if (unavailable.length) return { ok: false, reason: "unavailable", titles: unavailable.map((r) => r.posting.title) };
  if (new Set(rows.map((r) => r.posting.clusterId)).size !== rows.length) return { ok: false, reason: "same_cluster" };
  const preview = scoreManual(rows, now);
  if ("error" in preview) return { ok: false, reason: "shape" };
  return { ok: true, rows, preview };
}

/** What a hand-made match of these postings would look like (no write). */
export async function previewManualMatch(ids: string[], now = new Date()) {
  const db = getDb();
  const checked = await checkManual(db, ids, now);
  if (!checked.ok) return checked;
  const [existing] = await db.select({ id: matches.id, status: matches.status }).from(matches).where(eq(matches.memberKey, memberKey({ members: ids })));
  return { ...checked, existing: existing ?? null };
}

/**
 * Create a match by hand (source "manual"), proposed in the queue like any other. A set that already
 * has a match is not duplicated: a withdrawn one is proposed again as manual; otherwise the
 * coordinator is sent to the existing one.
 */
export async function createManualMatch(actor: Actor, ids: string[], note: string | null, now = new Date()): Promise<ManualResult> {
  return getDb().transaction(async (tx) => {
    const checked = await checkManual(tx, ids, now);
    if (!checked.ok) return checked;
    const { rows, preview } = checked;
    const key = memberKey({ members: rows.map((r) => r.posting.id) });
    const [existing] = await tx.select({ id: matches.id, status: matches.status }).from(matches).where(eq(matches.memberKey, key)).for("update");
    let matchId: string;
    if (existing && existing.status !== "withdrawn") return { ok: false, reason: "exists", matchId: existing.id, status: existing.status };
    if (existing) {
      await tx
        .update(matches)
        .set({ status: "proposed", source: "manual", score: preview.score, reasons: preview.reasons, withdrawnReason: null, decidedBy: null, decidedAt: null, decisionNote: null, updatedAt: now, version: sql`${matches.version} + 1` })
        .where(eq(matches.id, existing.id));
      matchId = existing.id;
    } else {
      const [m] = await tx
        .insert(matches)
        .values({ type: preview.type, memberKey: key, score: preview.score, reasons: preview.reasons, status: "proposed", source: "manual", createdAt: now, updatedAt: now })
        .returning({ id: matches.id });
      matchId = m.id;
      const need = rows.find((r) => r.posting.kind === "need")!;
      await tx.insert(matchMembers).values(
        rows.map((r) => ({ matchId, postingId: r.posting.id, role: preview.type === "need_offer" && r !== need ? "offer" : "need" })),
      );
    }
    await recordEvent(tx, { matchId, kind: "created_manual", actorId: actor.id, toStatus: "proposed", note: note?.trim() || null, data: { postings: rows.map((r) => r.posting.id), score: preview.score, excludedBy: preview.excludedBy }, at: now });
    await audit(tx, { actorId: actor.id, action: "match.create", entity: "match", entityId: matchId, after: { source: "manual", postings: rows.map((r) => r.posting.id), score: preview.score } });
    return { ok: true, matchId };
  });
}
