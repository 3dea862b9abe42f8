/**
 * A token trie that finds known phrases in normalised text, longest phrase first. Used by the
 * concept lexicon (synonyms.ts) and by the programme parser (programme.ts).
 *
 * Pattern syntax (patterns go through the same normalisation as texts):
 *   - words separated by spaces must appear contiguously once stop words are removed;
 *   - a word ending in `*` matches any word with that prefix ("tradu*" -> traduction);
 *   - a leading `fr:` / `en:` restricts the pattern to texts in that language.
 */
import { foldText, tokenize } from "./normalize";

type Lang = "fr" | "en";

interface Node<T> {
  exact: Map<string, Node<T>>;
  /** Prefix children grouped by prefix length, so a token needs one lookup per distinct length. */
  prefixes: Map<number, Map<string, Node<T>>>;
  ends: Array<[value: T, lang: Lang | ""]>;
}

const newNode = <T>(): Node<T> => ({ exact: new Map(), prefixes: new Map(), ends: [] });

/** Normalised words of a pattern; `*` words keep their prefix form. */
export function compileWords(pattern: string): string[] {
  const words: string[] = [];
  for (const raw of pattern.trim().split(/\s+/)) {
    if (raw.endsWith("*")) words.push(`${foldText(raw.slice(0, -1))}*`);
    else words.push(...tokenize(raw));
  }
  return words;
}

export function wordMatches(word: string, token: string): boolean {
  return word.endsWith("*") ? token.startsWith(word.slice(0, -1)) : word === token;
}

/** True when the word sequence occurs contiguously in `tokens`. */
export function containsSequence(tokens: readonly string[], words: readonly string[]): boolean {
  for (let i = 0; i + words.length <= tokens.length; i++) {
    if (words.every((w, k) => wordMatches(w, tokens[i + k]))) return true;
  }
  return false;
}

export interface ScanResult<T> {
  /** Values of the phrases found, in text order (all values of equally long phrases). */
  found: T[];
  /** For each value of `found`, the index of the token where its phrase starts. */
  starts: number[];
  /** Tokens not covered by any phrase. */
  rest: string[];
  /** For each token of `rest`, its index. */
  restStarts: number[];
}

export class PhraseMatcher<T> {
  private readonly root: Node<T> = newNode();

  add(pattern: string, value: T): void {
    const m = /^(fr|en):(.*)$/s.exec(pattern.trim());
    const lang = (m ? m[1] : "") as Lang | "";
    const words = compileWords(m ? m[2] : pattern);
    if (words.length === 0) return;
    this.insert(words, value, lang);
    // Upper-case "IT" is rewritten "ti" in texts (normalize.ts): "IT technician" must find "it technician".
    if (words.includes("it")) this.insert(words.map((w) => (w === "it" ? "ti" : w)), value, lang);
  }

  private insert(words: string[], value: T, lang: Lang | ""): void {
    let node = this.root;
    for (const w of words) {
      if (w.endsWith("*")) {
        const prefix = w.slice(0, -1);
        let byLength = node.prefixes.get(prefix.length);
        if (!byLength) node.prefixes.set(prefix.length, (byLength = new Map()));
        let next = byLength.get(prefix);
        if (!next) byLength.set(prefix, (next = newNode()));
        node = next;
      } else {
        let next = node.exact.get(w);
        if (!next) node.exact.set(w, (next = newNode()));
        node = next;
      }
    }
    if (!node.ends.some(([v, l]) => v === value && l === lang)) node.ends.push([value, lang]);
  }

  /** Scan tokens left to right; at each position the longest phrase wins and consumes its words. */
  scan(tokens: readonly string[], lang: Lang): ScanResult<T> {
    const found: T[] = [];
    const starts: number[] = [];
    const rest: string[] = [];
    const restStarts: number[] = [];
    let i = 0;
    while (i < tokens.length) {
      const m = this.longest(tokens, i, lang);
      if (m) {
        found.push(...m.values);
        for (let k = 0; k < m.values.length; k++) starts.push(i);
        i = m.end;
      } else {
        rest.push(tokens[i]);
        restStarts.push(i);
        i++;
      }
    }
    return { found, starts, rest, restStarts };
  }

  private longest(tokens: readonly string[], start: number, lang: Lang): { end: number; values: T[] } | null {
    let bestEnd = -1;
    let bestValues: T[] = [];
    const stack: Array<[Node<T>, number]> = [[this.root, start]];
    while (stack.length > 0) {
      const [node, i] = stack.pop()!;
      if (i > start) {
        for (const [v, l] of node.ends) {
          if (l !== "" && l !== lang) continue;
          if (i > bestEnd) {
            bestEnd = i;
            bestValues = [v];
          } else if (i === bestEnd && !bestValues.includes(v)) bestValues.push(v);
        }
      }
      if (i >= tokens.length) continue;
      const t = tokens[i];
      const next = node.exact.get(t);
      if (next) stack.push([next, i + 1]);
      for (const [length, byPrefix] of node.prefixes) {
        if (length > t.length) continue;
        const child = byPrefix.get(t.slice(0, length));
        if (child) stack.push([child, i + 1]);
      }
    }
    return bestEnd > start ? { end: bestEnd, values: bestValues } : null;
  }
}
