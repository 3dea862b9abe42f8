/**
 * Québec administrative regions and the compatibility rules of the matching specification:
 * two postings are compatible when either is `remote` or gives no region, when they are in the
 * same region, or when the regions are adjacent. The adjacency list is exactly the one of the
 * ground-truth rules (it is a business rule, not a map: e.g. Laval–Montérégie is NOT adjacent).
 */
import { foldText } from "./normalize";

export const REMOTE = "remote";

export const REGIONS = [
  "bas-saint-laurent",
  "saguenay-lac-saint-jean",
  "capitale-nationale",
  "mauricie",
  "estrie",
  "montreal",
  "outaouais",
  "abitibi-temiscamingue",
  "cote-nord",
  "nord-du-quebec",
  "gaspesie-iles-de-la-madeleine",
  "chaudiere-appalaches",
  "laval",
  "lanaudiere",
  "laurentides",
  "monteregie",
  "centre-du-quebec",
] as const;

const ADJACENT_PAIRS: Array<[string, string]> = [
  ["montreal", "laval"],
  ["montreal", "monteregie"],
  ["montreal", "lanaudiere"],
  ["montreal", "laurentides"],
  ["laval", "laurentides"],
  ["laval", "lanaudiere"],
  ["monteregie", "estrie"],
  ["monteregie", "centre-du-quebec"],
  ["capitale-nationale", "chaudiere-appalaches"],
  ["capitale-nationale", "mauricie"],
  ["capitale-nationale", "saguenay-lac-saint-jean"],
];

const ADJACENT = new Map<string, Set<string>>();
for (const [a, b] of ADJACENT_PAIRS) {
  if (!ADJACENT.has(a)) ADJACENT.set(a, new Set());
  if (!ADJACENT.has(b)) ADJACENT.set(b, new Set());
  ADJACENT.get(a)!.add(b);
  ADJACENT.get(b)!.add(a);
}

/** Common spellings that are not the slug itself. */
const ALIASES: Record<string, string> = {
  "quebec-city": "capitale-nationale",
  "ville-de-quebec": "capitale-nationale",
  quebec: "capitale-nationale",
  "region-de-quebec": "capitale-nationale",
  "saguenay": "saguenay-lac-saint-jean",
  "gaspesie": "gaspesie-iles-de-la-madeleine",
  "abitibi": "abitibi-temiscamingue",
  "en-ligne": REMOTE,
  online: REMOTE,
  "a-distance": REMOTE,
  distance: REMOTE,
  virtual: REMOTE,
  virtuel: REMOTE,
};

/** Slug of a region as written by users ("Montréal", "Côte-Nord", "remote"); undefined if empty. */
export function normalizeRegion(region: string | undefined | null): string | undefined {
  if (!region) return undefined;
  const slug = foldText(region)
    .replace(/['’]/g, "-")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  if (!slug) return undefined;
  return ALIASES[slug] ?? slug;
}

export function areAdjacent(a: string, b: string): boolean {
  return ADJACENT.get(a)?.has(b) ?? false;
}

export function adjacentRegions(region: string): string[] {
  return [...(ADJACENT.get(region) ?? [])].sort();
}

export type RegionRelation = "same" | "adjacent" | "remote" | "unspecified" | "incompatible";

/** Relation between two normalised regions for a need/offer pair. */
export function regionRelation(a: string | undefined, b: string | undefined): RegionRelation {
  if (a === REMOTE || b === REMOTE) return "remote";
  if (!a || !b) return "unspecified";
  if (a === b) return "same";
  return areAdjacent(a, b) ? "adjacent" : "incompatible";
}
