/**
 * Loading postings for the engine: the matchable ones, their candidate keys (posting_match_keys) and
 * the candidates of one posting found through those keys; with a cache of recently analysed postings.
 */
import { createHash } from "node:crypto";
import { and, eq, gt, inArray, isNull, like, or, sql } from "drizzle-orm";
import { arrayParam, recordColumnsOf } from "@db/bulk";
import { getDb, type Tx } from "@db/client.server";
import { clusters, postingMatchKeys, postings, type Posting } from "@db/schema";
import { matchableColumns } from "~/modules/postings/columns.server";
import { toMatchPosting } from "~/modules/postings/interchange";
import { adjacentRegions, grantKeysToSearch, normalizeRegion, REMOTE, type CandidateKeys, type MatchPosting } from "./index";
import type { LexiconRun } from "./lexicon";

export const postingColumns = { ...matchableColumns, clusterSlug: clusters.slug };
export type LoadedRow = Pick<Posting, "id" | "clusterId" | "status" | "expiresAt"> & { clusterSlug: string } & Parameters<typeof toMatchPosting>[0];

/** Open, unexpired postings are the only ones the engine sees. */
export function matchableWhere(now: Date) {
  return and(eq(postings.status, "open"), or(isNull(postings.expiresAt), gt(postings.expiresAt, now)));
}

export function isMatchable(p: Pick<Posting, "status" | "expiresAt">, now: Date): boolean {
  return p.status === "open" && (!p.expiresAt || p.expiresAt > now);
}

export const toMp = (r: LoadedRow): MatchPosting => toMatchPosting(r, r.clusterSlug) as MatchPosting;

/**
 * The postings incremental runs compared with lately, kept with their analysis (the engine memoises
 * a profile per posting object): candidates recur — the grants of one programme, the needs of one
 * pool — and analysing 350 of them took ~10 ms of a 40 ms run. A posting is reused only if every
 * field the engine reads is unchanged (a digest of them); the least recently used go first. The
 * batch empties it (it analyses everything anew, and needs the memory).
 */
const RECENT_MAX = 5000;
export const recent = new Map<string, { digest: string; mp: MatchPosting }>();
export function analysed(r: LoadedRow, lexicon?: LexiconRun): MatchPosting {
  // the network lexicon's rewriting is part of what the digest covers
  const mp = lexicon ? lexicon.prepare(toMp(r)) : toMp(r);
  const digest = createHash("sha1").update(JSON.stringify(mp)).digest("base64");
  const hit = recent.get(mp.id);
  recent.delete(mp.id);
  const kept = hit?.digest === digest ? hit : { digest, mp };
  recent.set(mp.id, kept);
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
  return kept.mp;
}

/** posting_match_keys as written in bulk (see db/bulk.ts): a row of it, by column name. */
export const KEY_COLUMNS = recordColumnsOf(postingMatchKeys);
type KeysRecord = {
  posting_id: string;
  cluster_id: string;
  kind: string;
  mode: string;
  poolable: boolean;
  concepts: string[];
  anchors: string[];
  programme_key: string | null;
  grant_key: string | null;
  region: string | null;
  start_date: string | null;
  end_date: string | null;
  updated_at: string;
};

/** What the keys need of a posting besides the engine's keys. */
type KeyedRow = Pick<LoadedRow, "id" | "clusterId" | "kind" | "region" | "startDate" | "endDate">;
export const LOAD_PAGE = 10_000;
/** The batch writes its matches 5 000 per statement, computed 500 at a time. */
export const WRITE_CHUNK = 5000;
export const ENGINE_STEP = 500;
/**
 * Hand the event loop back for a turn. The batch does it between its synchronous steps so the
 * driver keeps writing a statement in flight (a 2 MB JSON parameter does not fit a socket's buffer
 * at once) and reading results; without it the database sat idle half the batch.
 */
export const handBack = () => new Promise<void>((resolve) => setImmediate(resolve));

