/**
 * The coordinator's decisions on a match: approve (→ introductions), reject (with a reason), defer,
 * reopen, and a match made by hand from postings the engine missed.
 *
 * Every decision is ONE conditional UPDATE … WHERE status IN (…) RETURNING, inside the transaction that
 * also writes the introductions, emails, notifications, history and audit entry. Two coordinators
 * approving the same match at the same moment: PostgreSQL makes the second UPDATE wait for the first
 * transaction, re-checks the condition on the committed row and updates nothing, so exactly one set of
 * introductions is written; the second is told who decided first. Nothing else is written for it.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { clusters, matches, matchMembers, postings, users, type Match, type MatchStatus, type RejectionCode } from "@db/schema";
import { introductions } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/auth/permissions";
import type { Locale } from "~/modules/i18n";
import { candidateKeys, scorePair, scorePoolPairOf, type MatchPosting, type Reason } from "~/modules/matching";
import { memberKey } from "~/modules/matching/store.server";
import { toMatchPosting } from "~/modules/postings/interchange";
import { MANUAL_MAX_POSTINGS } from "./constants";
import { recordEvent } from "./events.server";
import { sendIntroductions } from "./messages.server";
import { isBrokerable, loadMatch } from "./parties.server";

export const DECIDABLE: MatchStatus[] = ["proposed", "deferred"];

export type DecisionFailure =
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "not_pending"; status: MatchStatus; decidedByName: string | null; decidedAt: Date | null }
  | { ok: false; reason: "posting_unavailable"; titles: string[] };
export type DecisionResult = { ok: true; matchId: string; status: MatchStatus; recipients: number } | DecisionFailure;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === "string" && UUID.test(s);

/** Why a conditional update found nothing: the match is gone, or someone already decided. */
async function whyNot(tx: Tx, id: string): Promise<DecisionFailure> {
  const [m] = await tx
    .select({ status: matches.status, decidedAt: matches.decidedAt, decidedByName: users.name })
    .from(matches)
    .leftJoin(users, eq(users.id, matches.decidedBy))
    .where(eq(matches.id, id));
  if (!m) return { ok: false, reason: "not_found" };
  return { ok: false, reason: "not_pending", status: m.status, decidedByName: m.decidedByName, decidedAt: m.decidedAt };
}

/** Conditionally move a match from one of `from` to `to`; null when it was not in `from`. */
async function transition(tx: Tx, id: string, from: MatchStatus[], set: Partial<Match> & { status: MatchStatus }, now: Date): Promise<Match | null> {
  const [row] = await tx
    .update(matches)
    .set({ ...set, updatedAt: now, version: sql`${matches.version} + 1` })
    .where(and(eq(matches.id, id), inArray(matches.status, from)))
    .returning();
  return row ?? null;
}

export interface ApproveInput {
  note?: string | null;
  templates: Record<Locale, string>;
}

/** Approve and introduce: one transaction changes the status and writes every introduction. */
export async function approveMatch(actor: Actor, id: string, input: ApproveInput, now = new Date()): Promise<DecisionResult> {
  if (!isUuid(id)) return { ok: false, reason: "not_found" };
  return getDb().transaction(async (tx) => {
    const current = await loadMatch(tx, id);
    if (!current) return { ok: false, reason: "not_found" };
    const unavailable = current.parties.filter((p) => !isBrokerable(p.posting, now));
    if (DECIDABLE.includes(current.match.status) && unavailable.length) return { ok: false, reason: "posting_unavailable", titles: unavailable.map((p) => p.posting.title) };
    const note = input.note?.trim() || null;
    const match = await transition(tx, id, DECIDABLE, { status: "introduced", decidedBy: actor.id, decidedAt: now, decisionNote: note }, now);
    if (!match) return whyNot(tx, id);
    const [coordinator] = await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, actor.id));
    const sent = await sendIntroductions(tx, { match, parties: current.parties, coordinator, note, templates: input.templates });
    if (sent.length) {
      await tx
        .insert(introductions)
        .values(sent.map((s) => ({ matchId: id, postingId: s.postingId, userId: s.contact.userId, name: s.contact.name, email: s.contact.email, locale: s.contact.locale, sentAt: now })))
        .onConflictDoNothing();
    }
    await recordEvent(tx, {
      matchId: id,
      kind: "approved",
      actorId: actor.id,
      fromStatus: current.match.status,
      toStatus: "introduced",
      note,
      data: { recipients: sent.map((s) => s.contact.email), templates: input.templates },
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
    return { ok: true, matchId: id, status: "introduced", recipients: sent.length };
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
  rejectionCode: RejectionCode | null = null,
): Promise<DecisionResult> {
  if (!isUuid(id)) return { ok: false, reason: "not_found" };
  return getDb().transaction(async (tx) => {
    const [before] = await tx.select({ status: matches.status }).from(matches).where(eq(matches.id, id));
    const set: Partial<Match> & { status: MatchStatus } =
      kind === "reopened"
        ? { status: to, decidedBy: null, decidedAt: null, decisionNote: null, rejectionCode: null }
        : { status: to, decidedBy: actor.id, decidedAt: now, decisionNote: note, rejectionCode };
    const match = await transition(tx, id, from, set, now);
    if (!match) return whyNot(tx, id);
    await recordEvent(tx, { matchId: id, kind, actorId: actor.id, fromStatus: before?.status ?? null, toStatus: to, note, at: now });
    const action = kind === "rejected" ? "match.reject" : kind === "deferred" ? "match.defer" : "match.reopen";
    await audit(tx, { actorId: actor.id, action, entity: "match", entityId: id, before: { status: before?.status }, after: { status: to, note, ...(rejectionCode ? { rejectionCode } : {}) } });
    return { ok: true, matchId: id, status: to, recipients: 0 };
  });
}

/** Reject with a reason: the engine never proposes this set of postings again unless it is reopened. */
export function rejectMatch(actor: Actor, id: string, why: { code: RejectionCode; note?: string | null }, now = new Date()) {
  return simpleDecision(actor, id, DECIDABLE, "rejected", "rejected", why.note?.trim() || null, now, why.code);
}

export function deferMatch(actor: Actor, id: string, note: string | null, now = new Date()) {
  return simpleDecision(actor, id, ["proposed"], "deferred", "deferred", note?.trim() || null, now);
}

/** Back to the queue: a rejected (or deferred) match is proposed again. */
export function reopenMatch(actor: Actor, id: string, note: string | null, now = new Date()) {
  return simpleDecision(actor, id, ["rejected", "deferred"], "proposed", "reopened", note?.trim() || null, now);
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
