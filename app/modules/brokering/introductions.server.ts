/**
 * Introductions from the parties' side: their list, one introduction, the answer (interested / not
 * interested, with a reason), and the outcome (concluded with its indicators, or abandoned).
 *
 * A party is a cluster that owns one of the match's postings; only its people see the introduction
 * (anyone else gets "not found"). Answers and outcomes lock the match row, check its status, and
 * write the change, the history, the audit entry and the messages in one transaction: a reply after
 * the match was abandoned, or from someone who is not a party, changes nothing.
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { matches, matchMembers, postings, users, type Match, type MatchStatus, type MemberResponse } from "@db/schema";
import { introductions, matchOutcomes, type MatchOutcome } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import { can, isCoordination, type Actor } from "~/modules/auth/permissions";
import { isLocale } from "~/modules/i18n";
import { notify, type NotificationInput } from "~/modules/notifications/notifications.server";
import { eventsOf, recordEvent } from "./events.server";
import { coordinationLink, introductionLink, sendInProgress, type Coordinator, type Recipient } from "./messages.server";
import { loadMatch, matchTitle, partiesOf, partyContacts, type Party } from "./parties.server";
import { isUuid } from "~/modules/validation/input";

/** Statuses in which parties see a match (after the introduction). */
export const INTRODUCED_STATUSES: MatchStatus[] = ["introduced", "in_progress", "concluded", "abandoned"];

export const isParty = (actor: Actor, parties: Pick<Party, "cluster">[]) => can(actor, "brokering:introductions", { clusterIds: parties.map((p) => p.cluster.id) });

/** The people introduced for each posting of a match (who the emails went to). */
export async function introducedRecipients(db: Tx, matchId: string): Promise<Recipient[]> {
  const rows = await db.select().from(introductions).where(eq(introductions.matchId, matchId)).orderBy(asc(introductions.id));
  return rows.map((r) => ({ postingId: r.postingId, userId: r.userId, email: r.email, name: r.name, locale: isLocale(r.locale) ? r.locale : "fr" }));
}

async function coordinatorOf(db: Tx, match: Pick<Match, "decidedBy">): Promise<Coordinator | null> {
  if (!match.decidedBy) return null;
  const [c] = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, match.decidedBy));
  return c ?? null;
}

/** A match's outcome with the name of who recorded it. */
export async function outcomeOf(db: Tx, matchId: string) {
  const [row] = await db
    .select({ outcome: matchOutcomes, recordedByName: users.name })
    .from(matchOutcomes)
    .leftJoin(users, eq(users.id, matchOutcomes.recordedBy))
    .where(eq(matchOutcomes.matchId, matchId));
  return row ? { ...row.outcome, recordedByName: row.recordedByName } : null;
}

// ------------------------------------------------------------------ reading

export interface IntroductionSummary {
  id: string;
  type: Match["type"];
  status: MatchStatus;
  introducedAt: Date | null;
  mine: { postingId: string; title: string; kind: string; response: MemberResponse };
  others: { clusterName: string; title: string; kind: string }[];
  awaitingMe: boolean;
}

/** A cluster's introductions: those awaiting its answer first, then the newest. */
export async function listIntroductionsForParty(actor: Actor): Promise<IntroductionSummary[]> {
  if (!actor.clusterId || !can(actor, "brokering:introductions")) return [];
  const db = getDb();
  const rows = await db
    .selectDistinct({ id: matches.id })
    .from(matches)
    .innerJoin(matchMembers, eq(matchMembers.matchId, matches.id))
    .innerJoin(postings, eq(postings.id, matchMembers.postingId))
    .where(and(eq(postings.clusterId, actor.clusterId), inArray(matches.status, INTRODUCED_STATUSES)));
  const ids = rows.map((r) => r.id);
  if (!ids.length) return [];
  const list = await db.select().from(matches).where(inArray(matches.id, ids)).orderBy(desc(matches.decidedAt));
  const parties = await partiesOf(db, ids);
  const out: IntroductionSummary[] = [];
  for (const m of list) {
    const ps = parties.get(m.id) ?? [];
    const mine = ps.find((p) => p.cluster.id === actor.clusterId);
    if (!mine) continue;
    out.push({
      id: m.id,
      type: m.type,
      status: m.status,
      introducedAt: m.decidedAt,
      mine: { postingId: mine.postingId, title: mine.posting.title, kind: mine.posting.kind, response: mine.response },
      others: ps.filter((p) => p !== mine).map((p) => ({ clusterName: p.cluster.name, title: p.posting.title, kind: p.posting.kind })),
      awaitingMe: m.status === "introduced" && mine.response === "pending",
    });
  }
  return out.sort((a, b) => Number(b.awaitingMe) - Number(a.awaitingMe));
}

