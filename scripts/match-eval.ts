/**
 * Evaluate the matching engine on a labelled file (the shape of shared/data/matching-dev.json).
 *
 *   npm run match:eval -- --file labelled.json [--threshold T] [--today YYYY-MM-DD]
 *
 * Prints precision and recall of need_offer pairs and of pools (pools compared as exact sets of
 * members) at the threshold, recall@5 per need, and the false positives / false negatives with
 * the score or the hard rule behind each. The reference date is read from the `rules` text
 * ("reference date for deadlines: YYYY-MM-DD"), else --today, else today. Exit 0; 2 on a
 * malformed file or bad arguments.
 */
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { formatZodIssues, PostingSchema } from "../app/modules/interchange";
import {
  buildIndex,
  DEFAULT_THRESHOLD,
  matchesForPostingIndexed,
  scorePair,
  scorePoolPairOf,
  type MatchPosting,
  type PairScore,
  type ScoredMatch,
} from "../app/modules/matching/index";
import { CliError, dateArg, numberArg, parseArgs, readJsonFile, runOnPostings } from "./match";

const LabelledSchema = z.object({
  rules: z.string().optional(),
  postings: z.array(PostingSchema),
  truth: z.object({
    need_offer: z.array(z.tuple([z.string(), z.string()])),
    pool: z.array(z.array(z.string()).min(2)),
  }),
});

export interface Labelled {
  rules?: string;
  postings: MatchPosting[];
  truth: { need_offer: Array<[string, string]>; pool: string[][] };
}

/** Validate a labelled file; ids in `truth` must exist. */
export function parseLabelled(json: unknown): Labelled {
  const r = LabelledSchema.safeParse(json);
  if (!r.success) throw new CliError(formatZodIssues(r.error.issues));
  const data = r.data as Labelled;
  const ids = new Set(data.postings.map((p) => p.id));
  const errors: string[] = [];
  data.postings.forEach((p, i) => {
    if (data.postings.findIndex((q) => q.id === p.id) !== i) errors.push(`postings[${i}].id: duplicate id "${p.id}"`);
  });
  data.truth.need_offer.forEach((pair, i) =>
    pair.forEach((id, k) => ids.has(id) || errors.push(`truth.need_offer[${i}][${k}]: unknown posting id "${id}"`)),
  );
  data.truth.pool.forEach((pool, i) =>
    pool.forEach((id, k) => ids.has(id) || errors.push(`truth.pool[${i}][${k}]: unknown posting id "${id}"`)),
  );
  if (errors.length) throw new CliError(errors);
  return data;
}

/** "reference date for deadlines: 2026-11-22" in the rules text, if any. */
export function referenceDate(rules: string | undefined): string | undefined {
  return rules ? /reference date for deadlines:\s*(\d{4}-\d{2}-\d{2})/i.exec(rules)?.[1] : undefined;
}

export interface Evaluation {
  pairs: { precision: number; recall: number; truePositives: number; predicted: number; expected: number; falsePositives: string[][]; falseNegatives: string[][] };
  pools: { precision: number; recall: number; truePositives: number; predicted: number; expected: number; falsePositives: string[][]; falseNegatives: string[][] };
  /** Mean over needs with at least one true offer of the share of their true offers in their 5 best-scored offers. */
  recallAt5: number;
  matches: ScoredMatch[];
}

const ratio = (num: number, den: number): number => (den === 0 ? 1 : num / den);

function compare(predicted: string[][], expected: string[][]): Evaluation["pairs"] {
  const key = (m: string[]): string => m.join("|");
  const exp = new Set(expected.map(key));
  const pred = new Set(predicted.map(key));
  const tp = [...pred].filter((k) => exp.has(k)).length;
  return {
    precision: ratio(tp, pred.size),
    recall: ratio(tp, exp.size),
    truePositives: tp,
    predicted: pred.size,
    expected: exp.size,
    falsePositives: predicted.filter((m) => !exp.has(key(m))),
    falseNegatives: expected.filter((m) => !pred.has(key(m))),
  };
}

