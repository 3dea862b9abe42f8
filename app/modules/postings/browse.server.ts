/**
 * Browse and search postings: filters from the URL, visibility rules in SQL, and fuzzy search in two
 * steps (docs/decisions/010-posting-search.md):
 *   1. SQL narrows: every filter through btree indexes, every search term through the trigram index on
 *      the folded document (`<%`, typo-tolerant) or the synonym concepts (`search_terms &&`);
 *   2. fuse.js ranks a bounded set of the best SQL candidates.
 * The browse page, the CSV export and the benchmark all call `browsePostings`.
 */
import Fuse from "fuse.js";
import { and, asc, desc, eq, inArray, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "@db/client.server";
import { clusters, postings } from "@db/schema";
import { isCoordination, type Actor } from "~/modules/auth/permissions";
import { BROWSE_STATUSES, EXPIRING_STATUSES, PAGE_SIZE, type PostingStatus } from "./constants";
import type { BrowseFilters, Sort } from "./filters";
import { foldForSearch, parseSearchQuery, type ParsedQuery } from "./search";

export { filtersToSearchParams, parseBrowseFilters, SORTS, STATUS_FILTERS, type BrowseFilters, type Sort, type StatusFilter } from "./filters";

// ------------------------------------------------------------------ SQL conditions

const notExpired = (now: Date) => or(isNull(postings.expiresAt), sql`${postings.expiresAt} > ${now.toISOString()}`)!;
const expiredSql = (now: Date) =>
  or(eq(postings.status, "expired"), and(inArray(postings.status, [...EXPIRING_STATUSES]), sql`${postings.expiresAt} <= ${now.toISOString()}`))!;

function statusCondition(f: BrowseFilters, now: Date): SQL {
  const s = f.status;
  if (s === "expired") return expiredSql(now);
  if (s === "open" || s === "paused") return and(eq(postings.status, s), notExpired(now))!;
  if (s === "matched" || s === "closed" || s === "draft") return eq(postings.status, s);
  // "all": what the list shows — expired postings and drafts leave it, except in the owner's own view.
  if (f.mine) return sql`true`;
  return and(inArray(postings.status, [...BROWSE_STATUSES]), or(inArray(postings.status, ["matched", "closed"]), notExpired(now)))!;
}

/** Visibility rules of access.ts, in SQL. */
function visibilityCondition(actor: Actor, f: BrowseFilters): SQL {
  const ownOnly = f.mine || f.status === "draft" || f.status === "expired";
  if (isCoordination(actor)) return sql`true`;
  const mine = actor.clusterId && (actor.role === "member" || actor.role === "cluster_admin") ? actor.clusterId : null;
  if (!mine) return ownOnly ? sql`false` : and(eq(postings.visibility, "network"), ne(postings.status, "draft"))!;
  if (ownOnly) return eq(postings.clusterId, mine);
  return or(eq(postings.clusterId, mine), and(eq(postings.visibility, "network"), ne(postings.status, "draft")))!;
}

/** pg_trgm word-similarity threshold set for searches (the index's narrowing). */
const TRGM_THRESHOLD = 0.5;
/** The similarity a term needs, by length: one typo costs a short word most of its trigrams. */
export function similarityFloor(term: string): number {
  return term.length <= 6 ? 0.5 : term.length <= 9 ? 0.55 : 0.6;
}

/**
 * One condition per query term. A term that stands for synonym groups (even misspelt) matches the
 * postings tagged with them — the tags come from the same phrases, so the text adds nothing and the
 * cheap array index answers. Other words are matched by trigrams (typo-tolerant).
 */
function termCondition(term: ParsedQuery["terms"][number]): SQL {
  if (term.groups.length) return sql`${postings.searchTerms} && ${sql.raw(`ARRAY[${term.groups.map((g) => `'${g.replace(/[^a-z0-9_]/g, "")}'`).join(",")}]::text[]`)}`;
  // Short words (TI, RH) must appear as words; longer ones may be misspelt (pg_trgm word similarity).
  if (term.text.length <= 2) return sql`${postings.searchText} LIKE ${`% ${term.text} %`}`;
  // The index finds words sharing half their trigrams; long words must share more (a typo in
  // "batteries" is still found, "production" is not "traduction").
  const strict = similarityFloor(term.text);
  return strict > TRGM_THRESHOLD
    ? sql`(${term.text} <% ${postings.searchText} and word_similarity(${term.text}, ${postings.searchText}) >= ${strict})`
    : sql`${term.text} <% ${postings.searchText}`;
}

function whereOf(actor: Actor, f: BrowseFilters, query: ParsedQuery | null, now: Date): SQL {
  const conds: SQL[] = [visibilityCondition(actor, f), statusCondition(f, now)];
  if (f.kind) conds.push(eq(postings.kind, f.kind));
  if (f.category) conds.push(eq(postings.category, f.category));
  if (f.cluster) conds.push(eq(clusters.slug, f.cluster));
  if (f.region) conds.push(eq(postings.region, f.region));
  if (f.mine && actor.clusterId) conds.push(eq(postings.clusterId, actor.clusterId));
  const end = sql`coalesce(${postings.endDate}, ${postings.deadline})`;
  if (f.from) conds.push(sql`(${end} is null or ${end} >= ${f.from})`);
  if (f.to) conds.push(or(isNull(postings.startDate), lte(postings.startDate, f.to))!);
  for (const term of query?.terms ?? []) conds.push(termCondition(term));
  return and(...conds)!;
}

function orderOf(sort: Sort, query: ParsedQuery | null) {
  const end = sql`coalesce(${postings.endDate}, ${postings.deadline})`;
  switch (sort) {
    case "relevance": {
      if (!query) return [desc(postings.createdAt), asc(postings.id)];
      // A cheap proxy to choose the candidates fuse.js ranks: how many terms appear literally near the
      // start of the document (the title and tags come first), then recency.
      const hits = query.terms
        .filter((t) => t.searchText)
        .map((t) => sql`(left(${postings.searchText}, 160) like ${`%${t.text.replace(/[%_\\]/g, "")}%`})::int`);
      return hits.length ? [sql`${sql.join(hits, sql` + `)} desc`, desc(postings.createdAt), asc(postings.id)] : [desc(postings.createdAt), asc(postings.id)];
    }
    case "oldest":
      return [asc(postings.createdAt), asc(postings.id)];
    case "ending":
      return [sql`${end} asc nulls last`, desc(postings.createdAt), asc(postings.id)];
    case "title":
      return [asc(sql`lower(${postings.title})`), asc(postings.id)];
    default:
      return [desc(postings.createdAt), asc(postings.id)];
  }
}

// ------------------------------------------------------------------ the query

/** What the list needs. The page shows an excerpt; fuse.js reads the start of the search document. */
function listColumns(full: boolean) {
  return {
    id: postings.id,
    clusterId: postings.clusterId,
    clusterSlug: clusters.slug,
    clusterName: clusters.name,
    kind: postings.kind,
    category: postings.category,
    title: postings.title,
    description: full ? postings.description : sql<string>`left(${postings.description}, ${DESCRIPTION_EXCERPT})`,
    tags: postings.tags,
    language: postings.language,
    region: postings.region,
    startDate: postings.startDate,
    endDate: postings.endDate,
    quantity: postings.quantity,
    unit: postings.unit,
    budgetMax: postings.budgetMax,
    budgetBasis: postings.budgetBasis,
    programme: postings.programme,
    deadline: postings.deadline,
    attributes: postings.attributes,
    sdAxes: postings.sdAxes,
    visibility: postings.visibility,
    status: postings.status,
    expiresAt: postings.expiresAt,
    createdAt: postings.createdAt,
    updatedAt: postings.updatedAt,
    searchText: sql<string>`left(${postings.searchText}, ${FUSE_TEXT})`,
    searchTerms: postings.searchTerms,
    total: sql<number>`count(*) over ()`.mapWith(Number),
  };
}
/** Characters of the description sent to the list (it shows 220), and of the document fuse.js reads. */
const DESCRIPTION_EXCERPT = 300;
const FUSE_TEXT = 300;

const selectList = (q: Db, where: SQL, full = false) => q.select(listColumns(full)).from(postings).innerJoin(clusters, eq(clusters.id, postings.clusterId)).where(where);
type Row = Awaited<ReturnType<typeof selectList>>[number];
export type BrowseItem = Omit<Row, "searchText" | "searchTerms" | "total"> & { status: PostingStatus };

export interface BrowseResult {
  items: BrowseItem[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

/** How many of the best SQL candidates fuse.js re-ranks. */
export const RANK_CANDIDATES = 200;

/**
 * fuse.js ranking of the candidates: for each query term, a posting tagged with one of the term's
 * concepts scores 0 (a synonym hit), otherwise fuse's fuzzy score on the title and the document.
 * The posting's score is the mean over terms; ties keep the SQL order.
 */
export function rankWithFuse<T extends { title: string; searchText: string; searchTerms: string[] }>(rows: T[], query: ParsedQuery): T[] {
  if (rows.length < 2 || query.terms.length === 0) return rows;
  const docs = rows.map((r, i) => ({ i, title: foldForSearch(r.title), text: r.searchText }));
  const fuse = new Fuse(docs, {
    keys: [
      { name: "title", weight: 2 },
      { name: "text", weight: 1 },
    ],
    includeScore: true,
    ignoreLocation: true,
    threshold: 0.4,
    minMatchCharLength: 2,
    shouldSort: false,
  });
  const total = new Float64Array(rows.length);
  for (const term of query.terms) {
    const scores = new Float64Array(rows.length).fill(1);
    for (const hit of fuse.search(term.text)) scores[hit.item.i] = hit.score ?? 1;
    rows.forEach((r, i) => {
      // A synonym hit counts as a good match, a little behind the literal words in the title.
      const concept = term.groups.some((g) => r.searchTerms.includes(g)) ? 0.3 : 1;
      total[i] += Math.min(scores[i], concept);
    });
  }
  return rows
    .map((r, i) => ({ r, i, s: total[i] }))
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((x) => x.r);
}

function toItem(r: Row, now: Date): BrowseItem {
  const { searchText: _s, searchTerms: _t, total: _n, ...item } = r;
  const expired = EXPIRING_STATUSES.includes(item.status) && item.expiresAt && item.expiresAt.getTime() <= now.getTime();
  return { ...item, status: expired ? "expired" : item.status };
}

export interface BrowseOptions {
  db?: Db;
  now?: Date;
  pageSize?: number;
  /** Full descriptions (export) instead of excerpts (the list). */
  full?: boolean;
}

export async function browsePostings(actor: Actor, f: BrowseFilters, opts: BrowseOptions = {}): Promise<BrowseResult> {
  const db = opts.db ?? getDb();
  const now = opts.now ?? new Date();
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const parsed = f.q ? parseSearchQuery(f.q) : null;
  const query = parsed && parsed.terms.length ? parsed : null;
  const sort: Sort = f.sort === "relevance" && !query ? "newest" : f.sort;
  const where = whereOf(actor, f, query, now);
  const offset = (f.page - 1) * pageSize;
  const run = async (q: Db): Promise<Row[]> => {
    const base = () => selectList(q, where, opts.full);
    if (sort === "relevance" && offset < RANK_CANDIDATES) {
      // The best candidates by SQL similarity, re-ranked by fuse.js; later pages follow the SQL order.
      const window = Math.max(RANK_CANDIDATES, offset + pageSize);
      const rows = await base()
        .orderBy(...orderOf(sort, query))
        .limit(window);
      const ranked = [...rankWithFuse(rows.slice(0, RANK_CANDIDATES), query!), ...rows.slice(RANK_CANDIDATES)];
      return ranked.slice(offset, offset + pageSize).map((r) => ({ ...r, total: rows[0]?.total ?? 0 }));
    }
    return base()
      .orderBy(...orderOf(sort, query))
      .limit(pageSize)
      .offset(offset);
  };

  let rows: Row[];
  if (query?.terms.some((t) => !t.groups.length && t.text.length > 2)) {
    // Typos: a word matches when at least half of its trigrams appear in the document (default 0.6).
    rows = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TRGM_THRESHOLD)}, true)`);
      return run(tx as unknown as Db);
    });
  } else rows = await run(db);

  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && offset > 0) {
    // Past the last page: count alone, then show the last page (the first when there is none).
    const [c] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(postings).innerJoin(clusters, eq(clusters.id, postings.clusterId)).where(where);
    total = c?.n ?? 0;
    const last = Math.max(1, Math.ceil(total / pageSize));
    if (last < f.page) return browsePostings(actor, { ...f, page: last }, opts);
  }
  return {
    items: rows.map((r) => toItem(r, now)),
    total,
    page: f.page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
    pageSize,
  };
}

/** Every matching posting (export): the same filters, order and visibility as the list. */
export async function browseAll(actor: Actor, f: BrowseFilters, max: number, opts: BrowseOptions = {}): Promise<BrowseResult> {
  return browsePostings(actor, { ...f, page: 1 }, { ...opts, pageSize: max, full: true });
}
