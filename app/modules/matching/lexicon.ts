/**
 * The network lexicon: what the coordinators taught the matcher, applied on top of the built-in
 * synonyms (synonyms.ts) without touching them. Pure (no database): lexicon.server.ts stores it.
 *
 * - A synonym or an abbreviation joins two terms: wherever a posting says one, the other is written
 *   right after it ("Bilan GES (GHG) de nos bureaux"), so both postings speak the same words and the
 *   engine's usual rules decide — the head of a title stays the head.
 * - A "distinct" entry says two terms are different things: a need and an offer (or two needs of a
 *   pool) where one side says only the one and the other side only the other are not proposed.
 * - A pair the coordinator rejected as "not the same resource", and its like (the same two postings'
 *   resources re-posted: same cluster, kind and title words), are not proposed again.
 *
 * Terms go through the engine's normalisation (normalize.ts): accents, case, plurals and stop words
 * never make two entries differ.
 */
import { foldText, STOP_WORDS, tokenize } from "./normalize";
import type { MatchPosting, ScoredMatch } from "./types";

export type LexiconKind = "synonym" | "abbreviation" | "distinct";
export const LEXICON_KIND_LIST: readonly LexiconKind[] = ["synonym", "abbreviation", "distinct"];

export interface LexiconEntry {
  kind: LexiconKind;
  a: string;
  b: string;
}

/** A pair (or pool) rejected as "not the same resource": its members, as postings. */
export interface RejectedSet {
  type: "need_offer" | "pool";
  /** need_offer: [need, offer]. */
  members: Array<Pick<MatchPosting, "cluster" | "kind" | "title">>;
}

export const TERM_MAX = 80;

/**
 * Coverage limits of a synonym: the share of open postings saying one of its terms. Above the
 * warning the preview says so with the count; above the limit the entry is refused (a term in half
 * the postings joins nearly everything with nearly everything). Shares are only meaningful on a
 * network of some size, hence the minimum.
 */
export const COVERAGE_WARN = 0.15;
export const COVERAGE_LIMIT = 0.4;
export const COVERAGE_MIN_POSTINGS = 20;

/** The engine's words of a term (folded, stemmed, stop words removed). */
export function termWords(term: string): string[] {
  return tokenize(term);
}

/** The normalised form of a term: two terms with the same key are the same term. */
export const termKey = (term: string): string => termWords(term).join(" ");

export type TermProblem = "required" | "tooShort" | "tooLong" | "stopWord";

/** What is wrong with one term, or null. */
export function checkTerm(raw: string | undefined | null): TermProblem | null {
  const term = (raw ?? "").trim();
  if (!term) return "required";
  if (term.length > TERM_MAX) return "tooLong";
  const letters = foldText(term).replace(/[^a-z0-9]/g, "");
  if (letters.length < 2) return "tooShort";
  if (termWords(term).length === 0 || STOP_WORDS.has(letters)) return "stopWord";
  return null;
}

export type EntryProblem = { field: "a" | "b" | "kind"; problem: TermProblem | "sameTerm" | "duplicate" | "contradicts" | "kind" };

const sameSense = (k: LexiconKind) => (k === "distinct" ? "distinct" : "same");
const pairKey = (a: string, b: string) => [termKey(a), termKey(b)].sort().join("\u0000");

/** The problems of an entry given the active ones (empty: it may be saved, subject to coverage). */
export function checkEntry(entry: Partial<LexiconEntry>, active: readonly LexiconEntry[]): EntryProblem[] {
  const out: EntryProblem[] = [];
  if (!entry.kind || !LEXICON_KIND_LIST.includes(entry.kind)) out.push({ field: "kind", problem: "kind" });
  const pa = checkTerm(entry.a);
  const pb = checkTerm(entry.b);
  if (pa) out.push({ field: "a", problem: pa });
  if (pb) out.push({ field: "b", problem: pb });
  if (out.length) return out;
  const e = entry as LexiconEntry;
  if (termKey(e.a) === termKey(e.b)) return [{ field: "b", problem: "sameTerm" }];
  const key = pairKey(e.a, e.b);
  for (const x of active) {
    if (pairKey(x.a, x.b) !== key) continue;
    return [{ field: "b", problem: sameSense(x.kind) === sameSense(e.kind) ? "duplicate" : "contradicts" }];
  }
  return out;
}

