/**
 * The coordinator's queue: matches by status group, best first, filtered by category, cluster, type
 * and age; and one match with everything needed to decide (postings side by side, reasons, who would
 * be written to, history, outcome).
 */
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { clusters, matches, matchMembers, MATCH_TYPES, postings, users, type MatchStatus, type MatchType } from "@db/schema";
import { introductions } from "@db/schema";
import { CATEGORIES, type Category } from "~/modules/postings/constants";
import { isComplete } from "~/modules/postings/access";
import { AGES, QUEUE_PAGE_SIZE, QUEUE_TABS, TAB_STATUSES, type Age, type QueueTab } from "./constants";
import { isUuid } from "./decisions.server";
import { eventsOf } from "./events.server";
import { outcomeOf } from "./introductions.server";
import { partiesOf, partyContacts } from "./parties.server";

export { AGES, QUEUE_PAGE_SIZE, QUEUE_TABS, TAB_STATUSES, type Age, type QueueTab } from "./constants";

export interface QueueFilters {
  tab: QueueTab;
  category?: Category;
  clusterId?: string;
  type?: MatchType;
  age?: Age;
  page: number;
}

/** Filters from the URL; anything unknown is ignored rather than an error (they are links). */
export function parseQueueFilters(params: URLSearchParams): QueueFilters {
  const pick = <T extends string>(list: readonly T[], v: string | null): T | undefined => list.find((x) => x === v);
  const clusterId = params.get("cluster");
  const page = Number(params.get("page"));
  return {
    tab: pick(QUEUE_TABS, params.get("status")) ?? "proposed",
    category: pick(CATEGORIES, params.get("category")),
    clusterId: isUuid(clusterId) ? clusterId : undefined,
    type: pick(MATCH_TYPES, params.get("type")),
    age: pick(AGES, params.get("age")),
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

const DAY = 86_400_000;

function filterWhere(f: Omit<QueueFilters, "tab" | "page">, now: Date): SQL[] {
  const where: SQL[] = [];
  if (f.type) where.push(eq(matches.type, f.type));
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

export async function listQueue(f: QueueFilters, now = new Date()) {
  const db = getDb();
  const base = filterWhere(f, now);
  const where = and(inArray(matches.status, TAB_STATUSES[f.tab]), ...base);
  const order = f.tab === "proposed" || f.tab === "deferred" ? [desc(matches.score), desc(matches.createdAt), asc(matches.id)] : [desc(matches.updatedAt), asc(matches.id)];
  const [{ total }] = await db.select({ total: count() }).from(matches).where(where);
  const rows = await db
    .select({
      id: matches.id,
      type: matches.type,
      score: matches.score,
      reasons: matches.reasons,
      status: matches.status,
      source: matches.source,
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
  const parties = await partiesOf(db, rows.map((r) => r.id));
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
export async function getMatchForCoordinator(id: string) {
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
  const { memberKey: _k, ...match } = row.match;
  return { match, decidedByName: row.decidedByName, parties: withContacts, outcome: outcome ?? null, events };
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
