/**
 * Brokering's background jobs: coordinators told of new proposals (at once or in a daily digest),
 * reminders to parties who have not answered, and posting owners told 14 days before expiry.
 *
 * Each message is claimed by inserting its (kind, key) into `brokering_sends` in the very transaction
 * that writes the emails and notifications. Two processes running the same job: the second insert
 * waits on the unique key until the first commits, then conflicts and sends nothing. A crash rolls
 * back both the claim and the messages, so the next run sends them. Jobs are therefore idempotent and
 * safe in several processes; running one twice sends nothing new.
 */
import { and, asc, count, desc, eq, gt, gte, inArray, isNull, like, lte, ne, sql } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { clusters, matches, matchMembers, postings, users } from "@db/schema";
import { brokeringSends, type BrokeringSendKind } from "@db/schema";
import { num } from "~/modules/config.server";
import type { Job } from "~/modules/jobs/scheduler.server";
import { appUrl } from "~/modules/config.server";
import { dateTimeFormat, formatDate, isLocale, translator, type Locale, type MessageKey } from "~/modules/i18n";
import { sendEmail } from "~/modules/notifications/mail.server";
import { notify } from "~/modules/notifications/notifications.server";
import { recordEvent } from "./events.server";
import { expireIntroductions, returnDeferred } from "./followup.server";
import { introducedRecipients } from "./introductions.server";
import { coordinationLink, postingLine, reasonLines, sendReminder } from "./messages.server";
import { partiesOf, type Party } from "./parties.server";
import { coordinatorsWithPreferences, getBrokeringSettings, MAX_REMINDERS, type CoordinatorRecipient } from "./settings.server";

const DAY = 86_400_000;
/** Proposals newer than this are announced (older ones predate the job, e.g. after an upgrade). */
export const PROPOSAL_LOOKBACK_MS = 2 * DAY;
/** Up to this many new proposals are announced one by one; more become one summary. */
export const IMMEDIATE_ONE_BY_ONE = 5;
export const EXPIRY_WARNING_DAYS = 14;
const SIGNATURE = "\n\n— Maillage";

/** Claim keys; returns those this transaction got (the others were already sent, or are being sent). */
async function claim(tx: Tx, kind: BrokeringSendKind, keys: string[], now: Date): Promise<string[]> {
  if (!keys.length) return [];
  const rows = await tx
    .insert(brokeringSends)
    .values(keys.map((key) => ({ kind, key, sentAt: now })))
    .onConflictDoNothing()
    .returning({ key: brokeringSends.key });
  return rows.map((r) => r.key);
}

async function setRecipients(tx: Tx, kind: BrokeringSendKind, keys: string[], n: number) {
  if (keys.length) await tx.update(brokeringSends).set({ recipients: n }).where(and(eq(brokeringSends.kind, kind), inArray(brokeringSends.key, keys)));
}

interface ProposalSummary {
  id: string;
  score: number;
  reasons: { code: string; weight: number; detail?: Record<string, string | number> }[];
  parties: Party[];
}

async function proposalSummaries(tx: Tx, ids: string[]): Promise<ProposalSummary[]> {
  if (!ids.length) return [];
  const rows = await tx.select({ id: matches.id, score: matches.score, reasons: matches.reasons }).from(matches).where(inArray(matches.id, ids)).orderBy(desc(matches.score));
  const parties = await partiesOf(tx, ids);
  return rows.map((r) => ({ ...r, parties: parties.get(r.id) ?? [] }));
}

function proposalTitle(p: ProposalSummary): string {
  return p.parties.map((x) => x.posting.title).join(" ↔ ");
}

function proposalBlock(locale: Locale, p: ProposalSummary): string {
  const t = translator(locale);
  const lines = p.parties.map((x) => `• ${x.cluster.name} — ${postingLine(t, x.posting)}`);
  return [t("mail.proposal.score", { score: p.score }), ...lines, `${appUrl()}${coordinationLink(p.id)}`].join("\n");
}