/** Token positions where `words` occurs contiguously in `tokens`: the index after each occurrence. */
function occurrences(tokens: readonly string[], words: readonly string[]): number[] {
  const ends: number[] = [];
  if (!words.length) return ends;
  for (let i = 0; i + words.length <= tokens.length; i++) {
    let k = 0;
    while (k < words.length && tokens[i + k] === words[k]) k++;
    if (k === words.length) ends.push(i + words.length);
  }
  return ends;
}

const says = (tokens: readonly string[], words: readonly string[]) => occurrences(tokens, words).length > 0;

/** Every text field of a posting the engine reads, as tokens. */
function postingTokens(p: Pick<MatchPosting, "title" | "description" | "tags">): string[] {
  return tokenize([p.title, ...(p.tags ?? []), p.description].join(" | "));
}

/** Whether a posting says one of the entry's terms (where an entry can change its matches). */
export function touches(p: Pick<MatchPosting, "title" | "description" | "tags">, entry: LexiconEntry): boolean {
  const tokens = postingTokens(p);
  return says(tokens, termWords(entry.a)) || says(tokens, termWords(entry.b));
}

/** The "like" of a posting: same cluster, same kind, same title words (a re-posting). */
export function postingSignature(p: Pick<MatchPosting, "cluster" | "kind" | "title">): string {
  return `${p.cluster}|${p.kind}|${[...new Set(tokenize(p.title))].sort().join(" ")}`;
}

interface Join {
  words: string[];
  /** The other term as the coordinator wrote it. */
  insert: string;
  insertWords: string[];
}

/** A lexicon ready to apply: build once per run (cheap), then `run()` per engine run. */
export interface CompiledLexicon {
  entries: readonly LexiconEntry[];
  /** Synonym joins by their first word. */
  joins: Map<string, Join[]>;
  distinct: Array<[string[], string[]]>;
  /** Signature keys of rejected sets (see setKey). */
  rejected: Set<string>;
  empty: boolean;
}

const pairSetKey = (need: string, offer: string) => `p\u0001${need}\u0001${offer}`;
const poolSetKey = (sigs: string[]) => `g\u0001${[...sigs].sort().join("\u0001")}`;

export function compileLexicon(entries: readonly LexiconEntry[], rejected: readonly RejectedSet[] = []): CompiledLexicon {
  const joins = new Map<string, Join[]>();
  const distinct: Array<[string[], string[]]> = [];
  for (const e of entries) {
    const wa = termWords(e.a);
    const wb = termWords(e.b);
    if (!wa.length || !wb.length) continue;
    if (e.kind === "distinct") {
      distinct.push([wa, wb]);
      continue;
    }
    for (const [words, insert, insertWords] of [
      [wa, e.b.trim(), wb],
      [wb, e.a.trim(), wa],
    ] as const) {
      const list = joins.get(words[0]) ?? [];
      list.push({ words, insert, insertWords });
      joins.set(words[0], list);
    }
  }
  const keys = new Set<string>();
  for (const r of rejected) {
    const sigs = r.members.map(postingSignature);
    if (r.type === "need_offer" && sigs.length === 2) keys.add(pairSetKey(sigs[0], sigs[1]));
    else if (sigs.length >= 2) keys.add(poolSetKey(sigs));
  }
  return { entries, joins, distinct, rejected: keys, empty: joins.size === 0 && distinct.length === 0 && keys.size === 0 };
}

export const EMPTY_LEXICON: CompiledLexicon = compileLexicon([]);

/** Words of a text with the token count each contributes, to put an insertion after the right word. */
function wordsWithTokens(text: string): Array<{ end: number; tokens: string[] }> {
  const out: Array<{ end: number; tokens: string[] }> = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:[&-][\p{L}\p{N}]+)*/gu)) out.push({ end: m.index + m[0].length, tokens: tokenize(m[0]) });
  return out;
}

