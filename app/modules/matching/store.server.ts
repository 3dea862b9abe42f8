/**
 * Persistence of matches: candidate keys, incremental re-matching through a queue, the full batch,
 * and the rules that keep proposals idempotent.
 *
 * - A posting change enqueues the posting in `matching_queue` inside the transaction that changed it;
 *   the queue is processed by the background jobs, each posting in its own transaction that also
 *   deletes its queue rows — a crash rolls back and the posting is simply processed again.
 * - One match per set of postings (`member_key`). A rejected match is never proposed again unless the
 *   coordinator reopens it; approved and later statuses are never touched by the engine.
 * - Proposed/deferred matches whose postings close, expire or no longer fit are withdrawn.
 * - All writers take one advisory lock, so incremental runs and the batch never interleave.
 */
import { createHash } from "node:crypto";
import { and, asc, eq, gt, inArray, isNull, like, ne, or, sql } from "drizzle-orm";
import { arrayParam, insertRecords, orderedUuid, recordColumnsOf, recordsFrom, startSync, type RecordColumns } from "@db/bulk";
import { getDb, rowsOf, type Db, type Tx } from "@db/client.server";
import {
  clusters,
  matches,
  matchingQueue,
  matchingRuns,
  matchMembers,
  postingMatchKeys,
  postings,
  settings,
  type MatchStatus,
  reasonsToText,
  type Posting,
} from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import { matchableColumns } from "~/modules/postings/columns.server";
import { toMatchPosting } from "~/modules/postings/interchange";
import {
  adjacentRegions,
  candidateKeys,
  findMatchesInChunks,
  grantKeysToSearch,
  indexProfiles,
  matchesForPosting,
  normalizeRegion,
  profileKeys,
  profileOf,
  REMOTE,
  type CandidateKeys,
  type MatchPosting,
  type MatchProfile,
  type ScoredMatch,
} from "./index";
import { DEFAULT_THRESHOLD } from "./types";

export const THRESHOLD_KEY = "matching.threshold";
const LOCK_ID = 7_310_042; // advisory lock shared by every writer of matches
/** Statuses the engine may update or withdraw; everything after a decision is the coordinator's. */
const ENGINE_OWNED: MatchStatus[] = ["proposed", "deferred"];

export interface MatchingStats {
  proposed: number;
  updated: number;
  reproposed: number;
  withdrawn: number;
  candidates: number;
}
const emptyStats = (): MatchingStats => ({ proposed: 0, updated: 0, reproposed: 0, withdrawn: 0, candidates: 0 });

// ------------------------------------------------------------------ settings

export async function getMatchThreshold(db: Tx = getDb()): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, THRESHOLD_KEY));
  const v = Number(row?.value);
  return Number.isFinite(v) && row ? v : DEFAULT_THRESHOLD;
}

