/**
 * Pair scoring. A score (0–100) is a weighted sum of explainable components; hard rules make a
 * pair impossible (score 0 with `excludedBy`). The same machinery, with other weights, scores
 * two needs for a pool.
 *
 * Need/offer components and weights (sum 100):
 *   resource 40  — shared resource concepts (FR/EN synonyms), or programme identity for joint grants
 *   category 10  — same category field, or compatible resource modes
 *   dates    12  — how much of the need's window the offer covers
 *   region   10  — same > remote > adjacent; unspecified counts as possible
 *   capacity  9  — offer quantity against the need's
 *   budget    9  — offer price against the need's budget
 *   tags      5  — overlap of tag concepts
 *   context   5  — overlap of context (sector, sustainability, delivery cues)
 * Unknown capacity/budget/dates are neutral-to-weak (0.6), never exclusions.
 */
import type { Profile, Mode } from "./profile";
import { keyWeight, POOLABLE_MODES, WORD_PREFIX } from "./profile";
import { sameEdition, sameProgramme } from "./programme";
import { regionRelation } from "./regions";
import { CONCEPTS, DOMAIN_OF, type Family } from "./synonyms";
/** The codes of the reasons it gives are the interchange format's (REASON_CODES). */
import type { ReasonCode } from "../interchange";
import type { PairScore, Reason } from "./types";


const W = { resource: 40, category: 10, dates: 12, region: 10, capacity: 9, budget: 9, tags: 5, context: 5 };
const POOL_W = { resource: 50, dates: 20, region: 15, tags: 7.5, context: 7.5 };

/** Need mode × offer mode: 1 same, a factor for compatible modes, absent = different resource. */
const MODE_COMPAT = new Map<string, number>();
{
  const soft: Array<[Mode, Mode, number]> = [
    ["service", "research", 0.7],
    ["goods", "access", 0.6],
    ["goods", "event", 0.6],
    ["access", "event", 0.6],
    ["it_support", "service", 0.6],
  ];
  for (const [a, b, f] of soft) {
    MODE_COMPAT.set(`${a}|${b}`, f);
    MODE_COMPAT.set(`${b}|${a}`, f);
  }
  for (const m of ["office", "it_support", "goods", "access", "service", "research", "event"] as Mode[]) {
    MODE_COMPAT.set(`${m}|other`, 0.6);
    MODE_COMPAT.set(`other|${m}`, 0.6);
  }
}

export function modeCompatibility(a: Mode, b: Mode): number | undefined {
  return a === b ? 1 : MODE_COMPAT.get(`${a}|${b}`);
}

/**
 * Kind of resource of each family. When the first posting's head family (what its title is
 * about) is a kind of resource, a shared concept must be of that kind: parking for electric
 * cars is not met by research on electric-vehicle batteries. Topics (training, research) have
 * no kind here: any shared anchor will do.
 */
const RESOURCE_KIND: Partial<Record<Family, string>> = {
  office: "office",
  it_support: "it_support",
  it_goods: "goods",
  goods: "goods",
  equipment: "equipment",
  event: "event",
  parking: "parking",
  service: "service",
};

/** Modes that are about one kind of resource whatever the title's head family. */
const MODE_KIND: Partial<Record<Mode, string>> = { office: "office", it_support: "it_support", goods: "goods", service: "service" };

const kindOf = (k: string): string | undefined => {
  const f = CONCEPTS.get(k)?.family;
  return f ? RESOURCE_KIND[f] : undefined;
};