export function evaluate(data: Labelled, opts: { threshold?: number; today: string }): Evaluation {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const matches = runOnPostings(data.postings, { threshold, today: opts.today });
  const pairs = compare(
    matches.filter((m) => m.type === "need_offer").map((m) => m.members),
    data.truth.need_offer.map(([n, o]) => [n, o]),
  );
  const pools = compare(
    matches.filter((m) => m.type === "pool").map((m) => [...m.members].sort()),
    data.truth.pool.map((p) => [...p].sort()),
  );

  // recall@5: rank every candidate offer of each need by score (no threshold).
  const byNeed = new Map<string, Set<string>>();
  for (const [n, o] of data.truth.need_offer) byNeed.set(n, (byNeed.get(n) ?? new Set()).add(o));
  const index = buildIndex(data.postings);
  const byId = new Map(data.postings.map((p) => [p.id, p]));
  let sum = 0;
  for (const [needId, offers] of byNeed) {
    const top5 = matchesForPostingIndexed(byId.get(needId)!, index, { threshold: 0, today: opts.today })
      .filter((m) => m.type === "need_offer")
      .slice(0, 5)
      .map((m) => m.members[1]);
    sum += top5.filter((o) => offers.has(o)).length / offers.size;
  }
  return { pairs, pools, recallAt5: byNeed.size ? sum / byNeed.size : 1, matches };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const explain = (s: PairScore): string => (s.excludedBy ? `excluded by ${s.excludedBy} ${JSON.stringify(s.reasons[0]?.detail ?? {})}` : `score ${s.score}`);

function report(data: Labelled, ev: Evaluation, threshold: number, today: string): string {
  const byId = new Map(data.postings.map((p) => [p.id, p]));
  const score = new Map(ev.matches.map((m) => [`${m.type}:${[...m.members].sort().join("|")}`, m.score]));
  const title = (id: string): string => byId.get(id)?.title ?? "?";
  const lines = [
    `reference date ${today}, threshold ${threshold}, ${data.postings.length} postings`,
    `need_offer pairs: precision ${pct(ev.pairs.precision)} (${ev.pairs.truePositives}/${ev.pairs.predicted}), recall ${pct(ev.pairs.recall)} (${ev.pairs.truePositives}/${ev.pairs.expected})`,
    `pools:            precision ${pct(ev.pools.precision)} (${ev.pools.truePositives}/${ev.pools.predicted}), recall ${pct(ev.pools.recall)} (${ev.pools.truePositives}/${ev.pools.expected})`,
    `recall@5 (mean per need): ${pct(ev.recallAt5)}`,
  ];
  const section = (name: string, items: string[]): void => {
    lines.push("", `${name} (${items.length})`, ...(items.length ? items.map((s) => `  ${s}`) : ["  none"]));
  };
  section(
    "false positive pairs",
    ev.pairs.falsePositives.map(([n, o]) => `${n} -> ${o}  score ${score.get(`need_offer:${[n, o].sort().join("|")}`)}  "${title(n)}" / "${title(o)}"`),
  );
  section(
    "false negative pairs",
    ev.pairs.falseNegatives.map(([n, o]) => `${n} -> ${o}  ${explain(scorePair(byId.get(n)!, byId.get(o)!, { today }))}  "${title(n)}" / "${title(o)}"`),
  );
  section("false positive pools", ev.pools.falsePositives.map((m) => `[${m.join(", ")}]  score ${score.get(`pool:${m.join("|")}`)}`));
  section(
    "false negative pools",
    ev.pools.falseNegatives.map((m) => {
      const broken: string[] = [];
      for (let i = 0; i < m.length; i++) {
        for (let j = i + 1; j < m.length; j++) {
          const s = scorePoolPairOf(byId.get(m[i])!, byId.get(m[j])!, { today });
          if (s.excludedBy || s.score < threshold) broken.push(`${m[i]}+${m[j]} ${explain(s)}`);
        }
      }
      return `[${m.join(", ")}]  ${broken.length ? broken.join("; ") : "all pairs compatible (pool not maximal or below threshold)"}`;
    }),
  );
  return lines.join("\n");
}

const USAGE = "usage: npm run match:eval -- --file labelled.json [--threshold T] [--today YYYY-MM-DD]";

function main(argv: string[]): number {
  try {
    const args = parseArgs(argv, { file: "string", threshold: "string", today: "string", help: "boolean" });
    if (args.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (typeof args.file !== "string") throw new CliError(["--file is required", USAGE]);
    const threshold = numberArg(args, "threshold", 0, 100) ?? DEFAULT_THRESHOLD;
    const cliToday = dateArg(args, "today");
    const data = parseLabelled(readJsonFile(args.file));
    const today = referenceDate(data.rules) ?? cliToday ?? new Date().toISOString().slice(0, 10);
    process.stdout.write(`${report(data, evaluate(data, { threshold, today }), threshold, today)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`${e.lines.join("\n")}\n`);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