/** Emails and notifications announcing proposals to one coordinator (one by one, or summarised). */
async function announce(tx: Tx, c: CoordinatorRecipient, list: ProposalSummary[], digest: { day: string; pending: number } | null) {
  const t = translator(c.locale);
  const queue = `${appUrl()}/coordination/matches`;
  const settingsLink = `${appUrl()}/coordination/matches/settings`;
  if (digest) {
    const body = [
      t("mail.digest.intro", { name: c.name, count: list.length, pending: digest.pending }),
      list.map((p) => proposalBlock(c.locale, p)).join("\n\n"),
      t("mail.proposal.queue", { link: queue }),
      t("mail.digest.preference", { link: settingsLink }),
    ].join("\n\n");
    await sendEmail(tx, { to: c.email, subject: t("mail.digest.subject", { count: list.length, date: digest.day }), text: body + SIGNATURE, kind: "digest" });
    await notify(tx, { userId: c.id, kind: "brokering_digest", payload: { count: list.length }, link: "/coordination/matches" });
    return;
  }
  if (list.length <= IMMEDIATE_ONE_BY_ONE) {
    for (const p of list) {
      const reasons = reasonLines(t, c.locale, p.reasons, p.parties.map((x) => x.posting), 4);
      const body = [
        t("mail.proposal.intro", { name: c.name }),
        proposalBlock(c.locale, p),
        reasons ? `${t("mail.introduction.why")}\n${reasons}` : "",
        t("mail.proposal.preference", { link: settingsLink }),
      ]
        .filter(Boolean)
        .join("\n\n");
      await sendEmail(tx, { to: c.email, subject: t("mail.proposal.subject", { score: p.score, title: proposalTitle(p) }), text: body + SIGNATURE, kind: "proposal" });
      await notify(tx, { userId: c.id, kind: "brokering_proposal", payload: { score: p.score, title: proposalTitle(p) }, link: coordinationLink(p.id) });
    }
    return;
  }
  const body = [
    t("mail.proposals.intro", { name: c.name, count: list.length }),
    list
      .slice(0, 20)
      .map((p) => proposalBlock(c.locale, p))
      .join("\n\n"),
    t("mail.proposal.queue", { link: queue }),
    t("mail.proposal.preference", { link: settingsLink }),
  ].join("\n\n");
  await sendEmail(tx, { to: c.email, subject: t("mail.proposals.subject", { count: list.length }), text: body + SIGNATURE, kind: "proposal" });
  await notify(tx, { userId: c.id, kind: "brokering_proposals", payload: { count: list.length }, link: "/coordination/matches" });
}

/** New proposals, at once, to the coordinators who chose "immediately". Returns the proposals announced. */
export async function sendProposalNotices(now = new Date()): Promise<number> {
  const db = getDb();
  const candidates = await db
    .select({ id: matches.id })
    .from(matches)
    .leftJoin(brokeringSends, and(eq(brokeringSends.kind, "proposal"), eq(brokeringSends.key, sql`${matches.id}::text`)))
    .where(and(eq(matches.status, "proposed"), gte(matches.createdAt, new Date(now.getTime() - PROPOSAL_LOOKBACK_MS)), lte(matches.createdAt, now), isNull(brokeringSends.key)))
    .orderBy(asc(matches.createdAt))
    .limit(200);
  if (!candidates.length) return 0;
  return db.transaction(async (tx) => {
    const claimed = await claim(
      tx,
      "proposal",
      candidates.map((c) => c.id),
      now,
    );
    if (!claimed.length) return 0;
    const immediate = (await coordinatorsWithPreferences(tx)).filter((c) => c.mode === "immediate");
    const list = await proposalSummaries(tx, claimed);
    for (const c of immediate) await announce(tx, c, list, null);
    await setRecipients(tx, "proposal", claimed, immediate.length);
    return claimed.length;
  });
}

