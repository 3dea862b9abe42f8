/**
 * The analysed form of a posting ("profile"): its concepts with their salience, the anchors a
 * counterpart must provide, its resource mode, and numeric dates/region/capacity/budget, all
 * computed once so that scoring a pair is cheap.
 */
import { detectLanguage, foldText } from "./normalize";
import { parseProgramme, programmeKey, type ProgrammeIdentity } from "./programme";
import { normalizeRegion } from "./regions";
import { ID_PREFIX, identifiersOf, materialsOf, qualify } from "./qualifiers";
import { CONCEPTS, extractConcepts, isContentWord, refinements, withAncestors, type Family } from "./synonyms";
import type { Category, MatchPosting } from "./types";

/**
 * What kind of resource a posting is really about, whatever its category field says: a laptop
 * purchase filed under "equipment" is `goods`, desks filed under "other" are `office`.
 */
export type Mode =
  | "grant"
  | "office"
  | "training"
  | "it_support"
  | "goods"
  | "access"
  | "service"
  | "research"
  | "event"
  | "other";

/** Modes whose needs can be pooled (shared office, shared IT service, group purchase, training, joint grant). */
export const POOLABLE_MODES: ReadonlySet<Mode> = new Set(["grant", "office", "it_support", "goods", "training"]);

/** Salience of a concept found only in the description (title, tags and unit count 1). */
export const SECONDARY = 0.35;
/** Weight of a plain word (outside the lexicon) relative to a lexicon concept. */
export const WORD_WEIGHT = 0.4;
/** Prefix of fallback word keys, to keep them apart from concept ids. */
export const WORD_PREFIX = "w:";

export type UnitClass = "desk" | "m2" | "hour" | "hour_per_month" | "person" | "item" | "space" | "day" | string;

export interface Profile {
  posting: MatchPosting;
  id: string;
  cluster: string;
  isNeed: boolean;
  category: Category;
  lang: "fr" | "en";
  mode: Mode;
  /** Family carrying most of the title/tags weight (what kind of resource it is), if any. */
  head?: Family;
  region?: string;
  /** Day numbers (days since epoch); open bounds are ±Infinity. */
  start: number;
  end: number;
  hasDates: boolean;
  deadline?: number;
  unit?: UnitClass;
  quantity?: number;
  budget?: number;
  /** Resource concepts and fallback words -> salience (1 primary, SECONDARY description only), ancestors included. */
  salience: Map<string, number>;
  /** What a counterpart must provide (see `computeAnchors`). */
  anchors: string[];
  /** Context concepts and markers (sector, sustainability, training/purchase/access cues). */
  context: Set<string>;
  /** Concepts and words of the tags only. */
  tagKeys: Set<string>;
  /**
   * Everything the title, tags and unit name — concepts of every family with their ancestors,
   * materials, identifiers — including the title's objects ("… of our offices"): what an
   * exclusion of the other side is checked against.
   */
  named: Set<string>;
  /** Concepts and materials the text rules out ("no textiles", "pas un formateur", "excluding …"). */
  excludes: Set<string>;
  /** Materials and alternatives the text restricts itself to ("metal only"). */
  only: Set<string>;
  /** Standard and regulation identifiers named anywhere (`id:iso:14064`). */
  identifiers: Set<string>;
  /** Resource concepts the title names as the object of its head ("audit of our website" -> website_dev). */
  objects: string[];
  programme?: ProgrammeIdentity;
  /** `programmeKey(programme)`, computed once. */
  programmeKey?: string;
}

const DAY_MS = 86_400_000;

export function toDay(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(t) ? undefined : Math.floor(t / DAY_MS);
}

