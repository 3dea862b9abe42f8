/** The full batch: re-match every posting in one transaction under the writers' lock. */
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { startSync } from "@db/bulk";
import { getDb, rowsOf, type Db, type Tx } from "@db/client.server";
import { clusters, matchingQueue, matchingRuns, postings } from "@db/schema";
import { applyResults, supersededTest } from "./apply.server";
import { findMatchesInChunks, indexProfiles, profileKeys, profileOf, type MatchProfile, type ScoredMatch } from "./index";
import { ENGINE_STEP, handBack, KEY_COLUMNS, keysRecord, LOAD_PAGE, matchableWhere, postingColumns, recent, toMp, WRITE_CHUNK, type LoadedRow } from "./load.server";
import { emptyStats, isoDay, lock, withdraw, type MatchingStats } from "./store-common.server";
import { lexiconRun } from "./lexicon-store.server";
import { progressReporter } from "./runs.server";
import { getMatchThreshold } from "./threshold.server";

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
  // progress for the coordinator's page, written outside the transaction and never awaited by it
  const progress = await progressReporter(run.id);
  try {
    const timer = stepTimer();
    let engineMs = 0;
    const report = await db.transaction(async (tx) => {
      await lock(tx);
      recent.clear();
      // the network lexicon (lexicon.ts): postings rewritten as they are read, matches filtered
      const lexicon = await lexiconRun(tx);
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
        progress.report("loading", { postings: profiles.length + page.length });
        // a slice at a time, handing the event loop back between slices so the driver keeps
        // sending (the staged keys) and receiving (the next page) meanwhile
        for (let i = 0; i < page.length; i += ENGINE_STEP) {
          keys.add(
            page.slice(i, i + ENGINE_STEP).map((r) => {
              const profile = profileOf(lexicon.prepare(toMp(r)));
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
        if (next.value) for (const m of next.value) if (lexicon.allows(m)) chunk.push(m);
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
          progress.report("matching", { matches: matched });
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
      progress.report("withdrawing", { matches: matched });
      stats.withdrawn = await withdrawStale(tx, bigPools, now);
      timer.step("withdraw");
      if (queued.length) await tx.delete(matchingQueue).where(inArray(matchingQueue.id, queued));
      return { ...stats, postings: postingCount, matches: matched };
    });
    timer.step("commit");
    progress.report("settling");
    // Settle what the batch rewrote: fresh statistics (stale ones make the incremental queries' plans
    // scan whole tables: 40 ms → 250 ms per posting at 100 000 postings) and a vacuum now, rather than
    // autovacuum waking later in the middle of the day's incremental runs.
    await db.execute(sql`vacuum (analyze) posting_match_keys, matches, match_members`);
    timer.step("vacuum");
    const ms = Date.now() - started;
    const { load = 0 } = timer.steps;
    const full: BatchReport = { ...report, ms, loadMs: load, engineMs, writeMs: ms - load - engineMs, steps: timer.steps };
    await progress.flush();
    await db.update(matchingRuns).set({ finishedAt: new Date(), stats: { ...full } }).where(eq(matchingRuns.id, run.id));
    return full;
  } catch (e) {
    await progress.flush();
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

