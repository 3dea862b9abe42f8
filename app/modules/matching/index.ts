/**
 * Public API of the matching engine (pure TypeScript: no database, framework or Node API).
 *
 *   findMatches(postings, opts)                      full batch, best first
 *   findMatchesInChunks(postings, opts)              the same, unsorted, chunk by chunk (for storing)
 *   matchesForPosting(target, others, opts)          incremental, one posting against others
 *   buildIndex(postings) + matchesForPostingIndexed  incremental against a reusable index
 *   profileOf(posting) + indexProfiles(profiles)     the same index, from postings analysed one by one
 *   scorePair(need, offer, opts)                     one explained score, or the hard rule excluding it
 *   candidateKeys(posting)                           blocking keys, for a SQL pre-filter
 *
 * How it decides (details in each module): a posting is reduced to FR/EN domain concepts
 * (synonyms.ts) and a resource mode (profile.ts); a need and an offer match when the offer
 * provides the need's main concepts, in a compatible mode, and no hard rule excludes them
 * (score.ts); pools are maximal groups of needs that can all be met together (engine.ts).
 */
import {
  buildIndex,
  findMatches,
  findMatchesInChunks,
  grantKeyOf,
  grantKeysToSearch,
  indexProfiles,
  matchesForPosting,
  matchesForPostingIndexed,
  resolveToday,
  type MatchIndex,
} from "./engine";
import { POOLABLE_MODES, profileOf, WORD_PREFIX, type Mode, type Profile } from "./profile";
import { REASON_CODES, type ReasonCode } from "../interchange";
import { modeCompatibility, scorePoolPair, scoreProfiles } from "./score";
import type { MatchOptions, MatchPosting, PairScore } from "./types";

export { buildIndex, findMatches, findMatchesInChunks, grantKeysToSearch, indexProfiles, matchesForPosting, matchesForPostingIndexed, profileOf, REASON_CODES };
export type { MatchIndex, Mode, Profile as MatchProfile, ReasonCode };
export * from "./types";
export { PostingSchema, PostingsFileSchema, parsePostingsFile, formatZodIssues } from "../interchange";
export { normalizeRegion, regionRelation, adjacentRegions, REGIONS, REMOTE } from "./regions";
export { parseProgramme, sameProgramme, sameEdition, programmeKey } from "./programme";

/** Score a need against an offer: the score with its reasons, or the hard rule that excludes the pair. */
export function scorePair(need: MatchPosting, offer: MatchPosting, opts: Pick<MatchOptions, "today"> = {}): PairScore {
  return scoreProfiles(profileOf(need), profileOf(offer), resolveToday(opts.today));
}

/** Score two needs as members of a pool (same rules as pool building). */
export function scorePoolPairOf(a: MatchPosting, b: MatchPosting, opts: Pick<MatchOptions, "today"> = {}): PairScore {
  return scorePoolPair(profileOf(a), profileOf(b), resolveToday(opts.today));
}

export interface CandidateKeys {
  /** Resource keys the posting provides (concepts with ancestors; `w:` title/tag words). An offer is a candidate for a need when it provides one of the need's `anchors`. */
  concepts: string[];
  /** What a counterpart must provide: a need's candidates are the offers whose `concepts` contain one of these. */
  anchors: string[];
  /** Joint grants: canonical programme identity (funder/programme/years), else null. */
  programmeKey: string | null;
  /**
   * Joint grants: the programme list (catalogue id, else `funder:<funder id or ?>`), a complete
   * blocking key: a grant is compared only with grants of the lists `grantKeysToSearch` names.
   */
  grantKey: string | null;
  /** Resource mode; candidates must have a compatible group (see `compatibleGroups`). */
  categoryGroup: Mode;
  /** Whether needs of this posting's group can be pooled. */
  poolable: boolean;
}

/** Keys under which a SQL layer can pre-filter candidates exactly as the in-memory index does. */
export function candidateKeys(p: MatchPosting): CandidateKeys {
  return profileKeys(profileOf(p));
}

/** The candidate keys of a posting already analysed (`profileOf`). */
export function profileKeys(profile: Profile): CandidateKeys {
  const concepts = [...profile.salience]
    .filter(([k, s]) => !k.startsWith(WORD_PREFIX) || s === 1)
    .map(([k]) => k)
    .sort();
  return {
    concepts,
    anchors: profile.anchors,
    programmeKey: profile.programmeKey ?? null,
    grantKey: profile.mode === "grant" ? grantKeyOf(profile) : null,
    categoryGroup: profile.mode,
    poolable: POOLABLE_MODES.has(profile.mode),
  };
}

const ALL_MODES: Mode[] = ["grant", "office", "training", "it_support", "goods", "access", "service", "research", "event", "other"];

/** Groups whose postings can be matched with a posting of `group` (need/offer direction is symmetric). */
export function compatibleGroups(group: Mode): Mode[] {
  return ALL_MODES.filter((m) => modeCompatibility(group, m) !== undefined);
}