/** One introduction as a party sees it, or null when it does not exist or is not theirs. */
export async function getIntroductionForParty(actor: Actor, id: string) {
  if (!isUuid(id)) return null;
  const db = getDb();
  const loaded = await loadMatch(db, id);
  if (!loaded || !INTRODUCED_STATUSES.includes(loaded.match.status) || !isParty(actor, loaded.parties)) return null;
  const { match, parties } = loaded;
  const mine = parties.find((p) => p.cluster.id === actor.clusterId)!;
  const recipients = await introducedRecipients(db, id);
  const contacts = new Map<string, { name: string; email: string }[]>();
  for (const p of parties) {
    const introduced = recipients.filter((r) => r.postingId === p.postingId).map((r) => ({ name: r.name, email: r.email }));
    contacts.set(p.postingId, introduced.length ? introduced : (await partyContacts(db, p)).map((c) => ({ name: c.name, email: c.email })));
  }
  const outcome = await outcomeOf(db, id);
  const coordinator = await coordinatorOf(db, match);
  // Other parties' reasons for declining stay between them and the coordination.
  const events = (await eventsOf(db, id))
    .filter((e) => e.kind !== "reminder" && e.kind !== "deferred" && e.kind !== "rejected" && e.kind !== "reopened" && e.kind !== "created_manual")
    // the coordinator's note is shown on its own; another party's reason for declining is not shown at all
    .map((e) => ({ ...e, note: e.kind === "approved" || (e.kind === "response" && e.postingId !== mine.postingId) ? null : e.note, data: e.kind === "response" ? e.data : {} }));
  return {
    match: { id: match.id, type: match.type, status: match.status, score: match.score, reasons: match.reasons, decidedAt: match.decidedAt, decisionNote: match.decisionNote },
    coordinator: coordinator ? { name: coordinator.name, email: coordinator.email } : null,
    mine: mine.postingId,
    parties: parties.map((p) => ({
      postingId: p.postingId,
      role: p.role,
      response: p.response,
      responseReason: p.cluster.id === actor.clusterId ? p.responseReason : null,
      respondedAt: p.respondedAt,
      respondedByName: p.cluster.id === actor.clusterId ? p.respondedByName : null,
      posting: p.posting,
      cluster: { id: p.cluster.id, slug: p.cluster.slug, name: p.cluster.name },
      contacts: contacts.get(p.postingId) ?? [],
    })),
    outcome: outcome ?? null,
    events,
    canRespond: match.status === "introduced" && can(actor, "brokering:respond", { clusterIds: parties.map((p) => p.cluster.id) }),
    canRecordOutcome: (match.status === "introduced" || match.status === "in_progress") && can(actor, "brokering:outcome", { clusterIds: parties.map((p) => p.cluster.id) }),
  };
}

export type IntroductionView = NonNullable<Awaited<ReturnType<typeof getIntroductionForParty>>>;

// ------------------------------------------------------------------ answering

export type ReplyResult =
  | { ok: true; status: MatchStatus; changed: boolean }
  | { ok: false; reason: "not_found" | "not_party" }
  | { ok: false; reason: "closed"; status: MatchStatus };