/** `alt` children of each parent (mutually exclusive alternatives). */
const ALT_CHILDREN = new Map<string, string[]>();
for (const def of CONCEPTS.values()) {
  if (def.parent && def.rel === "alt") ALT_CHILDREN.set(def.parent, [...(ALT_CHILDREN.get(def.parent) ?? []), def.id]);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const isWord = (k: string): boolean => k.startsWith(WORD_PREFIX);
const displayKey = (k: string): string => (isWord(k) ? k.slice(WORD_PREFIX.length) : k);

/**
 * True when `a` and `b` each name alternatives of the same parent (metal vs polymer 3D
 * printing, Level 2 vs DC fast charger, laptop vs desktop, recycling vs reuse) and share none
 * of them, as soon as one of those mentions is in a title or tags. Naming several alternatives
 * is fine as long as one is shared (an offer of metal and polymer printing serves a metal need).
 */
function conflicts(a: Profile, b: Profile): boolean {
  for (const [parent, children] of ALT_CHILDREN) {
    if (!a.salience.has(parent) || !b.salience.has(parent)) continue;
    let inA = false;
    let inB = false;
    let shared = false;
    let prominent = false;
    for (const c of children) {
      const sa = a.salience.get(c);
      const sb = b.salience.get(c);
      if (sa !== undefined) inA = true;
      if (sb !== undefined) inB = true;
      if (sa !== undefined && sb !== undefined) shared = true;
      if (sa === 1 || sb === 1) prominent = true;
    }
    if (inA && inB && !shared && prominent) return true;
  }
  return false;
}

export interface ResourceMatch {
  /** 0–1: how much of `a`'s anchors `b` provides (70%) and how focused `b` is on them (30%). */
  sim: number;
  shared: string[];
}

/**
 * Does `b` provide what `a` is about? `a`'s anchors must be found in `b` (a plain word only in
 * `b`'s title or tags), including a lexicon concept when `a` has one and one of the kind of
 * resource `a` is about (see RESOURCE_KIND), with no contradiction.
 */
export function resourceMatch(a: Profile, b: Profile): ResourceMatch | null {
  const shared: string[] = [];
  let sharedConcept = false;
  let anchorConcept = false;
  for (const k of a.anchors) {
    const word = isWord(k);
    if (!word) anchorConcept = true;
    if (provides(b, k)) {
      shared.push(k);
      if (!word) sharedConcept = true;
    }
  }
  // Plain words only decide when `a` names no lexicon concept at all (an unknown resource).
  if (shared.length === 0 || (anchorConcept && !sharedConcept)) return null;
  const kind = MODE_KIND[a.mode] ?? (a.head ? RESOURCE_KIND[a.head] : undefined);
  if (kind && a.anchors.some((k) => kindOf(k) === kind) && !shared.some((k) => kindOf(k) === kind)) return null;
  if (conflicts(a, b) || (a.mode === "research" && otherDomain(a, b))) return null;
  const covA = coverage(a, b);
  const covB = b.anchors.length ? coverage(b, a) : covA;
  return { sim: 0.7 * covA + 0.3 * covB, shared };
}

/** Alternatives that exclude one another: materials, and the `alt` or `kind` children of one parent. */
function siblingsOf(id: string): string[] {
  if (id.startsWith("mat:")) return MATERIAL_IDS;
  const parent = CONCEPTS.get(id)?.parent;
  return parent ? (CHILDREN.get(parent) ?? []) : [];
}
const MATERIAL_IDS = ["mat:metal", "mat:wood", "mat:plastic", "mat:textile", "mat:glass", "mat:paper", "mat:stone", "mat:food"];
const CHILDREN = new Map<string, string[]>();
for (const def of CONCEPTS.values()) {
  if (def.parent && (def.rel === "alt" || def.rel === "kind")) CHILDREN.set(def.parent, [...(CHILDREN.get(def.parent) ?? []), def.id]);
}

/**
 * `x`'s text rules out what `y` names: an exclusion ("no textiles", "pas un formateur",
 * "excluding emissions calculation") named in `y`'s title, tags or title object, or an "only"
 * ("metal only") when `y` names another alternative of it and not it. Returns the evidence.
 */
export function textExclusion(x: Profile, y: Profile): Record<string, string> | null {
  for (const c of x.excludes) if (y.named.has(c)) return { id: x.id, excludes: displayKey(c) };
  for (const c of x.only) {
    if (y.named.has(c)) continue;
    const other = siblingsOf(c).find((s) => s !== c && y.named.has(s) && !x.only.has(s));
    if (other) return { id: x.id, only: displayKey(c), other: displayKey(other) };
  }
  return null;
}

/** Application domains named in a posting's title (its objects included) or tags. */
function primaryDomains(p: Profile): Set<string> {
  const out = new Set<string>();
  for (const k of p.named) {
    const d = DOMAIN_OF.get(k);
    if (d) out.add(d);
  }
  return out;
}

/** Both name application domains in their titles or tags, and none in common. */
function otherDomain(a: Profile, b: Profile): boolean {
  const da = primaryDomains(a);
  if (da.size === 0) return false;
  const db = primaryDomains(b);
  return db.size > 0 && ![...da].some((d) => db.has(d));
}

/** `y` provides key `k`: a concept anywhere (ancestors included), a plain word in its title or tags. */
function provides(y: Profile, k: string): boolean {
  const s = y.salience.get(k);
  return s !== undefined && (s === 1 || !isWord(k));
}

/** Share of `x`'s anchor weight (concept weight × salience) that `y` provides. */
function coverage(x: Profile, y: Profile): number {
  let total = 0;
  let got = 0;
  for (const k of x.anchors) {
    const w = keyWeight(k) * (x.salience.get(k) ?? 0);
    total += w;
    if (provides(y, k)) got += w;
  }
  return total > 0 ? got / total : 0;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}

/**
 * Reasons are interned: identical reasons (same code, weight and detail) are one frozen object,
 * which keeps a large batch (hundreds of thousands of matches) small in memory. Details are
 * kept only where the two postings do not already say it: which concepts were shared, which
 * programme. The detailed cache is bounded; caches only affect memory, never results.
 */
const PLAIN_REASONS = new Map<string, Map<number, Reason>>();
const DETAILED_REASONS = new Map<string, Reason>();
const REASON_CACHE_MAX = 50_000;

function reasonOf(code: ReasonCode, weight: number, detail?: Record<string, string | number>): Reason {
  if (!detail) {
    let byWeight = PLAIN_REASONS.get(code);
    if (!byWeight) PLAIN_REASONS.set(code, (byWeight = new Map()));
    let r = byWeight.get(weight);
    if (!r) byWeight.set(weight, (r = Object.freeze({ code, weight })));
    return r;
  }
  let key = `${code}|${weight}`;
  for (const k in detail) key += `|${detail[k]}`;
  let r = DETAILED_REASONS.get(key);
  if (!r) {
    if (DETAILED_REASONS.size >= REASON_CACHE_MAX) DETAILED_REASONS.clear();
    DETAILED_REASONS.set(key, (r = Object.freeze({ code, weight, detail: Object.freeze(detail) })));
  }
  return r;
}

/** Sums component points and collects their reasons. */
class ScoreSheet {
  private total = 0;
  private readonly reasons: Reason[] = [];

  /** A component worth `weight × value` points (value in 0–1). */
  add(weight: number, value: number, code: ReasonCode, detail?: Record<string, string | number>): void {
    const points = weight * value;
    this.total += points;
    this.reasons.push(reasonOf(code, round2(points / 100), detail));
  }

  finish(): PairScore {
    this.reasons.sort((x, y) => y.weight - x.weight || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
    // slice(): an exact-size copy, smaller than the grown array when kept in a large batch.
    return { score: Math.max(0, Math.min(100, Math.round(this.total))), reasons: this.reasons.slice() };
  }
}

const excluded = (code: ReasonCode, detail?: Reason["detail"]): PairScore => ({
  score: 0,
  reasons: [{ code, weight: 0, ...(detail ? { detail } : {}) }],
  excludedBy: code,
});

/** Hard rule: joint-grant deadline must be after the reference day. */
export function deadlineOpen(p: Profile, today: number): boolean {
  return p.deadline === undefined || p.deadline > today;
}

/** Joint-grant rules: both deadlines open, same programme and edition. Returns the exclusion, if any. */
function grantExclusion(a: Profile, b: Profile, today: number): PairScore | null {
  if (!deadlineOpen(a, today) || !deadlineOpen(b, today)) {
    const late = deadlineOpen(a, today) ? b : a;
    return excluded("deadline_passed", { id: late.id, deadline: late.posting.deadline ?? "" });
  }
  if (!sameProgramme(a.programme!, b.programme!)) return excluded("different_programme", { a: a.programmeKey!, b: b.programmeKey! });
  if (!sameEdition(a.programme!, b.programme!, a.posting.deadline, b.posting.deadline)) {
    return excluded("different_programme", { a: a.programmeKey!, b: b.programmeKey!, edition: "different" });
  }
  return null;
}

/** Date rule and component: windows must overlap when both sides give dates. False if they do not. */
function addDates(sheet: ScoreSheet, a: Profile, b: Profile, weight: number, relativeTo: "a" | "shorter"): boolean {
  if (!a.hasDates || !b.hasDates) {
    sheet.add(weight, 0.6, "dates_open");
    return true;
  }
  const lo = Math.max(a.start, b.start);
  const hi = Math.min(a.end, b.end);
  if (lo > hi) return false;
  const spanA = a.end - a.start + 1;
  const span = relativeTo === "a" ? spanA : Math.min(spanA, b.end - b.start + 1);
  if (!Number.isFinite(span) || !Number.isFinite(hi - lo)) sheet.add(weight, 0.8, "date_overlap");
  else sheet.add(weight, 0.4 + 0.6 * Math.min(1, (hi - lo + 1) / span), "date_overlap");
  return true;
}

/** Region rule and component. False if the regions are incompatible. */
function addRegion(sheet: ScoreSheet, a: Profile, b: Profile, weight: number): boolean {
  const rel = regionRelation(a.region, b.region);
  if (rel === "incompatible") return false;
  if (rel === "same") sheet.add(weight, 1, "same_region");
  else if (rel === "remote") sheet.add(weight, 0.95, "remote");
  else if (rel === "adjacent") sheet.add(weight, 0.75, "adjacent_region");
  else sheet.add(weight, 0.7, "region_unspecified");
  return true;
}

const datesOf = (p: Profile): string => `${p.posting.startDate ?? ""}..${p.posting.endDate ?? ""}`;

/** Score a need (`need`) against an offer (`offer`) already profiled. */
export function scoreProfiles(need: Profile, offer: Profile, today: number): PairScore {
  if (!need.isNeed || offer.isNeed) return excluded("kind_mismatch");
  if (need.cluster === offer.cluster) return excluded("same_cluster", { cluster: need.cluster });
  const compat = modeCompatibility(need.mode, offer.mode);
  if (compat === undefined) return excluded("different_resource", { need: need.mode, offer: offer.mode });

  const sheet = new ScoreSheet();
  if (need.mode === "grant") {
    const no = grantExclusion(need, offer, today);
    if (no) return no;
    const topical = resourceMatch(need, offer)?.sim ?? 0;
    sheet.add(W.resource, 0.8 + 0.2 * topical, "same_programme", { programme: need.programmeKey! });
  } else {
    const ruled = textExclusion(need, offer) ?? textExclusion(offer, need);
    if (ruled) return excluded("text_exclusion", ruled);
    const m = resourceMatch(need, offer);
    if (!m) return excluded("different_resource", { need: need.anchors.map(displayKey).join(", ") });
    sheet.add(W.resource, 0.35 + 0.65 * m.sim, "shared_resource", { concepts: m.shared.map(displayKey).join(", "), similarity: round2(m.sim) });
  }
  if (!addDates(sheet, need, offer, W.dates, "a")) return excluded("no_date_overlap", { need: datesOf(need), offer: datesOf(offer) });
  if (!addRegion(sheet, need, offer, W.region)) return excluded("region_incompatible", { need: need.region ?? "", offer: offer.region ?? "" });

  // Capacity: same unit only; the offer must cover at least half the need.
  if (need.quantity !== undefined && offer.quantity !== undefined && need.quantity > 0 && need.unit === offer.unit) {
    const ratio = offer.quantity / need.quantity;
    if (ratio < 0.5) return excluded("insufficient_quantity", { need: need.quantity, offer: offer.quantity, unit: need.unit ?? "" });
    if (ratio >= 1) sheet.add(W.capacity, 1, "capacity_fit");
    else sheet.add(W.capacity, ratio, "capacity_partial");
  } else sheet.add(W.capacity, 0.6, "capacity_unknown");

  // Budget: the offer's price may exceed the need's budget by up to 50%.
  if (need.budget !== undefined && offer.budget !== undefined) {
    if (offer.budget > 1.5 * need.budget) return excluded("over_budget", { need: need.budget, offer: offer.budget });
    const ratio = need.budget > 0 ? offer.budget / need.budget : 1;
    if (ratio <= 1) sheet.add(W.budget, 1, "budget_fit");
    else sheet.add(W.budget, 1 - (ratio - 1) * 1.2, "budget_stretch");
  } else sheet.add(W.budget, 0.6, "budget_unknown");

  if (need.category === offer.category) sheet.add(W.category, 1, "same_category");
  else sheet.add(W.category, compat === 1 ? 0.8 : compat, "compatible_category");
  const tags = jaccard(need.tagKeys, offer.tagKeys);
  if (tags > 0) sheet.add(W.tags, tags, "tag_overlap");
  const context = jaccard(need.context, offer.context);
  if (context > 0) sheet.add(W.context, context, "context_overlap");
  if (need.lang !== offer.lang) sheet.add(0, 0, "cross_language");
  return sheet.finish();
}

/** Region rule of pools: office space needs the very same region, other pools compatible regions. */
function poolRegionOk(a: Profile, b: Profile): boolean {
  const rel = regionRelation(a.region, b.region);
  return a.mode === "office" ? rel === "same" || rel === "unspecified" : rel !== "incompatible";
}

const windowsOverlap = (a: Profile, b: Profile): boolean => Math.max(a.start, b.start) <= Math.min(a.end, b.end);

/** Cheap form of the pool rules (no score): true when the two needs can be met together. */
export function canPool(a: Profile, b: Profile, today: number): boolean {
  if (!a.isNeed || !b.isNeed || a.cluster === b.cluster || a.mode !== b.mode || !POOLABLE_MODES.has(a.mode)) return false;
  if (!windowsOverlap(a, b) || !poolRegionOk(a, b)) return false;
  if (a.mode === "grant") return grantExclusion(a, b, today) === null;
  return poolResource(a, b) !== null;
}

/**
 * Two needs are for the same resource when one's anchors are named in the other's title or tags
 * (not only mentioned in its description: "patient monitors … $6,000 per monitor" is not a need
 * for computer monitors), and neither text rules the other out.
 */
function poolResource(a: Profile, b: Profile): { sim: number; shared: string[] } | null {
  if (textExclusion(a, b) || textExclusion(b, a)) return null;
  const ab = resourceMatch(a, b);
  const ba = resourceMatch(b, a);
  const okAb = ab !== null && ab.shared.some((k) => b.salience.get(k) === 1);
  const okBa = ba !== null && ba.shared.some((k) => a.salience.get(k) === 1);
  if (!okAb && !okBa) return null;
  return {
    sim: Math.max(okAb ? ab!.sim : 0, okBa ? ba!.sim : 0),
    shared: [...new Set([...(okAb ? ab!.shared : []), ...(okBa ? ba!.shared : [])])].sort(),
  };
}

/**
 * Can two needs be met together (pool rules)? Different clusters, same poolable mode, and:
 * joint grants — same programme and edition, both deadlines open; office — same region and
 * overlapping periods; IT service, goods, training — the same resource, overlapping periods,
 * compatible regions. Same rules as `canPool`, with the score and reasons.
 */
export function scorePoolPair(a: Profile, b: Profile, today: number): PairScore {
  if (!a.isNeed || !b.isNeed) return excluded("kind_mismatch");
  if (a.cluster === b.cluster) return excluded("same_cluster", { cluster: a.cluster });
  if (a.mode !== b.mode) return excluded("different_resource", { a: a.mode, b: b.mode });
  if (!POOLABLE_MODES.has(a.mode)) return excluded("not_poolable", { mode: a.mode });
  const sheet = new ScoreSheet();
  if (a.mode === "grant") {
    const no = grantExclusion(a, b, today);
    if (no) return no;
    sheet.add(POOL_W.resource, 1, "same_programme", { programme: a.programmeKey! });
  } else {
    const ruled = textExclusion(a, b) ?? textExclusion(b, a);
    if (ruled) return excluded("text_exclusion", ruled);
    const m = poolResource(a, b);
    if (!m) return excluded("different_resource", { a: a.anchors.map(displayKey).join(", "), b: b.anchors.map(displayKey).join(", ") });
    const { sim, shared } = m;
    sheet.add(POOL_W.resource, 0.35 + 0.65 * sim, "shared_resource", { concepts: shared.map(displayKey).join(", "), similarity: round2(sim) });
  }
  if (!addDates(sheet, a, b, POOL_W.dates, "shorter")) return excluded("no_date_overlap", { a: datesOf(a), b: datesOf(b) });
  if (!poolRegionOk(a, b)) return excluded("region_incompatible", { a: a.region ?? "", b: b.region ?? "" });
  addRegion(sheet, a, b, POOL_W.region);
  const tags = jaccard(a.tagKeys, b.tagKeys);
  if (tags > 0) sheet.add(POOL_W.tags, tags, "tag_overlap");
  const context = jaccard(a.context, b.context);
  if (context > 0) sheet.add(POOL_W.context, context, "context_overlap");
  return sheet.finish();
}
