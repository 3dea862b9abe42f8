/**
 * Matching benchmark on a real database (not a test: it prints figures and asserts nothing).
 *
 *   npx tsx tests/bench/matching-db.ts [N=100000]
 *
 * Uses BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) to create a scratch
 * database (kept when BENCH_KEEP=1; BENCH_REUSE=1 reuses the postings of a kept one, and clears
 * its matches so the first batch starts from nothing), loads N synthetic postings, then measures:
 *   - the full batch in a child process, as the worker runs it — with the worker's heap limit from
 *     package.json (BENCH_HEAP_MB overrides it) — its wall time and that process's peak resident
 *     memory (VmHWM; the benchmark's own copy of the postings does not count),
 *   - a second batch (idempotent: nothing changes),
 *   - incremental matching of one new posting against the N open postings (p50/p95 over 200 runs),
 *   - a naive all-pairs fuse.js baseline at 5 000 postings vs the engine on the same 5 000 (fuse's
 *     per-need search time is measured on 100 needs and extrapolated: the full run takes ~half an hour).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { inArray, sql } from "drizzle-orm";
import Fuse from "fuse.js";
import postgres from "postgres";
import { createDb, setDbHandle } from "@db/client.server";
import { clusters, postings } from "@db/schema";
import { seedDemo } from "@db/demo/seed";
import { findMatches, type MatchPosting } from "~/modules/matching";
import { rematchPosting, runBatch, type BatchReport } from "~/modules/matching/store.server";
import { generatePostings, postingRow } from "./generate";

const CHILD = process.argv[2] === "--batch-child";
const N = Number((CHILD ? undefined : process.argv[2]) ?? 100_000);
const base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const name = "maillage_bench_match";

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB (${(b / 1e6).toFixed(0)} MB)`;


/** Peak resident memory of this process so far (Linux), else the current RSS. */
function peakRss(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.existsSync("/proc/self/status") ? fs.readFileSync("/proc/self/status", "utf8") : "");
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

/** The child: one batch on the database of BENCH_CHILD_URL, then its report and peak memory on stdout. */
async function child() {
  const handle = createDb(process.env.BENCH_CHILD_URL);
  setDbHandle(handle);
  const t = performance.now();
  const report = await runBatch({ db: handle.db });
  const ms = performance.now() - t;
  await handle.close();
  process.stdout.write(JSON.stringify({ report, ms, peak: peakRss() }));
}

/** The worker's memory flags (package.json, "worker" script): the batch runs with them in production. */
const WORKER_FLAGS: string[] = JSON.parse(fs.readFileSync("package.json", "utf8")).scripts.worker.match(/--max-[a-z-]+=\d+/g) ?? [];
const HEAP_FLAGS = process.env.BENCH_HEAP_MB
  ? [...WORKER_FLAGS.filter((f) => !f.startsWith("--max-old-space-size=")), `--max-old-space-size=${process.env.BENCH_HEAP_MB}`]
  : WORKER_FLAGS;

