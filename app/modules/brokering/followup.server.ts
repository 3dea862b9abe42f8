/**
 * Following an introduction up: who answered and how long the others have waited, whether each email
 * reached its recipient (from the outbox), the coordination's notes, deferred matches coming back on
 * their date, and introductions nobody finished answering closed after the expiry delay (the
 * coordinator told).
 *
 * The jobs are conditional updates (`… WHERE status = 'deferred' AND deferred_until <= now`,
 * `… WHERE status = 'introduced'`) in the transaction that writes their history and messages: two
 * processes running them at once act once.
 */
import { and, asc, desc, eq, exists, inArray, isNotNull, lte, sql } from "drizzle-orm";
import { getDb, rowsOf, type Tx } from "@db/client.server";
import { clusters, matches, matchMembers, outbox, postings, users, type MatchStatus } from "@db/schema";
import { introductions, matchNotes, matchOutcomes } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/auth/permissions";
import { COORDINATION } from "~/modules/auth/permissions";
import { appUrl } from "~/modules/config.server";
import { isLocale, translator, type Locale } from "~/modules/i18n";
import { sendEmail } from "~/modules/notifications/mail.server";
import { notify, type NotificationInput } from "~/modules/notifications/notifications.server";
import { invalidResult, notFoundResult, ok, type Result } from "~/modules/result";
import { NOTE_BODY_MAX } from "./constants";
import { plainDeliveryError, type DeliveryProblem } from "./delivery";
import { recordEvent } from "./events.server";
import { introducedRecipients } from "./introductions.server";
import { coordinationLink, introductionLink } from "./messages.server";
import { matchTitle, partiesOf } from "./parties.server";
import { getBrokeringSettings } from "./settings.server";
import { joinNames } from "./templates";
import { isUuid } from "~/modules/validation/input";

const DAY = 86_400_000;
const SIGNATURE = "\n\n— Maillage";

/** Whole days between two instants (never negative). */
export const daysBetween = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY));

// ------------------------------------------------------------------ delivery

export type DeliveryStatus = "sent" | "pending" | "failed" | "unknown";

/** An outbox row's status as the coordinator reads it ("sending" is still waiting; no row: unknown). */
const deliveryStatus = (status: string | null | undefined): DeliveryStatus => (!status ? "unknown" : status === "sent" ? "sent" : status === "failed" ? "failed" : "pending");

export interface Delivery {
  postingId: string;
  name: string;
  email: string;
  status: DeliveryStatus;
  attempts: number;
  sentAt: Date | null;
  nextAttemptAt: Date | null;
  outboxId: number | null;
  problem: DeliveryProblem | null;
  error: string | null;
}

/** Each introduced person with the state of their introduction email. */
export async function deliveriesOf(db: Tx, matchId: string): Promise<Delivery[]> {
  const rows = await db
    .select({ intro: introductions, box: { id: outbox.id, status: outbox.status, attempts: outbox.attempts, sentAt: outbox.sentAt, nextAttemptAt: outbox.nextAttemptAt, lastError: outbox.lastError } })
    .from(introductions)
    .leftJoin(outbox, eq(outbox.id, introductions.outboxId))
    .where(eq(introductions.matchId, matchId))
    .orderBy(asc(introductions.id));
  return rows.map(({ intro, box }) => {
    const status = deliveryStatus(box?.id ? box.status : null);
    return {
      postingId: intro.postingId,
      name: intro.name,
      email: intro.email,
      status,
      attempts: box?.attempts ?? 0,
      sentAt: box?.sentAt ?? null,
      nextAttemptAt: status === "pending" ? (box?.nextAttemptAt ?? null) : null,
      outboxId: box?.id ?? null,
      problem: box?.lastError && status !== "sent" ? plainDeliveryError(box.lastError) : null,
      error: status !== "sent" ? (box?.lastError ?? null) : null,
    };
  });
}

/** Several matches' delivery at a glance, in one query (the list of live introductions). */
export async function deliverySummaries(db: Tx, matchIds: string[]): Promise<Map<string, ReturnType<typeof deliverySummary>>> {
  const out = new Map<string, ReturnType<typeof deliverySummary>>();
  if (!matchIds.length) return out;
  const rows = await db
    .select({ matchId: introductions.matchId, status: outbox.status })
    .from(introductions)
    .leftJoin(outbox, eq(outbox.id, introductions.outboxId))
    .where(inArray(introductions.matchId, matchIds));
  const by = new Map<string, Pick<Delivery, "status">[]>();
  for (const r of rows) {
    const list = by.get(r.matchId) ?? [];
    list.push({ status: deliveryStatus(r.status) });
    by.set(r.matchId, list);
  }
  for (const id of matchIds) out.set(id, deliverySummary(by.get(id) ?? []));
  return out;
}

/** The match's delivery at a glance: every email sent, some waiting, or some failed. */
export function deliverySummary(list: Pick<Delivery, "status">[]): "none" | "sent" | "pending" | "failed" {
  if (!list.length) return "none";
  if (list.some((d) => d.status === "failed")) return "failed";
  if (list.some((d) => d.status === "pending")) return "pending";
  return "sent";
}

