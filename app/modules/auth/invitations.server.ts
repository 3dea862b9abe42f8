/**
 * Invitations: single-use links (only the token's hash is stored), valid 7 days.
 * The coordinator invites any role; a cluster admin invites colleagues to their own cluster only.
 */
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb } from "@db/client.server";
import { clusters, funders, invitations, users, type Locale, type Role } from "@db/schema";
import { audit } from "~/modules/audit/audit.server";
import { appUrl, limits } from "~/modules/config.server";
import { translator } from "~/modules/i18n";
import { sendEmail } from "~/modules/notifications/mail.server";
import type { FieldErrors } from "~/modules/validation/form.server";
import { createSessionCookie } from "./auth.server";
import { hashPassword } from "./password.server";
import { grantableRoles, isCoordination, type Actor } from "./permissions";
import { hashToken, newToken } from "./tokens.server";

export interface InvitationInput {
  email: string;
  role: Role;
  clusterId?: string;
  funderId?: string;
  locale: Locale;
}

export type CreateInvitationResult = { ok: true; id: string; link: string } | { ok: false; errors: FieldErrors };

export async function createInvitation(actor: Actor & { name: string }, input: InvitationInput, now = new Date()): Promise<CreateInvitationResult> {
  const db = getDb();
  const email = input.email.trim().toLowerCase();
  if (!grantableRoles(actor).includes(input.role)) return { ok: false, errors: { role: { key: "invite.roleNotAllowed" } } };
  const needsCluster = input.role === "member" || input.role === "cluster_admin";
  const clusterId = needsCluster ? (isCoordination(actor) ? input.clusterId : input.clusterId ?? actor.clusterId ?? undefined) : undefined;
  const funderId = input.role === "funder" ? input.funderId : undefined;
  if (needsCluster && !clusterId) return { ok: false, errors: { clusterId: { key: "invite.clusterRequired" } } };
  if (!isCoordination(actor) && clusterId !== actor.clusterId) return { ok: false, errors: { clusterId: { key: "invite.onlyOwnCluster" } } };
  if (input.role === "funder" && !funderId) return { ok: false, errors: { funderId: { key: "invite.funderRequired" } } };
  if (clusterId && !(await db.query.clusters.findFirst({ where: eq(clusters.id, clusterId), columns: { id: true } })))
    return { ok: false, errors: { clusterId: { key: "error.choice" } } };
  if (funderId && !(await db.query.funders.findFirst({ where: eq(funders.id, funderId), columns: { id: true } })))
    return { ok: false, errors: { funderId: { key: "error.choice" } } };
  const existing = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`).limit(1);
  if (existing.length) return { ok: false, errors: { email: { key: "invite.alreadyUser" } } };

  const { token, hash } = newToken();
  const link = `${appUrl()}/invitations/${token}`;
  const expiresAt = new Date(now.getTime() + limits.invitationDays * 86_400_000);
  const id = await db.transaction(async (tx) => {
    // A new invitation replaces any pending one for the same address.
    await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(sql`lower(${invitations.email}) = ${email}`, isNull(invitations.usedAt), isNull(invitations.revokedAt)));
    const [row] = await tx
      .insert(invitations)
      .values({ tokenHash: hash, email, role: input.role, clusterId, funderId, locale: input.locale, invitedBy: actor.id, expiresAt, createdAt: now })
      .returning({ id: invitations.id });
    await audit(tx, { actorId: actor.id, action: "invitation.create", entity: "invitation", entityId: row.id, after: { email, role: input.role, clusterId, funderId } });
    const t = translator(input.locale);
    const org = await orgName(tx as never, clusterId, funderId, input.locale);
    await sendEmail(tx, {
      to: email,
      kind: "invitation",
      subject: t("mail.invite.subject"),
      text: t("mail.invite.body", { inviter: actor.name, role: t(`role.${input.role}`), org: org ? t("accept.org", { org }) : "", link }),
    });
    return row.id;
  });
  return { ok: true, id, link };
}

async function orgName(db: ReturnType<typeof getDb>, clusterId: string | null | undefined, funderId: string | null | undefined, locale: Locale) {
  if (clusterId) {
    const c = await db.query.clusters.findFirst({ where: eq(clusters.id, clusterId), columns: { name: true } });
    return c?.name ?? null;
  }
  if (funderId) {
    const f = await db.query.funders.findFirst({ where: eq(funders.id, funderId), columns: { nameFr: true, nameEn: true } });
    return f ? (locale === "fr" ? f.nameFr : f.nameEn) : null;
  }
  return null;
}

/**
 * Pending invitations the actor may see: all for the coordinator, their cluster's for a cluster admin;
 * `clusterId` narrows to one cluster (a team page).
 */
export async function listPendingInvitations(actor: Actor, now = new Date(), clusterId?: string) {
  const db = getDb();
  const own = isCoordination(actor) ? undefined : eq(invitations.clusterId, actor.clusterId ?? "00000000-0000-0000-0000-000000000000");
  const scope = and(own, clusterId ? eq(invitations.clusterId, clusterId) : undefined);
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      clusterName: clusters.name,
      funderNameFr: funders.nameFr,
      funderNameEn: funders.nameEn,
      inviterName: users.name,
    })
    .from(invitations)
    .leftJoin(clusters, eq(clusters.id, invitations.clusterId))
    .leftJoin(funders, eq(funders.id, invitations.funderId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(isNull(invitations.usedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now), scope))
    .orderBy(asc(invitations.expiresAt));
}

export async function revokeInvitation(actor: Actor, id: string): Promise<boolean> {
  const db = getDb();
  return db.transaction(async (tx) => {
    const [inv] = await tx.select().from(invitations).where(eq(invitations.id, id)).for("update");
    if (!inv || inv.usedAt || inv.revokedAt) return false;
    if (!isCoordination(actor) && inv.clusterId !== actor.clusterId) return false;
    await tx.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, id));
    await audit(tx, { actorId: actor.id, action: "invitation.revoke", entity: "invitation", entityId: id });
    return true;
  });
}

/**
 * Send a pending invitation again: a new link (7 days), the old one revoked — the same address, role,
 * organisation and language. Only who may revoke it may resend it.
 */
export async function resendInvitation(actor: Actor & { name: string }, id: string, now = new Date()): Promise<CreateInvitationResult & { email?: string }> {
  const [inv] = await getDb().select().from(invitations).where(eq(invitations.id, id));
  if (!inv || inv.usedAt || inv.revokedAt || (!isCoordination(actor) && inv.clusterId !== actor.clusterId)) return { ok: false, errors: { _form: { key: "team.error.invitationGone" } } };
  const result = await createInvitation(actor, { email: inv.email, role: inv.role, clusterId: inv.clusterId ?? undefined, funderId: inv.funderId ?? undefined, locale: inv.locale }, now);
  if (result.ok) await getDb().transaction((tx) => audit(tx, { actorId: actor.id, action: "invitation.resend", entity: "invitation", entityId: result.id, after: { previous: inv.id } }));
  return { ...result, email: inv.email };
}

export type InvitationStatus = "valid" | "invalid" | "expired" | "used" | "revoked";

export async function lookupInvitation(token: string, now = new Date()) {
  const db = getDb();
  const [row] = await db
    .select({ inv: invitations, inviterName: users.name })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(eq(invitations.tokenHash, hashToken(token)));
  if (!row) return { status: "invalid" as const };
  const status = invitationStatus(row.inv, now);
  if (status !== "valid") return { status };
  const org = await orgName(db, row.inv.clusterId, row.inv.funderId, row.inv.locale);
  return { status, invitation: row.inv, inviterName: row.inviterName ?? "Maillage", orgName: org };
}

function invitationStatus(inv: typeof invitations.$inferSelect, now: Date): InvitationStatus {
  if (inv.usedAt) return "used";
  if (inv.revokedAt) return "revoked";
  if (inv.expiresAt <= now) return "expired";
  return "valid";
}

export type AcceptResult = { ok: true; userId: string; cookie: string } | { ok: false; status: Exclude<InvitationStatus, "valid"> | "already_user" };

/** Create the account and consume the invitation, atomically (a token can be used once, even under a race). */
export async function acceptInvitation(token: string, input: { name: string; password: string }, now = new Date()): Promise<AcceptResult> {
  const db = getDb();
  const passwordHash = await hashPassword(input.password);
  const result = await db.transaction(async (tx) => {
    const [inv] = await tx.select().from(invitations).where(eq(invitations.tokenHash, hashToken(token))).for("update");
    if (!inv) return { ok: false as const, status: "invalid" as const };
    const status = invitationStatus(inv, now);
    if (status !== "valid") return { ok: false as const, status };
    const taken = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${inv.email.toLowerCase()}`);
    if (taken.length) return { ok: false as const, status: "already_user" as const };
    const [user] = await tx
      .insert(users)
      .values({ email: inv.email, name: input.name, passwordHash, role: inv.role, locale: inv.locale, clusterId: inv.clusterId, funderId: inv.funderId })
      .returning({ id: users.id });
    await tx.update(invitations).set({ usedAt: now }).where(eq(invitations.id, inv.id));
    await audit(tx, { actorId: user.id, action: "invitation.accept", entity: "invitation", entityId: inv.id, after: { userId: user.id } });
    return { ok: true as const, userId: user.id };
  });
  if (!result.ok) return result;
  return { ...result, cookie: await createSessionCookie(result.userId) };
}