/** Local calendar day and hour in Québec. */
export function localDayHour(now: Date): { day: string; hour: number } {
  const parts = dateTimeFormat("en-CA", { timeZone: "America/Toronto", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { day: `${get("year")}-${get("month")}-${get("day")}`, hour: Number(get("hour")) };
}

/** Once a day, after the digest hour: new proposals since the previous digest, to those who chose the digest. */
export async function sendDigests(now = new Date()): Promise<number> {
  const { digestHour } = await getBrokeringSettings();
  const { day, hour } = localDayHour(now);
  if (hour < digestHour) return 0;
  const db = getDb();
  const coordinators = (await coordinatorsWithPreferences()).filter((c) => c.mode === "digest");
  let sent = 0;
  for (const c of coordinators) {
    const key = `${c.id}:${day}`;
    sent += await db.transaction(async (tx) => {
      const [previous] = await tx
        .select({ sentAt: brokeringSends.sentAt })
        .from(brokeringSends)
        .where(and(eq(brokeringSends.kind, "digest"), like(brokeringSends.key, `${c.id}:%`), ne(brokeringSends.key, key)))
        .orderBy(desc(brokeringSends.sentAt))
        .limit(1);
      if (!(await claim(tx, "digest", [key], now)).length) return 0;
      const since = previous?.sentAt ?? new Date(now.getTime() - DAY);
      const fresh = await tx
        .select({ id: matches.id })
        .from(matches)
        .where(and(eq(matches.status, "proposed"), gt(matches.createdAt, since), lte(matches.createdAt, now)));
      if (!fresh.length) return 0;
      const [{ pending }] = await tx.select({ pending: count() }).from(matches).where(eq(matches.status, "proposed"));
      await announce(tx, c, await proposalSummaries(tx, fresh.map((f) => f.id)), { day: formatDate(c.locale, `${day}T12:00:00Z`), pending: Number(pending) });
      await setRecipients(tx, "digest", [key], 1);
      return 1;
    });
  }
  return sent;
}

/** Reminders to parties that have not answered `reminderDays` after the introduction (at most MAX_REMINDERS). */
export async function sendReminders(now = new Date()): Promise<number> {
  const { reminderDays } = await getBrokeringSettings();
  if (reminderDays <= 0) return 0;
  const db = getDb();
  const period = reminderDays * DAY;
  const waiting = await db
    .select({ matchId: matches.id, postingId: matchMembers.postingId, decidedAt: matches.decidedAt })
    .from(matchMembers)
    .innerJoin(matches, eq(matches.id, matchMembers.matchId))
    .where(and(eq(matches.status, "introduced"), eq(matchMembers.response, "pending"), lte(matches.decidedAt, new Date(now.getTime() - period))))
    .limit(500);
  let sent = 0;
  for (const w of waiting) {
    const round = Math.min(MAX_REMINDERS, Math.floor((now.getTime() - w.decidedAt!.getTime()) / period));
    if (round < 1) continue;
    const key = `${w.matchId}:${w.postingId}:${round}`;
    sent += await db.transaction(async (tx) => {
      // still waiting? (the party may have answered since the list was read)
      const [still] = await tx
        .select({ decidedBy: matches.decidedBy })
        .from(matchMembers)
        .innerJoin(matches, eq(matches.id, matchMembers.matchId))
        .where(and(eq(matchMembers.matchId, w.matchId), eq(matchMembers.postingId, w.postingId), eq(matches.status, "introduced"), eq(matchMembers.response, "pending")));
      if (!still) return 0;
      if (!(await claim(tx, "reminder", [key], now)).length) return 0;
      const [match] = await tx.select().from(matches).where(eq(matches.id, w.matchId));
      const parties = (await partiesOf(tx, [w.matchId])).get(w.matchId) ?? [];
      const recipients = (await introducedRecipients(tx, w.matchId)).filter((r) => r.postingId === w.postingId);
      const [coordinator] = still.decidedBy ? await tx.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, still.decidedBy)) : [];
      await sendReminder(tx, match, parties, recipients, coordinator ?? null);
      // the coordinator is told in the app too (the email only puts them in copy)
      const party = parties.find((p) => p.postingId === w.postingId);
      if (coordinator && recipients.length)
        await notify(tx, { userId: coordinator.id, kind: "brokering_reminder_sent", payload: { cluster: party?.cluster.name ?? "", title: party?.posting.title ?? "", round }, link: coordinationLink(w.matchId) });
      await recordEvent(tx, { matchId: w.matchId, kind: "reminder", postingId: w.postingId, data: { round, recipients: recipients.map((r) => r.email) }, at: now });
      await setRecipients(tx, "reminder", [key], recipients.length);
      return recipients.length ? 1 : 0;
    });
  }
  return sent;
}

