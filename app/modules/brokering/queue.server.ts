/**
 * The coordinator's queue: matches by status group, sorted (score, age, category) and filtered by
 * category, cluster, type, source and age, each with the other proposals its postings are in; and one
 * match with everything needed to decide or follow it up (postings side by side, reasons, who would be
 * written to, overlapping introductions, answers and waiting times, delivery, notes, history, outcome).
 */
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { clusters, matches, matchMembers, matchOutcomes, MATCH_TYPES, postings, users, type MatchStatus, type MatchType } from "@db/schema";
import { introductions } from "@db/schema";
import { CATEGORIES, type Category } from "~/modules/postings/constants";
import { isComplete } from "~/modules/postings/access";
import { ACTIVE_STATUSES, AGES, CROSS_REF_STATUSES, MATCH_SOURCES, QUEUE_PAGE_SIZE, QUEUE_SORTS, QUEUE_TABS, TAB_STATUSES, type Age, type MatchSource, type QueueSort, type QueueTab } from "./constants";
import { overlapsOf } from "./decisions.server";
import { eventsOf } from "./events.server";
import { deliveriesOf, deliverySummaries, deliverySummary, followUpOf, notesOf, waitingOf } from "./followup.server";
import { outcomeOf } from "./introductions.server";
import { partiesOf, partyContacts } from "./parties.server";
import { isUuid, pageNumber } from "~/modules/validation/input";

export { AGES, QUEUE_PAGE_SIZE, QUEUE_SORTS, QUEUE_TABS, TAB_STATUSES, type Age, type QueueSort, type QueueTab } from "./constants";

export interface QueueFilters {
  tab: QueueTab;
  category?: Category;
  clusterId?: string;
  type?: MatchType;
  source?: MatchSource;
  age?: Age;
  sort: QueueSort;
  page: number;
}

/** Filters from the URL; anything unknown is ignored rather than an error (they are links). */
export function parseQueueFilters(params: URLSearchParams): QueueFilters {
  const pick = <T extends string>(list: readonly T[], v: string | null): T | undefined => list.find((x) => x === v);
  const clusterId = params.get("cluster");
  return {
    tab: pick(QUEUE_TABS, params.get("status")) ?? "proposed",
    category: pick(CATEGORIES, params.get("category")),
    clusterId: isUuid(clusterId) ? clusterId : undefined,
    type: pick(MATCH_TYPES, params.get("type")),
    source: pick(MATCH_SOURCES, params.get("source")),
    age: pick(AGES, params.get("age")),
    sort: pick(QUEUE_SORTS, params.get("sort")) ?? "score",
    page: pageNumber(params.get("page")),
  };
}

/** The queue's filters as a query string (the match page carries it, for "decide and next"). */
export function queueQuery(f: Partial<QueueFilters>): string {
  const q = new URLSearchParams();
  if (f.tab && f.tab !== "proposed") q.set("status", f.tab);
  if (f.category) q.set("category", f.category);
  if (f.clusterId) q.set("cluster", f.clusterId);
  if (f.type) q.set("type", f.type);
  if (f.source) q.set("source", f.source);
  if (f.age) q.set("age", f.age);
  if (f.sort && f.sort !== "score") q.set("sort", f.sort);
  return q.toString();
}

const DAY = 86_400_000;

function filterWhere(f: Omit<QueueFilters, "tab" | "page" | "sort">, now: Date): SQL[] {
  const where: SQL[] = [];
  if (f.type) where.push(eq(matches.type, f.type));
  if (f.source) where.push(eq(matches.source, f.source));
  if (f.age === "7") where.push(gte(matches.createdAt, new Date(now.getTime() - 7 * DAY)));
  if (f.age === "30") where.push(gte(matches.createdAt, new Date(now.getTime() - 30 * DAY)));
  if (f.age === "older") where.push(lt(matches.createdAt, new Date(now.getTime() - 30 * DAY)));
  if (f.category || f.clusterId) {
    const conds = [sql`mm.match_id = ${matches.id}`];
    if (f.category) conds.push(sql`p.category = ${f.category}`);
    if (f.clusterId) conds.push(sql`p.cluster_id = ${f.clusterId}`);
    where.push(sql`exists (select 1 from ${matchMembers} mm join ${postings} p on p.id = mm.posting_id where ${sql.join(conds, sql` and `)})`);
  }
  return where;
}

