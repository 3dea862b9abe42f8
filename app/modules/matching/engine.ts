/**
 * Candidate generation (blocking), pair scoring and pool building.
 *
 * Nothing is compared all-pairs. Postings are indexed by resource key (concept id or title
 * word) within half-year time buckets, and joint grants by programme (or funder); the
 * candidates of a posting are only the postings sharing one of its anchors in an overlapping
 * time bucket, of the other kind (or, for pools, needs of the same mode). A cheap prefilter
 * (other cluster, dates, region) then runs before the full score.
 */
import { components, maximalCliques } from "./cliques";
import { POOLABLE_MODES, profileOf, toDay, WORD_PREFIX, type Profile } from "./profile";
import { regionRelation } from "./regions";
import { canPool, deadlineOpen, scorePoolPair, scoreProfiles } from "./score";
import { DEFAULT_THRESHOLD, type MatchOptions, type MatchPosting, type PairScore, type Reason, type ScoredMatch } from "./types";

/**
 * Upper bound on pools reported per connected group of compatible needs (see cliques.ts): many
 * interchangeable needs (say five clusters with four identical needs each) have hundreds of
 * maximal cliques, more than a coordinator can use; the first ones in id order are kept.
 */
export const MAX_POOLS_PER_GROUP = 50;

const BUCKET_DAYS = 183;
/** A window spanning more buckets than this (or open-ended) goes to the open bucket, seen by all. */
const MAX_BUCKETS = 8;
const OPEN_BUCKET = -Infinity;

function bucketsOf(p: Profile): number[] {
  if (!Number.isFinite(p.start) || !Number.isFinite(p.end)) return [OPEN_BUCKET];
  const first = Math.floor(p.start / BUCKET_DAYS);
  const last = Math.floor(p.end / BUCKET_DAYS);
  if (last - first + 1 > MAX_BUCKETS) return [OPEN_BUCKET];
  const out: number[] = [];
  for (let b = first; b <= last; b++) out.push(b);
  return out;
}

/** Posting lists by key and time bucket: a lookup only returns postings whose window can overlap. */
class TimedLists {
  private readonly byKey = new Map<string, Map<number, number[]>>();

  add(key: string, buckets: number[], i: number): void {
    let byBucket = this.byKey.get(key);
    if (!byBucket) this.byKey.set(key, (byBucket = new Map()));
    for (const b of buckets) {
      const list = byBucket.get(b);
      if (list) list.push(i);
      else byBucket.set(b, [i]);
    }
  }

  /** Appends to `out` the lists of `key` that may overlap a window in `buckets`. */
  lookup(key: string, buckets: number[], out: Array<number[] | undefined>): void {
    const byBucket = this.byKey.get(key);
    if (!byBucket) return;
    if (buckets[0] === OPEN_BUCKET) {
      for (const list of byBucket.values()) out.push(list);
      return;
    }
    for (const b of buckets) out.push(byBucket.get(b));
    out.push(byBucket.get(OPEN_BUCKET));
  }
}

/** A joint grant's programme list: its catalogue id when known, else `funder:<funder id or ?>`. */
export function grantKeyOf(p: Profile): string {
  return p.programme?.programme ?? `${FUNDER_PREFIX}${p.programme?.funder ?? "?"}`;
}

const FUNDER_PREFIX = "funder:";

/**
 * The programme lists that may hold the same programme as a grant of list `key` (see
 * sameProgramme): a catalogue programme only matches itself; an unknown one matches unknown ones of
 * the same or an unknown funder; one of no known funder, every unknown one ("every_unlisted").
 */
export function grantKeysToSearch(key: string): string[] | "every_unlisted" {
  if (!key.startsWith(FUNDER_PREFIX)) return [key];
  return key === `${FUNDER_PREFIX}?` ? "every_unlisted" : [key, `${FUNDER_PREFIX}?`];
}

/** Joint grants by programme list (grantKeyOf). */
class GrantLists {
  private readonly byKey = new Map<string, number[]>();

  add(p: Profile, i: number): void {
    const k = grantKeyOf(p);
    const list = this.byKey.get(k);
    if (list) list.push(i);
    else this.byKey.set(k, [i]);
  }

  lookup(p: Profile): Array<number[] | undefined> {
    const keys = grantKeysToSearch(grantKeyOf(p));
    if (keys !== "every_unlisted") return keys.map((k) => this.byKey.get(k));
    return [...this.byKey].filter(([k]) => k.startsWith(FUNDER_PREFIX)).map(([, list]) => list);
  }
}