/** Posting owners told EXPIRY_WARNING_DAYS before their posting expires (once per expiry date). */
export async function sendExpiryWarnings(now = new Date()): Promise<number> {
  const db = getDb();
  const due = await db
    .select({
      id: postings.id,
      title: postings.title,
      kind: postings.kind,
      clusterId: postings.clusterId,
      clusterName: clusters.name,
      expiresAt: postings.expiresAt,
      contactUserId: postings.contactUserId,
      createdBy: postings.createdBy,
    })
    .from(postings)
    .innerJoin(clusters, eq(clusters.id, postings.clusterId))
    .where(and(inArray(postings.status, ["open", "paused"]), gt(postings.expiresAt, now), lte(postings.expiresAt, new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY))))
    .limit(500);
  let sent = 0;
  for (const p of due) {
    const key = `${p.id}:${p.expiresAt!.toISOString()}`;
    sent += await db.transaction(async (tx) => {
      if (!(await claim(tx, "expiry", [key], now)).length) return 0;
      const owners = await postingOwners(tx, p);
      const link = `${appUrl()}/postings/${p.id}`;
      for (const o of owners) {
        const locale: Locale = isLocale(o.locale) ? o.locale : "fr";
        const t = translator(locale);
        const date = formatDate(locale, p.expiresAt!);
        await sendEmail(tx, {
          to: o.email,
          subject: t("mail.expiry.subject", { title: p.title, date }),
          text: t("mail.expiry.body", { name: o.name, kind: t(`kind.${p.kind}` as MessageKey).toLowerCase(), title: p.title, cluster: p.clusterName, date, link }) + SIGNATURE,
          kind: "expiry",
        });
        await notify(tx, { userId: o.id, kind: "brokering_expiry", payload: { title: p.title, date }, link: `/postings/${p.id}` });
      }
      await setRecipients(tx, "expiry", [key], owners.length);
      return owners.length ? 1 : 0;
    });
  }
  return sent;
}

/** Who looks after a posting: its contact person, else its author, else the cluster's administrators. */
async function postingOwners(tx: Tx, p: { clusterId: string; contactUserId: string | null; createdBy: string | null }) {
  const columns = { id: users.id, name: users.name, email: users.email, locale: users.locale };
  for (const id of [p.contactUserId, p.createdBy]) {
    if (!id) continue;
    const [u] = await tx.select(columns).from(users).where(and(eq(users.id, id), eq(users.clusterId, p.clusterId)));
    if (u) return [u];
  }
  return tx.select(columns).from(users).where(and(eq(users.clusterId, p.clusterId), eq(users.role, "cluster_admin")));
}

/** The jobs listed in app/modules/jobs/scheduler.server.ts. */
export function brokeringJobs(): Job[] {
  return [
    { name: "brokering-proposals", everyMs: num("BROKERING_POLL_MS", 15_000), run: (now) => sendProposalNotices(now) },
    { name: "brokering-digest", everyMs: 5 * 60_000, run: (now) => sendDigests(now) },
    { name: "brokering-reminders", everyMs: 15 * 60_000, run: (now) => sendReminders(now) },
    { name: "brokering-expiry", everyMs: 60 * 60_000, run: (now) => sendExpiryWarnings(now) },
    { name: "brokering-deferred", everyMs: 60_000, run: (now) => returnDeferred(now) },
    { name: "brokering-introductions-expiry", everyMs: 15 * 60_000, run: (now) => expireIntroductions(now) },
  ];
}
