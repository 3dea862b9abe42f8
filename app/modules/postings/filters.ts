/**
 * The filters of the postings list, as they live in the URL (shared by the page and the server, so a
 * search can be bookmarked and shared).
 */
import type { FieldErrors } from "~/modules/result";
import { isoDateOrUndefined, pageNumber } from "~/modules/validation/input";
import { CATEGORIES, POSTING_KINDS, REGIONS, type Category, type PostingKind, type Region } from "./constants";

export const SORTS = ["relevance", "newest", "oldest", "ending", "title"] as const;
export type Sort = (typeof SORTS)[number];
export const STATUS_FILTERS = ["open", "paused", "matched", "closed", "draft", "expired", "all"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface BrowseFilters {
  q: string;
  kind?: PostingKind;
  category?: Category;
  /** Cluster slug. */
  cluster?: string;
  region?: Region;
  status: StatusFilter;
  /** Availability window (ISO dates): postings whose period overlaps it. */
  from?: string;
  to?: string;
  sort: Sort;
  page: number;
  /** Only the viewer's own cluster's postings (drafts and expired ones included). */
  mine: boolean;
}

const pick = <T extends string>(values: readonly T[], v: string | null): T | undefined => (v && (values as readonly string[]).includes(v) ? (v as T) : undefined);

/** Filters from a URL; unknown values are ignored, so any shared link opens. */
export function parseBrowseFilters(params: URLSearchParams): BrowseFilters {
  const q = (params.get("q") ?? "").trim().slice(0, 200);
  const page = pageNumber(params.get("page"));
  const clusterSlug = params.get("cluster");
  return {
    q,
    kind: pick(POSTING_KINDS, params.get("kind")),
    category: pick(CATEGORIES, params.get("category")),
    cluster: clusterSlug && /^[a-z0-9-]{1,60}$/.test(clusterSlug) ? clusterSlug : undefined,
    region: pick(REGIONS, params.get("region")),
    status: pick(STATUS_FILTERS, params.get("status")) ?? "open",
    from: isoDateOrUndefined(params.get("from")),
    to: isoDateOrUndefined(params.get("to")),
    sort: pick(SORTS, params.get("sort")) ?? (q ? "relevance" : "newest"),
    page,
    mine: params.get("mine") === "1",
  };
}

/** The URL query of a set of filters (defaults left out), e.g. for pagination and export links. */
export function filtersToSearchParams(f: BrowseFilters, overrides: Partial<BrowseFilters> = {}): URLSearchParams {
  const all = { ...f, ...overrides };
  const p = new URLSearchParams();
  if (all.q) p.set("q", all.q);
  for (const k of ["kind", "category", "cluster", "region", "from", "to"] as const) if (all[k]) p.set(k, all[k]!);
  if (all.status !== "open") p.set("status", all.status);
  if (all.sort !== (all.q ? "relevance" : "newest")) p.set("sort", all.sort);
  if (all.mine) p.set("mine", "1");
  if (all.page > 1) p.set("page", String(all.page));
  return p;
}

/** Filters that contradict each other (a window ending before it starts): errors next to the filter, or null. */
export function filterErrors(f: BrowseFilters): FieldErrors | null {
  if (f.from && f.to && f.to < f.from) return { to: { key: "postings.browse.error.toBeforeFrom" } };
  return null;
}

/** How many filters narrow the list besides the search (the phone layout folds them away and says so). */
export function activeFilterCount(f: BrowseFilters): number {
  return [f.kind, f.category, f.cluster, f.region, f.from, f.to].filter(Boolean).length + (f.status !== "open" ? 1 : 0) + (f.mine ? 1 : 0);
}
