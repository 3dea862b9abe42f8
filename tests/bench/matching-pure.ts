/**
 * Benchmark of the pure matching core (no database).
 *
 *   npx tsx tests/bench/matching-pure.ts [N] [--fuse-all]      (default N = 100000)
 *
 * Reports: the full batch over N generated postings (wall time, matches, peak RSS), the
 * incremental match of one new posting against an index of N (p50/p95 over 200 runs), and a
 * naive all-pairs fuse.js baseline at 5 000 postings compared with the engine on the same data.
 * Targets for the pure core: batch over 100 000 ≤ 60 s and ≤ 500 MB; incremental well under 50 ms.
 */
import Fuse from "fuse.js";
import { buildIndex, findMatches, matchesForPostingIndexed, type MatchPosting, type ScoredMatch } from "../../app/modules/matching";
import { generatePostings } from "./generate";

const TODAY = "2026-11-22";
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

function summary(ms: ScoredMatch[]): string {
  const pairs = ms.filter((m) => m.type === "need_offer").length;
  return `${pairs} need_offer pairs, ${ms.length - pairs} pools`;
}

/**
 * Naive baseline: needs queried with fuse.js against every offer (title and tags). fuse.js
 * costs ~0.1–0.3 s per query here, so unless `--fuse-all` is given only every k-th need is
 * queried and the time is extrapolated to all needs.
 */
function fuseAllPairs(postings: MatchPosting[], sample: number): { ms: number; queried: number; needs: number; hits: number } {
  const offers = postings.filter((p) => p.kind === "offer");
  const needs = postings.filter((p) => p.kind === "need");
  const step = Math.max(1, Math.floor(needs.length / sample));
  const fuse = new Fuse(offers, { keys: ["title", "tags"], threshold: 0.4 });
  let hits = 0;
  let queried = 0;
  const t0 = performance.now();
  for (let i = 0; i < needs.length; i += step) {
    queried++;
    for (const r of fuse.search(needs[i].title)) if (r.item.cluster !== needs[i].cluster) hits++;
  }
  return { ms: ((performance.now() - t0) * needs.length) / queried, queried, needs: needs.length, hits };
}

function main(): void {
  const args = process.argv.slice(2);
  const fuseAll = args.includes("--fuse-all");
  const n = Number(args.find((a) => !a.startsWith("--")) ?? 100_000);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write("usage: npx tsx tests/bench/matching-pure.ts [N] [--fuse-all]\n");
    process.exitCode = 2;
    return;
  }
  console.log(`node ${process.version}, N = ${n}`);

  // 1. Baseline at 5 000 postings: fuse.js all pairs vs the engine.
  const small = generatePostings(5_000, 1);
  const engineSmall = timed(() => findMatches(small, { today: TODAY }));
  const fuse = fuseAllPairs(small, fuseAll ? Infinity : 250);
  const sampled = fuse.queried < fuse.needs ? ` (measured on ${fuse.queried} of ${fuse.needs} needs, extrapolated)` : "";
  console.log(`\n[baseline, 5 000 postings]`);
  console.log(`  engine full batch : ${engineSmall.ms.toFixed(0)} ms (${summary(engineSmall.value)})`);
  console.log(`  fuse.js all pairs : ${fuse.ms.toFixed(0)} ms${sampled}; fuzzy title hits only, no rules, no pools`);
  console.log(`  ratio fuse/engine : ${(fuse.ms / engineSmall.ms).toFixed(0)}x`);

  // 2. Full batch over N.
  const postings = generatePostings(n, 42);
  const rssBefore = process.memoryUsage().rss;
  const batch = timed(() => findMatches(postings, { today: TODAY }));
  const batchPeak = peakRss();
  console.log(`\n[full batch, ${n} postings]`);
  console.log(`  wall time         : ${(batch.ms / 1000).toFixed(1)} s (${summary(batch.value)})`);
  console.log(`  peak RSS          : ${mb(batchPeak)} (process high-water mark; ${mb(rssBefore)} before the batch, postings included)`);
  console.log(`  heap after batch  : ${mb(process.memoryUsage().heapUsed)}`);
  batch.value.length = 0;

  // 3. Incremental: one new posting against an index of N.
  const index = timed(() => buildIndex(postings));
  const targets = generatePostings(200, 7).map((p) => ({ ...p, id: `new-${p.id}` }));
  const times: number[] = [];
  let found = 0;
  for (const target of targets) {
    const r = timed(() => matchesForPostingIndexed(target, index.value, { today: TODAY }));
    times.push(r.ms);
    found += r.value.length;
  }
  times.sort((a, b) => a - b);
  console.log(`\n[incremental, 1 new posting vs ${n}, 200 runs]`);
  console.log(`  index build       : ${index.ms.toFixed(0)} ms (profiles already computed by the batch)`);
  console.log(`  p50 / p95 / max   : ${percentile(times, 50).toFixed(2)} ms / ${percentile(times, 95).toFixed(2)} ms / ${times[times.length - 1].toFixed(2)} ms`);
  console.log(`  matches per run   : ${(found / targets.length).toFixed(1)} on average`);
  console.log(`\npeak RSS of the whole run: ${mb(peakRss())}`);
}

main();