/** Reusable index of postings for incremental matching (build once, query many times). */
export interface MatchIndex {
  /** Profiles sorted by posting id (so results never depend on input order). */
  readonly profiles: Profile[];
  /** Offers by every resource key they provide (concepts with ancestors, title/tag words). */
  readonly offers: TimedLists;
  /** Needs by anchor (what they ask for). */
  readonly needsByAnchor: TimedLists;
  /** Poolable needs by `${mode}|${resource key}`. */
  readonly poolNeeds: TimedLists;
  readonly grantNeeds: GrantLists;
  readonly grantOffers: GrantLists;
}

/** Keys a posting provides: concepts with ancestors; plain words only from title and tags. */
function providedKeys(p: Profile): string[] {
  const keys: string[] = [];
  for (const [k, s] of p.salience) if (!k.startsWith(WORD_PREFIX) || s === 1) keys.push(k);
  return keys;
}

export function buildIndex(postings: MatchPosting[]): MatchIndex {
  return indexProfiles(postings.map(profileOf));
}

/**
 * The index of postings already analysed (`profileOf`), e.g. page by page as they were read. Takes
 * ownership of the array (sorts it by id).
 */
export function indexProfiles(profiles: Profile[]): MatchIndex {
  profiles.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const index: MatchIndex = {
    profiles,
    offers: new TimedLists(),
    needsByAnchor: new TimedLists(),
    poolNeeds: new TimedLists(),
    grantNeeds: new GrantLists(),
    grantOffers: new GrantLists(),
  };
  profiles.forEach((p, i) => {
    if (p.mode === "grant") {
      (p.isNeed ? index.grantNeeds : index.grantOffers).add(p, i);
      return;
    }
    const buckets = bucketsOf(p);
    if (!p.isNeed) {
      for (const k of providedKeys(p)) index.offers.add(k, buckets, i);
      return;
    }
    for (const a of p.anchors) index.needsByAnchor.add(a, buckets, i);
    if (POOLABLE_MODES.has(p.mode)) for (const k of providedKeys(p)) index.poolNeeds.add(`${p.mode}|${k}`, buckets, i);
  });
  return index;
}

/** Collects distinct candidate indices from several posting lists without allocating sets. */
class CandidateSet {
  private readonly stamp: Uint32Array;
  private round = 0;
  constructor(size: number) {
    this.stamp = new Uint32Array(size);
  }
  collect(lists: Array<number[] | undefined>, skip: (i: number) => boolean): number[] {
    this.round++;
    const out: number[] = [];
    for (const list of lists) {
      if (!list) continue;
      for (const i of list) {
        if (this.stamp[i] === this.round) continue;
        this.stamp[i] = this.round;
        if (!skip(i)) out.push(i);
      }
    }
    return out;
  }
}

/** Cheap necessary conditions checked before the full score (all are hard rules of the score). */
function prefilter(a: Profile, b: Profile): boolean {
  return (
    a.cluster !== b.cluster &&
    Math.max(a.start, b.start) <= Math.min(a.end, b.end) &&
    regionRelation(a.region, b.region) !== "incompatible"
  );
}

export function resolveToday(today?: string): number {
  const day = toDay(today ?? new Date().toISOString().slice(0, 10));
  if (day === undefined) throw new Error(`invalid reference date: ${today}`);
  return day;
}

/** Offers an incoming need could be matched with. */
function offerCandidates(index: MatchIndex, need: Profile, set: CandidateSet, skip: (i: number) => boolean): number[] {
  if (need.mode === "grant") return set.collect(index.grantOffers.lookup(need), skip);
  const lists: Array<number[] | undefined> = [];
  const buckets = bucketsOf(need);
  for (const a of need.anchors) index.offers.lookup(a, buckets, lists);
  return set.collect(lists, skip);
}

/** Needs an incoming offer could serve. */
function needCandidates(index: MatchIndex, offer: Profile, set: CandidateSet, skip: (i: number) => boolean): number[] {
  if (offer.mode === "grant") return set.collect(index.grantNeeds.lookup(offer), skip);
  const lists: Array<number[] | undefined> = [];
  const buckets = bucketsOf(offer);
  for (const k of providedKeys(offer)) index.needsByAnchor.lookup(k, buckets, lists);
  return set.collect(lists, skip);
}

/** Needs that could pool with `need` (either one's anchors provided by the other). */
function poolCandidates(index: MatchIndex, need: Profile, set: CandidateSet, skip: (i: number) => boolean): number[] {
  if (need.mode === "grant") return set.collect(index.grantNeeds.lookup(need), skip);
  const lists: Array<number[] | undefined> = [];
  const buckets = bucketsOf(need);
  for (const a of need.anchors) index.poolNeeds.lookup(`${need.mode}|${a}`, buckets, lists);
  for (const k of providedKeys(need)) index.needsByAnchor.lookup(k, buckets, lists);
  const mode = need.mode;
  return set.collect(lists, (i) => skip(i) || index.profiles[i].mode !== mode);
}

