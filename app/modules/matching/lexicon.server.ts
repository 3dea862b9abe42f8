/**
 * The network lexicon in the database (lexicon_history, append-only): reading it for the engine runs,
 * the coordinator's preview of an entry's effect, saving and undoing entries (with the re-match of
 * the postings they affect), and suggestions from the coordinator's hand-made matches. Reading it
 * for the engine runs: lexicon-store.server.ts.
 */
export { lexiconHistoryRows, readLexicon, type ActiveEntry, type HistoryRow, type LexiconState } from "./lexicon-store.server";
import { and, eq, inArray, max, notInArray, sql } from "drizzle-orm";
import { getDb, rowsOf, type Tx } from "@db/client.server";
import { lexiconHistory, matches, type LexiconKind } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import type { Actor } from "~/modules/auth/permissions";
import { conflictResult, fieldResult, invalidResult, notFoundResult, ok, type FieldErrors, type Result } from "~/modules/result";
import { buildIndex, matchesForPostingIndexed, type MatchPosting } from "./index";
import { rematchInTx } from "./incremental.server";
import {
  checkEntry,
  compileLexicon,
  COVERAGE_LIMIT,
  COVERAGE_MIN_POSTINGS,
  COVERAGE_WARN,
  LexiconRun,
  termKey,
  touches,
  type CompiledLexicon,
  type LexiconEntry,
} from "./lexicon";
import { loadCompiledLexicon, readLexicon, type ActiveEntry } from "./lexicon-store.server";
import { loadMatchablePostings } from "./load.server";
import { enqueueRematch } from "./queue.server";
import { isContentWord } from "./synonyms";
import { tokenize } from "./normalize";
import { ENGINE_OWNED, isoDay, lock, memberKey } from "./store-common.server";
import { getMatchThreshold } from "./threshold.server";

/** Postings re-matched in the saving transaction; more go to the re-match queue. */
export const INLINE_REMATCH_MAX = 200;

// ------------------------------------------------------------------ checking and previewing

export type EntryInput = { kind: LexiconKind; a: string; b: string };

const entryErrors = (entry: EntryInput, active: LexiconEntry[]): FieldErrors | null => {
  const problems = checkEntry(entry, active);
  if (!problems.length) return null;
  const errors: FieldErrors = {};
  for (const p of problems) errors[p.field] ??= { key: `lexicon.error.${p.problem}` as never };
  return errors;
};

interface Assessment {
  postings: MatchPosting[];
  affected: MatchPosting[];
  /** Share of open postings saying one of the terms. */
  share: number;
  warn: boolean;
}

/** The open postings an entry touches, and whether a synonym is too common to save. */
async function assess(db: Tx, entry: LexiconEntry, now: Date): Promise<Result<Assessment>> {
  const postings = await loadMatchablePostings(now, db);
  const affected = postings.filter((p) => touches(p, entry));
  const share = postings.length ? affected.length / postings.length : 0;
  const sized = postings.length >= COVERAGE_MIN_POSTINGS;
  if (entry.kind !== "distinct" && sized && share > COVERAGE_LIMIT) {
    return fieldResult("b", "lexicon.error.tooCommon", { count: affected.length, total: postings.length, limit: Math.round(COVERAGE_LIMIT * 100) });
  }
  return ok({ postings, affected, share, warn: entry.kind !== "distinct" && sized && share > COVERAGE_WARN });
}

export interface PreviewMatch {
  key: string;
  titles: string[];
}

export interface EntryPreview {
  /** Open postings saying one of the terms, of `total`. */
  affected: number;
  total: number;
  warn: boolean;
  removed: PreviewMatch[];
  added: PreviewMatch[];
}