export function keysRecord(r: KeyedRow, k: CandidateKeys, now: Date): KeysRecord {
  return {
    posting_id: r.id,
    cluster_id: r.clusterId,
    kind: r.kind,
    mode: k.categoryGroup,
    poolable: k.poolable,
    concepts: k.concepts,
    anchors: k.anchors,
    programme_key: k.programmeKey ?? null,
    grant_key: k.grantKey,
    region: normalizeRegion(r.region) ?? null,
    start_date: r.startDate,
    end_date: r.endDate,
    updated_at: now.toISOString(),
  };
}

/**
 * Candidates for `target`, found the way the engine's in-memory index finds them (see engine.ts):
 * a need's offers provide one of its anchors; an offer's needs have it among their anchors; a
 * poolable need's partners are needs of the same mode sharing a provided key; joint grants meet by
 * funder. Then other clusters only, regions that can be compatible, dates that can overlap. The
 * engine applies the exact rules to what this returns. Uses the GIN indexes of posting_match_keys.
 */
export async function loadCandidates(tx: Tx, target: LoadedRow, keys: KeysRecord, now: Date): Promise<LoadedRow[]> {
  const pmk = postingMatchKeys;
  const { concepts, anchors } = keys;
  const routes = [];
  if (keys.mode === "grant") {
    // the programme lists the engine's index would search (an unknown funder: every unlisted one)
    const lists = grantKeysToSearch(keys.grant_key ?? "funder:?");
    routes.push(and(eq(pmk.mode, "grant"), lists === "every_unlisted" ? like(pmk.grantKey, "funder:%") : inArray(pmk.grantKey, lists)));
  } else if (target.kind === "need") {
    if (anchors.length) routes.push(and(eq(pmk.kind, "offer"), sql`${pmk.concepts} && ${arrayParam(anchors, "text")}`));
    if (keys.poolable && concepts.length) routes.push(and(eq(pmk.kind, "need"), eq(pmk.mode, keys.mode), sql`${pmk.concepts} && ${arrayParam(concepts, "text")}`));
  } else if (concepts.length) {
    routes.push(and(eq(pmk.kind, "need"), sql`${pmk.anchors} && ${arrayParam(concepts, "text")}`));
  }
  if (!routes.length) return [];
  const region = keys.region;
  const regionOk =
    !region || region === REMOTE
      ? undefined
      : or(isNull(pmk.region), eq(pmk.region, REMOTE), inArray(pmk.region, [region, ...adjacentRegions(region)]));
  const dateOk = and(
    keys.start_date ? or(isNull(pmk.endDate), sql`${pmk.endDate} >= ${keys.start_date}`) : undefined,
    keys.end_date ? or(isNull(pmk.startDate), sql`${pmk.startDate} <= ${keys.end_date}`) : undefined,
  );
  // Two steps on purpose: the keys table alone (GIN bitmap scans), then the postings by id. Joined in
  // one query, the planner misjudges array-overlap selectivity and may scan every open posting.
  const ids = (
    await tx
      .select({ id: pmk.postingId })
      .from(pmk)
      .where(and(sql`${pmk.clusterId} <> ${target.clusterId}`, or(...routes), regionOk, dateOk))
  ).map((r) => r.id);
  // By primary key only, and the status checked here: a filter on status would let the planner
  // prefer the status index, which covers nearly every posting.
  if (!ids.length) return [];
  const rows = (await tx
    .select(postingColumns)
    .from(postings)
    .innerJoin(clusters, eq(clusters.id, postings.clusterId))
    .where(sql`${postings.id} = any(${arrayParam(ids, "uuid")})`)) as LoadedRow[];
  return rows.filter((r) => isMatchable(r, now));
}

/** Every matchable posting in the shared format (for the command line's --db). */
export async function loadMatchablePostings(now = new Date(), db: Tx = getDb()): Promise<MatchPosting[]> {
  const rows = (await db.select(postingColumns).from(postings).innerJoin(clusters, eq(clusters.id, postings.clusterId)).where(matchableWhere(now))) as LoadedRow[];
  return rows.map(toMp);
}