/** The first category of a match's postings (to sort by category). */
const firstCategory = sql`(select min(p.category) from ${matchMembers} mm join ${postings} p on p.id = mm.posting_id where mm.match_id = ${matches.id})`;

function queueOrder(f: Pick<QueueFilters, "tab" | "sort">): SQL[] {
  const tie = [desc(matches.createdAt), asc(matches.id)];
  switch (f.sort) {
    case "score_asc":
      return [asc(matches.score), ...tie];
    case "oldest":
      return [asc(matches.createdAt), asc(matches.id)];
    case "newest":
      return tie;
    case "category":
      return [asc(firstCategory), desc(matches.score), ...tie];
    default:
      // decided matches: the latest activity first, unless a sort was asked for
      return f.tab === "proposed" || f.tab === "deferred" ? [desc(matches.score), ...tie] : [desc(matches.updatedAt), asc(matches.id)];
  }
}

/** The ids of a tab's matches in the queue's order (for "next", at most `limit`). */
export async function queueIds(f: QueueFilters, limit = 500, now = new Date()): Promise<string[]> {
  const rows = await getDb()
    .select({ id: matches.id })
    .from(matches)
    .where(and(inArray(matches.status, TAB_STATUSES[f.tab]), ...filterWhere(f, now)))
    .orderBy(...queueOrder(f))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** The proposal after `currentId` in the queue's order (wrapping to the first), or null when none is left. */
export async function nextInQueue(f: QueueFilters, currentId: string, now = new Date()): Promise<string | null> {
  const ids = await queueIds({ ...f, tab: "proposed", page: 1 }, 500, now);
  const at = ids.indexOf(currentId);
  const rest = at >= 0 ? [...ids.slice(at + 1), ...ids.slice(0, at)] : ids;
  return rest.find((id) => id !== currentId) ?? null;
}

export interface CrossRef {
  postingId: string;
  title: string;
  others: { matchId: string; status: MatchStatus; score: number; title: string }[];
}

/**
 * For each match, its postings that are also in other proposals or live introductions, with those
 * matches (the coordinator sees that Numana's helpdesk is in five proposals before approving one).
 */
export async function crossReferences(db: Tx, matchIds: string[]): Promise<Map<string, CrossRef[]>> {
  const out = new Map<string, CrossRef[]>();
  if (!matchIds.length) return out;
  const mine = await db.select({ matchId: matchMembers.matchId, postingId: matchMembers.postingId, title: postings.title }).from(matchMembers).innerJoin(postings, eq(postings.id, matchMembers.postingId)).where(inArray(matchMembers.matchId, matchIds));
  const postingIds = [...new Set(mine.map((m) => m.postingId))];
  const others = await db
    .select({ postingId: matchMembers.postingId, matchId: matches.id, status: matches.status, score: matches.score })
    .from(matchMembers)
    .innerJoin(matches, eq(matches.id, matchMembers.matchId))
    .where(and(inArray(matchMembers.postingId, postingIds), inArray(matches.status, CROSS_REF_STATUSES)))
    .orderBy(desc(matches.score));
  const otherIds = [...new Set(others.map((o) => o.matchId))];
  const parties = await partiesOf(db, otherIds);
  for (const m of mine) {
    const list = others
      .filter((o) => o.postingId === m.postingId && o.matchId !== m.matchId)
      .map((o) => ({
        matchId: o.matchId,
        status: o.status,
        score: o.score,
        title: (parties.get(o.matchId) ?? [])
          .filter((p) => p.postingId !== m.postingId)
          .map((p) => `${p.posting.title} (${p.cluster.name})`)
          .join(" · "),
      }))
      // live introductions first: they are the ones to watch
      .sort((a, b) => Number(ACTIVE_STATUSES.includes(b.status)) - Number(ACTIVE_STATUSES.includes(a.status)) || b.score - a.score);
    if (!list.length) continue;
    const refs = out.get(m.matchId) ?? [];
    refs.push({ postingId: m.postingId, title: m.title, others: list });
    out.set(m.matchId, refs);
  }
  return out;
}

/** Who recorded each outcome (a party's member with their cluster, a coordinator, or nobody: it expired). */
async function outcomeRecorders(db: Tx, ids: string[]) {
  if (!ids.length) return new Map<string, { name: string | null; clusterName: string | null; at: Date }>();
  const rows = await db
    .select({ matchId: matchOutcomes.matchId, name: users.name, clusterName: clusters.name, at: matchOutcomes.recordedAt })
    .from(matchOutcomes)
    .leftJoin(users, eq(users.id, matchOutcomes.recordedBy))
    .leftJoin(clusters, eq(clusters.id, users.clusterId))
    .where(inArray(matchOutcomes.matchId, ids));
  return new Map(rows.map((r) => [r.matchId, { name: r.name, clusterName: r.clusterName, at: r.at }]));
}

export async function listQueue(f: QueueFilters, now = new Date()) {
  const db = getDb();
  const base = filterWhere(f, now);
  const where = and(inArray(matches.status, TAB_STATUSES[f.tab]), ...base);
  const order = queueOrder(f);
  const [{ total }] = await db.select({ total: count() }).from(matches).where(where);
  const rows = await db
    .select({
      id: matches.id,
      type: matches.type,
      score: matches.score,
      reasons: matches.reasons,
      status: matches.status,
      source: matches.source,
      version: matches.version,
      deferredUntil: matches.deferredUntil,
      createdAt: matches.createdAt,
      updatedAt: matches.updatedAt,
      decidedAt: matches.decidedAt,
      decisionNote: matches.decisionNote,
      decidedByName: users.name,
    })
    .from(matches)
    .leftJoin(users, eq(users.id, matches.decidedBy))
    .where(where)
    .orderBy(...order)
    .limit(QUEUE_PAGE_SIZE)
    .offset((f.page - 1) * QUEUE_PAGE_SIZE);
  const ids = rows.map((r) => r.id);
  const parties = await partiesOf(db, ids);
  const refs = f.tab === "proposed" || f.tab === "deferred" ? await crossReferences(db, ids) : new Map<string, CrossRef[]>();
  const waiting = f.tab === "active" ? await waitingOf(db, ids, now) : new Map();
  const recorders = f.tab === "closed" ? await outcomeRecorders(db, ids) : new Map();
  const delivery = f.tab === "active" ? await deliverySummaries(db, ids) : new Map<string, ReturnType<typeof deliverySummary>>();
  // Counts per tab under the same filters, for the tabs.
  const counts = Object.fromEntries(QUEUE_TABS.map((t) => [t, 0])) as Record<QueueTab, number>;
  const byStatus = await db
    .select({ status: matches.status, n: count() })
    .from(matches)
    .where(and(...base))
    .groupBy(matches.status);
  for (const { status, n } of byStatus) {
    const tab = QUEUE_TABS.find((t) => TAB_STATUSES[t].includes(status));
    if (tab) counts[tab] += Number(n);
  }
  return {
    total: Number(total),
    counts,
    items: rows.map((r) => ({
      ...r,
      crossRefs: refs.get(r.id) ?? [],
      waiting: waiting.get(r.id) ?? null,
      recordedBy: recorders.get(r.id) ?? null,
      delivery: delivery.get(r.id) ?? null,
      parties: (parties.get(r.id) ?? []).map((p) => ({
        postingId: p.postingId,
        role: p.role,
        response: p.response,
        posting: {
          id: p.posting.id,
          kind: p.posting.kind,
          category: p.posting.category,
          title: p.posting.title,
          description: p.posting.description.length > 280 ? `${p.posting.description.slice(0, 280).trimEnd()}…` : p.posting.description,
          language: p.posting.language,
          region: p.posting.region,
          startDate: p.posting.startDate,
          endDate: p.posting.endDate,
          quantity: p.posting.quantity,
          unit: p.posting.unit,
          budgetMax: p.posting.budgetMax,
          status: p.posting.status,
          visibility: p.posting.visibility,
          publishedAt: p.posting.publishedAt,
        },
        cluster: { id: p.cluster.id, name: p.cluster.name, slug: p.cluster.slug },
      })),
    })),
  };
}

export type QueueItem = Awaited<ReturnType<typeof listQueue>>["items"][number];

/** Clusters for the filter. */
export async function clusterOptions() {
  return getDb().select({ id: clusters.id, name: clusters.name }).from(clusters).orderBy(asc(clusters.name));
}

/** Everything the coordinator needs to decide on, or follow, one match. */
export async function getMatchForCoordinator(id: string, now = new Date()) {
  if (!isUuid(id)) return null;
  const db = getDb();
  const [row] = await db
    .select({ match: matches, decidedByName: users.name, decidedByEmail: users.email })
    .from(matches)
    .leftJoin(users, eq(users.id, matches.decidedBy))
    .where(eq(matches.id, id));
  if (!row) return null;
  const parties = (await partiesOf(db, [id])).get(id) ?? [];
  const sent = await db.select().from(introductions).where(eq(introductions.matchId, id)).orderBy(asc(introductions.id));
  const withContacts = [];
  for (const p of parties) {
    const introduced = sent.filter((s) => s.postingId === p.postingId).map((s) => ({ name: s.name, email: s.email, locale: s.locale }));
    withContacts.push({
      ...p,
      contacts: introduced.length ? introduced : (await partyContacts(db, p)).map((c) => ({ name: c.name, email: c.email, locale: c.locale as string })),
      introduced: introduced.length > 0,
    });
  }
  const outcome = await outcomeOf(db, id);
  const events = await eventsOf(db, id);
  const decidable = row.match.status === "proposed" || row.match.status === "deferred";
  const postingIds = parties.map((p) => p.postingId);
  const [crossRefs, overlaps, deliveries, followUp, notes, recorder] = await Promise.all([
    crossReferences(db, [id]).then((m) => m.get(id) ?? []),
    decidable ? overlapsOf(db, id, postingIds) : Promise.resolve([]),
    deliveriesOf(db, id),
    followUpOf(db, id, row.match.decidedAt, now),
    notesOf(db, id),
    outcomeRecorders(db, [id]).then((m) => m.get(id) ?? null),
  ]);
  const { memberKey: _k, ...match } = row.match;
  return {
    match,
    decidedByName: row.decidedByName,
    parties: withContacts,
    outcome: outcome ?? null,
    recordedBy: recorder,
    events,
    crossRefs,
    overlaps,
    deliveries,
    delivery: deliverySummary(deliveries),
    followUp,
    notes,
  };
}

export type CoordinatorMatchView = NonNullable<Awaited<ReturnType<typeof getMatchForCoordinator>>>;

/** Postings a coordinator can put in a hand-made match: published and not expired, by title, cluster or id. */
export async function searchPostingsForManual(q: string, selected: string[], now = new Date()) {
  const db = getDb();
  const columns = {
    id: postings.id,
    kind: postings.kind,
    category: postings.category,
    title: postings.title,
    language: postings.language,
    region: postings.region,
    startDate: postings.startDate,
    endDate: postings.endDate,
    quantity: postings.quantity,
    unit: postings.unit,
    budgetMax: postings.budgetMax,
    status: postings.status,
    clusterName: clusters.name,
    clusterId: clusters.id,
  };
  const usable = and(
    inArray(postings.status, ["open", "paused", "matched"]),
    or(eq(postings.status, "matched"), sql`${postings.expiresAt} is null`, gte(postings.expiresAt, now)),
  );
  const ids = selected.filter(isUuid);
  const chosen = ids.length ? await db.select(columns).from(postings).innerJoin(clusters, eq(clusters.id, postings.clusterId)).where(inArray(postings.id, ids)) : [];
  const term = q.trim();
  const found = term
    ? await db
        .select(columns)
        .from(postings)
        .innerJoin(clusters, eq(clusters.id, postings.clusterId))
        .where(and(usable, or(ilike(postings.title, `%${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`), ilike(clusters.name, `%${term.replace(/[%_\\]/g, (c) => `\\${c}`)}%`))))
        .orderBy(desc(postings.publishedAt))
        .limit(30)
    : [];
  // (a draft not completed yet has no kind or category; drafts are never offered here)
  return { chosen: chosen.filter(isComplete), found: found.filter((f) => !ids.includes(f.id)).filter(isComplete) };
}
