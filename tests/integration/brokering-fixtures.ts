/** Postings and matches for the brokering tests (deterministic: matches are written directly). */
import { eq, inArray } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { clusters, matches, matchMembers, outbox, postings, users } from "@db/schema";
import { scorePair, type MatchPosting } from "~/modules/matching";
import { memberKey } from "~/modules/matching/store.server";
import { toMatchPosting } from "~/modules/postings/interchange";
import { clusterId, userByEmail } from "../helpers";

let n = 0;

export interface PostingSpec {
  cluster: string;
  kind: "need" | "offer";
  category?: (typeof postings.$inferInsert)["category"];
  title?: string;
  description?: string;
  contact?: string | null;
  status?: "open" | "draft" | "closed" | "paused";
  expiresAt?: Date;
  publishedAt?: Date;
  language?: "fr" | "en";
}

export async function insertPosting(s: PostingSpec): Promise<string> {
  n++;
  const cid = await clusterId(s.cluster);
  const contact = s.contact ? (await userByEmail(s.contact)).id : null;
  const office = s.kind === "need";
  const [row] = await getDb()
    .insert(postings)
    .values({
      clusterId: cid,
      kind: s.kind,
      category: s.category ?? "office_space",
      title: s.title ?? (office ? `Espace de bureau recherché ${n}` : `Coworking desks available ${n}`),
      description: s.description ?? (office ? "Nous cherchons 4 postes de travail dans un espace de bureau partagé." : "Furnished coworking desks in our downtown office."),
      language: s.language ?? (office ? "fr" : "en"),
      region: "montreal",
      startDate: "2027-01-01",
      endDate: office ? "2027-06-30" : "2027-12-31",
      quantity: office ? 4 : 8,
      unit: "desks",
      budgetMax: office ? 400 : 380,
      status: s.status ?? "open",
      publishedAt: s.publishedAt ?? new Date(Date.now() - 10 * 86_400_000),
      expiresAt: s.expiresAt ?? new Date(Date.now() + 120 * 86_400_000),
      contactUserId: contact,
    })
    .returning({ id: postings.id });
  return row.id;
}

/** A proposed need/offer match between two postings, scored by the engine's pair scorer. */
export async function insertMatch(needId: string, offerId: string, opts: { status?: (typeof matches.$inferInsert)["status"]; createdAt?: Date } = {}): Promise<string> {
  const db = getDb();
  const rows = await db.select({ p: postings, slug: clusters.slug }).from(postings).innerJoin(clusters, eq(clusters.id, postings.clusterId)).where(inArray(postings.id, [needId, offerId]));
  const mp = (id: string) => {
    const r = rows.find((x) => x.p.id === id)!;
    return toMatchPosting(r.p, r.slug) as MatchPosting;
  };
  const s = scorePair(mp(needId), mp(offerId), { today: "2026-11-22" });
  const [m] = await db
    .insert(matches)
    .values({ type: "need_offer", memberKey: memberKey({ members: [needId, offerId] }), score: s.score, reasons: s.reasons, status: opts.status ?? "proposed", createdAt: opts.createdAt ?? new Date(), updatedAt: new Date() })
    .returning({ id: matches.id });
  await db.insert(matchMembers).values([
    { matchId: m.id, postingId: needId, role: "need" },
    { matchId: m.id, postingId: offerId, role: "offer" },
  ]);
  return m.id;
}

/** A fresh need (from `needCluster`) and offer (from `offerCluster`) with their proposed match. */
export async function proposedPair(needCluster = "mmode", offerCluster = "numana", opts: { needContact?: string | null; offerContact?: string | null } = {}) {
  const needId = await insertPosting({ cluster: needCluster, kind: "need", contact: opts.needContact });
  const offerId = await insertPosting({ cluster: offerCluster, kind: "offer", contact: opts.offerContact });
  const matchId = await insertMatch(needId, offerId);
  return { needId, offerId, matchId };
}

export async function outboxFor(address: string) {
  return (await getDb().select().from(outbox).where(eq(outbox.toAddress, address))).sort((a, b) => a.id - b.id);
}

export async function actor(email: string) {
  const u = await userByEmail(email);
  return { id: u.id, role: u.role, clusterId: u.clusterId, funderId: u.funderId, locale: u.locale, email: u.email, name: u.name };
}

export async function usersOf(slug: string) {
  return getDb().select().from(users).where(eq(users.clusterId, await clusterId(slug)));
}

/** A match of several postings written directly (a pool of needs, or a need with an offer), at a given score. */
export async function insertGroup(ids: string[], opts: { type?: "pool" | "need_offer"; score?: number; status?: (typeof matches.$inferInsert)["status"]; source?: string; createdAt?: Date } = {}): Promise<string> {
  const db = getDb();
  const rows = await db.select({ id: postings.id, kind: postings.kind }).from(postings).where(inArray(postings.id, ids));
  const type = opts.type ?? (rows.every((r) => r.kind === "need") ? "pool" : "need_offer");
  const [m] = await db
    .insert(matches)
    .values({
      type,
      memberKey: memberKey({ members: ids }),
      score: opts.score ?? 70,
      reasons: [{ code: "shared_resource", weight: 30 }],
      status: opts.status ?? "proposed",
      source: opts.source ?? "engine",
      createdAt: opts.createdAt ?? new Date(),
      updatedAt: new Date(),
    })
    .returning({ id: matches.id });
  await db.insert(matchMembers).values(rows.map((r) => ({ matchId: m.id, postingId: r.id, role: type === "pool" ? "need" : r.kind! })));  // (published fixtures: a kind)
  return m.id;
}

export const matchPath = (id: string) => `/coordination/matches/${id}`;
export const statusOf = async (id: string) => (await getDb().select({ s: matches.status }).from(matches).where(eq(matches.id, id)))[0].s;
export const versionOf = async (id: string) => (await getDb().select({ v: matches.version }).from(matches).where(eq(matches.id, id)))[0].v;
export const outboxCount = async () => (await getDb().select({ id: outbox.id }).from(outbox)).length;