const UNIT_CLASSES: Array<[UnitClass, RegExp]> = [
  ["hour_per_month", /^(h|hr|hrs|hours?|heures?)[_ /-]*(per|par|a|\/)?[_ /-]*(month|mois)$|^hours?_per_month$|^h\/mois$/],
  ["desk", /^(desks?|postes?( de travail)?|postes?_de_travail|workstations?|bureaux?|coworking( desks?)?)$/],
  ["m2", /^(m2|sqm|sq_?m|square[_ ]?met(er|re)s?|metres?[_ ]?carres?|m[eè]tres? carr[ée]s?)$/],
  ["ft2", /^(ft2|sq_?ft|square[_ ]?f(ee|oo)t|pi2|pieds?[_ ]?carres?)$/],
  ["hour", /^(h|hr|hrs|hours?|heures?|machine[_ ]?hours?|heures?[_ ]?machine)$/],
  ["person", /^(seats?|places?|participants?|people|persons?|personnes?|guests?|invites?|attendees?|learners?|apprenants?|employees?|employes?)$/],
  ["space", /^(spaces?|spots?|parking[_ ]?(spaces?|spots?)|places?[_ ]?de[_ ]?stationnement|stalls?)$/],
  ["day", /^(days?|jours?|journees?)$/],
  ["item", /^(units?|unites?|items?|pieces?|pcs|laptops?|computers?|ordinateurs?( portables)?|portables?|devices?|appareils?|licen[cs]es?|kits?|lots?|chargers?|bornes?|monitors?|ecrans?|tablets?|tablettes?|phones?|telephones?)$/],
];

/** Canonical unit class and the factor converting the quantity into it (ft² -> m²). */
export function normalizeUnit(unit: string | undefined): { unit: UnitClass; factor: number } | undefined {
  if (!unit) return undefined;
  const u = foldText(unit).trim().replace(/\s+/g, " ");
  for (const [cls, re] of UNIT_CLASSES) {
    if (re.test(u)) return cls === "ft2" ? { unit: "m2", factor: 0.092903 } : { unit: cls, factor: 1 };
  }
  return { unit: u.replace(/[ -]/g, "_"), factor: 1 };
}

const familyOf = (id: string): Family | undefined => CONCEPTS.get(id)?.family;
const isResource = (id: string): boolean => id.startsWith(WORD_PREFIX) || id.startsWith(ID_PREFIX) || (CONCEPTS.get(id)?.weight ?? 0) > 0;

/** Weight of a concept, identifier or fallback word in resource similarity. */
export function keyWeight(id: string): number {
  if (id.startsWith(WORD_PREFIX)) return WORD_WEIGHT;
  if (id.startsWith(ID_PREFIX)) return 1;
  return CONCEPTS.get(id)?.weight ?? 0;
}

const OFFICE_CUES = new Set(["meuble", "furnished", "loyer", "rent", "coworking", "bail", "lease", "bureau"]);
const IT_FAMILIES: ReadonlySet<Family | undefined> = new Set(["it_goods", "it_support"]);

/**
 * "Postes de travail" / "workstations" are desks in an office context and computers in an IT
 * context; the category, the unit and the other concepts of the posting decide.
 */
function resolveWorkstation(category: Category, unit: UnitClass | undefined, found: Set<string>, tokens: Set<string>): string {
  const office =
    category === "office_space" ||
    unit === "desk" ||
    unit === "m2" ||
    found.has("office_space") ||
    [...tokens].some((t) => OFFICE_CUES.has(t));
  const it =
    ["it_support", "equipment", "group_purchasing"].includes(category) ||
    [...found].some((c) => IT_FAMILIES.has(familyOf(c))) ||
    found.has("m:purchase");
  if (office && it) return category === "office_space" ? "office_space" : "computer";
  return it ? "computer" : "office_space";
}

const RESOURCE_FAMILIES: Family[] = ["office", "it_support", "it_goods", "goods", "equipment", "event", "parking", "lodging", "service", "topic"];

/** Family carrying most primary weight (ties: the order of RESOURCE_FAMILIES). */
function headFamily(primary: Iterable<[string, number]>): Family | undefined {
  const totals = new Map<Family, number>();
  for (const [id, w] of primary) {
    const f = familyOf(id);
    if (f && RESOURCE_FAMILIES.includes(f)) totals.set(f, (totals.get(f) ?? 0) + w * keyWeight(id));
  }
  let best: Family | undefined;
  for (const f of RESOURCE_FAMILIES) if ((totals.get(f) ?? 0) > (best ? totals.get(best)! : 0)) best = f;
  return best;
}