const pairMatch = (need: Profile, offer: Profile, s: PairScore): ScoredMatch => ({
  type: "need_offer",
  members: [need.id, offer.id],
  score: s.score,
  reasons: s.reasons,
});

/** A pool's score is the mean of its pairwise scores; its reasons average theirs. */
function poolMatch(members: Profile[], pairScores: PairScore[]): ScoredMatch {
  const byCode = new Map<string, { sum: number; detail?: Reason["detail"] }>();
  for (const s of pairScores) {
    for (const r of s.reasons) {
      const cur = byCode.get(r.code) ?? { sum: 0 };
      cur.sum += r.weight;
      if (r.code === "shared_resource" || r.code === "same_programme") cur.detail ??= r.detail;
      byCode.set(r.code, cur);
    }
  }
  const n = pairScores.length;
  const reasons: Reason[] = [
    { code: "pool_kind", weight: 0, detail: { kind: members[0].mode, size: members.length } },
    ...[...byCode].map(([code, v]) => ({ code, weight: Math.round((v.sum / n) * 100) / 100, ...(v.detail ? { detail: v.detail } : {}) })),
  ].sort((a, b) => b.weight - a.weight || a.code.localeCompare(b.code));
  return {
    type: "pool",
    members: members.map((m) => m.id).sort(),
    score: Math.round(pairScores.reduce((s, p) => s + p.score, 0) / n),
    reasons,
  };
}

/** Best first; ties by type (pairs first) then member ids, so output order is deterministic. */
function sortMatches(matches: ScoredMatch[]): ScoredMatch[] {
  const keyed = matches.map((m) => ({ m, key: m.members.join("\u0000") }));
  keyed.sort(
    (x, y) =>
      y.m.score - x.m.score ||
      (x.m.type === y.m.type ? 0 : x.m.type === "need_offer" ? -1 : 1) ||
      (x.key < y.key ? -1 : x.key > y.key ? 1 : 0),
  );
  return keyed.map((k) => k.m);
}

/** Graph of needs that can pool together (adjacency sets). */
type Edges = Map<number, Set<number>>;

function addEdge(edges: Edges, i: number, j: number): void {
  for (const [a, b] of [[i, j], [j, i]] as const) {
    let m = edges.get(a);
    if (!m) edges.set(a, (m = new Set()));
    m.add(b);
  }
}

const NO_EDGES: ReadonlySet<number> = new Set();

/** Pool pair scores, memoised for one run (overlapping cliques share most of their pairs). */
class PoolPairScores {
  private readonly cache = new Map<string, PairScore>();
  constructor(private readonly today: number) {}

  get(a: Profile, b: Profile): PairScore {
    const key = a.id < b.id ? `${a.id}\u0000${b.id}` : `${b.id}\u0000${a.id}`;
    let s = this.cache.get(key);
    if (!s) this.cache.set(key, (s = scorePoolPair(a, b, this.today)));
    return s;
  }
}

/** Pool of a clique: its score is the mean of the pair scores of its members. */
function cliquePool(members: Profile[], scores: PoolPairScores): ScoredMatch {
  const pairs: PairScore[] = [];
  for (let x = 0; x < members.length; x++) {
    for (let y = x + 1; y < members.length; y++) pairs.push(scores.get(members[x], members[y]));
  }
  return poolMatch(members, pairs);
}

/** Pools (maximal cliques of compatible needs, at least two) at or above the threshold. */
function poolsOf(vertices: number[], edges: Edges, profiles: Profile[], today: number, threshold: number): ScoredMatch[] {
  const adj = (v: number): ReadonlySet<number> => edges.get(v) ?? NO_EDGES;
  const out: ScoredMatch[] = [];
  for (const comp of components(vertices, adj)) {
    if (comp.length < 2) continue;
    const scores = new PoolPairScores(today);
    for (const clique of maximalCliques(comp, adj, MAX_POOLS_PER_GROUP)) {
      const pool = cliquePool(clique.map((i) => profiles[i]), scores);
      if (pool.score >= threshold) out.push(pool);
    }
  }
  return out;
}

/** Full batch: every need/offer pair and every pool at or above the threshold, best first. */
export function findMatches(postings: MatchPosting[], opts: MatchOptions = {}): ScoredMatch[] {
  const all: ScoredMatch[] = [];
  for (const chunk of findMatchesInChunks(postings, opts)) for (const m of chunk) all.push(m);
  return sortMatches(all);
}

/**
 * The same matches as {@link findMatches}, unsorted, in chunks of about `chunkSize`: the pairs need
 * by need, then the pools. Takes the postings, or an index already built from them. A caller can store each chunk while the next is computed, and never holds
 * them all.
 */