/** Matches of the affected postings with and without the change: what saving would remove and add. */
async function diff(db: Tx, a: Assessment, before: CompiledLexicon, after: CompiledLexicon, now: Date): Promise<Pick<EntryPreview, "removed" | "added">> {
  const threshold = await getMatchThreshold(db);
  const today = isoDay(now);
  const titles = new Map(a.postings.map((p) => [p.id, p.title]));
  const run = (lex: CompiledLexicon): Set<string> => {
    const r = new LexiconRun(lex);
    const prepared = a.postings.map((p) => r.prepare(p));
    const byId = new Map(prepared.map((p) => [p.id, p]));
    const index = buildIndex(prepared);
    const keys = new Set<string>();
    for (const p of a.affected) for (const m of matchesForPostingIndexed(byId.get(p.id)!, index, { threshold, today })) if (r.allows(m)) keys.add(memberKey(m));
    return keys;
  };
  const was = run(before);
  const will = run(after);
  // what the coordinators already decided stays as it is: it is neither removed nor added
  const candidates = [...new Set([...was, ...will])].filter((k) => was.has(k) !== will.has(k));
  const decided = new Set(
    candidates.length
      ? (await db.select({ key: matches.memberKey }).from(matches).where(and(inArray(matches.memberKey, candidates), notInArray(matches.status, [...ENGINE_OWNED, "withdrawn"])))).map((r) => r.key)
      : [],
  );
  const view = (k: string): PreviewMatch => ({ key: k, titles: k.split(",").map((id) => titles.get(id) ?? id) });
  return {
    removed: [...was].filter((k) => !will.has(k) && !decided.has(k)).sort().map(view),
    added: [...will].filter((k) => !was.has(k) && !decided.has(k)).sort().map(view),
  };
}

/** The effect of adding `entry`, computed on the open postings; nothing is written. */
export async function previewEntry(entry: EntryInput, now = new Date()): Promise<Result<EntryPreview>> {
  const db = getDb();
  const state = await readLexicon(db);
  const errors = entryErrors(entry, state.active);
  if (errors) return invalidResult(errors);
  const a = await assess(db, entry, now);
  if (!a.ok) return a;
  const current = await loadCompiledLexicon(db);
  const next = compileLexicon([...state.active, entry], []);
  const withRejections = { ...next, rejected: current.rejected, empty: next.empty && current.rejected.size === 0 };
  const d = await diff(db, a.value, current, withRejections, now);
  return ok({ affected: a.value.affected.length, total: a.value.postings.length, warn: a.value.warn, ...d });
}

/** The effect of undoing an active entry (nothing is written). */
export async function previewUndo(entryId: number, now = new Date()): Promise<Result<EntryPreview & { entry: ActiveEntry }>> {
  const db = getDb();
  const state = await readLexicon(db);
  const entry = state.active.find((e) => e.id === entryId);
  if (!entry) return notFoundResult({ key: "lexicon.error.gone" });
  const postings = await loadMatchablePostings(now, db);
  const affected = postings.filter((p) => touches(p, entry));
  const current = await loadCompiledLexicon(db);
  const rest = compileLexicon(state.active.filter((e) => e.id !== entryId), []);
  const next = { ...rest, rejected: current.rejected, empty: rest.empty && current.rejected.size === 0 };
  const d = await diff(db, { postings, affected, share: 0, warn: false }, current, next, now);
  return ok({ entry, affected: affected.length, total: postings.length, warn: false, ...d });
}

// ------------------------------------------------------------------ saving

const isUniqueViolation = (e: unknown): boolean => {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === "23505" || err?.cause?.code === "23505";
};

const CHANGED = () => conflictResult("lexicon.error.changed");

/** Re-match the affected postings in this transaction (a few), or queue them (many). */
async function rematchAffected(tx: Tx, ids: string[], now: Date): Promise<number> {
  if (ids.length > INLINE_REMATCH_MAX) {
    await enqueueRematch(tx, ids, "lexicon_changed");
    return 0;
  }
  for (const id of ids) await rematchInTx(tx, id, now);
  return ids.length;
}

/**
 * Write one history row at `expected + 1` under the writers' lock, then re-match what it affects, in
 * one transaction. Another coordinator's save since `expected` is a conflict (nothing written).
 */
async function writeRow(
  actor: Actor,
  expected: number,
  row: { action: "add" | "undo"; entryId?: number; kind: LexiconKind; termA: string; termB: string },
  affected: (tx: Tx) => Promise<string[]>,
  now: Date,
): Promise<Result<{ version: number; rematched: number; queued: number }>> {
  try {
    return await getDb().transaction(async (tx) => {
      await lock(tx);
      const [v] = await tx.select({ version: max(lexiconHistory.version) }).from(lexiconHistory);
      const current = v?.version ?? 0;
      if (current !== expected) return CHANGED();
      if (row.action === "undo") {
        const undone = await tx.select({ id: lexiconHistory.id }).from(lexiconHistory).where(and(eq(lexiconHistory.action, "undo"), eq(lexiconHistory.entryId, row.entryId!)));
        if (undone.length) return CHANGED();
      }
      const version = current + 1;
      const [written] = await tx
        .insert(lexiconHistory)
        .values({ version, action: row.action, entryId: row.entryId ?? null, kind: row.kind, termA: row.termA, termB: row.termB, actorId: actor.id, createdAt: now })
        .returning({ id: lexiconHistory.id });
      await audit(tx, { actorId: actor.id, action: `lexicon.${row.action}`, entity: "lexicon", entityId: String(row.entryId ?? written.id), after: { kind: row.kind, a: row.termA, b: row.termB, version } });
      const ids = await affected(tx);
      const rematched = await rematchAffected(tx, ids, now);
      return ok({ version, rematched, queued: ids.length - rematched });
    });
  } catch (e) {
    // two saves at the same instant: the second one's version is taken
    if (isUniqueViolation(e)) return CHANGED();
    throw e;
  }
}