function decideMode(category: Category, head: Family | undefined, primaryMarkers: Set<string>, allMarkers: Set<string>): Mode {
  // Looking for co-applicants to a funding call is a joint grant whatever the category field says.
  if (category === "joint_grant" || primaryMarkers.has("ctx:joint")) return "grant";
  const fixedByCategory = ["office_space", "it_support", "equipment", "group_purchasing"].includes(category);
  if (category === "training" || (primaryMarkers.has("m:training") && !fixedByCategory)) return "training";
  // A meeting room or venue filed under office space is an event resource.
  if (category === "office_space") return head === "event" ? "event" : "office";
  if (category === "it_support") return "it_support";
  if (category === "group_purchasing") return "goods";
  if (head === "office") return "office";
  if (head === "it_support") return "it_support";
  // Buying things together is a group purchase whatever the category (a 3D printer bought is goods, its machine time is access).
  const goodsHead = head === "goods" || head === "it_goods";
  if ((goodsHead || head === "equipment") && allMarkers.has("m:purchase")) return "goods";
  if (category === "equipment") return goodsHead && !allMarkers.has("m:access") ? "goods" : "access";
  if (category === "research") return "research";
  // expertise, events, other: a service or event resource is what it is whatever the field
  // (interpreters for a forum filed under events are a service).
  if (head === "service") return "service";
  if (head === "event") return "event";
  if (category === "expertise") return "service";
  if (category === "events") return "event";
  // category "other": things needed (not borrowed) are goods; machines, labs, studios are access.
  if (goodsHead) return allMarkers.has("m:access") ? "access" : "goods";
  return head === "equipment" ? "access" : "other";
}

/**
 * Anchors: the resource keys a counterpart must provide for the two to be the same resource.
 * They are the primary (title, tags, unit) resource keys — or the description's when the title
 * and tags name none — where a parent refined into an `alt` child is replaced by the child
 * (a metal 3D printing need is not met by any 3D printer), and a `sub`-topic also anchors its
 * parent (phishing training is cybersecurity training).
 */
function computeAnchors(direct: Map<string, number>): string[] {
  const pool = [...direct].filter(([id, s]) => s === 1 && isResource(id)).map(([id]) => id);
  if (!pool.some((id) => !id.startsWith(WORD_PREFIX))) {
    pool.push(...[...direct].filter(([id, s]) => s < 1 && isResource(id) && !id.startsWith(WORD_PREFIX)).map(([id]) => id));
  }
  const anchors = new Set(pool);
  for (const id of pool) {
    const def = CONCEPTS.get(id);
    // A specific alternative or kind named with its parent is what is asked for (WHMIS, not any health and safety).
    if (def?.parent && (def.rel === "alt" || def.rel === "kind")) anchors.delete(def.parent);
  }
  for (const id of pool) {
    const def = CONCEPTS.get(id);
    if (def?.parent && def.rel === "sub") anchors.add(def.parent);
  }
  return [...anchors].sort();
}

/** Concept implied by a category that names one kind of resource, when the text names none of its family. */
const CATEGORY_CONCEPT: Partial<Record<Category, string>> = { office_space: "office_space", it_support: "it_support" };

const cache = new WeakMap<MatchPosting, Profile>();

/** Analyse a posting (memoised per object: postings are treated as immutable). */
export function profileOf(p: MatchPosting): Profile {
  const hit = cache.get(p);
  if (hit) return hit;
  const profile = buildProfile(p);
  cache.set(p, profile);
  return profile;
}

/**
 * Where a title's object starts: "Carbon-footprint study | of our offices", "IT technician | for
 * our satellite office", "Défibrillateurs | pour les plateaux de tournage", "Navettes | entre
 * les hôtels et les salles". A purpose or a possessive object follows the head of the title.
 * Returns the character index, or -1.
 */
const OBJECT_BOUNDARY =
  /\s(?:for|pour|between|entre|from|to|afin de|in order to|destinee?s? a|aupres d(?:e|es|u))\s|\s(?:of|de|d|in|dans)\s(?:our|their|your|its|notre|nos|votre|vos|leur|leurs|son|sa|ses|mon|ma|mes)\s|\sof the\s/;