// ------------------------------------------------------------------ notes

export async function notesOf(db: Tx, matchId: string) {
  return db
    .select({ id: matchNotes.id, body: matchNotes.body, createdAt: matchNotes.createdAt, authorName: users.name })
    .from(matchNotes)
    .leftJoin(users, eq(users.id, matchNotes.authorId))
    .where(eq(matchNotes.matchId, matchId))
    .orderBy(desc(matchNotes.createdAt), desc(matchNotes.id));
}

/** A coordinator's running note on a match (any status; never shown to the parties). */
export async function addNote(actor: Actor, matchId: string, body: string, now = new Date()): Promise<Result<{ id: number }>> {
  const text = body.trim();
  if (!text) return invalidResult({ body: { key: "error.required" } });
  if (text.length > NOTE_BODY_MAX) return invalidResult({ body: { key: "error.tooLong", params: { max: NOTE_BODY_MAX } } });
  if (!isUuid(matchId)) return notFoundResult();
  return getDb().transaction(async (tx) => {
    const [m] = await tx.select({ id: matches.id }).from(matches).where(eq(matches.id, matchId));
    if (!m) return notFoundResult();
    const [row] = await tx.insert(matchNotes).values({ matchId, authorId: actor.id, body: text, createdAt: now }).returning({ id: matchNotes.id });
    await audit(tx, { actorId: actor.id, action: "match.note", entity: "match", entityId: matchId, after: { note: row.id } });
    return ok({ id: row.id });
  });
}

// ------------------------------------------------------------------ deferred matches come back

/** Deferred matches whose date has come are proposed again; whoever deferred them is told in the app. */
export async function returnDeferred(now = new Date()): Promise<number> {
  return getDb().transaction(async (tx) => {
    const back = await tx
      .update(matches)
      .set({ status: "proposed", deferredUntil: null, decidedBy: null, decidedAt: null, decisionNote: null, updatedAt: now, version: sql`${matches.version} + 1` })
      .where(and(eq(matches.status, "deferred"), isNotNull(matches.deferredUntil), lte(matches.deferredUntil, now)))
      .returning({ id: matches.id });
    if (!back.length) return 0;
    // who deferred each one: the latest "deferred" event (the update above cleared decided_by)
    const ids = back.map((b) => b.id);
    const deferrers = rowsOf<{ match_id: string; actor_id: string | null }>(
      await tx.execute(
        sql`select distinct on (match_id) match_id, actor_id from match_events
            where kind = 'deferred' and match_id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)}) order by match_id, at desc, id desc`,
      ),
    );
    const by = new Map(deferrers.map((r) => [r.match_id, r.actor_id]));
    const parties = await partiesOf(tx, ids);
    const notes: NotificationInput[] = [];
    for (const id of ids) {
      await recordEvent(tx, { matchId: id, kind: "returned", fromStatus: "deferred", toStatus: "proposed", at: now });
      const actor = by.get(id);
      if (actor) notes.push({ userId: actor, kind: "brokering_returned", payload: { title: matchTitle(parties.get(id) ?? []) }, link: coordinationLink(id) });
    }
    await notify(tx, notes);
    return ids.length;
  });
}

// ------------------------------------------------------------------ unanswered introductions expire

/**
 * Introductions still awaiting an answer `expiryDays` after they were sent are closed (abandoned, with
 * the reason written in the introducing coordinator's language), the parties and the coordinator told.
 */