export function* findMatchesInChunks(
  postings: MatchPosting[] | MatchIndex,
  opts: MatchOptions & { chunkSize?: number } = {},
): Generator<ScoredMatch[], void, undefined> {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const chunkSize = opts.chunkSize ?? 5000;
  const today = resolveToday(opts.today);
  const index = Array.isArray(postings) ? buildIndex(postings) : postings;
  const { profiles } = index;
  const set = new CandidateSet(profiles.length);
  let out: ScoredMatch[] = [];
  const edges: Edges = new Map();
  const poolVertices: number[] = [];

  for (let i = 0; i < profiles.length; i++) {
    const need = profiles[i];
    if (!need.isNeed) continue;
    for (const j of offerCandidates(index, need, set, () => false)) {
      const offer = profiles[j];
      if (!prefilter(need, offer)) continue;
      const s = scoreProfiles(need, offer, today);
      if (!s.excludedBy && s.score >= threshold) out.push(pairMatch(need, offer, s));
    }
    if (out.length >= chunkSize) {
      yield out;
      out = [];
    }
    if (!POOLABLE_MODES.has(need.mode) || !deadlineOpen(need, today)) continue;
    poolVertices.push(i);
    // poolCandidates looks both ways (my anchors in theirs, theirs in mine): pairs j > i suffice.
    for (const j of poolCandidates(index, need, set, (k) => k <= i)) {
      if (canPool(need, profiles[j], today)) addEdge(edges, i, j);
    }
  }
  for (const pool of poolsOf(poolVertices, edges, profiles, today, threshold)) {
    out.push(pool);
    if (out.length >= chunkSize) {
      yield out;
      out = [];
    }
  }
  if (out.length) yield out;
}

/**
 * Incremental: the matches involving `target` against an index of the other postings —
 * need/offer pairs, and pools containing `target`: the maximal cliques containing the target
 * are the target plus the maximal cliques of its compatible neighbours. A posting of the index
 * with the same id as `target` is ignored (an edited posting).
 */
export function matchesForPostingIndexed(target: MatchPosting, index: MatchIndex, opts: MatchOptions = {}): ScoredMatch[] {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const today = resolveToday(opts.today);
  const t = profileOf(target);
  const { profiles } = index;
  const set = new CandidateSet(profiles.length);
  const skip = (i: number): boolean => profiles[i].id === t.id;
  const out: ScoredMatch[] = [];

  if (!t.isNeed) {
    for (const i of needCandidates(index, t, set, skip)) {
      const need = profiles[i];
      if (!prefilter(need, t)) continue;
      const s = scoreProfiles(need, t, today);
      if (!s.excludedBy && s.score >= threshold) out.push(pairMatch(need, t, s));
    }
    return sortMatches(out);
  }

  for (const j of offerCandidates(index, t, set, skip)) {
    const offer = profiles[j];
    if (!prefilter(t, offer)) continue;
    const s = scoreProfiles(t, offer, today);
    if (!s.excludedBy && s.score >= threshold) out.push(pairMatch(t, offer, s));
  }

  if (POOLABLE_MODES.has(t.mode) && deadlineOpen(t, today)) {
    // Ascending order keeps the (capped) clique enumeration deterministic.
    const neighbours = poolCandidates(index, t, set, skip)
      .filter((j) => canPool(t, profiles[j], today))
      .sort((a, b) => a - b);
    const edges: Edges = new Map();
    for (let x = 0; x < neighbours.length; x++) {
      for (let y = x + 1; y < neighbours.length; y++) {
        if (canPool(profiles[neighbours[x]], profiles[neighbours[y]], today)) addEdge(edges, neighbours[x], neighbours[y]);
      }
    }
    const adj = (v: number): ReadonlySet<number> => edges.get(v) ?? NO_EDGES;
    const cliques = neighbours.length ? maximalCliques(neighbours, adj, MAX_POOLS_PER_GROUP) : [];
    // A neighbour compatible with no other neighbour is a clique of one: a pool of two with the target.
    const inClique = new Set(cliques.flat());
    for (const j of neighbours) if (!inClique.has(j)) cliques.push([j]);
    const scores = new PoolPairScores(today);
    for (const clique of cliques) {
      const pool = cliquePool([t, ...clique.map((j) => profiles[j])], scores);
      if (pool.score >= threshold) out.push(pool);
    }
  }
  return sortMatches(out);
}

export function matchesForPosting(target: MatchPosting, others: MatchPosting[], opts: MatchOptions = {}): ScoredMatch[] {
  return matchesForPostingIndexed(target, buildIndex(others), opts);
}