export async function setMatchThreshold(actorId: string, value: number): Promise<void> {
  await getDb().transaction(async (tx) => {
    const before = await getMatchThreshold(tx);
    await tx
      .insert(settings)
      .values({ key: THRESHOLD_KEY, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
    await audit(tx, { actorId, action: "settings.update", entity: "settings", entityId: THRESHOLD_KEY, before, after: value });
    // every stored proposal was scored against the old threshold: re-match them all soon
    if (before !== value) await requestBatch(tx, actorId, "threshold_changed");
  });
}

// ------------------------------------------------------------------ queue

/** Ask for these postings to be re-matched; call it with the transaction that changed them. */
export async function enqueueRematch(tx: Tx, postingIds: string[], reason: string): Promise<void> {
  const ids = [...new Set(postingIds)];
  for (let i = 0; i < ids.length; i += 1000) {
    await tx.insert(matchingQueue).values(ids.slice(i, i + 1000).map((postingId) => ({ postingId, reason })));
  }
}

/** Process up to `limit` queued postings, one transaction each. Returns how many were processed. */
export async function processMatchingQueue(opts: { limit?: number; now?: Date } = {}): Promise<number> {
  const db = getDb();
  let processed = 0;
  for (; processed < (opts.limit ?? 100); processed++) {
    const done = await db.transaction(async (tx) => {
      const [next] = await tx.select({ postingId: matchingQueue.postingId }).from(matchingQueue).orderBy(asc(matchingQueue.id)).limit(1).for("update", { skipLocked: true });
      if (!next) return false;
      await lock(tx);
      await rematchInTx(tx, next.postingId, opts.now ?? new Date());
      await tx.delete(matchingQueue).where(eq(matchingQueue.postingId, next.postingId));
      return true;
    });
    if (!done) break;
  }
  return processed;
}

/**
 * Serialise matching writers, and skip the commit's WAL flush: matches are derived data and the queue
 * row is deleted in the same transaction, so a commit lost in a crash only means the posting is
 * re-matched again. (The flush costs 10–50 ms per transaction on ordinary disks.)
 */
async function lock(tx: Tx) {
  await tx.execute(sql`set local synchronous_commit to off`);
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_ID})`);
}

// ------------------------------------------------------------------ loading

const postingColumns = { ...matchableColumns, clusterSlug: clusters.slug };
type LoadedRow = Pick<Posting, "id" | "clusterId" | "status" | "expiresAt"> & { clusterSlug: string } & Parameters<typeof toMatchPosting>[0];

/** Open, unexpired postings are the only ones the engine sees. */
function matchableWhere(now: Date) {
  return and(eq(postings.status, "open"), or(isNull(postings.expiresAt), gt(postings.expiresAt, now)));
}

export function isMatchable(p: Pick<Posting, "status" | "expiresAt">, now: Date): boolean {
  return p.status === "open" && (!p.expiresAt || p.expiresAt > now);
}

const toMp = (r: LoadedRow): MatchPosting => toMatchPosting(r, r.clusterSlug) as MatchPosting;

/**
 * The postings incremental runs compared with lately, kept with their analysis (the engine memoises
 * a profile per posting object): candidates recur — the grants of one programme, the needs of one
 * pool — and analysing 350 of them took ~10 ms of a 40 ms run. A posting is reused only if every
 * field the engine reads is unchanged (a digest of them); the least recently used go first. The
 * batch empties it (it analyses everything anew, and needs the memory).
 */
const RECENT_MAX = 5000;
const recent = new Map<string, { digest: string; mp: MatchPosting }>();
function analysed(r: LoadedRow): MatchPosting {
  const mp = toMp(r);
  const digest = createHash("sha1").update(JSON.stringify(mp)).digest("base64");
  const hit = recent.get(mp.id);
  recent.delete(mp.id);
  const kept = hit?.digest === digest ? hit : { digest, mp };
  recent.set(mp.id, kept);
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value!);
  return kept.mp;
}

/** posting_match_keys as written in bulk (see db/bulk.ts): a row of it, by column name. */
const KEY_COLUMNS = recordColumnsOf(postingMatchKeys);
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
const LOAD_PAGE = 10_000;
/** The batch writes its matches 5 000 per statement, computed 500 at a time. */
const WRITE_CHUNK = 5000;
const ENGINE_STEP = 500;
/**
 * Hand the event loop back for a turn. The batch does it between its synchronous steps so the
 * driver keeps writing a statement in flight (a 2 MB JSON parameter does not fit a socket's buffer
 * at once) and reading results; without it the database sat idle half the batch.
 */
const handBack = () => new Promise<void>((resolve) => setImmediate(resolve));

function keysRecord(r: KeyedRow, k: CandidateKeys, now: Date): KeysRecord {
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
async function loadCandidates(tx: Tx, target: LoadedRow, keys: KeysRecord, now: Date): Promise<LoadedRow[]> {
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

// ------------------------------------------------------------------ incremental

/** Re-match one posting now (outside the queue), e.g. from tests or the command line. */
export async function rematchPosting(postingId: string, now = new Date()): Promise<MatchingStats> {
  return getDb().transaction(async (tx) => {
    await lock(tx);
    return rematchInTx(tx, postingId, now);
  });
}

async function rematchInTx(tx: Tx, postingId: string, now: Date): Promise<MatchingStats> {
  const [target] = (await tx
    .select(postingColumns)
    .from(postings)
    .innerJoin(clusters, eq(clusters.id, postings.clusterId))
    .where(eq(postings.id, postingId))) as LoadedRow[];
  if (!target || !isMatchable(target, now)) {
    if (target) await tx.delete(postingMatchKeys).where(eq(postingMatchKeys.postingId, postingId));
    const stats = emptyStats();
    stats.withdrawn = await withdrawInvolving(tx, postingId, [], target ? "posting_unavailable" : "posting_deleted", now);
    return stats;
  }
  const mp = analysed(target);
  const keys = keysRecord(target, candidateKeys(mp), now);
  await insertRecords(tx, "posting_match_keys", KEY_COLUMNS, [keys], { upsertOn: "posting_id" });
  const candidates = await loadCandidates(tx, target, keys, now);
  const threshold = await getMatchThreshold(tx);
  const results = matchesForPosting(mp, candidates.map(analysed), { threshold, today: isoDay(now) });
  const stats = emptyStats();
  if (results.length) Object.assign(stats, await applyResults(tx, results, now));
  // A new pool supersedes engine-owned pools made of a strict subset of its members.
  const pools = results.filter((r) => r.type === "pool" && r.members.length > 2);
  if (pools.length) stats.withdrawn += await withdrawSupersededPools(tx, pools, now);
  stats.candidates = candidates.length;
  stats.withdrawn += await withdrawInvolving(tx, postingId, results.map(memberKey), "no_longer_fits", now);
  return stats;
}

/** Mark these matches withdrawn, saying why (5 000 per statement). */
async function withdraw(tx: Tx, ids: string[], reason: string, now: Date): Promise<void> {
  for (let i = 0; i < ids.length; i += 5000) {
    await tx
      .update(matches)
      .set({ status: "withdrawn", withdrawnReason: reason, updatedAt: now, version: sql`${matches.version} + 1` })
      // only what is still the engine's (a decision taken meanwhile stands)
      .where(and(sql`${matches.id} = any(${arrayParam(ids.slice(i, i + 5000), "uuid")})`, inArray(matches.status, ENGINE_OWNED)));
  }
}

/** Withdraw engine-owned matches involving `postingId` except those in `keep`; re-queue the rest of their pools. */
async function withdrawInvolving(tx: Tx, postingId: string, keep: string[], reason: string, now: Date): Promise<number> {
  const involved = await tx
    .select({ id: matches.id, memberKey: matches.memberKey, type: matches.type, source: matches.source })
    .from(matches)
    .innerJoin(matchMembers, eq(matchMembers.matchId, matches.id))
    .where(and(eq(matchMembers.postingId, postingId), inArray(matches.status, ENGINE_OWNED)));
  // A match the coordinator made by hand is not the engine's to judge: it only goes when a posting does.
  const gone = involved.filter((m) => !keep.includes(m.memberKey) && !(m.source === "manual" && reason === "no_longer_fits"));
  if (!gone.length) return 0;
  await withdraw(tx, gone.map((m) => m.id), reason, now);
  // The other needs of a withdrawn pool of three or more may still form a smaller pool.
  const others = gone
    .filter((m) => m.type === "pool" && m.memberKey.split(",").length > 2)
    .flatMap((m) => m.memberKey.split(","))
    .filter((id) => id !== postingId);
  if (others.length) await enqueueRematch(tx, others, "pool_member_left");
  return gone.length;
}

// ------------------------------------------------------------------ applying results

export const memberKey = (m: Pick<ScoredMatch, "members">) => [...m.members].sort().join(",");
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The engine's results as rows for applyResults (the members are in the key; a pair's roles are its postings' kinds). */
const RESULT_COLUMNS: RecordColumns = { id: "uuid", member_key: "text", type: "text", score: "int", reasons: "text" };
/**
 * `id` is used only if the match is new; time-ordered, so 380 000 new matches append to their
 * indexes. `reasons` is the stored text itself (reasonsToText), compared as text.
 */
const resultRecord = (r: ScoredMatch) => ({ id: orderedUuid(), member_key: memberKey(r), type: r.type, score: r.score, reasons: reasonsToText(r.reasons) });

type AppliedStats = Pick<MatchingStats, "proposed" | "updated" | "reproposed">;

/**
 * Apply results in one set-based statement (the results travel once, as a JSON parameter): refresh
 * engine-owned matches whose score or reasons changed (the stored compact text differs), re-propose
 * withdrawn ones, insert new ones with their members. Rejected, approved and later matches are never
 * touched, so a rejection sticks. With `seen`, the batch strikes the matches it finds again off its
 * temp table of earlier proposals.
 * The stored matches are met once, by member_key (`hits`), and every join is driven by the results
 * (a few thousand rows) through an index, never by a scan of matches.
 */
async function applyResults(tx: Tx, results: ScoredMatch[], now: Date, opts: { seen?: boolean } = {}): Promise<AppliedStats> {
  const at = now.toISOString();
  const source = recordsFrom(RESULT_COLUMNS, JSON.stringify(results.map(resultRecord)));
  const [row] = rowsOf<Record<keyof AppliedStats, number | string>>(
    await tx.execute(
      sql`with b as materialized (select * from ${source}),
      hits as materialized (select m.id, m.status, m.score as old_score, m.reasons::text as old_reasons, b.score, b.reasons
        from b join matches m on m.member_key = b.member_key),
      ${opts.seen ? sql`seen as (delete from batch_unseen u using hits h where u.id = h.id),` : sql``}
      upd as (update matches m set score = h.score, reasons = h.reasons::json, updated_at = ${at}
        from hits h
        where m.id = h.id and h.status in ('proposed', 'deferred') and (h.old_score <> h.score or h.old_reasons <> h.reasons)
        returning 1),
      rep as (update matches m set status = 'proposed', score = h.score, reasons = h.reasons::json, withdrawn_reason = null,
          updated_at = ${at}, version = m.version + 1
        from hits h
        where m.id = h.id and h.status = 'withdrawn'
        returning 1),
      ins as (insert into matches (id, type, member_key, score, reasons, status, created_at, updated_at)
        select b.id, b.type, b.member_key, b.score, b.reasons::json, 'proposed', ${at}, ${at} from b
        on conflict (member_key) do nothing
        returning id, member_key, type),
      mem as (insert into match_members (match_id, posting_id, role)
        select ins.id, p.id, case when ins.type = 'need_offer' then p.kind else 'need' end
        from ins cross join lateral unnest(string_to_array(ins.member_key, ',')::uuid[]) as u(posting_id)
        join postings p on p.id = u.posting_id)
      select (select count(*) from upd) as updated, (select count(*) from rep) as reproposed, (select count(*) from ins) as proposed`,
    ),
  );
  return { proposed: Number(row?.proposed ?? 0), updated: Number(row?.updated ?? 0), reproposed: Number(row?.reproposed ?? 0) };
}

async function withdrawSupersededPools(tx: Tx, pools: ScoredMatch[], now: Date): Promise<number> {
  const memberIds = [...new Set(pools.flatMap((p) => p.members))];
  const candidates = await tx
    .selectDistinct({ id: matches.id, memberKey: matches.memberKey })
    .from(matches)
    .innerJoin(matchMembers, eq(matchMembers.matchId, matches.id))
    .where(and(eq(matches.type, "pool"), inArray(matches.status, ENGINE_OWNED), ne(matches.source, "manual"), sql`${matchMembers.postingId} = any(${arrayParam(memberIds, "uuid")})`));
  const isSuperseded = supersededTest(pools);
  const superseded = candidates.filter((c) => isSuperseded(c.memberKey.split(",")));
  if (!superseded.length) return 0;
  await withdraw(tx, superseded.map((s) => s.id), "superseded_by_larger_pool", now);
  return superseded.length;
}

// ------------------------------------------------------------------ batch

export interface BatchReport extends MatchingStats {
  postings: number;
  matches: number;
  ms: number;
  /** Milliseconds spent loading postings, in the engine, and writing (keys and matches). */
  loadMs: number;
  engineMs: number;
  writeMs: number;
  /** Milliseconds of each write step, for tuning. */
  steps: Record<string, number>;
}

/** Records the time since the previous call under each name, and returns it. */
function stepTimer(): { steps: Record<string, number>; step(name: string): number } {
  const steps: Record<string, number> = {};
  let last = Date.now();
  return {
    steps,
    step(name) {
      const t = Date.now();
      const ms = t - last;
      steps[name] = (steps[name] ?? 0) + ms;
      last = t;
      return ms;
    },
  };
}

/**
 * Re-match everything: bring the candidate keys in line with the postings, compute every match,
 * apply the differences (idempotent: a second run changes nothing), withdraw what no longer holds.
 *
 * All of it runs in one transaction under the writers' lock, from loading the postings to the last
 * write, so no incremental run can slip between what the batch read and what it writes. The engine
 * yields its matches in chunks; each chunk is written in one statement while the engine computes the
 * next (the database works on one core, the engine on the other), and no chunk is kept: the stored
 * matches are compared in SQL, never loaded.
 */
export async function runBatch(opts: { now?: Date; db?: Db; runId?: number } = {}): Promise<BatchReport> {
  const db = opts.db ?? getDb();
  const now = opts.now ?? new Date();
  const started = Date.now();
  const run = opts.runId ? { id: opts.runId } : (await db.insert(matchingRuns).values({ kind: "batch", startedAt: now }).returning({ id: matchingRuns.id }))[0];
  try {
    const timer = stepTimer();
    let engineMs = 0;
    const report = await db.transaction(async (tx) => {
      await lock(tx);
      recent.clear();
      // the queued changes this run covers: those committed before it reads the postings
      const queued = (await tx.select({ id: matchingQueue.id }).from(matchingQueue)).map((r) => r.id);
      // Read page by page (by id). Each page is analysed as soon as it arrives (the profiles are
      // all the engine keeps of a posting) while the database reads the next one, and its candidate
      // keys go to the stage of the keys sync at once: the database writes them meanwhile.
      // (Rebuilding the keys' indexes on a first fill locks the table until commit: it is only ever
      // read under the writers' lock, which the batch holds anyway.)
      const keys = await startSync(tx, "posting_match_keys", "posting_id", KEY_COLUMNS, { ignore: ["updated_at"], rebuildIndexes: true });
      const profiles: MatchProfile[] = [];
      const readPage = (after: string) =>
        tx
          .select(postingColumns)
          .from(postings)
          .innerJoin(clusters, eq(clusters.id, postings.clusterId))
          .where(and(matchableWhere(now), after ? gt(postings.id, after) : undefined))
          .orderBy(asc(postings.id))
          .limit(LOAD_PAGE)
          .execute() as Promise<LoadedRow[]>; // sent now (a query builder alone waits to be awaited)
      const threshold = await getMatchThreshold(tx);
      let loadMs = 0;
      for (let next: Promise<LoadedRow[]> | null = readPage(""); next; ) {
        const t = Date.now();
        const page: LoadedRow[] = await next;
        loadMs += Date.now() - t;
        next = page.length === LOAD_PAGE ? readPage(page[page.length - 1].id) : null;
        // a slice at a time, handing the event loop back between slices so the driver keeps
        // sending (the staged keys) and receiving (the next page) meanwhile
        for (let i = 0; i < page.length; i += ENGINE_STEP) {
          keys.add(
            page.slice(i, i + ENGINE_STEP).map((r) => {
              const profile = profileOf(toMp(r));
              profiles.push(profile);
              return keysRecord(r, profileKeys(profile), now);
            }),
          );
          await handBack();
        }
      }
      const postingCount = profiles.length;
      // Candidate keys: derived data, brought in line with the postings (only changes are written).
      // Written while the engine indexes and starts on the matches.
      let failure: unknown;
      const keysSynced = keys.finish().catch((e: unknown) => {
        failure ??= e;
      });
      const index = indexProfiles(profiles);
      // "load" is the time spent waiting for pages; "index" the analysis and the index
      const elapsed = timer.step("index");
      timer.steps.load = loadMs;
      timer.steps.index = elapsed - loadMs;
      engineMs += elapsed - loadMs;

      // The engine's proposals before this run; each chunk strikes off those it finds again, and
      // what is left at the end no longer holds. (A first run starts with none, and pays nothing.)
      await tx.execute(
        sql`create temp table batch_unseen on commit drop as
          select id from matches where status in ('proposed', 'deferred') and source <> 'manual'`,
      );
      await tx.execute(sql`create unique index on batch_unseen (id)`);
      await tx.execute(sql`analyze batch_unseen`);
      // Each chunk meets the stored matches by their unique member_key: index lookups are right
      // whatever the statistics say. (Right after a truncate or a restore they say "empty", and the
      // planner would hash the whole, growing, matches table again for every chunk.)
      await tx.execute(sql`set local enable_hashjoin to off`);
      await tx.execute(sql`set local enable_mergejoin to off`);
      const stats = emptyStats();
      const bigPools: ScoredMatch[] = [];
      let matched = 0;
      let dbWaitMs = 0; // time the engine waited for the previous chunk's statement
      let pending: Promise<void> | undefined;
      // The engine works in small steps, handing the event loop back between them (see handBack).
      const steps = findMatchesInChunks(index, { threshold, today: isoDay(now), chunkSize: ENGINE_STEP });
      let chunk: ScoredMatch[] = [];
      for (let done = false; !done && !failure; ) {
        const t = Date.now();
        const next = steps.next();
        engineMs += Date.now() - t;
        done = Boolean(next.done);
        if (next.value) for (const m of next.value) chunk.push(m);
        if (chunk.length >= WRITE_CHUNK || (done && chunk.length)) {
          matched += chunk.length;
          for (const m of chunk) if (m.type === "pool" && m.members.length > 2) bigPools.push(m);
          const sent = applyResults(tx, chunk, now, { seen: true }).then(
            (s) => {
              stats.proposed += s.proposed;
              stats.updated += s.updated;
              stats.reproposed += s.reproposed;
            },
            (e: unknown) => {
              failure ??= e;
            },
          );
          chunk = [];
          const w = Date.now();
          await pending;
          dbWaitMs += Date.now() - w;
          pending = sent;
        }
        await handBack();
      }
      await Promise.all([pending, keysSynced]);
      if (failure) throw failure;
      await tx.execute(sql`set local enable_hashjoin to on`);
      await tx.execute(sql`set local enable_mergejoin to on`);
      timer.step("matches");
      timer.steps.matchesDbWait = dbWaitMs;
      stats.withdrawn = await withdrawStale(tx, bigPools, now);
      timer.step("withdraw");
      if (queued.length) await tx.delete(matchingQueue).where(inArray(matchingQueue.id, queued));
      return { ...stats, postings: postingCount, matches: matched };
    });
    timer.step("commit");
    // Settle what the batch rewrote: fresh statistics (stale ones make the incremental queries' plans
    // scan whole tables: 40 ms → 250 ms per posting at 100 000 postings) and a vacuum now, rather than
    // autovacuum waking later in the middle of the day's incremental runs.
    await db.execute(sql`vacuum (analyze) posting_match_keys, matches, match_members`);
    timer.step("vacuum");
    const ms = Date.now() - started;
    const { load = 0 } = timer.steps;
    const full: BatchReport = { ...report, ms, loadMs: load, engineMs, writeMs: ms - load - engineMs, steps: timer.steps };
    await db.update(matchingRuns).set({ finishedAt: new Date(), stats: { ...full } }).where(eq(matchingRuns.id, run.id));
    return full;
  } catch (e) {
    await db.update(matchingRuns).set({ finishedAt: new Date(), error: (e as Error).message.slice(0, 1000) }).where(eq(matchingRuns.id, run.id));
    throw e;
  }
}

/**
 * Withdraw the engine's proposals the batch did not find again (hand-made matches stay: they go only
 * with a posting). A pool contained in one of `pools` (this run's, of three or more) says it was superseded.
 */
async function withdrawStale(tx: Tx, pools: ScoredMatch[], now: Date): Promise<number> {
  // still the engine's: the coordinator may have decided on one while the batch ran
  const stale = rowsOf<{ id: string; member_key: string; type: string }>(
    await tx.execute(
      sql`select m.id, m.member_key, m.type from batch_unseen u join matches m on m.id = u.id
        where m.status in ('proposed', 'deferred') and m.source <> 'manual'`,
    ),
  );
  if (!stale.length) return 0;
  const superseded = supersededTest(pools);
  const byReason = new Map<string, string[]>();
  for (const m of stale) {
    const reason = m.type === "pool" && superseded(m.member_key.split(",")) ? "superseded_by_larger_pool" : "no_longer_fits";
    const ids = byReason.get(reason);
    if (ids) ids.push(m.id);
    else byReason.set(reason, [m.id]);
  }
  for (const [reason, ids] of byReason) await withdraw(tx, ids, reason, now);
  return stale.length;
}

/** Whether a set of postings is a strict subset of one of `pools`. */
function supersededTest(pools: ScoredMatch[]): (members: string[]) => boolean {
  const byPosting = new Map<string, ScoredMatch[]>();
  for (const p of pools) {
    for (const id of p.members) {
      const list = byPosting.get(id);
      if (list) list.push(p);
      else byPosting.set(id, [p]);
    }
  }
  return (members) => (byPosting.get(members[0]) ?? []).some((p) => p.members.length > members.length && members.every((id) => p.members.includes(id)));
}

// ------------------------------------------------------------------ schedule and requests

/** After a failed batch, wait this long before the schedule tries again (a request still runs at once). */
const RETRY_AFTER_FAILURE_MS = 15 * 60_000;

/**
 * Ask for a full re-match (the coordinator's button, or a threshold change). Recorded as a row the
 * scheduler sees within a minute; call it with the transaction of the change that needs it.
 */
export async function requestBatch(tx: Tx, actorId: string | null, why: string, now = new Date()): Promise<void> {
  const [row] = await tx.insert(matchingRuns).values({ kind: "batch_request", startedAt: now, finishedAt: now, stats: {} }).returning({ id: matchingRuns.id });
  await audit(tx, { actorId, action: "matching.batch_requested", entity: "matching_runs", entityId: String(row.id), after: { why } });
}

export interface MatchingStatus {
  /** The latest batch, finished or not. */
  last: { startedAt: string; finishedAt: string | null; error: string | null; stats: Partial<BatchReport> } | null;
  /** A request not yet picked up by a batch. */
  requestedAt: string | null;
  /** Postings waiting in the re-match queue. */
  queued: number;
}

export async function getMatchingStatus(db: Tx = getDb()): Promise<MatchingStatus> {
  const [last] = await db
    .select({ startedAt: matchingRuns.startedAt, finishedAt: matchingRuns.finishedAt, error: matchingRuns.error, stats: matchingRuns.stats })
    .from(matchingRuns)
    .where(eq(matchingRuns.kind, "batch"))
    .orderBy(sql`${matchingRuns.startedAt} desc, ${matchingRuns.id} desc`)
    .limit(1);
  const [req] = await db
    .select({ at: matchingRuns.startedAt })
    .from(matchingRuns)
    .where(eq(matchingRuns.kind, "batch_request"))
    .orderBy(sql`${matchingRuns.startedAt} desc`)
    .limit(1);
  const [q] = rowsOf<{ n: number | string }>(await db.execute(sql`select count(distinct posting_id) as n from matching_queue`));
  const pending = req && (!last || req.at > last.startedAt) ? req.at : null;
  return {
    last: last
      ? { startedAt: last.startedAt.toISOString(), finishedAt: last.finishedAt?.toISOString() ?? null, error: last.error, stats: last.stats as Partial<BatchReport> }
      : null,
    requestedAt: pending?.toISOString() ?? null,
    queued: Number(q?.n ?? 0),
  };
}

/**
 * Run the batch when it is due: a request came after the last attempt, or the last successful run
 * is more than `intervalHours` old (after a failure, the schedule waits before trying again). The
 * claim (a run row) is written under a transaction-level advisory lock, so among several processes
 * exactly one runs it.
 */
export async function runScheduledBatchIfDue(intervalHours: number, now = new Date()): Promise<BatchReport | null> {
  const db = getDb();
  const runId = await db.transaction(async (tx) => {
    const [got] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_ID + 1}) as ok`));
    if (!got?.ok) return null;
    const time = (v: string | Date | null | undefined) => (v ? new Date(v).getTime() : null);
    const [last] = rowsOf<{ ok: string | Date | null; tried: string | Date | null; requested: string | Date | null; running: string | Date | null }>(
      await tx.execute(
        sql`select max(started_at) filter (where kind = 'batch' and error is null) as ok,
                   max(started_at) filter (where kind = 'batch') as tried,
                   max(started_at) filter (where kind = 'batch_request') as requested,
                   max(started_at) filter (where kind = 'batch' and finished_at is null) as running
            from matching_runs`,
      ),
    );
    // one batch at a time across processes (a run left unfinished by a crash stops counting after an hour)
    const running = time(last?.running);
    if (running !== null && now.getTime() - running < 3_600_000) return null;
    const [ok, tried, requested] = [time(last?.ok), time(last?.tried), time(last?.requested)];
    const asked = requested !== null && (tried === null || requested > tried);
    const stale = ok === null || now.getTime() - ok >= intervalHours * 3_600_000;
    const resting = tried !== null && tried !== ok && now.getTime() - tried < RETRY_AFTER_FAILURE_MS;
    if (!asked && !(stale && !resting)) return null;
    const [run] = await tx.insert(matchingRuns).values({ kind: "batch", startedAt: now }).returning({ id: matchingRuns.id });
    return run.id;
  });
  return runId ? runBatch({ now, runId }) : null;
}