export function titleObjectStart(title: string): number {
  const folded = foldText(title).replace(/['’`]/g, " ");
  const m = OBJECT_BOUNDARY.exec(folded);
  return m ? m.index : -1;
}

/** Resource concepts (or the workstation cue) that can be the head of a title. */
const isHeadConcept = (id: string): boolean => id === "amb:workstation" || isResource(id);

function buildProfile(p: MatchPosting): Profile {
  const lang = p.language ?? detectLanguage(`${p.title} ${p.description}`);
  const unitInfo = normalizeUnit(p.unit);
  // [text, salience, kind]: the unit ("desks", "laptops") only contributes lexicon concepts.
  const fields: Array<[text: string, salience: number, kind: "title" | "tag" | "unit" | "description"]> = [
    [p.title, 1, "title"],
    ...(p.tags ?? []).map((t): [string, number, "tag"] => [t, 1, "tag"]),
    [p.unit ? p.unit.replace(/_/g, " ") : "", 1, "unit"],
    [p.description, SECONDARY, "description"],
  ];

  const direct = new Map<string, number>(); // concept or word -> best salience, as written
  const context = new Set<string>();
  const primaryMarkers = new Set<string>();
  const tagKeys = new Set<string>();
  const named = new Set<string>();
  const excludes = new Set<string>();
  const only = new Set<string>();
  const objects = new Set<string>();
  const identifiers = new Set<string>();
  const allTokens: string[] = [];
  let workstationSalience = 0;
  let titleNamesResource = false;

  const note = (id: string, s: number): void => {
    if ((direct.get(id) ?? 0) < s) direct.set(id, s);
  };
  for (const [text, s0, kind] of fields) {
    if (!text) continue;
    // The unit is a fallback: "monitors" says nothing when the title names patient monitors.
    if (kind === "unit" && titleNamesResource) continue;
    const isTag = kind === "tag";
    const q = qualify(text, lang);
    for (const c of q.negated) excludes.add(c);
    for (const c of q.only) only.add(c);
    for (const id of identifiersOf(q.kept)) {
      identifiers.add(id);
      note(id, s0);
      if (s0 === 1) named.add(id);
    }
    if (s0 === 1) for (const m of materialsOf(q.kept, lang)) named.add(m);
    const { concepts, starts, rest, restStarts, tokens } = extractConcepts(q.kept, lang);
    // A title's object (after "for our", "of our", "pour les"…) is what the head is about, not
    // what is asked for — when the head names a resource itself.
    let objectFrom = Infinity;
    if (kind === "title") {
      const at = titleObjectStart(q.kept);
      if (at >= 0) {
        const boundary = extractConcepts(q.kept.slice(0, at), lang).tokens.length;
        if (concepts.some((c, k) => starts[k] < boundary && isHeadConcept(c))) objectFrom = boundary;
      }
    }
    allTokens.push(...tokens, "|");
    concepts.forEach((c, k) => {
      const isObject = starts[k] >= objectFrom;
      const s = isObject ? SECONDARY : s0;
      const family = familyOf(c);
      if (s0 === 1) for (const a of withAncestors(c)) named.add(a);
      if (isTag) tagKeys.add(c);
      if (kind !== "description" && !isObject && isResource(c)) titleNamesResource = true;
      if (c === "amb:workstation") workstationSalience = Math.max(workstationSalience, s);
      else if (family === "marker" || family === "context") {
        context.add(c);
        if (s === 1 && (family === "marker" || c === "ctx:joint")) primaryMarkers.add(c);
      } else {
        if (isObject && isResource(c)) objects.add(c);
        note(c, s);
      }
    });
    rest.forEach((w, k) => {
      if (kind === "unit" || !isContentWord(w)) return;
      const s = restStarts[k] >= objectFrom ? SECONDARY : s0;
      note(WORD_PREFIX + w, s);
      if (isTag) tagKeys.add(WORD_PREFIX + w);
    });
  }
  if (workstationSalience > 0) {
    const tokenSet = new Set(allTokens);
    note(resolveWorkstation(p.category, unitInfo?.unit, new Set([...direct.keys(), ...context]), tokenSet), workstationSalience);
  }
  if (direct.has("amb:colocation")) {
    const s = direct.get("amb:colocation")!;
    direct.delete("amb:colocation");
    note(resolveColocation(new Set(allTokens), new Set(direct.keys()), lang), s);
  }
  for (const [child, base] of refinements(new Set(direct.keys()), allTokens)) note(child, direct.get(base) ?? SECONDARY);
  // What the text rules out is not what it provides or asks for.
  for (const c of excludes) direct.delete(c);
  const primary = [...direct].filter(([, s]) => s === 1);
  const head = headFamily(primary.length ? primary : direct);
  const mode = decideMode(p.category, head, primaryMarkers, context);
  // Resource-specific categories say what the posting is about even when the text does not
  // ("someone to manage our computers and accounts" filed under it_support is IT support) —
  // unless the text says it is not that.
  const implied = CATEGORY_CONCEPT[p.category];
  if (implied && !excludes.has(implied) && ![...direct.keys()].some((k) => familyOf(k) === familyOf(implied))) note(implied, 1);
  const anchors = computeAnchors(direct);

  // Resource keys with ancestors: an offer of metal 3D printing also provides "3D printing".
  const salience = new Map<string, number>();
  for (const [id, s] of direct) {
    for (const a of id.startsWith(WORD_PREFIX) || id.startsWith(ID_PREFIX) ? [id] : withAncestors(id)) {
      if ((salience.get(a) ?? 0) < s) salience.set(a, s);
    }
  }
  for (const o of objects) for (const a of withAncestors(o)) named.add(a);

  const start = toDay(p.startDate);
  const end = toDay(p.endDate);
  const programme = mode === "grant" ? grantProgramme(p) : undefined;
  return {
    posting: p,
    id: p.id,
    cluster: p.cluster,
    isNeed: p.kind === "need",
    category: p.category,
    lang,
    mode,
    head,
    region: normalizeRegion(p.region),
    start: start ?? -Infinity,
    end: end ?? Infinity,
    hasDates: start !== undefined || end !== undefined,
    deadline: programme ? toDay(p.deadline) : undefined,
    unit: unitInfo?.unit,
    quantity: p.quantity !== undefined && unitInfo ? p.quantity * unitInfo.factor : p.quantity,
    budget: p.budgetMax,
    salience,
    anchors,
    context,
    tagKeys,
    named,
    excludes,
    only,
    identifiers,
    objects: [...objects].sort(),
    programme,
    programmeKey: programme ? programmeKey(programme) : undefined,
  };
}

/**
 * The programme a joint grant targets: its programme field, else its title; a posting filed under
 * another category (or naming no funder nor programme in its title) is read in full, loosely.
 */
function grantProgramme(p: MatchPosting): ProgrammeIdentity {
  if (p.programme) return parseProgramme(p.programme);
  const fromTitle = parseProgramme(p.title);
  if (p.category === "joint_grant" && (fromTitle.funder || fromTitle.programme)) return fromTitle;
  return parseProgramme(`${p.title}. ${p.description}`, { loose: true });
}

const HOSTING_CUES = new Set(["serveur", "server", "baie", "rack", "donnee", "data", "centre", "hebergement", "hosting", "cloud", "infonuagique"]);
const HOUSING_CUES = new Set(["logement", "chambre", "room", "housing", "meuble", "furnished", "stagiaire", "intern", "etudiant", "student", "residence", "appartement"]);

/** "Colocation": servers in a data centre, or a shared flat. The other words of the posting decide. */
function resolveColocation(tokens: Set<string>, found: Set<string>, lang: "fr" | "en"): string {
  const hosting = found.has("cloud_hosting") || found.has("server") || [...tokens].some((t) => HOSTING_CUES.has(t));
  const housing = found.has("housing") || [...tokens].some((t) => HOUSING_CUES.has(t));
  if (hosting !== housing) return hosting ? "cloud_hosting" : "housing";
  return lang === "en" ? "cloud_hosting" : "housing";
}
