/**
 * Matching benchmark on a real database (not a test: it prints figures and asserts nothing).
 *
 *   npx tsx tests/bench/matching-db.ts [N=100000]
 *
 * Uses BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) to create a scratch
 * database (kept when BENCH_KEEP=1), loads N synthetic postings, then measures:
 *   - the full batch (wall time, peak RSS of this process),
 *   - a second batch (idempotent: nothing changes),
 *   - incremental matching of one new posting against the N open postings (p50/p95 over 200 runs),
 *   - a naive all-pairs fuse.js baseline at 5 000 postings vs the engine on the same 5 000 (fuse's
 *     per-need search time is measured on 100 needs and extrapolated: the full run takes ~half an hour).
 */
import Fuse from "fuse.js";
import postgres from "postgres";
import { createDb, setDbHandle } from "@db/client.server";
import { clusters, postings } from "@db/schema";
import { seedDemo } from "@db/seed";
import { findMatches, type MatchPosting } from "~/modules/matching";
import { rematchPosting, runBatch } from "~/modules/matching/store.server";
import { generatePostings } from "./generate";

const N = Number(process.argv[2] ?? 100_000);
const base = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const name = "maillage_bench_match";

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

function rowOf(p: MatchPosting, clusterIds: Map<string, string>) {
  return {
    clusterId: clusterIds.get(p.cluster)!,
    kind: p.kind,
    category: p.category,
    title: p.title.slice(0, 140),
    description: p.description,
    tags: p.tags ?? [],
    language: p.language ?? "fr",
    region: p.region ?? null,
    startDate: p.startDate ?? null,
    endDate: p.endDate ?? null,
    quantity: p.quantity ?? null,
    unit: p.unit ?? null,
    budgetMax: p.budgetMax ?? null,
    programme: p.programme ?? null,
    deadline: p.deadline ?? null,
    status: "open" as const,
    expiresAt: new Date("2036-01-01T00:00:00Z"),
  };
}

async function main() {
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = createDb(url.toString());
  setDbHandle(handle);
  try {
    await handle.migrate();
    await seedDemo(handle.db);
    const clusterIds = new Map((await handle.db.select({ id: clusters.id, slug: clusters.slug }).from(clusters)).map((c) => [c.slug, c.id]));

    console.log(`Generating and loading ${N} postings…`);
    const generated = generatePostings(N, 42);
    let t = performance.now();
    for (let i = 0; i < generated.length; i += 2000) await handle.db.insert(postings).values(generated.slice(i, i + 2000).map((p) => rowOf(p, clusterIds)));
    console.log(`  loaded in ${fmt(performance.now() - t)}`);

    // ---- full batch, with peak RSS sampled every 20 ms
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    t = performance.now();
    const batch = await runBatch();
    const batchMs = performance.now() - t;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(`Full batch over ${batch.postings} postings: ${(batchMs / 1000).toFixed(1)} s, ${batch.matches} matches (${batch.proposed} proposed), peak RSS ${mb(peak)} (before ${mb(rssBefore)})`);

    t = performance.now();
    const again = await runBatch();
    console.log(`Second batch: ${((performance.now() - t) / 1000).toFixed(1)} s — proposed ${again.proposed}, updated ${again.updated}, withdrawn ${again.withdrawn} (idempotent when all 0)`);

    // ---- incremental: publish one new posting, re-match it
    const fresh = generatePostings(200, 7).map((p, i) => ({ ...p, id: `fresh-${i}` }));
    const times: number[] = [];
    const candidates: number[] = [];
    for (const p of fresh) {
      const [row] = await handle.db.insert(postings).values(rowOf(p, clusterIds)).returning({ id: postings.id });
      const s = performance.now();
      const stats = await rematchPosting(row.id);
      times.push(performance.now() - s);
      candidates.push(stats.candidates);
    }
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

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