export interface ReplyInput {
  response: "interested" | "not_interested";
  reason?: string | null;
}

function partyUsers(recipients: Recipient[], except?: string): string[] {
  return [...new Set(recipients.map((r) => r.userId).filter((u): u is string => !!u && u !== except))];
}

/** A party answers the introduction; when every party is interested the match is in progress. */
export async function respondToIntroduction(actor: Actor, id: string, input: ReplyInput, now = new Date()): Promise<ReplyResult> {
  if (!isUuid(id)) return { ok: false, reason: "not_found" };
  return getDb().transaction(async (tx) => {
    const loaded = await loadMatch(tx, id, { lock: true });
    if (!loaded) return { ok: false, reason: "not_found" };
    const { match, parties } = loaded;
    const clusterIds = parties.map((p) => p.cluster.id);
    const mine = parties.find((p) => p.cluster.id === actor.clusterId);
    if (!mine || !can(actor, "brokering:respond", { clusterIds })) return { ok: false, reason: "not_party" };
    // Parties never see a match before its introduction.
    if (!INTRODUCED_STATUSES.includes(match.status)) return { ok: false, reason: "not_found" };
    const reason = input.response === "not_interested" ? input.reason?.trim() || null : null;
    if (match.status !== "introduced") {
      // Saying again what was already recorded is harmless; anything else is too late.
      if (match.status === "in_progress" && input.response === "interested" && mine.response === "interested") return { ok: true, status: match.status, changed: false };
      return { ok: false, reason: "closed", status: match.status };
    }
    if (mine.response === input.response && (mine.responseReason ?? null) === reason) return { ok: true, status: match.status, changed: false };
    const previous = mine.response;
    await tx
      .update(matchMembers)
      .set({ response: input.response, responseReason: reason, respondedBy: actor.id, respondedAt: now })
      .where(and(eq(matchMembers.matchId, id), eq(matchMembers.postingId, mine.postingId)));
    mine.response = input.response;
    await recordEvent(tx, { matchId: id, kind: "response", actorId: actor.id, postingId: mine.postingId, note: reason, data: { response: input.response }, at: now });
    await audit(tx, {
      actorId: actor.id,
      action: "match.respond",
      entity: "match",
      entityId: id,
      before: { posting: mine.postingId, response: previous },
      after: { posting: mine.postingId, response: input.response, reason },
    });
    const recipients = await introducedRecipients(tx, id);
    const coordinator = await coordinatorOf(tx, match);
    const title = matchTitle(parties);
    const notifications: NotificationInput[] = [];
    let status: MatchStatus = match.status;
    if (parties.every((p) => p.response === "interested")) {
      const [moved] = await tx
        .update(matches)
        .set({ status: "in_progress", updatedAt: now })
        .where(and(eq(matches.id, id), eq(matches.status, "introduced")))
        .returning({ id: matches.id });
      if (moved) {
        status = "in_progress";
        await recordEvent(tx, { matchId: id, kind: "in_progress", fromStatus: "introduced", toStatus: "in_progress", at: now });
        await sendInProgress(tx, match, parties, recipients, coordinator);
        for (const userId of partyUsers(recipients)) notifications.push({ userId, kind: "brokering_in_progress", payload: { title }, link: introductionLink(id) });
        if (coordinator) notifications.push({ userId: coordinator.id, kind: "brokering_in_progress", payload: { title }, link: coordinationLink(id) });
      }
    } else {
      const kind = input.response === "interested" ? "brokering_interested" : "brokering_not_interested";
      if (coordinator) notifications.push({ userId: coordinator.id, kind, payload: { cluster: mine.cluster.name, title }, link: coordinationLink(id) });
      if (input.response === "not_interested") {
        const others = recipients.filter((r) => r.postingId !== mine.postingId);
        for (const userId of partyUsers(others, actor.id)) notifications.push({ userId, kind, payload: { cluster: mine.cluster.name, title }, link: introductionLink(id) });
      }
    }
    await notify(tx, notifications.filter((n) => n.userId !== actor.id));
    return { ok: true, status, changed: true };
  });
}