export async function expireIntroductions(now = new Date()): Promise<number> {
  const { expiryDays } = await getBrokeringSettings();
  if (!(expiryDays >= 1)) return 0;
  const db = getDb();
  const cutoff = new Date(now.getTime() - expiryDays * DAY);
  const pending = exists(db.select({ one: sql`1` }).from(matchMembers).where(and(eq(matchMembers.matchId, matches.id), eq(matchMembers.response, "pending"))));
  const due = await db
    .select({ id: matches.id })
    .from(matches)
    .where(and(eq(matches.status, "introduced"), lte(matches.decidedAt, cutoff), pending))
    .limit(200);
  let expired = 0;
  for (const { id } of due) {
    expired += await db.transaction(async (tx) => {
      const [moved] = await tx
        .update(matches)
        .set({ status: "abandoned", updatedAt: now, version: sql`${matches.version} + 1` })
        .where(and(eq(matches.id, id), eq(matches.status, "introduced"), lte(matches.decidedAt, cutoff), pending))
        .returning();
      if (!moved) return 0;
      const parties = (await partiesOf(tx, [id])).get(id) ?? [];
      const silent = parties.filter((p) => p.response === "pending");
      const [coordinator] = moved.decidedBy ? await tx.select({ id: users.id, name: users.name, email: users.email, locale: users.locale }).from(users).where(eq(users.id, moved.decidedBy)) : [];
      const coordinators = coordinator ? [coordinator] : await tx.select({ id: users.id, name: users.name, email: users.email, locale: users.locale }).from(users).where(inArray(users.role, [...COORDINATION]));
      const reasonLocale: Locale = coordinator && isLocale(coordinator.locale) ? coordinator.locale : "fr";
      const names = (locale: Locale) => joinNames(locale, silent.map((p) => p.cluster.name));
      const reason = translator(reasonLocale)("coordination.expiry.reason", { days: expiryDays, clusters: names(reasonLocale) });
      await tx.insert(matchOutcomes).values({ matchId: id, outcome: "abandoned", abandonReason: reason, recordedBy: null, recordedAt: now });
      await recordEvent(tx, { matchId: id, kind: "expired", fromStatus: "introduced", toStatus: "abandoned", note: reason, data: { days: expiryDays, silent: silent.map((p) => p.postingId) }, at: now });
      await audit(tx, { actorId: null, action: "match.expire", entity: "match", entityId: id, before: { status: "introduced" }, after: { status: "abandoned", days: expiryDays } });
      const title = matchTitle(parties);
      const notes: NotificationInput[] = [];
      for (const c of coordinators) {
        const locale: Locale = isLocale(c.locale) ? c.locale : "fr";
        const t = translator(locale);
        await sendEmail(tx, {
          to: c.email,
          subject: t("coordination.mail.expired.subject", { title }),
          text: t("coordination.mail.expired.body", { name: c.name, title, days: expiryDays, clusters: names(locale), link: `${appUrl()}${coordinationLink(id)}` }) + SIGNATURE,
          kind: "brokering",
        });
        notes.push({ userId: c.id, kind: "brokering_expired", payload: { title, days: expiryDays }, link: coordinationLink(id) });
      }
      const recipients = await introducedRecipients(tx, id);
      for (const userId of new Set(recipients.map((r) => r.userId).filter((u): u is string => !!u))) notes.push({ userId, kind: "brokering_expired_party", payload: { title }, link: introductionLink(id) });
      await notify(tx, notes);
      return 1;
    });
  }
  return expired;
}

// ------------------------------------------------------------------ who answered, who is waiting

export interface PartyFollowUp {
  postingId: string;
  clusterName: string;
  response: "pending" | "interested" | "not_interested";
  respondedAt: Date | null;
  respondedByName: string | null;
  /** Days since the introduction, for a party still silent. */
  waitingDays: number | null;
  /** Days it took to answer. */
  answeredAfterDays: number | null;
  reminders: number;
}

/** Each party's answer and waiting time on an introduced match (`introducedAt` = the approval). */
export async function followUpOf(db: Tx, matchId: string, introducedAt: Date | null, now = new Date()): Promise<PartyFollowUp[]> {
  if (!introducedAt) return [];
  const parties = (await partiesOf(db, [matchId])).get(matchId) ?? [];
  const reminders = rowsOf<{ posting_id: string; n: number | string }>(
    await db.execute(sql`select posting_id, count(*)::int as n from match_events where match_id = ${matchId} and kind = 'reminder' group by posting_id`),
  );
  const byPosting = new Map(reminders.map((r) => [r.posting_id, Number(r.n)]));
  return parties.map((p) => ({
    postingId: p.postingId,
    clusterName: p.cluster.name,
    response: p.response,
    respondedAt: p.respondedAt,
    respondedByName: p.respondedByName,
    waitingDays: p.response === "pending" ? daysBetween(introducedAt, now) : null,
    answeredAfterDays: p.respondedAt ? daysBetween(introducedAt, p.respondedAt) : null,
    reminders: byPosting.get(p.postingId) ?? 0,
  }));
}

/** For the list of live introductions: per match, who is still silent and since when. */
export async function waitingOf(db: Tx, matchIds: string[], now = new Date()): Promise<Map<string, { answered: number; total: number; waitingDays: number | null; silent: string[] }>> {
  const out = new Map<string, { answered: number; total: number; waitingDays: number | null; silent: string[] }>();
  if (!matchIds.length) return out;
  const rows = await db
    .select({ matchId: matchMembers.matchId, response: matchMembers.response, decidedAt: matches.decidedAt, status: matches.status, clusterName: clusters.name })
    .from(matchMembers)
    .innerJoin(matches, eq(matches.id, matchMembers.matchId))
    .innerJoin(postings, eq(postings.id, matchMembers.postingId))
    .innerJoin(clusters, eq(clusters.id, postings.clusterId))
    .where(inArray(matchMembers.matchId, matchIds));
  for (const r of rows) {
    const cur = out.get(r.matchId) ?? { answered: 0, total: 0, waitingDays: null, silent: [] };
    cur.total++;
    if (r.response !== "pending") cur.answered++;
    else if ((r.status as MatchStatus) === "introduced" && r.decidedAt) {
      cur.silent.push(r.clusterName);
      cur.waitingDays = daysBetween(r.decidedAt, now);
    }
    out.set(r.matchId, cur);
  }
  return out;
}
