/**
 * Matching command line.
 *
 *   npm run match -- --file postings.json [--format json|table] [--top N] [--threshold T] [--today YYYY-MM-DD]
 *
 * Reads the posting interchange format (shared/design/postings-format.md) and prints
 * `{ "matches": [...] }` (need_offer: `a` = need, `b` = offer; pools: `members`), best first,
 * only matches scoring at least the threshold (default 50). Exit codes: 0 ok, 2 bad arguments
 * or malformed file (each faulty field is printed to stderr with its path).
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parsePostingsFile } from "../app/modules/matching/format";
import { isIsoDate } from "../app/modules/validation/input";
import { DEFAULT_THRESHOLD, findMatches, type MatchPosting, type ScoredMatch } from "../app/modules/matching/index";

/** A user error: printed to stderr, exit code 2. */
export class CliError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
  }
}

export interface RunOptions {
  threshold?: number;
  today?: string;
  /** Keep only the N best matches. */
  top?: number;
}

/**
 * The matching run shared by every loader (JSON file today, database later): all matches at
 * or above the threshold, best first, cut to `top`.
 */
export function runOnPostings(postings: MatchPosting[], opts: RunOptions = {}): ScoredMatch[] {
  const matches = findMatches(postings, { threshold: opts.threshold ?? DEFAULT_THRESHOLD, today: opts.today });
  return opts.top !== undefined ? matches.slice(0, opts.top) : matches;
}

/** Read and parse a JSON file; a missing file or bad JSON is a CliError. */
export function readJsonFile(file: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError([`${file}: cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new CliError([`${file}: invalid JSON: ${(e as Error).message}`]);
  }
}

/** Load and validate a postings file. */
export function loadPostingsFile(file: string): MatchPosting[] {
  const parsed = parsePostingsFile(readJsonFile(file));
  if (!parsed.ok) throw new CliError(parsed.errors);
  return parsed.data.postings;
}

export type ArgSpec = Record<string, "string" | "boolean">;

/** Minimal `--key value` / `--key=value` parser; unknown options are errors. */
export function parseArgs(argv: string[], spec: ArgSpec): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !(m[1] in spec)) throw new CliError([`unknown argument: ${arg}`]);
    const [, key, inline] = m;
    if (spec[key] === "boolean") out[key] = true;
    else {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith("--")) throw new CliError([`--${key}: a value is required`]);
      out[key] = value;
    }
  }
  return out;
}

export function numberArg(args: Record<string, string | boolean>, key: string, min: number, max: number): number | undefined {
  const v = args[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== "string" || !Number.isFinite(n) || n < min || n > max) throw new CliError([`--${key}: expected a number between ${min} and ${max}, got ${String(v)}`]);
  return n;
}

export function dateArg(args: Record<string, string | boolean>, key: string): string | undefined {
  const v = args[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v) || !isIsoDate(v)) throw new CliError([`--${key}: expected a date YYYY-MM-DD, got ${String(v)}`]);
  return v;
}

/** The JSON shape of postings-format.md: need_offer as a/b, pools as members. */
export function toOutput(m: ScoredMatch): Record<string, unknown> {
  return m.type === "need_offer"
    ? { a: m.members[0], b: m.members[1], type: m.type, score: m.score, reasons: m.reasons }
    : { members: m.members, type: m.type, score: m.score, reasons: m.reasons };
}

export function formatTable(matches: ScoredMatch[], postings: MatchPosting[]): string {
  const titles = new Map(postings.map((p) => [p.id, p.title]));
  const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const rows = matches.map((m) => [
    String(m.score).padStart(5),
    m.type.padEnd(10),
    m.members.join(m.type === "need_offer" ? " -> " : ", "),
    clip(m.members.map((id) => titles.get(id) ?? id).join(" | "), 90),
    m.reasons
      .filter((r) => r.weight > 0)
      .slice(0, 3)
      .map((r) => r.code)
      .join(", "),
  ]);
  const header = ["score", "type      ", "members", "titles", "main reasons"];
  const width = (i: number): number => Math.max(header[i].length, ...rows.map((r) => r[i].length));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(width(i)))).join("  ");
  return [line(header), line(header.map((_, i) => "-".repeat(width(i)))), ...rows.map(line), `${matches.length} match(es)`].join("\n");
}

const USAGE =
  "usage: npm run match -- (--file postings.json | --db) [--format json|table] [--top N] [--threshold T] [--today YYYY-MM-DD]\n" +
  "  --db reads the open postings of the database (DATABASE_URL, or the embedded one: stop the app first) and uses the coordinator's threshold unless --threshold is given; it changes nothing.";

/** --db: the open postings and the threshold from the database (read-only). */
async function loadFromDatabase(): Promise<{ postings: MatchPosting[]; threshold: number }> {
  const { closeDb, getDbHandle } = await import("../db/client.server");
  const { getMatchThreshold, loadMatchablePostings } = await import("../app/modules/matching/store.server");
  const handle = getDbHandle();
  try {
    await handle.migrate();
    return { postings: await loadMatchablePostings(), threshold: await getMatchThreshold() };
  } finally {
    await closeDb();
  }
}

async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv, { file: "string", format: "string", top: "string", threshold: "string", today: "string", db: "boolean", help: "boolean" });
    if (args.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (!args.db && typeof args.file !== "string") throw new CliError(["--file or --db is required", USAGE]);
    const format = args.format ?? "json";
    if (format !== "json" && format !== "table") throw new CliError([`--format: expected "json" | "table", got ${String(format)}`]);
    const opts: RunOptions = {
      threshold: numberArg(args, "threshold", 0, 100),
      top: numberArg(args, "top", 0, Number.MAX_SAFE_INTEGER),
      today: dateArg(args, "today"),
    };
    let postings: MatchPosting[];
    if (args.db) {
      const fromDb = await loadFromDatabase();
      postings = fromDb.postings;
      opts.threshold ??= fromDb.threshold;
    } else {
      postings = loadPostingsFile(args.file as string);
    }
    const matches = runOnPostings(postings, opts);
    process.stdout.write(
      format === "json" ? `${JSON.stringify({ matches: matches.map(toOutput) }, null, 2)}\n` : `${formatTable(matches, postings)}\n`,
    );
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
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