function batchInChild(url: string): { report: BatchReport; ms: number; peak: number } {
  const heap = HEAP_FLAGS;
  const out = execFileSync(process.execPath, [...heap, ...process.execArgv, fileURLToPath(import.meta.url), "--batch-child"], {
    env: { ...process.env, BENCH_CHILD_URL: url },
    encoding: "utf8",
    maxBuffer: 1 << 20,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.slice(out.indexOf("{")));
}

async function main() {
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const url = new URL(base);
  url.pathname = `/${name}`;
  const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
  const reuse = Boolean(process.env.BENCH_REUSE && exists);
  if (!reuse) {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  }
  const handle = createDb(url.toString());
  setDbHandle(handle);
  try {
    const clusterIds = new Map<string, string>();
    let t = performance.now();
    if (!reuse) {
      await handle.migrate();
      await seedDemo(handle.db);
      for (const c of await handle.db.select({ id: clusters.id, slug: clusters.slug }).from(clusters)) clusterIds.set(c.slug, c.id);
      console.log(`Generating and loading ${N} postings…`);
      const generated = generatePostings(N, 42);
      t = performance.now();
      for (let i = 0; i < generated.length; i += 2000) await handle.db.insert(postings).values(generated.slice(i, i + 2000).map((p) => postingRow(p, clusterIds)));
      console.log(`  loaded in ${fmt(performance.now() - t)}`);
      // a settled database, as after any bulk import (otherwise autovacuum processes the 100 000 new
      // rows on the same 2 cores while the batch runs; measured: first batch 63 s instead of ~50 s)
      await handle.db.execute(sql`vacuum analyze postings`);
    } else {
      await handle.migrate();
      for (const c of await handle.db.select({ id: clusters.id, slug: clusters.slug }).from(clusters)) clusterIds.set(c.slug, c.id);
      // the postings stay; the matching state goes, so the first batch starts from nothing as before
      await handle.db.execute(sql`truncate matches, match_members, posting_match_keys, matching_runs cascade`);
      await handle.db.execute(sql`vacuum analyze`);
      console.log(`Reusing the postings of ${name}`);
    }

    // ---- full batch, in a child process like the worker's
    console.log(`Batch process flags (the worker's): ${HEAP_FLAGS.join(" ") || "none"}`);
    const first = batchInChild(url.toString());
    const b = first.report;
    console.log(
      `Full batch over ${b.postings} postings: ${(first.ms / 1000).toFixed(1)} s (load ${(b.loadMs / 1000).toFixed(1)} s, engine ${(b.engineMs / 1000).toFixed(1)} s, ` +
        `writes ${(b.writeMs / 1000).toFixed(1)} s), ${b.matches} matches (${b.proposed} proposed, ${b.updated} updated, ${b.withdrawn} withdrawn), peak RSS ${mb(first.peak)}`,
    );
    console.log(`  write steps (ms): ${JSON.stringify(b.steps)}`);

    t = performance.now();
    const again = batchInChild(url.toString());
    const a = again.report;
    console.log(
      `Second batch: ${(again.ms / 1000).toFixed(1)} s (writes ${(a.writeMs / 1000).toFixed(1)} s), peak RSS ${mb(again.peak)} — ` +
        `proposed ${a.proposed}, updated ${a.updated}, reproposed ${a.reproposed}, withdrawn ${a.withdrawn} (idempotent when all 0)`,
    );
    console.log(`  write steps (ms): ${JSON.stringify(a.steps)}`);

    // ---- incremental: publish one new posting, re-match it
    const fresh = generatePostings(200, 7).map((p, i) => ({ ...p, id: `fresh-${i}` }));
    const times: number[] = [];
    const candidates: number[] = [];
    const freshIds: string[] = [];
    for (const p of fresh) {
      const [row] = await handle.db.insert(postings).values(postingRow(p, clusterIds)).returning({ id: postings.id });
      freshIds.push(row.id);
      const s = performance.now();
      const stats = await rematchPosting(row.id);
      times.push(performance.now() - s);
      candidates.push(stats.candidates);
    }
    await handle.db.delete(postings).where(inArray(postings.id, freshIds)); // a reused database keeps N postings
    console.log(`Incremental (one new posting vs ${N}): median ${fmt(pct(times, 50))}, p95 ${fmt(pct(times, 95))}, max ${fmt(Math.max(...times))}; candidates median ${pct(candidates, 50)}, p95 ${pct(candidates, 95)}`);

    // ---- naive all-pairs fuse.js baseline at 5 000 vs the engine on the same postings.
    // Each need's title is fuzzy-searched among all 5 000 postings. That costs seconds per need, so
    // the search time is measured on a sample of needs and extrapolated to all of them (printed so).
    const small = generatePostings(5000, 11);
    const needs = small.filter((p) => p.kind === "need");
    const sample = needs.filter((_, i) => i % Math.ceil(needs.length / 100) === 0);
    t = performance.now();
    const fuse = new Fuse(small, { keys: ["title", "description"], threshold: 0.4, ignoreLocation: true });
    const indexMs = performance.now() - t;
    t = performance.now();
    let pairs = 0;
    for (const need of sample) {
      for (const hit of fuse.search(need.title, { limit: 20 })) if (hit.item.kind === "offer" && hit.item.cluster !== need.cluster) pairs++;
    }
    const perNeed = (performance.now() - t) / sample.length;
    const fuseMs = indexMs + perNeed * needs.length;
    t = performance.now();
    const engine = findMatches(small);
    const engineMs = performance.now() - t;
    console.log(
      `Baseline at 5 000: naive fuse.js all-pairs ≈ ${(fuseMs / 1000).toFixed(0)} s (${perNeed.toFixed(0)} ms per need × ${needs.length} needs, measured on ${sample.length}) ` +
        `vs engine ${fmt(engineMs)} (${engine.length} matches): ratio ≈ ${(fuseMs / engineMs).toFixed(0)}×`,
    );
  } finally {
    await handle.close();
    if (!process.env.BENCH_KEEP) await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

(CHILD ? child() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