// ------------------------------------------------------------------ outcome

export type OutcomeInput =
  | { outcome: "concluded"; savingsCad: number; ghgAvoidedKg: number; participants?: number | null; summary: string }
  | { outcome: "abandoned"; reason: string };

export type OutcomeResult =
  | { ok: true; outcome: MatchOutcome }
  | { ok: false; reason: "not_found" | "not_party" }
  | { ok: false; reason: "not_open"; status: MatchStatus };

/** From which statuses each outcome can be recorded. */
export const OUTCOME_FROM: Record<OutcomeInput["outcome"], MatchStatus[]> = {
  concluded: ["in_progress"],
  abandoned: ["introduced", "in_progress"],
};

/** Any party or the coordination records how it ended. */
export async function recordOutcome(actor: Actor, id: string, input: OutcomeInput, now = new Date()): Promise<OutcomeResult> {
  if (!isUuid(id)) return { ok: false, reason: "not_found" };
  if (input.outcome === "concluded" && (input.savingsCad < 0 || input.ghgAvoidedKg < 0 || (input.participants ?? 0) < 0)) throw new Error("negative indicators must be refused by validation");
  return getDb().transaction(async (tx) => {
    const loaded = await loadMatch(tx, id, { lock: true });
    if (!loaded) return { ok: false, reason: "not_found" };
    const { match, parties } = loaded;
    const clusterIds = parties.map((p) => p.cluster.id);
    if (!can(actor, "brokering:outcome", { clusterIds })) return { ok: false, reason: "not_party" };
    // Parties never see a match before its introduction.
    if (!isCoordination(actor) && !INTRODUCED_STATUSES.includes(match.status)) return { ok: false, reason: "not_found" };
    const [moved] = await tx
      .update(matches)
      .set({ status: input.outcome, updatedAt: now })
      .where(and(eq(matches.id, id), inArray(matches.status, OUTCOME_FROM[input.outcome])))
      .returning({ id: matches.id });
    if (!moved) return { ok: false, reason: "not_open", status: match.status };
    const values =
      input.outcome === "concluded"
        ? { matchId: id, outcome: input.outcome, savingsCad: input.savingsCad, ghgAvoidedKg: input.ghgAvoidedKg, participants: input.participants ?? null, summary: input.summary.trim(), recordedBy: actor.id, recordedAt: now }
        : { matchId: id, outcome: input.outcome, abandonReason: input.reason.trim(), recordedBy: actor.id, recordedAt: now };
    const [outcome] = await tx.insert(matchOutcomes).values(values).returning();
    await recordEvent(tx, {
      matchId: id,
      kind: input.outcome,
      actorId: actor.id,
      fromStatus: match.status,
      toStatus: input.outcome,
      note: input.outcome === "concluded" ? input.summary.trim() : input.reason.trim(),
      data: input.outcome === "concluded" ? { savingsCad: input.savingsCad, ghgAvoidedKg: input.ghgAvoidedKg, participants: input.participants ?? null } : {},
      at: now,
    });
    await audit(tx, { actorId: actor.id, action: "match.outcome", entity: "match", entityId: id, before: { status: match.status }, after: { status: input.outcome, ...values, recordedAt: now.toISOString() } });
    const recipients = await introducedRecipients(tx, id);
    const title = matchTitle(parties);
    const kind = input.outcome === "concluded" ? "brokering_concluded" : "brokering_abandoned";
    const notifications: NotificationInput[] = partyUsers(recipients, actor.id).map((userId) => ({ userId, kind, payload: { title }, link: introductionLink(id) }));
    if (match.decidedBy && match.decidedBy !== actor.id) notifications.push({ userId: match.decidedBy, kind, payload: { title }, link: coordinationLink(id) });
    await notify(tx, notifications);
    return { ok: true, outcome };
  });
}
