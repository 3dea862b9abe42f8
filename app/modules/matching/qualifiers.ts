/**
 * Explicit exclusions and qualifiers in a posting's text, and shared identifiers.
 *
 *  - Negation: "not", "no", "without", "excluding", "except", "pas de", "aucun", "sans", "sauf",
 *    "excluant", "à l'exclusion de", "X refusés"… The words they govern (up to the end of the
 *    clause) are taken out of the text before concepts are extracted — "Aucun soutien aux
 *    utilisateurs" does not make a cabling offer IT support — and what they name is kept as an
 *    exclusion: a counterpart whose title or tags name it is ruled out ("laser cutting, no
 *    textiles" never serves a textile need).
 *  - "Only": "metal only", "uniquement du bois", "exclusively laptops": the posting serves only
 *    the named material (or alternative); a counterpart naming another one is ruled out.
 *  - Identifiers: standard and regulation numbers (ISO 14064-1, BNQ 9700-253, CSA Z94.1, Loi 25)
 *    are the same in both languages; a shared one is strong evidence of the same resource.
 */
import { foldText, tokenize } from "./normalize";
import { PhraseMatcher } from "./phrases";
import { extractConcepts } from "./synonyms";

type Lang = "fr" | "en";

/** Materials a process works on; only used by exclusions and "only" (never to match). */
const MATERIALS: Array<[id: string, patterns: string]> = [
  ["mat:metal", `metal|metaux|metallique*|sheet metal|metal sheet*|tole*|acier|steel|inox|stainless|aluminium|aluminum|titane|titanium|laiton|brass|cuivre|copper`],
  ["mat:wood", `bois|wood|wooden|contreplaque*|plywood|mdf`],
  ["mat:plastic", `plastique*|plastic*|acrylique*|acrylic*|plexiglas*|polymere*|polymer*|pvc|polycarbonate*`],
  ["mat:textile", `textile*|tissu*|fabric*|etoffe*|cuir|leather|feutre*|felt|vetement*|garment*|clothing`],
  ["mat:glass", `verre|glass`],
  ["mat:paper", `papier*|paper|carton*|cardboard`],
  ["mat:stone", `pierre*|stone|granit*|marbre|marble|beton|concrete`],
  ["mat:food", `aliment*|food|denree*|foodstuff*`],
];
const MATERIAL = new PhraseMatcher<string>();
for (const [id, patterns] of MATERIALS) for (const p of patterns.split("|")) MATERIAL.add(p, id);

/** Material ids named in a text. */
export function materialsOf(text: string, lang: Lang): string[] {
  return [...new Set(MATERIAL.scan(tokenize(text), lang).found)];
}

/** Clause breaks: a negation or "only" never reaches past them. */
const CLAUSE = /[.;:!?()[\]\n•|]|\s[–—-]\s|\b(?:but|mais|however|cependant|toutefois|whereas|alors que|while|tandis que)\b/g;

const PREFIX_NEG = new RegExp(
  String.raw`\b(?:not|no|without|excluding|excludes?|excluded|except(?: for)?|other than|rather than|instead of|nor|never|` +
    String.raw`refuses?|refusons|refusent|rejects?|pas(?: de| d| un| une| du| des| le| la| les| l)?|aucun(?:e|s|es)?|sans|sauf|excepte|hormis|` +
    String.raw`a l exclusion d(?:e|es|u)?|a l exception d(?:e|es|u)?|excluant|exclut|ni|plutot que|au lieu d(?:e|u|es)?|non compris)\b`,
  "g",
);
/** Words that, right after a negation, say something else than "not this resource" ("no later than", "sans frais"). */
const NEG_SKIP =
  /^(?:only|seulement|just|juste|more|plus|moins|less|later|tard|frais|fee|fees|charge|cost|cout|couts|engagement|but lucratif|profit|obstacle|fil|limit|minimum|maximum|longer|necessar|required|requis|obligat|earlier|avant|same|meme|exceed|depass|applicable|problem|probleme|difference|yet|encore|doute|doubt|matter|importe|question|cesse|stop|interruption|delai|delay|exception|compromis|[0-9])/;
/** Postfix negations: the words before them are excluded ("textiles refusés", "textiles not accepted"). */
const POSTFIX_NEG =
  /\b(?:not accepted|not supported|not included|not provided|not offered|not covered|not eligible|excluded|exclus|exclues|refuses|refusees|refused|non inclus|non incluses?|non compris|non acceptes?|non admissibles?|ne sont pas acceptes?|pas acceptes?)\b/g;
const ONLY = /\b(?:only|seulement|uniquement|exclusivement|exclusively|strictly|strictement|solely)\b/g;

export interface Qualified {
  /** The text with negated words blanked (what the posting does say it is or wants). */
  kept: string;
  /** Concepts (lexicon ids) and materials named under a negation. */
  negated: string[];
  /** Materials and concepts named next to "only". */
  only: string[];
}

function conceptsAndMaterials(text: string, lang: Lang): string[] {
  if (!text.trim()) return [];
  return [...extractConcepts(text, lang).concepts, ...materialsOf(text, lang)];
}

