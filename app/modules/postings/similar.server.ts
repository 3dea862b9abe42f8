/**
 * "This already exists": while a cluster person writes a posting, the matching engine looks at the
 * draft as it stands and says which open postings of other clusters it would meet — other clusters'
 * needs it could be pooled with ("3 clusters need this too"), offers that may serve a need, needs an
 * offer may meet. Nothing is written: the draft is scored in memory against the candidates the store
 * finds through its keys (loadCandidates), with the engine's own scoring and the coordinator's threshold.
 *
 * Visibility: confidential postings are removed before the engine runs (they neither show nor count,
 * nor shape a pool), and only the title and cluster of the others are returned — what any cluster
 * person may already read in the network's list. See docs/decisions/062-similar-before-posting.md.
 */
import { eq, sql } from "drizzle-orm";
import { arrayParam } from "@db/bulk";
import { getDb } from "@db/client.server";
import { clusters, postings } from "@db/schema";
import type { Actor } from "~/modules/auth/permissions";
import { candidateKeys, matchesForPosting, type MatchPosting, type ScoredMatch } from "~/modules/matching";
import { analysed, keysRecord, loadCandidates, type LoadedRow } from "~/modules/matching/load.server";
import { getMatchThreshold } from "~/modules/matching/threshold.server";
import type { PostingKind, PostingLanguage } from "./constants";
import { toMatchPosting } from "./interchange";
import { inputColumns } from "./postings.server";
import { validatePosting, type PostingInput } from "./validation";

export interface SimilarItem {
  id: string;
  title: string;
  language: PostingLanguage;
  clusterName: string;
  score: number;
}

export type SimilarPostings =
  | { status: "incomplete" }
  | {
      status: "ok";
      kind: PostingKind;
      /** Other clusters with a need the draft (a need) could be pooled with. */
      poolClusters: number;
      /** Those needs (a need), or the needs an offer may meet (an offer), best first. */
      needs: SimilarItem[];
      /** Offers that may serve the draft (a need), best first. */
      offers: SimilarItem[];
    };

const SHOWN = 5;
const DRAFT_ID = "00000000-0000-4000-8000-000000000000";

/**
 * What the draft says, as far as it can be read: a field that does not parse (a half-typed number or
 * date) is left out rather than hiding every result. Needs a kind, a category and a title.
 */
function readDraft(raw: Record<string, unknown>): PostingInput | null {
  let r = validatePosting(raw, "draft");
  if (!r.ok) {
    const cleaned: Record<string, unknown> = { ...raw, attributes: { ...((raw.attributes as object) ?? {}) } };
    for (const i of r.issues) {
      if (i.field.startsWith("attributes.")) delete (cleaned.attributes as Record<string, unknown>)[i.field.slice(11)];
      else delete cleaned[i.field];
    }
    r = validatePosting(cleaned, "draft");
  }
  if (!r.ok || !r.data.kind || !r.data.category || r.data.title.trim().length < 3) return null;
  return r.data;
}

/** The open postings of other clusters the draft would be matched with, as its writer may see them. */
export async function findSimilarPostings(actor: Actor, raw: Record<string, unknown>, now = new Date()): Promise<SimilarPostings> {
  const input = readDraft(raw);
  if (!input || !actor.clusterId) return { status: "incomplete" };
  const kind = input.kind!;
  const db = getDb();
  const [own] = await db.select({ slug: clusters.slug }).from(clusters).where(eq(clusters.id, actor.clusterId));
  if (!own) return { status: "incomplete" };
  const row = { id: DRAFT_ID, ...inputColumns(input) };
  const target: MatchPosting = toMatchPosting(row, own.slug) as MatchPosting;
  const loadedTarget = { ...row, kind, clusterId: actor.clusterId, clusterSlug: own.slug, status: "open", expiresAt: null } as LoadedRow;
  const found = await loadCandidates(db, loadedTarget, keysRecord(loadedTarget, candidateKeys(target), now), now);
  if (!found.length) return { status: "ok", kind, poolClusters: 0, needs: [], offers: [] };

  // Only what the writer may read: network postings (the candidates are open, of other clusters).
  const visible = new Map(
    (
      await db
        .select({ id: postings.id, title: postings.title, language: postings.language, visibility: postings.visibility, clusterId: postings.clusterId, clusterName: clusters.name })
        .from(postings)
        .innerJoin(clusters, eq(clusters.id, postings.clusterId))
        .where(sql`${postings.id} = any(${arrayParam(found.map((c) => c.id), "uuid")})`)
    )
      .filter((p) => p.visibility === "network")
      .map((p) => [p.id, p]),
  );
  const candidates = found.filter((c) => visible.has(c.id)).map((c) => analysed(c));
  const results = matchesForPosting(target, candidates, { threshold: await getMatchThreshold(db), today: now.toISOString().slice(0, 10) });

  const best = new Map<string, number>();
  const note = (id: string, score: number) => best.set(id, Math.max(best.get(id) ?? 0, score));
  const offers = new Set<string>();
  const needs = new Set<string>();
  for (const m of results) {
    // A need's pairs are offers; its pools, and an offer's pairs, are needs.
    const into = m.type === "need_offer" && kind === "need" ? offers : needs;
    for (const id of others(m)) {
      into.add(id);
      note(id, m.score);
    }
  }
  const item = (id: string): SimilarItem => {
    const p = visible.get(id)!;
    return { id, title: p.title, language: p.language, clusterName: p.clusterName, score: best.get(id) ?? 0 };
  };
  const ranked = (ids: Set<string>) => [...ids].map(item).sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
  const needList = ranked(needs);
  const poolClusters = kind === "need" ? new Set(needList.map((n) => visible.get(n.id)!.clusterId)).size : 0;
  return { status: "ok", kind, poolClusters, needs: needList.slice(0, SHOWN), offers: ranked(offers).slice(0, SHOWN) };
}

const others = (m: ScoredMatch) => m.members.filter((id) => id !== DRAFT_ID);
