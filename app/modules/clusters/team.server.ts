/**
 * A cluster's team, managed by its cluster admins (their own cluster only) and the coordination (any
 * cluster): the colleagues, and the deactivation of one who left. A deactivated account keeps its
 * history but cannot sign in (auth.server.ts) and its sessions end at once; the postings it was the
 * contact of stay online, passed to a colleague chosen by the admin, in the same transaction.
 * Invitations (invite, resend, revoke) are the invitations module's (auth/invitations.server.ts).
 * See docs/decisions/063-team-management.md.
 */
import { and, asc, count, eq, isNull, ne, sql } from "drizzle-orm";
import { getDb, type Tx } from "@db/client.server";
import { auditLog, postings, sessions, users, type User } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import { can, CLUSTER_ROLES, type Actor } from "~/modules/auth/permissions";
import { fieldResult, forbiddenResult, notFoundResult, ok, refusedResult, type Result } from "~/modules/result";
import { isUuid } from "~/modules/validation/input";



export interface TeamMember {
  id: string;
  name: string;
  email: string;
  role: User["role"];
  deactivatedAt: Date | null;
  /** Postings (any status) this person is the contact of. */
  contactOf: number;
}

/** The cluster's accounts, active first, with how many postings each is the contact of. */
export async function listTeam(clusterId: string): Promise<TeamMember[]> {
  const db = getDb();
  const contacts = db.select({ userId: postings.contactUserId, n: count().as("n") }).from(postings).where(eq(postings.clusterId, clusterId)).groupBy(postings.contactUserId).as("contacts");
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role, deactivatedAt: users.deactivatedAt, contactOf: contacts.n })
    .from(users)
    .leftJoin(contacts, eq(contacts.userId, users.id))
    .where(eq(users.clusterId, clusterId))
    .orderBy(sql`${users.deactivatedAt} is not null`, asc(users.name));
  return rows.map((r) => ({ ...r, contactOf: Number(r.contactOf ?? 0) }));
}

/** A colleague of `clusterId` the actor may manage, locked for the change. */
async function colleague(tx: Tx, actor: Actor, clusterId: string, userId: string): Promise<Result<User>> {
  if (!can(actor, "team:manage", { clusterId })) return forbiddenResult();
  if (!isUuid(userId)) return notFoundResult({ key: "team.error.notColleague" });
  const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
  if (!user || user.clusterId !== clusterId || !CLUSTER_ROLES.includes(user.role)) return notFoundResult({ key: "team.error.notColleague" });
  return ok(user);
}

/**
 * Deactivate a colleague who left: no more sign-in, every session ended, and the postings they were
 * the contact of passed to `reassignTo` (an active colleague; required when there are such postings).
 */
export async function deactivateColleague(
  actor: Actor,
  clusterId: string,
  userId: string,
  reassignTo: string | undefined,
  now = new Date(),
): Promise<Result<{ name: string; reassigned: number }>> {
  return getDb().transaction(async (tx) => {
    const found = await colleague(tx, actor, clusterId, userId);
    if (!found.ok) return found;
    const user = found.value;
    if (user.id === actor.id) return refusedResult("team.error.self");
    if (user.deactivatedAt) return refusedResult("team.error.alreadyDeactivated");
    const theirs = await tx.select({ id: postings.id, version: postings.version }).from(postings).where(eq(postings.contactUserId, user.id)).for("update");
    let target: string | null = null;
    if (reassignTo || theirs.length) {
      if (!reassignTo) return fieldResult("reassignTo", "team.error.reassignRequired");
      const [next] = isUuid(reassignTo)
        ? await tx
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.id, reassignTo), eq(users.clusterId, clusterId), isNull(users.deactivatedAt), ne(users.id, user.id)))
        : [];
      if (!next) return fieldResult("reassignTo", "team.error.reassignInvalid");
      target = next.id;
    }
    await tx.update(users).set({ deactivatedAt: now, updatedAt: now }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    if (theirs.length && target) {
      await tx
        .update(postings)
        .set({ contactUserId: target, version: sql`${postings.version} + 1`, updatedAt: now })
        .where(eq(postings.contactUserId, user.id));
      // Each posting's history says its contact changed.
      for (let i = 0; i < theirs.length; i += 500)
        await tx.insert(auditLog).values(
          theirs.slice(i, i + 500).map((p) => ({
            actorId: actor.id,
            action: "posting.update",
            entity: "posting",
            entityId: p.id,
            before: { contactUserId: user.id },
            after: { contactUserId: target },
            at: now,
          })),
        );
    }
    await audit(tx, { actorId: actor.id, action: "user.deactivate", entity: "user", entityId: user.id, after: { reassignedTo: target, postings: theirs.length } });
    return ok({ name: user.name, reassigned: theirs.length });
  });
}

/** Undo a deactivation (someone came back, or a mistake): the account can sign in again. */
export async function reactivateColleague(actor: Actor, clusterId: string, userId: string, now = new Date()): Promise<Result<{ name: string }>> {
  return getDb().transaction(async (tx) => {
    const found = await colleague(tx, actor, clusterId, userId);
    if (!found.ok) return found;
    const user = found.value;
    if (!user.deactivatedAt) return refusedResult("team.error.notDeactivated");
    await tx.update(users).set({ deactivatedAt: null, updatedAt: now }).where(eq(users.id, user.id));
    await audit(tx, { actorId: actor.id, action: "user.reactivate", entity: "user", entityId: user.id });
    return ok({ name: user.name });
  });
}