/** One text field with the joined terms written after each term it says (unchanged when none). */
export function joinTerms(text: string, lex: CompiledLexicon): string {
  if (!text || lex.joins.size === 0) return text;
  const tokens = tokenize(text);
  // fast path: most texts say none of the terms
  if (!tokens.some((t) => lex.joins.has(t))) return text;
  const words = wordsWithTokens(text);
  const flat: string[] = [];
  const endOf: number[] = []; // character end of the word of each token
  for (const w of words) for (const t of w.tokens) (flat.push(t), endOf.push(w.end));
  const inserts = new Map<number, string[]>(); // character position -> terms to write there
  for (let i = 0; i < flat.length; i++) {
    for (const j of lex.joins.get(flat[i]) ?? []) {
      if (!j.words.every((w, k) => flat[i + k] === w)) continue;
      // already said (in the text): nothing to add
      if (says(flat, j.insertWords)) continue;
      const at = endOf[i + j.words.length - 1];
      const list = inserts.get(at) ?? [];
      if (!list.includes(j.insert)) list.push(j.insert);
      inserts.set(at, list);
    }
  }
  if (!inserts.size) return text;
  let out = "";
  let from = 0;
  for (const at of [...inserts.keys()].sort((x, y) => x - y)) {
    out += `${text.slice(from, at)} (${inserts.get(at)!.join(", ")})`;
    from = at;
  }
  return out + text.slice(from);
}

/** A posting as the lexicon makes the engine read it (the same object when the lexicon says nothing of it). */
export function applyLexicon(p: MatchPosting, lex: CompiledLexicon): MatchPosting {
  if (lex.joins.size === 0) return p;
  const title = joinTerms(p.title, lex);
  const description = joinTerms(p.description, lex);
  const tags = p.tags?.map((t) => joinTerms(t, lex));
  const tagsChanged = tags?.some((t, i) => t !== p.tags![i]) ?? false;
  if (title === p.title && description === p.description && !tagsChanged) return p;
  return { ...p, title, description, ...(tags ? { tags } : {}) };
}

/**
 * One engine run with a lexicon: `prepare` every posting before the engine sees it (it also notes
 * what the run's filter needs of it), then keep the matches `allows` lets through.
 */
export class LexiconRun {
  /** Distinct-entry sides each posting says: bit 2i = entry i's first term, 2i+1 its second. */
  private readonly marks = new Map<string, number[]>();
  private readonly signatures = new Map<string, string>();

  constructor(readonly lexicon: CompiledLexicon) {}

  prepare(p: MatchPosting): MatchPosting {
    const lex = this.lexicon;
    if (lex.empty) return p;
    if (lex.distinct.length) {
      const tokens = postingTokens(p);
      const said: number[] = [];
      lex.distinct.forEach(([a, b], i) => {
        const sa = says(tokens, a);
        const sb = says(tokens, b);
        // a posting saying both terms is about both: no side
        if (sa !== sb) said.push(sa ? 2 * i : 2 * i + 1);
      });
      if (said.length) this.marks.set(p.id, said);
      else this.marks.delete(p.id);
    }
    if (lex.rejected.size) this.signatures.set(p.id, postingSignature(p));
    return applyLexicon(p, lex);
  }

  /** Whether a distinct entry separates postings `x` and `y` (one says only one term, the other only the other). */
  private separated(x: string, y: string): boolean {
    const mx = this.marks.get(x);
    const my = this.marks.get(y);
    if (!mx || !my) return false;
    return mx.some((m) => my.includes(m ^ 1));
  }

  allows = (m: ScoredMatch): boolean => {
    const lex = this.lexicon;
    if (lex.empty) return true;
    const ids = m.members;
    if (lex.rejected.size) {
      const sigs = ids.map((id) => this.signatures.get(id) ?? id);
      if (lex.rejected.has(m.type === "need_offer" ? pairSetKey(sigs[0], sigs[1]) : poolSetKey(sigs))) return false;
    }
    if (lex.distinct.length) {
      for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) if (this.separated(ids[i], ids[j])) return false;
    }
    return true;
  };
}