/** Add an entry (checked as the preview checks it) and re-match the postings it affects. */
export async function saveEntry(actor: Actor, entry: EntryInput, expectedVersion: number, now = new Date()) {
  const db = getDb();
  const state = await readLexicon(db);
  if (state.version !== expectedVersion) return CHANGED();
  const errors = entryErrors(entry, state.active);
  if (errors) return invalidResult(errors);
  const a = await assess(db, entry, now);
  if (!a.ok) return a;
  const ids = a.value.affected.map((p) => p.id);
  return writeRow(actor, expectedVersion, { action: "add", kind: entry.kind, termA: entry.a.trim(), termB: entry.b.trim() }, async () => ids, now);
}

/** Undo an active entry (a new history row) and re-match the postings it affected. */
export async function undoEntry(actor: Actor, entryId: number, expectedVersion: number, now = new Date()) {
  const db = getDb();
  const state = await readLexicon(db);
  if (state.version !== expectedVersion) return CHANGED();
  const entry = state.active.find((e) => e.id === entryId);
  if (!entry) return notFoundResult({ key: "lexicon.error.gone" });
  const postings = await loadMatchablePostings(now, db);
  const ids = postings.filter((p) => touches(p, entry)).map((p) => p.id);
  return writeRow(actor, expectedVersion, { action: "undo", entryId, kind: entry.kind, termA: entry.a, termB: entry.b }, async () => ids, now);
}

// ------------------------------------------------------------------ suggestions

export interface Suggestion {
  matchId: string;
  needTitle: string;
  offerTitle: string;
  a: string;
  b: string;
}

/** Title words worth a lexicon entry: content words the other title does not say. */
function ownWords(title: string, other: string): string {
  const otherTokens = new Set(tokenize(other));
  const words: string[] = [];
  for (const m of title.matchAll(/[\p{L}\p{N}]+(?:[&-][\p{L}\p{N}]+)*/gu)) {
    const toks = tokenize(m[0]);
    if (toks.length && toks.every((t) => isContentWord(t) && !otherTokens.has(t)) && !words.includes(m[0])) words.push(m[0]);
    if (words.length === 2) break;
  }
  return words.join(" ");
}

/**
 * A hand-made match says two postings are the same resource: when their titles name it with
 * different words, those words are offered as a synonym (the coordinator edits them before saving).
 */
export async function lexiconSuggestions(limit = 10, db: Tx = getDb()): Promise<Suggestion[]> {
  const rows = rowsOf<{ id: string; need_title: string; offer_title: string }>(
    await db.execute(sql`select m.id, pn.title as need_title, po.title as offer_title
      from matches m
      join match_members n on n.match_id = m.id and n.role = 'need' join postings pn on pn.id = n.posting_id
      join match_members o on o.match_id = m.id and o.role = 'offer' join postings po on po.id = o.posting_id
      where m.source = 'manual' and m.type = 'need_offer' and m.status not in ('rejected', 'withdrawn')
      order by m.created_at desc limit 50`),
  );
  const { active } = await readLexicon(db);
  const known = new Set(active.map((e) => [termKey(e.a), termKey(e.b)].sort().join("\u0000")));
  const out: Suggestion[] = [];
  for (const r of rows) {
    const a = ownWords(r.need_title, r.offer_title);
    const b = ownWords(r.offer_title, r.need_title);
    if (!a || !b || known.has([termKey(a), termKey(b)].sort().join("\u0000"))) continue;
    out.push({ matchId: r.id, needTitle: r.need_title, offerTitle: r.offer_title, a, b });
    if (out.length === limit) break;
  }
  return out;
}

