/**
 * Search text of postings, shared by writes (the folded document and its concept keys) and reads
 * (parsing a query into terms). Pure functions: no database, usable in tests and benchmarks.
 * See docs/decisions/010-posting-search.md for how SQL narrowing and fuse.js ranking combine.
 */
import { dictionaries, type MessageKey } from "~/modules/i18n";
import type { Category, PostingKind } from "./constants";
import { SEARCH_GROUPS } from "./search-synonyms";

/** Lower case, no accents or ligatures, punctuation as spaces: "Écoconception & R&D — m²" -> "ecoconception rd m2". */
export function foldForSearch(s: string): string {
  return s
    .replace(/\bR\s?&\s?D\b/gi, " rd ")
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Folded stop words of both languages ("it" and "ti" are kept: they mean IT here). */
const STOP_WORDS = new Set(
  `a au aux avec ce ces cet cette d dans de des du elle en et est il ils je l la le les leur leurs lui ma me mes mon ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur ta te tes ton tu un une vos votre vous c j m n t y
   an the and or of to in on at by for with from as is are was be this that these those we our you your they their its has have can will would should may not no`
    .split(/\s+/)
    .filter(Boolean),
);

/** Light plural folding, applied to both sides of a comparison: "bureaux" ~ "bureau", "laptops" ~ "laptop". */
function norm(token: string): string {
  return token.length > 3 ? token.replace(/[sx]$/, "") : token;
}

export function searchTokens(folded: string): string[] {
  return folded.split(" ").filter((t) => t && !STOP_WORDS.has(t));
}

interface CompiledPhrase {
  group: string;
  tokens: string[];
  searchable: boolean;
}

const PHRASES: CompiledPhrase[] = SEARCH_GROUPS.flatMap((g) => [
  ...g.phrases.map((p) => ({ group: g.id, tokens: searchTokens(foldForSearch(p)).map(norm), searchable: true })),
  ...(g.detectOnly ?? []).map((p) => ({ group: g.id, tokens: searchTokens(foldForSearch(p)).map(norm), searchable: false })),
]).filter((p) => p.tokens.length > 0);
const MAX_PHRASE = Math.max(...PHRASES.map((p) => p.tokens.length));
const BY_FIRST = new Map<string, CompiledPhrase[]>();
for (const p of PHRASES) {
  const list = BY_FIRST.get(p.tokens[0]) ?? [];
  list.push(p);
  BY_FIRST.set(p.tokens[0], list);
}

/** The synonym groups a (folded) document mentions, exactly (documents are assumed well spelt). */
export function conceptsOf(folded: string): string[] {
  const tokens = searchTokens(folded).map(norm);
  const found = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    for (const p of BY_FIRST.get(tokens[i]) ?? []) {
      if (p.searchable && p.tokens.every((t, k) => tokens[i + k] === t)) found.add(p.group);
    }
  }
  return [...found].sort();
}

/** Optimal-string-alignment distance (Damerau–Levenshtein with adjacent transpositions), capped. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      rowMin = Math.min(rowMin, v);
    }
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j];
    prev = cur;
    if (rowMin > cap) return cap + 1;
  }
  return prev[b.length];
}

/** Does a typed token stand for a lexicon token? Exact for short words, one or two typos for longer ones. */
function tokenLike(typed: string, lexicon: string): boolean {
  if (typed === lexicon) return true;
  // Typos rarely touch the first letter; requiring it keeps "information" from being "formation".
  if (lexicon.length < 5 || typed.length < 4 || typed[0] !== lexicon[0]) return false;
  const allowed = lexicon.length >= 9 ? 2 : 1;
  return editDistance(typed, lexicon, allowed) <= allowed;
}

export interface SearchTerm {
  /** The folded words of the query this term covers. */
  text: string;
  /** Synonym groups the words stand for (possibly misspelt). */
  groups: string[];
  /** False when the words are only a group's abbreviation (English "it"): search the group, not the text. */
  searchText: boolean;
}

export interface ParsedQuery {
  folded: string;
  terms: SearchTerm[];
}

/**
 * A query -> terms that must all match. Words that (even misspelt) form a synonym phrase become
 * one term standing for the group; other words are terms of their own, matched by trigrams.
 */
export function parseSearchQuery(q: string): ParsedQuery {
  const folded = foldForSearch(q.slice(0, 200));
  const tokens = searchTokens(folded).slice(0, 12);
  const normed = tokens.map(norm);
  const terms: SearchTerm[] = [];
  let i = 0;
  while (i < tokens.length) {
    let bestLen = 0;
    let groups = new Set<string>();
    let searchable = false;
    for (let len = Math.min(MAX_PHRASE, tokens.length - i); len >= 1 && bestLen === 0; len--) {
      for (const p of PHRASES) {
        if (p.tokens.length !== len) continue;
        if (!p.tokens.every((t, k) => tokenLike(normed[i + k], t))) continue;
        bestLen = len;
        groups.add(p.group);
        searchable ||= p.searchable;
      }
    }
    if (bestLen === 0) {
      groups = new Set();
      bestLen = 1;
      searchable = true;
    }
    const text = tokens.slice(i, i + bestLen).join(" ");
    if (text.length >= 2 || groups.size) terms.push({ text, groups: [...groups].sort(), searchText: searchable || groups.size === 0 });
    i += bestLen;
  }
  return { folded, terms };
}

const LABEL_LOCALES = ["fr", "en"] as const;
function labels(key: string): string {
  return LABEL_LOCALES.map((l) => (dictionaries[l] as Record<string, string>)[key] ?? "").join(" ");
}

export interface SearchSource {
  /** Null on a draft not completed yet. */
  kind: PostingKind | null;
  category: Category | null;
  title: string;
  description: string;
  tags: string[];
  region?: string | null;
  programme?: string | null;
  attributes?: Record<string, unknown> | null;
}

/**
 * The folded search document of a posting: title first (the ranking looks at the start), then tags,
 * programme, category-specific values, FR and EN labels of kind, category and region, the cluster,
 * and the description. Padded with spaces so whole words can be matched with LIKE '% word %'.
 */
export function buildSearchDocument(p: SearchSource, clusterName: string): { searchText: string; searchTerms: string[] } {
  const attributeText: string[] = [];
  for (const [name, value] of Object.entries(p.attributes ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v !== "string") continue;
      const key = `postings.attr.${name}.${v}` as MessageKey;
      const label = labels(key).trim();
      attributeText.push(label || v);
    }
  }
  const parts = [
    p.title,
    p.tags.join(" "),
    p.programme ?? "",
    attributeText.join(" "),
    p.kind ? labels(`kind.${p.kind}`) : "",
    p.category ? labels(`category.${p.category}`) : "",
    p.region ? labels(`region.${p.region}`) : "",
    clusterName,
    p.description,
  ];
  const searchText = ` ${parts.map(foldForSearch).filter(Boolean).join(" ")} `;
  // Concepts come from what the posting says, not from its cluster's name ("Bureau du cinéma…" is no office).
  const conceptSource = parts.filter((_, i) => i !== parts.length - 2).map(foldForSearch).join(" ");
  return { searchText, searchTerms: conceptsOf(conceptSource) };
}
