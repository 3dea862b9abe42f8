/** Fixtures of the funding tests: pools of joint-grant needs written directly (deterministic). */
import { getDb } from "@db/client.server";
import { matches, matchMembers, postings } from "@db/schema";
import { memberKey } from "~/modules/matching/store.server";
import { clusterId } from "../helpers";

let n = 0;

/** A published joint-grant need of `cluster` for `programme` (as typed), due `deadline`. */
export async function jointGrantNeed(cluster: string, programme: string, deadline: string, opts: { publishedAt?: Date; title?: string } = {}): Promise<string> {
  n++;
  const [row] = await getDb()
    .insert(postings)
    .values({
      clusterId: await clusterId(cluster),
      kind: "need",
      category: "joint_grant",
      title: opts.title ?? `Demande conjointe ${n} — ${programme}`,
      description: `Nous cherchons des grappes partenaires pour une demande conjointe au programme ${programme}.`,
      language: "fr",
      programme,
      deadline,
      status: "open",
      publishedAt: opts.publishedAt ?? new Date(Date.now() - (30 - n) * 86_400_000),
      expiresAt: new Date(Date.now() + 120 * 86_400_000),
    })
    .returning({ id: postings.id });
  return row.id;
}

/** A pool match of these postings, in `status` (default: introduced). */
export async function poolOf(postingIds: string[], status: (typeof matches.$inferInsert)["status"] = "introduced", type: "pool" | "need_offer" = "pool"): Promise<string> {
  const [m] = await getDb()
    .insert(matches)
    .values({ type, memberKey: memberKey({ members: postingIds }), score: 80, reasons: [], status, createdAt: new Date(), updatedAt: new Date() })
    .returning({ id: matches.id });
  await getDb().insert(matchMembers).values(postingIds.map((postingId, i) => ({ matchId: m.id, postingId, role: type === "pool" || i === 0 ? "need" : "offer" })));
  return m.id;
}