/** Folded text (see foldText) and, for each of its characters, the index of the original one. */
function foldWithMap(text: string): { folded: string; map: number[] } {
  let folded = "";
  const map: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = foldText(ch).replace(/['’`]/g, " ").replace(/-/g, " ");
    for (let k = 0; k < f.length; k++) map.push(i);
    folded += f;
    i += ch.length;
  }
  map.push(text.length);
  return { folded, map };
}

const QUALIFIER_CUE = /\b(?:not|no|without|exclu|except|other than|rather|instead|nor|never|refus|reject|pas|aucun|sans|sauf|hormis|exclusion|exception|ni|plutot|au lieu|non|only|seulement|uniquement|exclusiv|strict|solely)/;

/**
 * Negations and "only" qualifiers of one text field, found on the folded text (stop words kept:
 * "pas de", "no" are stop words for matching but carry the meaning here).
 */
export function qualify(text: string, lang: Lang): Qualified {
  const { folded, map } = foldWithMap(text);
  if (!QUALIFIER_CUE.test(folded)) return { kept: text, negated: [], only: [] };
  const negated: string[] = [];
  const only: string[] = [];
  const blank: Array<[number, number]> = [];
  const clauses: Array<[number, number]> = [];
  let from = 0;
  for (const m of folded.matchAll(CLAUSE)) {
    clauses.push([from, m.index!]);
    from = m.index! + m[0].length;
  }
  clauses.push([from, folded.length]);
  /** Up to `max` words of `s` from its start, before any comma: [start, end) offsets in `s`. */
  const lead = (s: string, max: number): [number, number] => {
    const cut = s.indexOf(",");
    const part = cut >= 0 ? s.slice(0, cut) : s;
    const m = new RegExp(String.raw`^[\s]*((?:\S+\s*){0,${max}})`).exec(part)!;
    const startOff = m[0].length - m[1].length;
    return [startOff, startOff + m[1].trimEnd().length];
  };
  const tail = (s: string, max: number): [number, number] => {
    const cut = s.lastIndexOf(",");
    const base = cut >= 0 ? cut + 1 : 0;
    const m = new RegExp(String.raw`((?:\S+\s*){0,${max}})$`).exec(s.slice(base))!;
    return [base + m.index, s.length];
  };
  for (const [cs, ce] of clauses) {
    const clause = folded.slice(cs, ce);
    for (const m of clause.matchAll(PREFIX_NEG)) {
      const after = clause.slice(m.index! + m[0].length);
      if (NEG_SKIP.test(after.trimStart())) continue;
      const [a, b] = lead(after, 8);
      const off = cs + m.index! + m[0].length;
      const named = conceptsAndMaterials(after.slice(a, b), lang);
      if (named.length === 0) continue;
      negated.push(...named);
      blank.push([off + a, off + b]);
    }
    for (const m of clause.matchAll(POSTFIX_NEG)) {
      const before = clause.slice(0, m.index!);
      const [a, b] = tail(before, 5);
      const named = conceptsAndMaterials(before.slice(a, b), lang);
      if (named.length === 0) continue;
      negated.push(...named);
      blank.push([cs + a, cs + b]);
    }
    for (const m of clause.matchAll(ONLY)) {
      const before = clause.slice(0, m.index!);
      const after = clause.slice(m.index! + m[0].length);
      const [a1, b1] = tail(before, 3);
      const [a2, b2] = lead(after, 3);
      const near = `${before.slice(a1, b1)} | ${after.slice(a2, b2)}`;
      only.push(...materialsOf(near, lang), ...extractConcepts(near, lang).concepts);
    }
  }
  if (blank.length === 0) return { kept: text, negated: [], only: [...new Set(only)] };
  let kept = "";
  let at = 0;
  for (const [a, b] of blank.sort((x, y) => x[0] - y[0])) {
    const oa = map[a];
    const ob = map[b];
    if (oa < at) continue;
    kept += `${text.slice(at, oa)} | `;
    at = ob;
  }
  kept += text.slice(at);
  return { kept, negated: [...new Set(negated)], only: [...new Set(only)] };
}

/* --------------------------------------------------------------------------------------------
 * Identifiers: standards and regulations.
 * ------------------------------------------------------------------------------------------ */

/** Prefix of identifier keys (`id:iso:14064-1`), kept apart from concept ids and words. */
export const ID_PREFIX = "id:";

const STANDARD =
  /\b(ISO\s*\/\s*IEC|ISO|IEC|CAN\s*\/\s*CSA|CSA|BNQ|NQ|ASTM|ANSI|NFPA|CAN\s*\/\s*ULC|ULC|UL|IEEE|ASHRAE|SAE|DIN|EN|NF|IATA|ICAO|OACI)[\s-]*([A-Z]{0,2}\s?\d+(?:[.\-‑–]\d+)*(?:[.\-]?[A-Z]\d*)?)\b/g;
const LAW = /\b(?:loi|law|bill|projet de loi|regulation|reglement)\s*(?:no\.?|n°|#)?\s*(\d{1,3})\b/gi;
const ORG_ALIAS: Record<string, string> = { "iso/iec": "iso", "can/csa": "csa", nq: "bnq", "can/ulc": "ulc", oaci: "icao" };

/**
 * Identifier keys named in a text, each with its base (ISO 14064-1 also gives ISO 14064): two
 * postings citing the same standard in two languages share them. Years alone are not identifiers.
 */
export function identifiersOf(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(STANDARD)) {
    const org0 = m[1].toLowerCase().replace(/\s+/g, "");
    const org = ORG_ALIAS[org0] ?? org0;
    const code = m[2].replace(/\s+/g, "").replace(/[‑–]/g, "-").toUpperCase();
    if (/^(19|20)\d\d$/.test(code) && ["en", "nf", "ul", "sae", "din"].includes(org)) continue;
    out.add(`${ID_PREFIX}${org}:${code}`);
    const base = code.split(/[-.]/)[0];
    if (base !== code && /\d/.test(base)) out.add(`${ID_PREFIX}${org}:${base}`);
  }
  for (const m of foldText(text).matchAll(LAW)) out.add(`${ID_PREFIX}law:${Number(m[1])}`);
  return [...out];
}
