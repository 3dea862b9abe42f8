/**
 * A match's parties: each member posting with its cluster, its answer, and the people to write to
 * (the posting's contact person, else the cluster's administrators, else whoever created the
 * posting, else the cluster's public contact address).
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { matchableColumns } from "~/modules/postings/columns.server";
import type { Tx } from "@db/client.server";
import { clusters, matches, matchMembers, postings, users, type Match, type MemberResponse } from "@db/schema";
import { isLocale, type Locale } from "~/modules/i18n";

export interface PartyPosting {
  id: string;
  clusterId: string;
  kind: "need" | "offer";
  category: string;
  title: string;
  description: string;
  tags: string[];
  language: "fr" | "en";
  region: string | null;
  startDate: string | null;
  endDate: string | null;
  quantity: number | null;
  unit: string | null;
  budgetMax: number | null;
  programme: string | null;
  deadline: string | null;
  status: string;
  visibility: string;
  publishedAt: Date | null;
  expiresAt: Date | null;
  contactUserId: string | null;
  createdBy: string | null;
}

export interface PartyCluster {
  id: string;
  slug: string;
  name: string;
  contactName: string | null;
  contactEmail: string | null;
}

export interface Contact {
  userId: string | null;
  name: string;
  email: string;
  locale: Locale;
}

export interface Party {
  postingId: string;
  role: string;
  response: MemberResponse;
  responseReason: string | null;
  respondedBy: string | null;
  respondedByName: string | null;
  respondedAt: Date | null;
  posting: PartyPosting;
  cluster: PartyCluster;
}

const postingColumns = {
  ...matchableColumns,
  visibility: postings.visibility,
  publishedAt: postings.publishedAt,
  contactUserId: postings.contactUserId,
  createdBy: postings.createdBy,
};

const clusterColumns = { id: clusters.id, slug: clusters.slug, name: clusters.name, contactName: clusters.contactName, contactEmail: clusters.contactEmail };

/** The parties of several matches at once, need first then offers, then by cluster name. */
export async function partiesOf(db: Tx, matchIds: string[]): Promise<Map<string, Party[]>> {
  const out = new Map<string, Party[]>();
  if (!matchIds.length) return out;
  const rows = await db
    .select({
      matchId: matchMembers.matchId,
      postingId: matchMembers.postingId,
      role: matchMembers.role,
      response: matchMembers.response,
      responseReason: matchMembers.responseReason,
      respondedBy: matchMembers.respondedBy,
      respondedByName: users.name,
      respondedAt: matchMembers.respondedAt,
      posting: postingColumns,
      cluster: clusterColumns,
    })
    .from(matchMembers)
    .innerJoin(postings, eq(postings.id, matchMembers.postingId))
    .innerJoin(clusters, eq(clusters.id, postings.clusterId))
    .leftJoin(users, eq(users.id, matchMembers.respondedBy))
    .where(inArray(matchMembers.matchId, matchIds))
    .orderBy(asc(matchMembers.role), asc(clusters.name));
  for (const { matchId, ...party } of rows) {
    const list = out.get(matchId) ?? [];
    list.push(party as Party);
    out.set(matchId, list);
  }
  return out;
}

export async function loadMatch(db: Tx, id: string, opts: { lock?: boolean } = {}): Promise<{ match: Match; parties: Party[] } | null> {
  const q = db.select().from(matches).where(eq(matches.id, id));
  const [match] = opts.lock ? await q.for("update") : await q;
  if (!match) return null;
  const parties = (await partiesOf(db, [id])).get(id) ?? [];
  return { match, parties };
}

/** The people an introduction for this party is written to. */
export async function partyContacts(db: Tx, party: Pick<Party, "posting" | "cluster">): Promise<Contact[]> {
  const inCluster = (ids: string[]) =>
    db
      .select({ id: users.id, name: users.name, email: users.email, locale: users.locale, role: users.role })
      .from(users)
      .where(and(inArray(users.id, ids), eq(users.clusterId, party.cluster.id)));
  const toContact = (u: { id: string; name: string; email: string; locale: string }): Contact => ({ userId: u.id, name: u.name, email: u.email, locale: isLocale(u.locale) ? u.locale : "fr" });
  if (party.posting.contactUserId) {
    const [u] = await inCluster([party.posting.contactUserId]);
    if (u) return [toContact(u)];
  }
  const admins = await db
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(and(eq(users.clusterId, party.cluster.id), eq(users.role, "cluster_admin")))
    .orderBy(asc(users.name));
  if (admins.length) return admins.map(toContact);
  if (party.posting.createdBy) {
    const [u] = await inCluster([party.posting.createdBy]);
    if (u) return [toContact(u)];
  }
  if (party.cluster.contactEmail) return [{ userId: null, name: party.cluster.contactName ?? party.cluster.name, email: party.cluster.contactEmail, locale: "fr" }];
  return [];
}

/** A posting can still be brokered: published, not closed or expired. */
export function isBrokerable(p: Pick<PartyPosting, "status" | "expiresAt">, now: Date): boolean {
  if (p.status !== "open" && p.status !== "paused" && p.status !== "matched") return false;
  return !p.expiresAt || new Date(p.expiresAt).getTime() > now.getTime() || p.status === "matched";
}

/** A short name of a match for subjects and notifications: the need's title (pools: the first one). */
export function matchTitle(parties: Party[], forClusterId?: string | null): string {
  const own = forClusterId ? parties.find((p) => p.cluster.id === forClusterId) : undefined;
  return (own ?? parties.find((p) => p.posting.kind === "need") ?? parties[0])?.posting.title ?? "";
}

export async function userNames(db: Tx, ids: Array<string | null | undefined>): Promise<Map<string, { name: string; email: string }>> {
  const list = [...new Set(ids.filter((x): x is string => !!x))];
  if (!list.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, list));
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
}

